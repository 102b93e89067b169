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
    from bubblescope.framework.compare import ComparisonResult
    from bubblescope.framework.narratives import Lexicon, NarrativeResult
    from bubblescope.framework.score import FourFactorResult

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
    from bubblescope.framework.narratives import narrative_evidence

    lex = load_lexicon(lexicon)  # checked even without texts: a bad --lexicon is never silently ignored
    if not texts:
        return base, []
    results = [narratives_of(p, lex) for p in texts]
    rec = narrative_evidence(results, episode_id, dt.date.today().isoformat())
    return base.with_records([rec], "--text"), results


def read_text_file(path: Path) -> str:
    """Read a user's text file (size-checked before reading); every failure is a one-line InputError."""
    from bubblescope.fileio import iter_text_chunks

    return "".join(iter_text_chunks(path))


def narratives_of(path: Path, lexicon: Lexicon | None) -> NarrativeResult:
    """The narrative detector on a text file read in chunks (linear time, memory of one chunk; files up
    to ten times the input size limit, BUBBLESCOPE_MAX_INPUT_MB)."""
    from bubblescope.fileio import iter_text_chunks, max_input_mb
    from bubblescope.framework.narratives import detect_narratives_chunks

    return detect_narratives_chunks(iter_text_chunks(path, limit_mb=10 * max_input_mb()), path.name, lexicon)


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
    t = Table(title="Four-factor comparison (ranked by total, then sub-score; ties share a rank)")
    for col in ("Rank", "Episode", "Outcome", "Total", "Sub-score", "Unc.", "Pure", "Novice", "Narr.", "Measured"):
        t.add_column(col, no_wrap=col == "Episode")
    for row in cmp.rows:
        r = row.result
        pts = [str(f.points) + ("*" if f.override else "") for f in r.factors]
        name = r.episode_name + (" (control)" if r.control else "")
        outcome = {"bubble": "bubble", "no_bubble": "no bubble"}.get(row.outcome or "", "unlabelled")
        t.add_row(str(row.rank), f"{name} [{r.episode_id}]", outcome, f"{r.total}/8", f"{row.subscore:.3f}",
                  *pts, f"{r.measured_share:.0%}")
    return t


def narrative_table(res: NarrativeResult) -> Table:
    t = Table(title=f"{res.name}: {res.language}, {res.size:,} {res.unit}, "
                    f"{len(res.families_present)}/{len(res.narrative_families)} narrative families present; "
                    f"bubble talk ×{res.bubble_talk_count} (reported apart, not a family)")
    for col in ("Family", "Count", f"per 1,000 {res.unit}", "Matched phrases"):
        t.add_column(col, overflow="fold")
    for f in [*res.narrative_families, *res.talk]:
        phrases = ", ".join(f"{p} ×{n}" for p, n in f.phrases.items()) or "-"
        title = f.title + (" (talk, not a family)" if f.kind == "talk" else "")
        t.add_row(title, str(f.count), f"{f.per_1000:.2f}", phrases)
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
                     "control": ep.control, "default": ep.default, "outcome": ep.outcome,
                     "outcome_source": ep.outcome_provenance, "records": len(base.for_episode(ep.id))})
    if json_out:
        print_json(rows)
        return
    t = Table(title="Episodes")
    t.add_column("Id", no_wrap=True)
    for col in ("Name", "Years", "Region", "Outcome", "Records", "Note"):
        t.add_column(col, overflow="fold")
    for r in rows:
        note = "control (no boom)" if r["control"] else ("default" if r["default"] else "")
        years = f"{r['start']}–{r['end'] or 'now'}"
        outcome = {"bubble": "bubble", "no_bubble": "no bubble"}.get(r["outcome"] or "", "unlabelled")
        t.add_row(r["id"], r["name"], years, r["region"], outcome, str(r["records"]), note)
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
        print_json([{**r.model_dump(), "coded_by": r.coder, "provenance": r.provenance,
                     "file": base.origin.get(r.id), "user_override": r.id in base.overridden} for r in recs])
        return
    ep = base.episode(episode)
    t = Table(title=f"Evidence: {ep.name} ({ep.id}), {len(recs)} records", show_lines=True)
    t.add_column("Id", no_wrap=True)
    for col in ("Metric", "Value", "As of", "Informs", "Source"):
        t.add_column(col, overflow="fold")
    for r in recs:
        src = r.provenance + (f"\n{r.source.url}" if r.source.url else "")
        rid = r.id + (" (your file)" if r.id in base.overridden else "")
        t.add_row(*(escape(str(c)) for c in (rid, r.metric, f"{fmt_value(r.value)} {r.unit}", r.as_of,
                                             ", ".join(r.informs), src)))
    out.table(t)


