"""``bubblescope report``: compute every analysis for an episode and write the self-contained HTML report
and its JSON twin, with progress on the terminal and a summary table at the end."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bubblescope.cli._common import DataDirOption, OfflineOption, console
from bubblescope.cli.foundation import EvidenceFilesOption, LexiconOption, OverrideOption, TextOption
from bubblescope.errors import InputError

if TYPE_CHECKING:  # the report, evidence and framework packages are imported inside the command
    from bubblescope.report import Analysis, Section


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        episode: str = typer.Argument(None, help="Episode id (default: ai-2023)."),
        out: Path = typer.Option(Path("report"), "--out", help="Output folder (index.html, report.json)."),
        offline: bool = OfflineOption,
        data_dir: Path = DataDirOption,
        backtest: Path = typer.Option(None, "--backtest", help="Folder with validation.json from "
                                      "'bubblescope backtest' (adds the validation scorecard)."),
        evidence: list[Path] = EvidenceFilesOption,
        override: list[str] = OverrideOption,
        text: list[Path] = TextOption,
        lexicon: Path = LexiconOption,
        falsifiers: Path = typer.Option(None, "--falsifiers", help="Your own falsifier YAML for the verdict."),
        ledger: Path = typer.Option(Path("bubblescope-ledger.jsonl"), "--ledger",
                                    help="Forecast ledger to show on the page (when the file exists)."),
    ) -> None:
        """Compute the whole assessment; write DIR/index.html (opens offline) and DIR/report.json."""
        from bubblescope.cli.foundation import apply_texts, load_base
        from bubblescope.framework.score import parse_override
        from bubblescope.report import ReportContext, build_report, compute, write_report

        if data_dir is not None and not data_dir.is_dir():
            raise InputError(f"--data-dir {data_dir}: no such directory")
        if backtest is not None:
            _check_backtest(backtest)
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out}: exists and is not a directory")
        base = load_base(evidence)
        ep = base.default_episode() if episode is None else base.episode(episode)
        ovs = tuple(parse_override(o) for o in (override or []))
        base, narratives = apply_texts(base, ep.id, text, lexicon)
        from bubblescope.data.ledger import read_ledger
        from bubblescope.evidence.falsifiers import load_falsifiers

        fals = tuple(load_falsifiers(ep.id, falsifiers))
        entries = tuple({"seq": e.seq, "hash": e.hash, **e.payload} for e in read_ledger(ledger)
                        if e.payload.get("episode") == ep.id) if ledger.is_file() else ()
        ctx = ReportContext(base=base, episode_id=ep.id, overrides=ovs, data_dir=data_dir, offline=offline,
                            narratives=tuple(narratives), backtest_dir=backtest, falsifiers=fals, ledger=entries)
        t0 = time.perf_counter()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
            task = bar.add_task("report", total=None)

            def say(msg: str) -> None:
                bar.update(task, description=msg)

            data = compute(ctx, progress=say)
            report = build_report(data, progress=say)
            say("writing index.html and report.json")
            page = write_report(report, out, data_dir=data_dir)
        elapsed = time.perf_counter() - t0
        t = Table(title=f"Report: {report.episode_name} ({report.episode_id})")
        t.add_column("Section")
        t.add_column("Status")
        t.add_column("Data / what is missing", overflow="fold")
        for s in report.sections:
            status = "[green]shown[/green]" if s.available else "[yellow]not available[/yellow]"
            t.add_row(s.title, status, _section_note(s, data.analysis))
        console.print(t)
        modes = report.data_sources or {}
        if modes:
            console.print("data: " + ", ".join(f"{k} {v}" for k, v in modes.items()), markup=False, highlight=False)
        for sym in (data.analysis.missing_series if data.analysis else ()):
            console.print(f"data: {sym} not found", markup=False, highlight=False)
        console.print(f"wrote {page} and {page.with_name('report.json')} in {elapsed:.1f} s", markup=False,
                      highlight=False)


def _section_note(s: Section, analysis: Analysis | None) -> str:
    if not s.available:
        return f"needs {s.needs}"
    if analysis is None:
        return ""
    if s.id == "market":
        return ", ".join(f"{m.info.symbol} ({m.info.mode}, to {m.info.as_of})" for m in analysis.market)
    if s.id == "gauges":
        return ", ".join(f"{k} ({v['mode']})" for k, v in analysis.gauge_sources.items()) + " + evidence base"
    if s.id in ("economics", "stress"):
        return "packaged scenarios and the evidence base"
    if s.id in ("four_factor", "comparison", "evidence", "narratives"):
        return "evidence base"
    if s.id == "verdict":
        return "summary of the sections below"
    if s.id == "validation":
        return analysis.backtest_file or ""
    return ""


def _check_backtest(folder: Path) -> None:
    """--backtest must name a folder with a readable validation.json written by ``bubblescope backtest``:
    a missing or corrupt file is an error, not a silently missing scorecard."""
    import json

    from bubblescope.fileio import read_text

    if not folder.is_dir():
        raise InputError(f"--backtest {folder}: no such directory")
    f = folder / "validation.json"
    if not f.is_file():
        raise InputError(f"--backtest {folder}: no validation.json there (run `bubblescope backtest --out {folder}`)")
    try:
        data = json.loads(read_text(f, what="backtest file"))
    except ValueError as exc:
        raise InputError(f"--backtest {f}: not valid JSON ({' '.join(str(exc).split())[:80]}); "
                         "re-run `bubblescope backtest`") from None
    if not isinstance(data, dict) or "scorecard" not in data:
        raise InputError(f"--backtest {f}: no 'scorecard' (not written by bubblescope backtest?)")
