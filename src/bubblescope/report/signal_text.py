"""Signals, sources and quoted conditions as HTML cells in the page's language.

The analyses write a signal's ``label``, ``reading``, ``rule`` and ``reason`` in English; on the zh page
:func:`bubblescope.i18n.phrases.phrase` turns them into Chinese by the catalogue's templates (``sig.``
keys, by signal family). Sources (providers, file names) stay as the data give them, marked
``translate="no"``; a condition or name quoted from a user's file or an evidence record with no
template is marked ``lang="en"``. Pure formatting.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from bubblescope.i18n import Lang
from bubblescope.i18n.phrases import match, phrase


def quoted(text: str, lang: Lang) -> str:
    """Our own sentence in ``lang``, or (zh, no template: a user's or a record's text) the English marked lang=en."""
    if lang != "zh" or match(text) is not None:
        return phrase(text, lang, html=True)
    return f'<span lang="en">{html.escape(text)}</span>'


def source_html(text: str, lang: Lang) -> str:
    """A source (provider, file names): our wording translated, the names kept and marked translate=no."""
    if lang != "zh":
        return html.escape(text)
    if match(text, ("sig.src.",)) is not None:
        return phrase(text, lang, html=True, prefixes=("sig.src.",))
    return f'<span translate="no">{html.escape(text)}</span>'


def signal_cells(row: Mapping[str, Any], lang: Lang) -> tuple[str, str, str]:
    """The signal's label, reading and rule-or-reason cells (escaped HTML) of one row of ``to_dict()["signals"]``."""
    rule = row.get("rule") or row.get("reason") or ""
    if lang != "zh":
        return html.escape(str(row["label"])), html.escape(str(row["reading"])), html.escape(str(rule))
    return phrase(row["label"], lang, html=True), phrase(row["reading"], lang, html=True), phrase(rule, lang, html=True)
