"""Out-of-sample accuracy of the four-factor score: leave-one-out bubble / no-bubble classification.

The classifier calls a bubble when the total (0–8) reaches a threshold ``t``. For each labelled
episode in turn, ``t`` is fitted on the *other* labelled episodes (the threshold with the highest
accuracy there; when several tie, their median, rounded down) and the held-out episode is classified.
Accuracy and the confusion table count those held-out calls. The AUC is the Mann–Whitney probability
that a bubble's total exceeds a non-bubble's (ties count one half): the rubric has no fitted
parameter, so it needs no hold-out. The threshold the tool uses (``bubble_call``) is the same rule
fitted on all labelled episodes.

Caveat (also in docs/four-factors.md): most points of the comparison set are bubblescope's own
coding of histories whose outcome was known when they were coded, so these numbers measure how
consistently the rubric was applied, not a blind forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.framework.compare import ComparisonResult
from bubblescope.framework.signals import BubbleCall
from bubblescope.results import Result

THRESHOLDS: tuple[int, ...] = tuple(range(0, 10))  # total >= t; t = 9 never calls a bubble


def fit_threshold(scores: Sequence[float], labels: Sequence[bool]) -> int:
    """The threshold with the best accuracy on (scores, labels); the median of the tied best ones."""
    acc = [sum((s >= t) == y for s, y in zip(scores, labels, strict=True)) for t in THRESHOLDS]
    best = [t for t, a in zip(THRESHOLDS, acc, strict=True) if a == max(acc)]
    return best[(len(best) - 1) // 2]


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Mann–Whitney AUC: P(score of a positive > score of a negative), ties one half."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        raise InputError("AUC needs at least one bubble and one non-bubble episode")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@dataclass(frozen=True)
class LeaveOneOutResult(Result):
    """Held-out calls of every labelled episode, accuracy, AUC, confusion table and the fitted threshold."""

    episodes: tuple[str, ...]
    names: tuple[str, ...]
    totals: tuple[int, ...]
    subscores: tuple[float, ...]
    actual: tuple[bool, ...]  # True: bubble
    fold_thresholds: tuple[int, ...]
    threshold: int  # fitted on all labelled episodes

    @property
    def predicted(self) -> tuple[bool, ...]:
        return tuple(s >= t for s, t in zip(self.totals, self.fold_thresholds, strict=True))

    @property
    def confusion(self) -> dict[str, int]:
        pairs = list(zip(self.actual, self.predicted, strict=True))
        return {"true_bubble": sum(a and p for a, p in pairs), "missed_bubble": sum(a and not p for a, p in pairs),
                "false_alarm": sum(p and not a for a, p in pairs),
                "true_no_bubble": sum(not a and not p for a, p in pairs)}

    @property
    def accuracy(self) -> float:
        return sum(a == p for a, p in zip(self.actual, self.predicted, strict=True)) / len(self.actual)

    @property
    def auc_total(self) -> float:
        return auc(self.totals, self.actual)

    @property
    def auc_subscore(self) -> float:
        return auc(self.subscores, self.actual)

    def bubble_call(self) -> BubbleCall:
        return BubbleCall(self.threshold, len(self.episodes), self.accuracy, self.auc_total)

    def summary(self) -> str:
        c = self.confusion
        return (f"Leave-one-out over {len(self.episodes)} labelled episodes "
                f"({sum(self.actual)} bubbles, {len(self.actual) - sum(self.actual)} without): "
                f"accuracy {self.accuracy:.1%}, AUC (total) {self.auc_total:.3f}, AUC (sub-score) "
                f"{self.auc_subscore:.3f}; confusion: {c['true_bubble']} bubbles called, {c['missed_bubble']} "
                f"missed, {c['false_alarm']} false alarms, {c['true_no_bubble']} non-bubbles cleared; "
                f"threshold on all episodes: total >= {self.threshold}")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"episode": self.episodes, "name": self.names, "total": self.totals,
                             "subscore": self.subscores, "actual_bubble": self.actual,
                             "fold_threshold": self.fold_thresholds,
                             "predicted_bubble": self.predicted}).set_index("episode")

    def to_dict(self) -> dict[str, Any]:
        return {"n": len(self.episodes), "bubbles": sum(self.actual), "accuracy": self.accuracy,
                "auc_total": self.auc_total, "auc_subscore": self.auc_subscore, "confusion": self.confusion,
                "threshold": self.threshold,
                "episodes": [{"episode": e, "total": t, "actual": "bubble" if a else "no_bubble",
                              "fold_threshold": ft, "predicted": "bubble" if p else "no_bubble"}
                             for e, t, a, ft, p in zip(self.episodes, self.totals, self.actual,
                                                       self.fold_thresholds, self.predicted, strict=True)]}


def leave_one_out(cmp: ComparisonResult) -> LeaveOneOutResult:
    """Leave-one-out classification of the labelled episodes of a comparison (see the module docstring)."""
    rows = sorted(cmp.labelled(), key=lambda r: r.episode_id)
    y = [r.outcome == "bubble" for r in rows]
    if len(rows) < 3 or all(y) or not any(y):
        raise InputError("leave-one-out needs at least three labelled episodes, bubbles and non-bubbles")
    totals = [r.total for r in rows]
    folds = [fit_threshold(totals[:i] + totals[i + 1:], y[:i] + y[i + 1:]) for i in range(len(rows))]
    return LeaveOneOutResult(tuple(r.episode_id for r in rows), tuple(r.result.episode_name for r in rows),
                             tuple(totals), tuple(r.subscore for r in rows), tuple(y), tuple(folds),
                             fit_threshold(totals, y))
