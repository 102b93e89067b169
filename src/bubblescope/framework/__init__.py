"""The four-factor framework: rubric, score, comparison, narrative detector."""

from __future__ import annotations

from bubblescope.framework.compare import ComparisonResult, compare_episodes
from bubblescope.framework.narratives import NarrativeResult, detect_narratives
from bubblescope.framework.score import (
    FactorScore,
    FourFactorResult,
    Override,
    parse_override,
    score_episode,
)

__all__ = [
    "ComparisonResult",
    "FactorScore",
    "FourFactorResult",
    "NarrativeResult",
    "Override",
    "compare_episodes",
    "detect_narratives",
    "parse_override",
    "score_episode",
]
