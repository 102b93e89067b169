"""Catalogue entries of the verdict, judgement, methodology, four-factor, comparison, narratives, evidence and validation sections."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

VERDICT: dict[str, Msg] = {
}
