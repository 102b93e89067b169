"""Commands of the foundation: ``episodes``, ``evidence``, ``score``, ``narratives``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from bubblescope.cli._common import JsonOption, print_json
from bubblescope.cli._table import ColumnsOption, FormatOption, TableOutput
from bubblescope.errors import InputError

if TYPE_CHECKING:  # imported inside the functions so `score --help` stays fast (pydantic, pandas)
    from bubblescope.evidence.loader import EvidenceBase
    from bubblescope.framework.narratives import Lexicon, NarrativeResult
    from bubblescope.framework.score import ComparisonResult, FourFactorResult

EvidenceFilesOption = typer.Option(
    None, "--evidence", help="Your own evidence YAML (adds records; same id overrides). Repeatable.",
)
OverrideOption = typer.Option(
    None, "--override",
    help="Analyst override 'factor=points:reason', e.g. pure_plays=1:OpenAI is private. Repeatable.",
)


TextOption = typer.Option(
    None, "--text", help="Texts whose narrative families feed the narratives factor. Repeatable.",
)
LexiconOption = typer.Option(
    None, "--lexicon", help="Your own narrative lexicon YAML (same layout as the packaged one).",
)


def load_base(evidence: list[Path] | None) -> EvidenceBase:
    from bubblescope.evidence import load_evidence

    return load_evidence(list(evidence or []))


def load_lexicon(path: Path | None) -> Lexicon | None:
    from bubblescope.framework.narratives import parse_lexicon

    return None if path is None else parse_lexicon(read_text_file(path), str(path))


def apply_texts(base: EvidenceBase, episode_id: str, texts: list[Path] | None, lexicon: Path | None
                ) -> tuple[EvidenceBase, list[NarrativeResult]]:
    """Run the narrative detector on ``texts`` and let the result replace the episode's narrative count."""
    from bubblescope.framework.narratives import detect_narratives, narrative_evidence

    if not texts:
        return base, []
    lex = load_lexicon(lexicon)
    results = [detect_narratives(read_text_file(p), p.name, lex) for p in texts]
    rec = narrative_evidence(results, episode_id, dt.date.today().isoformat())
    return base.with_records([rec], "--text"), results


def read_text_file(path: Path) -> str:
    """Read a user's text file; every failure is a one-line InputError."""
    from bubblescope.framework.narratives import decode_text

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode_text(raw, str(path))


def score_table(res: FourFactorResult, lang: str = "en") -> Table:
    """The four-factor table; ``lang="zh"``: headers, factor names and bases in Chinese (bubblescope.i18n)."""
    from bubblescope.i18n import CATALOGUE, check_lang, episode_name, tr

    lg = check_lang(lang)
    name = episode_name(res.episode_id, res.episode_name, lg)
    if res.overrides:
        title = tr("score.title_overridden", lg, name=name, id=res.episode_id, total=res.total,
                   computed=res.computed_total)
    else:
        title = tr("score.title", lg, name=name, id=res.episode_id, total=res.total)
    t = Table(title=title, show_lines=True)
    for key in ("score.factor", "score.points", "score.basis", "score.rationale"):
        t.add_column(tr(key, lg), overflow="fold")
    t.add_column(tr("score.evidence", lg), no_wrap=True)
    for f in res.factors:
        pts = f"{f.points}/2"
        rationale = f.rationale
        if f.override:
            pts += " *  (" + tr("score.computed", lg, points=f.computed_points) + ")"
            rationale = (tr("score.override", lg, reason=f.override.reason) + "\n"
                         + tr("score.rubric", lg, rationale=f.rationale))
        title_f = tr(f"factor.{f.factor}", lg) if lg == "zh" else f.title
        basis = tr(f"basis.{f.basis}", lg) if lg == "zh" and f"basis.{f.basis}" in CATALOGUE else f.basis
        t.add_row(title_f, pts, basis, rationale, "\n".join(f.evidence_ids) or "-")
    return t


def comparison_table(cmp: ComparisonResult) -> Table:
    t = Table(title="Four-factor comparison (ties: more measured evidence first)")
    for col in ("Rank", "Episode", "Total", "Unc.", "Pure", "Novice", "Narr.", "Measured"):
        t.add_column(col, no_wrap=col == "Episode")
    for i, r in enumerate(cmp.results, 1):
        pts = [str(f.points) + ("*" if f.override else "") for f in r.factors]
        name = r.episode_name + (" (control)" if r.control else "")
        t.add_row(str(i), f"{name} [{r.episode_id}]", f"{r.total}/8", *pts, f"{r.measured_share:.0%}")
    return t


def narrative_table(res: NarrativeResult) -> Table:
    t = Table(title=f"{res.name}: {res.language}, {res.size:,} {res.unit}, "
                    f"{len(res.families_present)}/{len(res.families)} families present")
    for col in ("Family", "Count", f"per 1,000 {res.unit}", "Matched phrases"):
        t.add_column(col, overflow="fold")
    for f in res.families:
        phrases = ", ".join(f"{p} ×{n}" for p, n in f.phrases.items()) or "-"
        t.add_row(f.title, str(f.count), f"{f.per_1000:.2f}", phrases)
    return t


