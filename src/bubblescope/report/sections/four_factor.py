"""Four-factor bubble score: radar and table, each point linked to its evidence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bubblescope.i18n import CATALOGUE, Lang, episode_name, tr
from bubblescope.report.sections._html import Section, esc, evidence_link, figure_html, quoted_en, table

if TYPE_CHECKING:
    from bubblescope.framework.compare import ComparisonResult
    from bubblescope.framework.loo import LeaveOneOutResult
    from bubblescope.framework.score import FactorScore
    from bubblescope.report.compute import ReportData


_UNITS = {"%": "%", "years": "ff.unit.years", "families": "ff.unit.families"}


def _rationale(text: str, lang: Lang) -> str:
    """The rubric's rationale (escaped HTML); zh: "metric = value unit → points" parts with the metric kept."""
    if lang != "zh":
        return esc(text)
    m = re.fullmatch(r"(.*?)(?: \(mean ([\d.]+), rounded half up\))?", text)
    body, mean = (m.group(1), m.group(2)) if m else (text, None)
    if body == "no evidence for this factor: scored 0":
        return esc(tr("ff.r.none", lang))
    coded = re.fullmatch(r"coded assessment (\d): (.*)", body, re.S)
    if coded:
        crit = next((k for k, m in CATALOGUE.items() if k.startswith("ff.crit.") and m.en == coded.group(2)), None)
        shown = esc(tr(crit, lang)) if crit else f'<span lang="en">{esc(coded.group(2))}</span>'  # a user's rubric
        return esc(tr("ff.r.coded", lang, p=coded.group(1), c="")) + shown
    parts = []
    for part in body.split("; "):
        pm = re.fullmatch(r"(\S+) = (-?[\d.,]+) ?(\S*) → (\d)", part)
        if pm is None:
            parts.append(esc(part))
            continue
        unit = _UNITS.get(pm.group(3), "")
        unit = tr(unit, lang) if unit.startswith("ff.") else unit
        parts.append(f'<span translate="no">{esc(pm.group(1))}</span> = {esc(pm.group(2))}{esc(unit)} → {pm.group(4)}')
    return "；".join(parts) + (esc(tr("ff.r.mean", lang, m=mean)) if mean else "")


def _factor_title(f: FactorScore, lang: Lang) -> str:
    return tr(f"factor.{f.factor}", lang) if lang == "zh" and f"factor.{f.factor}" in CATALOGUE else f.title


def _row(f: FactorScore, lang: Lang = "en") -> str:
    ids = " ".join(evidence_link(i) for i in f.evidence_ids) or "–"
    pts = f"{f.points}/2"
    rationale = _rationale(f.rationale, lang)
    cls = ""
    if f.override:
        cls = ' class="overridden"'
        pts += (f' <span class="badge">{esc(tr("ff.override", lang))}</span><div class="small">'
                f'{esc(tr("ff.computed", lang, n=f.computed_points))}</div>')
        reason = quoted_en(f.override.reason, lang)
        rationale = (f'<strong>{esc(tr("ff.analyst_override", lang))}</strong> {reason}'
                     f'<div class="small">{tr("ff.rubric", lang, r=rationale)}</div>')
    basis = tr(f"basis.{f.basis}", lang) if f"basis.{f.basis}" in CATALOGUE else f.basis
    return (f"<tr{cls}><th>{esc(_factor_title(f, lang))}</th><td class=\"pts p{f.points}\">{pts}</td>"
            f"<td>{esc(basis)}</td><td>{rationale}</td><td>{ids}</td></tr>")


def _loo_html(data: ReportData) -> tuple[str, dict]:
    loo, lang = data.out_of_sample, data.lang
    if loo is None:
        return f'<p class="small">{esc(tr("ff.loo_na", lang, reason=data.out_of_sample_reason))}</p>', {}
    c, call = loo.confusion, loo.bubble_call()
    verdict = tr("ff.loo_yes" if call.calls(data.score.total) else "ff.loo_no", lang)
    html = '<p class="small">' + tr(
        "ff.loo", lang, n=len(loo.episodes), acc=f"{loo.accuracy:.0%}", auc=f"{loo.auc_total:.2f}",
        tb=c["true_bubble"], mb=c["missed_bubble"], fa=c["false_alarm"], tn=c["true_no_bubble"],
        k=loo.threshold, verdict=verdict) + "</p>"
    return html, loo.to_dict()


