"""Atomic outputs (issue 23 point 5) and reproducible report.json (point 7).

An interrupted or failed report leaves the previous report intact; a folder in the way of report.json
is refused before anything moves; the scan's ``_settings.json`` is written atomically and an unreadable
one is a one-line error; report.json holds no absolute local path.
"""

from __future__ import annotations

import json

import pytest

from bubblescope.errors import BubblescopeError
from bubblescope.evidence import load_evidence
from bubblescope.report import ReportContext, Section, build_report, write_report


def _report(text: str, data: dict | None = None):
    ctx = ReportContext(base=load_evidence(), episode_id="dotcom-1995")

    def only(c: ReportContext) -> Section:
        return Section("only", "Only", f"<p>{text}</p>", data or {"text": text})

    return build_report(ctx, sections=[only], generated="2026-01-01T00:00:00Z")


def _files(folder):
    """Every file under ``folder`` (the page, report.json, the CSV tables) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_interrupted_report_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "r"
    write_report(_report("first"), out)
    before = _files(out)
    import bubblescope.report.build as build

    real = build.render_page

    def dies(report, **kw):
        real(report, **kw)
        raise KeyboardInterrupt  # as a Ctrl-C half-way through writing
    monkeypatch.setattr(build, "render_page", dies)
    with pytest.raises(KeyboardInterrupt):
        write_report(_report("second"), out)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # no staging folder left behind


def test_disk_full_on_the_second_file_leaves_previous_output(tmp_path, monkeypatch):
    from pathlib import Path

    out = tmp_path / "r"
    write_report(_report("first"), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = Path.write_text

    def full(self, *a, **k):
        if self.name == "report.json":
            raise OSError(28, "No space left on device")
        return real(self, *a, **k)
    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(BubblescopeError, match="No space left"):
        write_report(_report("second"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_folder_named_report_json_is_refused_and_nothing_is_half_written(tmp_path):
    out = tmp_path / "r"
    (out / "report.json").mkdir(parents=True)
    with pytest.raises(BubblescopeError, match="in the way"):
        write_report(_report("x"), out)
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]  # no lone index.html


def test_report_json_has_no_absolute_local_path(tmp_path):
    data_dir = tmp_path / "somewhere" / "data"
    doc = {"provenance": {"url": str(data_dir), "segments": [{"origin": f"{data_dir}/fred/a.csv"}]},
           "cache_file": str(tmp_path / ".cache" / "bubblescope" / "psy-cv" / "mc-1.npz")}
    write_report(_report("x", doc), tmp_path / "r", data_dir=data_dir)
    text = (tmp_path / "r" / "report.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    got = json.loads(text)["sections"][0]["data"]
    assert got == {"provenance": {"url": "data", "segments": [{"origin": "fred/a.csv"}]}, "cache_file": "mc-1.npz"}


def test_scan_settings_unreadable_is_an_error_and_written_atomically(tmp_path):
    from bubblescope.errors import InputError
    from bubblescope.scan._store import _read_fingerprint

    s = tmp_path / "out.parquet.parts" / "_settings.json"
    s.parent.mkdir()
    s.write_text("")
    with pytest.raises(InputError, match=r"unreadable.*delete that folder"):
        _read_fingerprint(s)
    s.write_text('{"fingerprint": "abc"}')
    assert _read_fingerprint(s) == "abc"


def test_backtest_outputs_are_staged(tmp_path):
    from bubblescope.fileio import atomic_outputs

    out = tmp_path / "docs"
    out.mkdir()
    (out / "other.md").write_text("kept")
    (out / "validation.md").write_text("old")
    with pytest.raises(RuntimeError), atomic_outputs(out) as stage:
        (stage / "validation.md").write_text("new")
        raise RuntimeError("plot failed")
    assert (out / "validation.md").read_text() == "old"
    with atomic_outputs(out) as stage:
        (stage / "validation.md").write_text("new")
        (stage / "validation.json").write_text("{}")
    assert (out / "validation.md").read_text() == "new" and (out / "other.md").read_text() == "kept"
