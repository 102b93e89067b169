"""Report downloads and PDF (issue 21, points 2-3): a CSV per table, links to report.json and the rebuild
command on the page, `bubblescope report --pdf` printed by headless Chromium (page 1 is not blank)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from _report_builds import build, offline
from bubblescope.report.downloads import add_csv_links, table_rows
from bubblescope.report.pdf import chromium_command, find_chromium


def test_table_cells_as_text() -> None:
    frag = ('<p>x</p><table><thead><tr><th>A &amp; B</th><th>C</th></tr></thead><tbody>'
            '<tr><td><code>id.1</code> <span class="badge">your file</span></td><td>1<div>note</div></td></tr>'
            '</tbody></table><table><tr><td colspan="2">only</td></tr></table>')
    out, files = add_csv_links("sec", frag)
    assert list(files) == ["tables/sec-1.csv", "tables/sec-2.csv"]
    assert out.count('class="csv"') == 2 and out.index('href="tables/sec-1.csv"') < out.index("<table")
    df = pd.read_csv(io.StringIO(files["tables/sec-1.csv"]))
    assert list(df.columns) == ["A & B", "C"]
    assert df.iloc[0].tolist() == ["id.1 your file", "1; note"]
    assert table_rows("<table></table>") == []


def test_every_table_of_the_page_has_its_csv() -> None:
    out = offline()
    page = (out / "index.html").read_text(encoding="utf-8")
    n_tables = page.count("<table")
    csvs = sorted((out / "tables").glob("*.csv"))
    assert n_tables > 5 and len(csvs) == n_tables
    for f in csvs:
        assert f'href="tables/{f.name}"' in page
        assert not pd.read_csv(f).empty
    ev = pd.read_csv(out / "tables" / "evidence-1.csv")
    records = json.loads((out / "report.json").read_text(encoding="utf-8"))
    appendix = next(s for s in records["sections"] if s["id"] == "evidence")
    assert len(ev) == len(appendix["data"]["records"])


def test_page_links_report_json_and_shows_the_rebuild_command() -> None:
    out = offline()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="report.json">report.json</a>' in page
    cmd = json.loads((out / "report.json").read_text(encoding="utf-8"))["command"]
    assert cmd.startswith("bubblescope ")  # in-process builds see pytest's argv; the CLI's own is tested below
    from bubblescope.cli.report import rebuild_command

    typed = ["report", "--out", "report", "--data-dir", "../shared/data", "--text", "my text.txt"]
    assert rebuild_command(typed) == "bubblescope report --out report --data-dir ../shared/data --text 'my text.txt'"
    assert rebuild_command(["report", "--out", str(Path.cwd() / "r")]) == "bubblescope report --out r"


def test_chromium_print_command_is_offline_and_headless(tmp_path: Path) -> None:
    cmd = chromium_command("chromium", tmp_path / "index.html", tmp_path / "r.pdf", tmp_path / "profile")
    assert "--headless" in cmd and "--disable-background-networking" in cmd
    assert f"--print-to-pdf={tmp_path / 'r.pdf'}" in cmd and cmd[-1].startswith("file://")


def test_pdf_without_chromium_is_one_line(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("BUBBLESCOPE_CHROMIUM", str(tmp_path / "no-such-browser"))
    r = cli("report", "--offline", "--out", tmp_path / "r", "--pdf")
    assert r.code == 2 and r.err.startswith("error: --pdf needs headless Chromium"), r
    assert r.err.count("\n") == 1  # one line, before any work (no progress lines)


def _ink_share(ppm: bytes) -> float:
    """Share of pixels that are not near-white in a binary PPM (P6) image."""
    parts = ppm.split(maxsplit=4)
    assert parts[0] == b"P6", "pdftoppm writes PPM by default"
    w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
    dark = sum(1 for i in range(0, len(pixels) - 2, 3) if min(pixels[i], pixels[i + 1], pixels[i + 2]) < 200)
    return dark / (w * h)


@pytest.mark.slow
def test_pdf_page_one_is_not_blank(tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm installed (apt-get install poppler-utils)")
    out = build("--offline", "--pdf")
    pdf = out / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    sections = json.loads((out / "report.json").read_text(encoding="utf-8"))["sections"]
    assert pages >= len(sections)  # every section starts a page
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True,
                   timeout=60)
    png = next(tmp_path.glob("p*.ppm"))
    share = _ink_share(png.read_bytes())
    assert share > 0.05, f"page 1 is nearly blank ({share:.1%} non-white pixels)"
    assert 'href="report.pdf"' in (out / "index.html").read_text(encoding="utf-8")
