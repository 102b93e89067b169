"""Catalogue entries of the verdict, judgement, four-factor and comparison sections and the verdict paragraph."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

VERDICT: dict[str, Msg] = {
}
