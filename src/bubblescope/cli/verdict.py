"""``bubblescope verdict EPISODE``: the dated, rule-based answer; ``bubblescope ledger``: the forecast ledger.

The verdict runs the report's compute phase (so the verdict, the report and the dashboard never
disagree) and prints the paragraph, the family scores and the falsifier watch, or ``--json``.
``--record`` appends the verdict to the append-only ledger (``--ledger FILE``, default
``bubblescope-ledger.jsonl``); ``bubblescope ledger verify`` checks its hash chain.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    command_group,
    console,
    print_json,
)
from bubblescope.errors import InputError

if TYPE_CHECKING:
    from bubblescope.verdict import VerdictResult

DEFAULT_LEDGER = Path("bubblescope-ledger.jsonl")
LedgerOption = typer.Option(DEFAULT_LEDGER, "--ledger", help="The forecast ledger file (JSON lines).")

ledger_app = command_group(help="The forecast ledger: verify or show the recorded verdicts.")


def _check_as_of(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(as_of).isoformat()
    except ValueError:
        raise InputError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _input_hashes(result: VerdictResult, data_dir: Path | None, falsifiers: Path | None) -> dict[str, Any]:
    """Hashes of what the verdict read: its signals (values and dates), the falsifier file, the data folder
    listing (names, sizes and modification times are not hashed: contents of the files each series used)."""
    from bubblescope.data.ledger import digest

    sig = [{k: s.to_dict()[k] for k in ("name", "value", "bubble", "as_of", "available")} for s in result.signals]
    out: dict[str, Any] = {"signals": digest(sig)}
    if falsifiers is not None:
        out["falsifiers_file"] = _file_hash(falsifiers)
    if data_dir is not None:
        out["data_dir"] = data_dir.name
    return out


def verdict_command(
    episode: str = typer.Argument(None, help="Episode id (default: ai-2023)."),
    as_of: str = typer.Option(None, "--as-of", help="Judge the episode at this date (YYYY-MM-DD); default today."),
    data_dir: Path = DataDirOption,
    offline: bool = OfflineOption,
    backtest: Path = typer.Option(None, "--backtest", help="Folder with validation.json (the rule's backtest)."),
    falsifiers: Path = typer.Option(None, "--falsifiers", help="Your own falsifier YAML (adds to / replaces "
                                    "the packaged ones)."),
    record: bool = typer.Option(False, "--record", help="Append this verdict to the forecast ledger."),
    ledger: Path = LedgerOption,
    json_out: bool = JsonOption,
    lang: str = typer.Option("en", "--lang", help="Language of the paragraph, the rule and the tables: en or zh."),
) -> None:
    """The verdict: is it a bubble, how far along, who gets hurt — dated, with the rule and falsifiers."""
    from bubblescope.cli.foundation import load_base
    from bubblescope.evidence.falsifiers import load_falsifiers
    from bubblescope.report import ReportContext, compute

    day = _check_as_of(as_of)
    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: choose en or zh")
    if data_dir is not None and not data_dir.is_dir():
        raise InputError(f"--data-dir {data_dir}: no such directory")
    if backtest is None and Path("docs/validation.json").is_file():
        backtest = Path("docs")
    if backtest is not None and not backtest.is_dir():
        raise InputError(f"--backtest {backtest}: no such directory")
    if record and not (ledger.parent if str(ledger.parent) else Path(".")).is_dir():
        raise InputError(f"--ledger {ledger}: folder {ledger.parent} does not exist")
    base = load_base([])
    ep = base.default_episode() if episode is None else base.episode(episode)
    if day is not None and ep.start is not None and day < f"{int(ep.start) - 10}-01-01":
        raise InputError(f"--as-of {day} is more than ten years before the episode starts ({ep.start}): "
                         "there is no data to judge it by")
    fals = tuple(load_falsifiers(ep.id, falsifiers))
    ctx = ReportContext(base=base, episode_id=ep.id, data_dir=data_dir, offline=offline, backtest_dir=backtest,
                        as_of=day, falsifiers=fals)
    from bubblescope.cli._progress import ProgressReporter

    with ProgressReporter("verdict", enabled=not json_out) as bar:  # stderr: a bar, or a line per step
        data = compute(ctx, progress=bar.message)
    result = data.judgement
    if result is None:  # pragma: no cover - compute always sets it
        raise InputError("no verdict could be computed")
    if record:
        from bubblescope import __version__
        from bubblescope.data.ledger import append_entry, digest

        payload = {"episode": result.episode, "as_of": result.as_of, "verdict": result.verdict,
                   "stage": result.stage, "score": result.aggregate.score, "version": __version__,
                   "inputs": _input_hashes(result, data_dir, falsifiers)}
        payload["payload_hash"] = digest(payload)
        entry = append_entry(ledger, payload)
    if json_out:
        out = result.to_dict()
        if record:
            out["ledger"] = {"file": str(ledger), "seq": entry.seq, "hash": entry.hash}
        print_json(out)
        return
    _print(result, lang)
    if record:
        console.print(f"recorded as entry {entry.seq} of {ledger} ({entry.hash[:12]})", markup=False,
                      highlight=False, soft_wrap=True)


def _print(result: VerdictResult, lang: str = "en") -> None:
    from rich.table import Table

    from bubblescope.cli._table import emit  # rich on a terminal, aligned plain text in a pipe
    from bubblescope.i18n import check_lang, tr, word
    from bubblescope.i18n.phrases import phrase
    from bubblescope.verdict.rule import family_name

    lg = check_lang(lang)
    if lg == "zh":
        console.print(tr("verdict.headline", lg, verdict=word("v", result.verdict, lg),
                         stage=word("stage", result.stage, lg), as_of=result.as_of), markup=False, highlight=False)
    wrap = lg == "zh"  # Chinese has no spaces to wrap at: one line per paragraph, the terminal wraps it
    console.print(result.paragraph(lg), markup=False, highlight=False, soft_wrap=wrap)
    console.print(tr("jd.cli.rule", lg, why=result.why_text(lg)), markup=False, highlight=False, soft_wrap=wrap)
    t = Table(title=tr("verdict.families", lg))
    for c in ("family", "score", "weight", "speaking"):
        t.add_column(tr(f"verdict.{c}", lg))
    for f in result.aggregate.families:
        w = result.aggregate.weights_used.get(f.family, 0.0)
        t.add_row(f.family if lg == "en" else family_name(f.family, lg), "–" if f.score is None else f"{f.score:.2f}",
                  f"{w:.0%}", f"{f.n_speaking}/{f.n_signals}")
    emit(t)
    if result.falsifiers:
        ft = Table(title=tr("verdict.falsifiers", lg))
        for c in ("condition", "reading", "threshold", "status"):
            ft.add_column(tr(f"verdict.{c}", lg), overflow="fold")
        for r in result.falsifiers:
            direction = r.falsifier.direction if lg == "en" else tr(f"jd.cli.{r.falsifier.direction}", lg)
            ft.add_row(phrase(r.falsifier.condition, lg), "–" if r.reading is None else f"{r.reading:.3g}",
                       f"{r.falsifier.threshold:g} ({direction})", word("status", r.status, lg))
        emit(ft)


@ledger_app.command("verify")
def ledger_verify(ledger: Path = typer.Argument(DEFAULT_LEDGER, help="The ledger file.")) -> None:
    """Check the ledger's hash chain; exit 2 naming the first bad entry."""
    from bubblescope.data.ledger import read_ledger

    if not ledger.is_file():
        raise InputError(f"ledger {ledger} does not exist")
    entries = read_ledger(ledger)
    if not entries:
        raise InputError(f"ledger {ledger} has no entries (not a bubblescope ledger, or an empty file)")
    console.print(f"ledger {ledger}: {len(entries)} entries, chain intact", markup=False, highlight=False,
                  soft_wrap=True)


@ledger_app.command("show")
def ledger_show(ledger: Path = typer.Argument(DEFAULT_LEDGER, help="The ledger file."),
                json_out: bool = JsonOption) -> None:
    """List the recorded verdicts (the chain is verified first)."""
    from bubblescope.data.ledger import read_ledger

    if not ledger.is_file():
        raise InputError(f"ledger {ledger} does not exist")
    entries = read_ledger(ledger)
    if json_out:
        print_json([{"seq": e.seq, "hash": e.hash, **e.payload} for e in entries])
        return
    for e in entries:
        p = e.payload
        console.print(f"{e.seq:>4}  {p.get('as_of')}  {p.get('episode')}  {p.get('verdict')} / {p.get('stage')}  "
                      f"score {p.get('score')}  v{p.get('version')}  {e.hash[:12]}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("verdict")(verdict_command)
    app.add_typer(ledger_app, name="ledger")
