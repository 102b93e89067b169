"""Finding English left on a Chinese report page (issue 21): the checker the zh-edition tests share.

Visible text is every text node outside ``<script>``, ``<style>``, ``<code>`` and ``<pre>`` and outside any
element marked ``lang="en"`` or ``translate="no"`` — the HTML way to say "this is an English quotation,
a source's title, a ticker or a file name, keep it as it is". Chart texts are the ``"text"`` strings
(titles, axis titles, annotations) and trace ``"name"``s of the plotly figures in the page's scripts.
A *leftover* is a run of two or more English words (two or more letters each, at least one with a
lower-case letter), e.g. "revenue needed" or "Nasdaq Composite": acronyms (PSY, GSADF, CAPE), tickers,
numbers and units alone are not flagged.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "code", "pre"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col", "area", "base", "embed", "track"}
_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]+(?:[ \t\u00a0,:;/()\-–—.]+[A-Za-z][A-Za-z'’\-]+)+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content exempt?
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        a = dict(attrs)
        exempt = tag in _SKIP or a.get("lang") == "en" or a.get("translate") == "no"
        self.stack.append(exempt or (bool(self.stack) and self.stack[-1]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.stack:
            self.stack.pop()
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data.strip())


def _english_runs(text: str) -> list[str]:
    return [m.group(0) for m in _RUN.finditer(text) if any(c.islower() for c in m.group(0))
            and len(re.findall(r"[A-Za-z]{2,}", m.group(0))) >= 2]


def _chart_texts(script: str) -> list[str]:
    out: list[str] = []
    for m in re.finditer(r'"(text|name)":\s*("(?:[^"\\]|\\.)*")', script):
        try:
            out.append(json.loads(m.group(2)))
        except ValueError:
            continue
    return out


def english_leftovers(html: str) -> list[str]:
    """Every English run in the page's visible text and chart texts (see the module docstring)."""
    p = _Text()
    p.feed(html)
    found: list[str] = []
    for t in p.texts:
        found += _english_runs(t)
    for s in p.scripts:
        if "Plotly.newPlot" in s:
            for t in _chart_texts(s):
                found += _english_runs(re.sub(r"<[^>]+>", " ", t))
    return found
