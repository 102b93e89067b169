"""The four-factor score as verdict signals (family ``four_factor``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bubblescope.signals import Signal

if TYPE_CHECKING:
    from bubblescope.framework.score import FourFactorResult


@dataclass(frozen=True)
class BubbleCall:
    """The rule that calls a bubble from the total: ``total >= threshold``, with its out-of-sample record."""

    threshold: int
    n_labelled: int
    loo_accuracy: float
    auc: float

    def calls(self, total: int) -> bool:
        return total >= self.threshold


def four_factor_signals(res: FourFactorResult, call: BubbleCall | None = None) -> list[Signal]:
    """One signal for the total (bubble = points / 8), one per factor (points / 2), and, with ``call``,
    the bubble call (1 when the total reaches the leave-one-out threshold, else 0)."""
    coded = sum(1 for f in res.factors for _, c in f.provenance if c == "bubblescope")
    used = sum(len(f.provenance) for f in res.factors)
    source = (f"bubblescope evidence base: {used} records behind the points, "
              f"{coded} of them coded by bubblescope from the sources they cite")
    ep = res.episode_id
    out = [Signal("four_factor", f"four_factor:total:{ep}", "Goldfarb-Kirsch four-factor score",
                  f"{res.total}/8 points", float(res.total), "points of 8", res.total / 8,
                  "points / 8", res.as_of, source,
                  reason="computed from overridden factor points" if res.overrides else "")]
    for f in res.factors:
        out.append(Signal("four_factor", f"four_factor:{f.factor}:{ep}", f"Four-factor score: {f.title}",
                          f"{f.points}/2 points ({f.basis})", float(f.points), "points of 2", f.points / 2,
                          "points / 2", res.as_of, source))
    if call is not None:
        hit = call.calls(res.total)
        out.append(Signal(
            "four_factor", f"four_factor:call:{ep}", "Four-factor bubble call",
            f"{res.total}/8 against a threshold of {call.threshold}/8", float(res.total), "points of 8",
            1.0 if hit else 0.0,
            f"1 when the total is at least {call.threshold} (threshold fitted on {call.n_labelled} labelled "
            f"episodes; leave-one-out accuracy {call.loo_accuracy:.0%}, AUC {call.auc:.2f}), else 0",
            res.as_of, source))
    return out