def score_cmd(
    episode: str = typer.Argument(None, help="Episode id (default: the default episode, ai-2023)."),
    evidence: list[Path] = EvidenceFilesOption,
    override: list[str] = OverrideOption,
    compare: bool = typer.Option(False, "--compare", help="Also rank all episodes (outcome, sub-score, shared rank)."),
    loo: bool = typer.Option(False, "--loo", help="Also run the leave-one-out bubble / no-bubble test."),
    data_dir: Path = typer.Option(
        None, "--data-dir", help="Folder with data files: margin debt (FINRA) is read from it where available.",
    ),
    write_doc: Path = typer.Option(
        None, "--write-doc", help="Rewrite the generated out-of-sample block of this Markdown file (make four-factors).",
    ),
    text: list[Path] = TextOption,
    lexicon: Path = LexiconOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
    lang: str = typer.Option("en", "--lang", help="Language of the score table: en or zh."),
) -> None:
    """Four-factor bubble score (0–8) with the evidence ids behind every point."""
    from bubblescope.framework.compare import compare_episodes
    from bubblescope.framework.loo import leave_one_out
    from bubblescope.framework.score import parse_override, score_episode
    from bubblescope.report.sections.four_factor import loo_markdown

    out_t = TableOutput(fmt, columns)
    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: choose en or zh")
    base = load_base(evidence)
    ep_id = base.default_episode().id if episode is None else base.episode(episode).id
    base, _ = apply_texts(base, ep_id, text, lexicon)
    base = apply_series(base, data_dir)
    ovs = [parse_override(o) for o in (override or [])]
    res = score_episode(episode, base, ovs)
    want_loo = loo or write_doc is not None
    cmp = compare_episodes(base=base, overrides={res.episode_id: ovs}) if compare or want_loo else None
    loo_res = leave_one_out(cmp) if want_loo and cmp is not None else None
    if write_doc is not None and loo_res is not None and cmp is not None:
        update_doc(write_doc, loo_markdown(loo_res, cmp))
    if json_out:
        out = res.to_dict()
        if cmp is not None and compare:
            out["comparison"] = cmp.to_dict()
        if loo_res is not None:
            out["out_of_sample"] = loo_res.to_dict()
        print_json(out)
        return
    out_t.table(score_table(res, lang))
    if cmp is not None and compare:
        out_t.table(comparison_table(cmp))
    if loo_res is not None:
        out_t.note(loo_res.summary())
    if write_doc is not None:
        out_t.note(f"wrote the out-of-sample block of {write_doc}")


def apply_series(base: EvidenceBase, data_dir: Path | None) -> EvidenceBase:
    """Replace evidence-based margin-debt growth by the data series in ``data_dir`` where it covers the episode."""
    if data_dir is None:
        return base
    from bubblescope.data import get_series
    from bubblescope.errors import DataSourceError
    from bubblescope.framework.series import series_records

    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: not a folder")
    try:
        md = get_series("MARGIN_DEBT", data_dir=data_dir, offline=True, cache=False, packaged_fallback=False)
    except DataSourceError:
        return base  # no margin-debt file: the evidence records stay (the fallback)
    return base.with_records(series_records(base, {"margin_debt": md}), f"{data_dir} (margin debt)")


def update_doc(path: Path, block: str) -> None:
    """Replace the generated block of a Markdown file; a missing file or marker is a one-line error."""
    from bubblescope.report.sections.four_factor import replace_loo_block

    path.write_text(replace_loo_block(read_text_file(path), block) + "", encoding="utf-8")


def narratives_cmd(
    files: list[Path] = typer.Argument(..., help="Text files (UTF-8; English or Chinese)."),
    lexicon: Path = LexiconOption,
    json_out: bool = JsonOption,
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
) -> None:
    """Count narrative families (AGI, scaling, race, new era, bubble, FOMO, ...) in texts."""

    out = TableOutput(fmt, columns)
    lex = load_lexicon(lexicon)
    results = [narratives_of(p, lex) for p in files]
    if json_out:
        print_json([r.to_dict() for r in results])
        return
    for r in results:
        out.table(narrative_table(r))
