"""The evidence base: episodes and dated, sourced facts, as YAML inside the package."""

from __future__ import annotations

from bubblescope.evidence.loader import EvidenceBase, load_evidence, parse_episode_file
from bubblescope.evidence.schema import FACTORS, Episode, EvidenceRecord, Source

__all__ = ["FACTORS", "Episode", "EvidenceBase", "EvidenceRecord", "Source", "load_evidence", "parse_episode_file"]
