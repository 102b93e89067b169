"""The HTML report: self-contained page, JSON twin, overrides marked, pluggable sections, every data section."""

from __future__ import annotations

import json
import re

import pytest

import _report_builds as rb
from bubblescope.evidence import load_evidence
from bubblescope.report import ReportContext, Section, build_report, not_available, render_html, write_report


@pytest.fixture(scope="module")
def built():
    return rb.offline()  # bubblescope report --offline --override pure_plays=1:... with an empty cache


SECTION_IDS = ["verdict", "four_factor", "comparison", "market", "gauges", "economics", "stress", "validation", "scan",
               "narratives", "evidence"]


def test_report_files_written(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    data = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert html.startswith("<!DOCTYPE html>")
    assert [s["id"] for s in data["sections"]] == SECTION_IDS
    narr = next(s for s in data["sections"] if s["id"] == "narratives")
    assert narr["available"] is False and "--text" in narr["needs"]
    val = next(s for s in data["sections"] if s["id"] == "validation")
    assert val["available"] is False and "bubblescope backtest" in val["needs"]
    assert data["episode"] == "ai-2023"


def test_report_is_self_contained(built):
    from plotly.offline import get_plotlyjs

    html = (built / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert html.count(get_plotlyjs()[:80]) == 1  # plotly.js embedded exactly once
    n_divs = html.count('class="plotly-graph-div"')
    assert n_divs == html.count("Plotly.newPlot") and n_divs >= 8


def test_report_has_table_radar_comparison_and_evidence_links(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "scatterpolar" in html
    assert 'href="#ev-ai-2023-finra-margin-debt-2025-10"' in html
    assert 'id="ev-ai-2023-finra-margin-debt-2025-10"' in html
    # gauge sources link their evidence records; economics inputs too
    gauges = html[html.index('<section id="gauges"'):html.index('<section id="economics"')]
    assert 'href="#ev-ai-2023-gauge-ai-capex-share-us-gdp"' in gauges
    econ = html[html.index('<section id="economics"'):html.index('<section id="stress"')]
    assert 'class="ev" href="#ev-ai-2023-' in econ
    for name in ("Dot-com boom", "Insulin", "British railway mania"):
        assert name in html


def test_override_marked_in_html_and_json(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "Analyst override:</strong> OpenAI is private; Nvidia is diversified" in html
    assert 'class="overridden"' in html
    data = json.loads((built / "report.json").read_text(encoding="utf-8"))
    ff = next(s for s in data["sections"] if s["id"] == "four_factor")["data"]
    assert ff["overrides"] == [{"factor": "pure_plays", "points": 1,
                                "reason": "OpenAI is private; Nvidia is diversified"}]
    assert ff["total"] == ff["computed_total"] - 1


def test_sections_are_pluggable(tmp_path):
    base = load_evidence()
    ctx = ReportContext(base=base, episode_id="dotcom-1995")

    def extra(c: ReportContext) -> Section:
        return Section("extra", "Extra", "<p>hello</p>", {"episode": c.episode_id})

    def missing(c: ReportContext) -> Section:
        return not_available("gauges", "Valuation gauges", "market data (--data-dir)")

    rep = build_report(ctx, sections=[extra, missing], generated="2026-01-01T00:00:00Z")
    d = rep.to_dict()
    assert d["sections"][0]["data"] == {"episode": "dotcom-1995"}
    assert d["sections"][1]["available"] is False and d["sections"][1]["needs"] == "market data (--data-dir)"
    html = render_html(rep)
    assert "Not available: needs market data (--data-dir)." in html
    page = write_report(rep, tmp_path / "x")
    assert page.exists() and (tmp_path / "x" / "report.json").exists()


def test_report_cli_bad_input(cli, tmp_path):
    r = cli("report", "nope-1900", "--out", str(tmp_path / "r"))
    assert r.code == 2 and "unknown episode" in r.err
    r = cli("report", "--out", str(tmp_path / "r"), "--data-dir", str(tmp_path / "missing"))
    assert r.code == 2 and "--data-dir" in r.err
    f = tmp_path / "file"
    f.write_text("x")
    r = cli("report", "--out", str(f))
    assert r.code == 2 and "not a directory" in r.err
    r = cli("report", "--out", str(tmp_path / "r"), "--override", "uncertainty=9:x")
    assert r.code == 2 and "0, 1 or 2" in r.err
    r = cli("report", "--out", str(tmp_path / "r"), "--backtest", str(tmp_path / "nope"))
    assert r.code == 2 and "--backtest" in r.err and "Traceback" not in r.err




def test_report_with_text(cli, tmp_path, shared_seed):
    out = tmp_path / "r"
    r = cli("report", "--out", str(out), "--offline", "--text", str(shared_seed / "article-zh.txt"))
    assert r.code == 0, r
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    narr = next(s for s in data["sections"] if s["id"] == "narratives")
    assert narr["available"] and len(narr["data"]["texts"][0]["families_present"]) == 7
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "锻炼数据 ×1" in html