def register(app: typer.Typer) -> None:
    app.command("episodes")(episodes_cmd)
    app.command("evidence")(evidence_cmd)
    app.command("score")(score_cmd)
    app.command("narratives")(narratives_cmd)


def episodes_cmd(
    evidence: list[Path] = EvidenceFilesOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
) -> None:
    """List the technology-boom episodes in the evidence base."""
    out = TableOutput(fmt, columns)
    base = load_base(evidence)
    rows: list[dict[str, Any]] = []
    for ep in sorted(base.episodes.values(), key=lambda e: e.start):
        rows.append({"id": ep.id, "name": ep.name, "start": ep.start, "end": ep.end, "region": ep.region,
                     "control": ep.control, "default": ep.default,
                     "records": len(base.for_episode(ep.id))})
    if json_out:
        print_json(rows)
        return
    t = Table(title="Episodes")
    t.add_column("Id", no_wrap=True)
    for col in ("Name", "Years", "Region", "Records", "Note"):
        t.add_column(col, overflow="fold")
    for r in rows:
        note = "control (no boom)" if r["control"] else ("default" if r["default"] else "")
        years = f"{r['start']}–{r['end'] or 'now'}"
        t.add_row(r["id"], r["name"], years, r["region"], str(r["records"]), note)
    out.table(t)


def evidence_cmd(
    episode: str = typer.Argument(..., help="Episode id, e.g. ai-2023 (see `bubblescope episodes`)."),
    evidence: list[Path] = EvidenceFilesOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
) -> None:
    """Show an episode's evidence records with their sources."""
    from rich.markup import escape

    from bubblescope.report.sections import fmt_value

    out = TableOutput(fmt, columns)
    base = load_base(evidence)
    recs = sorted(base.for_episode(episode), key=lambda r: r.id)
    if json_out:
        print_json([{**r.model_dump(), "file": base.origin.get(r.id), "user_override": r.id in base.overridden}
                    for r in recs])
        return
    ep = base.episode(episode)
    t = Table(title=f"Evidence: {ep.name} ({ep.id}), {len(recs)} records", show_lines=True)
    t.add_column("Id", no_wrap=True)
    for col in ("Metric", "Value", "As of", "Informs", "Source"):
        t.add_column(col, overflow="fold")
    for r in recs:
        src = r.source.cite() + (f"\n{r.source.url}" if r.source.url else "")
        rid = r.id + (" (your file)" if r.id in base.overridden else "")
        t.add_row(*(escape(str(c)) for c in (rid, r.metric, f"{fmt_value(r.value)} {r.unit}", r.as_of,
                                             ", ".join(r.informs), src)))
    out.table(t)


def score_cmd(
    episode: str = typer.Argument(None, help="Episode id (default: the default episode, ai-2023)."),
    evidence: list[Path] = EvidenceFilesOption,
    override: list[str] = OverrideOption,
    compare: bool = typer.Option(False, "--compare", help="Also rank all episodes."),
    text: list[Path] = TextOption,
    lexicon: Path = LexiconOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
    lang: str = typer.Option("en", "--lang", help="Language of the score table: en or zh."),
) -> None:
    """Four-factor bubble score (0–8) with the evidence ids behind every point."""
    from bubblescope.framework.score import compare_episodes, parse_override, score_episode

    out_t = TableOutput(fmt, columns)
    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: choose en or zh")
    base = load_base(evidence)
    ep_id = base.default_episode().id if episode is None else base.episode(episode).id
    base, _ = apply_texts(base, ep_id, text, lexicon)
    ovs = [parse_override(o) for o in (override or [])]
    res = score_episode(episode, base, ovs)
    cmp = compare_episodes(base=base, overrides={res.episode_id: ovs}) if compare else None
    if json_out:
        out = res.to_dict()
        if cmp is not None:
            out["comparison"] = cmp.to_dict()
        print_json(out)
        return
    out_t.table(score_table(res, lang))
    if cmp is not None:
        out_t.table(comparison_table(cmp))


def narratives_cmd(
    files: list[Path] = typer.Argument(..., help="Text files (UTF-8; English or Chinese)."),
    lexicon: Path = LexiconOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
) -> None:
    """Count narrative families (AGI, scaling, race, new era, bubble, FOMO, ...) in texts."""
    from bubblescope.framework.narratives import detect_narratives

    out = TableOutput(fmt, columns)
    lex = load_lexicon(lexicon)
    results = [detect_narratives(read_text_file(p), p.name, lex) for p in files]
    if json_out:
        print_json([r.to_dict() for r in results])
        return
    for r in results:
        out.table(narrative_table(r))
