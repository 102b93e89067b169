"""Catalogue entries of the evidence, narratives, validation and methodology sections."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

EVIDENCE_TEXT: dict[str, Msg] = {
}
