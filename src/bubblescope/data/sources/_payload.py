"""Checks shared by the parsers of downloaded files."""

from __future__ import annotations

import json
from typing import Any

from bubblescope.errors import DataSourceError


def reject_empty_or_html(content: bytes, label: str, what: str, *, page: str = "an HTML page") -> None:
    """Raise when a body is empty or is a web page (an error or login page served in place of the file)."""
    if not content:
        raise DataSourceError(f"{label}: empty {what}")
    if content.lstrip()[:1] == b"<":
        raise DataSourceError(f"{label}: got {page} instead of {what}")


def one_line(text: object, limit: int = 120) -> str:
    """``text`` on one line (whitespace runs → one space), cut to ``limit`` characters."""
    return " ".join(str(text).split())[:limit]


def load_json(content: bytes | Any, label: str, what: str) -> Any:
    """Decode a JSON body (already-decoded objects pass through); empty, HTML or broken bodies raise."""
    if not isinstance(content, (bytes, bytearray)):
        return content
    if not content.strip():
        raise DataSourceError(f"{label}: empty response")
    if content.lstrip()[:1] == b"<":
        raise DataSourceError(f"{label}: got an HTML page instead of {what}")
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataSourceError(f"{label}: malformed or truncated JSON ({str(exc)[:60]})") from None
