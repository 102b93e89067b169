"""``bubblescope report``: compute every analysis for an episode and write the self-contained HTML report
and its JSON twin, with progress on the terminal and a summary table at the end."""

from __future__ import annotations

import dataclasses
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from bubblescope.cli._common import DataDirOption, OfflineOption, console
from bubblescope.cli.foundation import EvidenceFilesOption, LexiconOption, OverrideOption, TextOption
from bubblescope.errors import InputError

if TYPE_CHECKING:  # the report, evidence and framework packages are imported inside the command
    from bubblescope.i18n import Lang
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
        lang: str = typer.Option("en", "--lang", help="Language(s) of the page: en, zh, or a list such as en,zh "
                                 "(the first is DIR/index.html, the others DIR/<lang>/index.html, linked)."),
        pdf: bool = typer.Option(False, "--pdf", help="Also print DIR/report.pdf with headless Chromium "
                                 "(one section per page)."),
        falsifiers: Path = typer.Option(None, "--falsifiers", help="Your own falsifier YAML for the verdict."),
        ledger: Path = typer.Option(Path("bubblescope-ledger.jsonl"), "--ledger",
                                    help="Forecast ledger to show on the page (when the file exists)."),
    ) -> None:
        """Compute the whole assessment; write DIR/index.html (opens offline), DIR/report.json, a CSV per table."""
        from bubblescope.cli._progress import ProgressReporter
        from bubblescope.cli._table import emit
        from bubblescope.cli.foundation import apply_texts, load_base
        from bubblescope.framework.score import parse_override
        from bubblescope.report import ReportContext, build_report, compute, write_report

        if data_dir is not None and not data_dir.is_dir():
            raise InputError(f"--data-dir {data_dir}: no such directory")
        if backtest is not None:
            _check_backtest(backtest)
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out}: exists and is not a directory")
        langs = parse_langs(lang)
        if pdf:
            from bubblescope.report.pdf import require_chromium

            require_chromium()  # before minutes of work, not after
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
        with ProgressReporter("report") as bar:
            say = bar.message  # the report's steps name themselves; their number is not known in advance
            data = compute(ctx, progress=say)
            report = build_report(data, progress=say, langs=langs)
            report = dataclasses.replace(report, command=rebuild_command())
            say("writing index.html, report.json and the tables as CSV" + (", printing report.pdf" if pdf else ""))
            page = write_report(report, out, pdf=pdf, langs=langs, data_dir=data_dir)
        elapsed = time.perf_counter() - t0
        t = Table(title=f"Report: {report.episode_name} ({report.episode_id})")
        t.add_column("Section")
        t.add_column("Status")
        t.add_column("Data / what is missing", overflow="fold")
        for s in report.sections:
            status = "[green]shown[/green]" if s.available else "[yellow]not available[/yellow]"
            t.add_row(s.title, status, _section_note(s, data.analysis))
        emit(t)
        modes = report.data_sources or {}
        if modes:
            console.print("data: " + ", ".join(f"{k} {v}" for k, v in modes.items()), markup=False, highlight=False)
        for sym in (data.analysis.missing_series if data.analysis else ()):
            console.print(f"data: {sym} not found", markup=False, highlight=False)
        extra = f" and {page.with_name('report.pdf')}" if pdf else ""
        console.print(f"wrote {page}, {page.with_name('report.json')}{extra} in {elapsed:.1f} s", markup=False,
                      highlight=False)


def parse_langs(text: str) -> tuple[Lang, ...]:
    """``en``, ``zh`` or a comma list (``en,zh``) → the languages in order, each once."""
    from bubblescope.i18n import LANGS, check_lang

    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    bad = [n for n in names if n not in LANGS]
    if bad or not names:
        raise InputError(f"--lang {text!r}: choose from {', '.join(LANGS)} (or a list such as en,zh)")
    return tuple(dict.fromkeys(check_lang(n) for n in names))


def rebuild_command(argv: list[str] | None = None) -> str:
    """The command as typed (program name shortened to ``bubblescope``), for the page and report.json.

    An absolute path inside the current folder is written relative to it, so the command (and
    report.json) does not carry this machine's folder layout when the paths were given that way.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    return shlex.join(["bubblescope", *(_relative(a) for a in args)])


def _relative(arg: str) -> str:
    p = Path(arg)
    if not p.is_absolute():
        return arg
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return arg


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
