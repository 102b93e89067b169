"""Generated English sentences → Chinese, by catalogue templates (signals, falsifiers, verdict notes).

The analyses write their readings, rules and reasons in English with the numbers inside ("41.37x,
99th percentile of its history: red"). A *phrase* entry of the catalogue gives the English template
exactly as the code writes it, with ``{fields}`` where the numbers and names go, and its Chinese
sentence with the same fields; :func:`phrase` finds the template that matches a text whole and
fills the Chinese one. The first letters of a field's name say how its text is carried over:

- ``v_…`` verbatim (tickers, file names, sources): kept, marked ``translate="no"`` in HTML;
- ``t_…`` a nested text: translated again by :func:`phrase`;
- ``c_…`` a light (red / amber / green);
- ``q_…`` a number with its unit ("41.37x", "1.39 pp", "218.14 %");
- ``b_…`` a sum in billions of US dollars ("265.7" → "2,657 亿美元");
- anything else (numbers, dates, percentages): as it is.

A text no template matches comes back unchanged (the zh-page tests list every such English run).
Pure and light: stdlib and the catalogue only.
"""

from __future__ import annotations

import html as _html
import re
import string
from functools import cache

from bubblescope.i18n import CATALOGUE, Lang
from bubblescope.i18n.numbers import usd_bn

#: The catalogue prefixes that hold phrase templates, tried in catalogue order.
PREFIXES: tuple[str, ...] = ("sig.", "fal.", "jd.hl.", "vs.psy.")
COLOURS = {"red": "红", "amber": "黄", "green": "绿"}
UNITS = {"": "", "x": "倍", "%": "%", "pp": " 个百分点", "sigma": " 个标准差", "years": " 年",
         "USD bn": " 十亿美元", "USD bn/yr": " 十亿美元/年"}
_QTY = re.compile(r"(-?[\d,]*\.?\d+)\s?(x|%|pp|sigma|years|USD bn/yr|USD bn)?")


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def template_regex(template: str, field: str = ".*?") -> re.Pattern[str]:
    """A catalogue template's English as a pattern: its text escaped, each ``{name}`` a named group matching
    ``field`` (anything else in braces, e.g. a plotly ``%{x|%Y}``, stays literal). Shared by the phrase
    templates here and the report's analysis texts (report/sections/_analysis_zh.py)."""
    parts, pos = [], 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:m.start()]) + f"(?P<{m.group(1)}>{field})")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.S)


@cache
def _patterns(prefixes: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [(key, template_regex(msg.en)) for key, msg in CATALOGUE.items() if key.startswith(prefixes) and msg.en]


def _wrap(text: str, html: bool) -> str:
    return f'<span translate="no">{_html.escape(text)}</span>' if html else text


def _field(name: str, value: str, html: bool) -> str:
    """The Chinese of one field's text; ValueError when it is not of the field's kind."""
    esc = _html.escape if html else str
    if name.startswith("v_"):
        return _wrap(value, html)
    if name.startswith("t_"):
        out = phrase(value, "zh", html=html)
        if out == (esc(value)) and re.search(r"[a-z]{2,} [a-z]{2,}", value):
            raise ValueError(value)  # an English text with no template: let another template try
        return out
    if name.startswith("c_"):
        if value not in COLOURS:
            raise ValueError(value)
        return COLOURS[value]
    if name.startswith("q_"):
        m = _QTY.fullmatch(value)
        if m is None:
            raise ValueError(value)
        return esc(m.group(1) + UNITS[m.group(2) or ""])
    if name.startswith("b_"):
        try:
            x = float(value.replace(",", ""))
        except ValueError:
            raise ValueError(value) from None
        return esc(usd_bn(x, "zh", 1 if "." in value else 0))
    return esc(value)


def _fill(key: str, fields: dict[str, str], html: bool) -> str:
    out = ""
    for lit, name, _, _ in string.Formatter().parse(CATALOGUE[key].zh):
        out += _html.escape(lit, quote=False) if html else lit
        if name:
            out += fields[name]
    return out


def fill(key: str, lang: Lang, *, html: bool = False, **fields: object) -> str:
    """``tr(key, lang, **fields)``; with ``html`` the template's own text is escaped, the fields are taken as
    already-escaped HTML."""
    if not html:
        return CATALOGUE[key].get(lang).format(**fields) if fields else CATALOGUE[key].get(lang)
    out = ""
    for lit, name, _, _ in string.Formatter().parse(CATALOGUE[key].get(lang)):
        out += _html.escape(lit, quote=False)
        if name:
            out += str(fields[name])
    return out


def _translate(text: str, html: bool, prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    """(key, Chinese) of the first template that matches ``text`` whole with every field of its kind."""
    for key, rx in _patterns(prefixes):
        m = rx.fullmatch(text)
        if m is None:
            continue
        try:
            fields = {k: _field(k, v, html) for k, v in m.groupdict().items()}
        except ValueError:
            continue
        return key, _fill(key, fields, html)
    return None


def match(text: str, prefixes: tuple[str, ...] = PREFIXES) -> str | None:
    """The key of the phrase template that translates ``text`` (None: no template)."""
    found = _translate(text, False, prefixes)
    return None if found is None else found[0]


def phrase(text: str | None, lang: Lang = "en", *, html: bool = False,
           prefixes: tuple[str, ...] = PREFIXES) -> str:
    """``text`` in ``lang`` (English: as it is). With ``html`` the result is escaped HTML."""
    text = "" if text is None else str(text)
    if lang != "zh" or not text:
        return _html.escape(text) if html else text
    found = _translate(text, html, prefixes)
    if found is not None:
        return mark_code(found[1]) if html else found[1]
    try:  # a bare number with its unit ("30.00x")
        return _field("q_", text, html)
    except ValueError:
        return _html.escape(text) if html else text


_CODE = re.compile(r"(?<![\w/\-\"=])((?:--[a-z][a-z-]+(?: docs)?)|(?:make [a-z][\w-]*)|(?:bubblescope(?: [a-z][\w-]*)+)|(?:[\w*.\-]+/)*[\w*\-]+\.(?:md|py|csv|json|jsonl|yaml|xls|data)"
                   r"|(?:docs|tests|src)/[\w*./\-]+)(?![\w/])")


def mark_code(html_text: str) -> str:
    """File names and command-line options in an HTML text of ours wrapped in ``<code>`` (kept as they are)."""
    parts = re.split(r"(<[^>]+>)", html_text)
    depth = 0
    for i, p in enumerate(parts):
        if p.startswith("<"):
            depth += 1 if re.match(r"<(span|code)\b", p) else (-1 if re.match(r"</(span|code)>", p) else 0)
        elif depth == 0:
            parts[i] = _CODE.sub(r"<code>\1</code>", p)
    return "".join(parts)