def _radar(data: ReportData) -> Any:
    res, lang = data.score, data.lang
    fig = res.plot()
    if lang == "zh":
        labels = [_factor_title(f, lang) + (tr("ff.rubric_override", lang) if f.override else "") for f in res.factors]
        fig.for_each_trace(lambda t: t.update(theta=[*labels, labels[0]]))
        fig.for_each_trace(lambda t: t.update(name=tr("ff.fig_computed", lang)) if t.name == "computed" else None)
        fig.update_layout(title=tr("ff.fig_title", lang, name=episode_name(res.episode_id, res.episode_name, lang),
                                   total=res.total))
    return fig


def four_factor_section(data: ReportData) -> Section:
    res, lang = data.score, data.lang
    note = (f' <span class="badge">{esc(tr("ff.overridden", lang))}</span> <span class="small">'
            f'{esc(tr("ff.computed_total", lang, n=res.computed_total))}</span>' if res.overrides else "")
    rows = "".join(_row(f, lang) for f in res.factors)
    loo_html, loo_data = _loo_html(data)
    head = [esc(tr(f"ff.col.{c}", lang)) for c in ("factor", "points", "basis", "rationale", "evidence")]
    name = episode_name(res.episode_id, res.episode_name, lang)
    body = (
        f'<div class="headline"><div class="total">{res.total}/8</div><div>{esc(name)}'
        f'{tr("ff.control", lang) if res.control else ""}{note}<div class="small">{tr("ff.intro", lang)}</div></div></div>'
        f'<div class="grid"><div>{table(head, rows, "")}</div>'
        f'<div>{figure_html(_radar(data), "fig-four-factor-radar")}</div></div>{loo_html}'
    )
    title = "Four-factor bubble score"
    return Section("four_factor", title, body, {**res.to_dict(), "out_of_sample": loo_data})


LOO_START = "<!-- four-factors:loo:start (generated by `make four-factors`; do not edit by hand) -->"
LOO_END = "<!-- four-factors:loo:end -->"


def loo_markdown(loo: LeaveOneOutResult, cmp: ComparisonResult) -> str:
    """The generated block of docs/four-factors.md: accuracy, AUC, confusion, per-episode calls, ranking."""
    c = loo.confusion
    n_b = sum(loo.actual)
    lines = [
        LOO_START, "",
        f"Leave-one-out over **{len(loo.episodes)} labelled episodes** ({n_b} bubbles, "
        f"{len(loo.episodes) - n_b} without a bubble); {len(cmp.rows) - len(loo.episodes)} unlabelled "
        "episodes are scored but not tested.", "",
        "| measure | value |", "|---|---|",
        f"| accuracy (held-out calls) | {loo.accuracy:.1%} |",
        f"| AUC of the total (0-8) | {loo.auc_total:.3f} |",
        f"| AUC of the sub-score | {loo.auc_subscore:.3f} |",
        f"| threshold fitted on all labelled episodes | total >= {loo.threshold} |", "",
        "| | called bubble | called no bubble |", "|---|---|---|",
        f"| **bubble** | {c['true_bubble']} | {c['missed_bubble']} |",
        f"| **no bubble** | {c['false_alarm']} | {c['true_no_bubble']} |", "",
        "| rank | episode | outcome | total | sub-score | held-out threshold | held-out call |",
        "|---|---|---|---|---|---|---|",
    ]
    held = dict(zip(loo.episodes, zip(loo.fold_thresholds, loo.predicted, strict=True), strict=True))
    for r in cmp.rows:
        t, p = held.get(r.episode_id, (None, None))
        call = "-" if p is None else ("bubble" if p else "no bubble")
        outcome = {"bubble": "bubble", "no_bubble": "no bubble"}.get(r.outcome or "", "unlabelled")
        lines.append(f"| {r.rank} | {r.result.episode_name} (`{r.episode_id}`) | {outcome} | {r.total} | "
                     f"{r.subscore:.3f} | {'-' if t is None else f'>= {t}'} | {call} |")
    lines += ["", LOO_END]
    return "\n".join(lines)


def replace_loo_block(doc: str, block: str) -> str:
    """``doc`` with its generated block replaced (an InputError if the markers are missing)."""
    from bubblescope.errors import InputError

    i, j = doc.find(LOO_START), doc.find(LOO_END)
    if i < 0 or j < i:
        raise InputError("the document has no generated four-factor block (markers missing)")
    return doc[:i] + block + doc[j + len(LOO_END):]
