"""Methodology notes for the verdict's cards: how each is computed, how it is validated, its limits.

Shown collapsed under the verdict (issue 15, point 8). Each validation line names the test or page
that checks it, so a reader can rerun it; the backtest figures come from ``docs/validation.md``.
The texts are catalogue entries (``meth.<card>.<part>`` in :mod:`bubblescope.i18n.methodology_text`):
:func:`card_methods` gives them in English or Chinese, :func:`method_html` one of them as HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bubblescope.i18n import Lang, tr


@dataclass(frozen=True)
class Method:
    card: str
    how: str
    validation: str
    limits: str


#: The cards in the order they are shown (catalogue key stems).
CARDS: tuple[str, ...] = ("verdict", "four_factor", "tests", "gauges", "economics", "stress")

#: A file or test path named in a methodology text (tests/test_x.py, docs/x.md, tests/test_gauges_*.py).
_PATH = re.compile(r"\b(?:tests|docs)/[\w*.\-]+\.(?:py|md)\b")


def card_methods(lang: Lang = "en") -> tuple[Method, ...]:
    """Every card's methodology note in ``lang``."""
    return tuple(Method(*(tr(f"meth.{c}.{part}", lang) for part in ("card", "how", "validation", "limits")))
                 for c in CARDS)


def method_html(text: str, lang: Lang = "en") -> str:
    """One note as HTML: escaped; on the Chinese page the file names it cites are ``<code>`` (kept as written)."""
    out = html.escape(text)
    return _PATH.sub(lambda m: f"<code>{m.group(0)}</code>", out) if lang == "zh" else out


CARD_METHODS: tuple[Method, ...] = card_methods("en")
