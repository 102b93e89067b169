"""Validation: the backtest scorecard (``bubblescope backtest``'s validation.json) and the named case.

On the Chinese page the scorecard's headers, the signals' rules (read back from the descriptions
``bubblescope.backtest.signals`` writes, see :func:`signal_rule`) and the named case's events are
translated; the paper's citation is a quotation (``lang="en"``), signal ids and file names are code.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.i18n.evidence_text import EVENT_KEYS
from bubblescope.i18n.phrases import template_regex
from bubblescope.report.sections._html import Section, esc, not_available, table

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData

TITLE = "Validation: do the signals work?"

#: The catalogue entries whose English is a backtest signal's description as ``bubblescope.backtest.signals``
#: writes it (fields: the numbers and the PSY label); their Chinese is the rule shown on the zh page.
_RULE_KEYS = ("val.sig.psy", "val.sig.lppls", "val.sig.gmo", "val.sig.gmo_real", "val.sig.gsy", "val.sig.gsy_market",
              "val.sig.cape")


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((template_regex(CATALOGUE[k].en, ".+?"), k) for k in _RULE_KEYS)


_PSY_LABELS = {"running-SADF quantiles (exuber/PSY 2015)": "val.sig.psy_running",
               "per-date BSADF quantiles": "val.sig.psy_dated"}


def signal_rule(description: str, lang: Lang = "en") -> str | None:
    """A backtest signal's rule in ``lang``, read back from its English description (None: not a known form)."""
    for pattern, key in _rules():
        m = pattern.fullmatch(description)
        if m is None:
            continue
        fields = m.groupdict()
        if "label" in fields:
            if fields["label"] not in _PSY_LABELS:
                return None
            fields["label"] = tr(_PSY_LABELS[fields["label"]], lang)
        return tr(key, lang, **fields)
    return None


def _signal_html(description: str, lang: Lang) -> str:
    if lang != "zh":
        return esc(description)
    rule = signal_rule(description, lang)
    # a description this version does not write (another bubblescope's file) is quoted as written
    return esc(rule) if rule is not None else f'<span lang="en">{esc(description)}</span>'


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.2f}" if math.isfinite(v) else "–"
    return str(v)


def _head(k: str, lang: Lang) -> str:
    key = f"val.col.{k}"
    if lang != "zh":
        return esc(k.replace("_", " "))
    return esc(tr(key, lang)) if key in CATALOGUE else f"<code>{esc(k)}</code>"


def _event(event: str, lang: Lang) -> str:
    if lang != "zh":
        return esc(event)
    return esc(tr(EVENT_KEYS[event], lang)) if event in EVENT_KEYS else f'<span lang="en">{esc(event)}</span>'


def _named_case(named: Any, lang: Lang = "en") -> str:
    if not (isinstance(named, dict) and named.get("matches")):
        return ""
    m = named["matches"]
    found = sum(1 for r in m if r.get("found"))
    yes, no = esc(tr("na.yes", lang)), esc(tr("na.no", lang))
    rows = "".join(f"<tr><td>{_event(str(r.get('event', '')), lang)}</td><td>{esc(r.get('years', ''))}</td>"
                   f"<td>{yes if r.get('found') else no}</td><td>{esc(r.get('episodes') or '–')}</td></tr>"
                   for r in m)
    cite = esc(named.get("citation", ""))
    head = [esc(tr(f"val.named.{k}", lang)) for k in ("event", "years", "found", "episodes")]
    return (f"<h3>{esc(tr('val.named.title', lang, found=found, total=len(m)))}</h3>"
            + (f'<p class="small">{cite}</p>' if lang != "zh" else f'<p class="small" lang="en">{cite}</p>')
            + table(head, rows))


def validation_section(data: ReportData) -> Section:
    a, lang = data.analysis, data.lang
    if a is None or a.backtest is None:
        return not_available("validation", TITLE, tr("val.needs", "en"), lang, needs_text=tr("val.needs", lang))
    bt = a.backtest
    sc = bt.get("scorecard") or []
    cols = [k for k in (sc[0].keys() if sc else []) if k != "index"]
    code = lang == "zh"  # signal ids and file names as code on the Chinese page
    rows = "".join("<tr>" + "".join(f"<td><code>{esc(_cell(r.get(k)))}</code></td>" if code and k == "signal"
                                    else f"<td>{esc(_cell(r.get(k)))}</td>" for k in cols) + "</tr>" for r in sc)
    b, sep = ('<b translate="no">', "：") if code else ("<b>", ": ")
    sigs = "".join(f"<li>{b}{esc(k)}</b>{sep}{_signal_html(str(v), lang)}</li>" for k, v in (bt.get("signals") or {}).items())
    named = bt.get("named_case") or None
    file = f"<code>{esc(a.backtest_file)}</code>" if code else esc(a.backtest_file)
    body = (f'<p class="small">{tr("val.from", lang, file=file, command="<code>bubblescope backtest</code>")}</p>'
            + table([_head(k, lang) for k in cols], rows)
            + (f'<ul class="small">{sigs}</ul>' if sigs else "") + _named_case(named, lang))
    return Section("validation", TITLE, body, {"file": a.backtest_file, "scorecard": sc,
                                               "signals": bt.get("signals"), "crash_rule": bt.get("crash_rule"),
                                               "named_case": named})
