"""Methodology notes for the verdict's cards: how each is computed, how it is validated, its limits.

Shown collapsed under the verdict (issue 15, point 8). Each validation line names the test or page
that checks it, so a reader can rerun it; the backtest figures come from ``docs/validation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    card: str
    how: str
    validation: str
    limits: str


CARD_METHODS: tuple[Method, ...] = (
    Method("Verdict",
           "The aggregation rule weighs the bubble readings (0 to 1) of every signal family with stated weights; "
           "bands on the overall score give the verdict, the main index's run-up and fall give the stage.",
           "Backtested on the historical catalogue with the families that exist historically (market tests and "
           "valuation): docs/validation.md, section 'The verdict rule', with Wilson intervals.",
           "The weights are judgement. Families without history (four factors, froth, economics, stress) are not "
           "in the backtest. Evidence records are not cut by date when a past episode is judged as of a date."),
    Method("Four-factor score",
           "Goldfarb and Kirsch's four factors (uncertainty, pure plays, novice investors, narratives), 0 to 2 "
           "points each, from dated evidence records with the rubric in docs/four-factors.md.",
           "tests/test_framework_score.py checks the rubric on every packaged episode.",
           "Most factor points are the project's own coding of published sources; the comparison set is small."),
    Method("Bubble tests (PSY, LPPLS)",
           "PSY: the backward sup-ADF statistic against Monte Carlo critical values, date-stamped episodes. "
           "LPPLS: fits of the log-periodic power law over many windows ending at each date.",
           "PSY equals the R package exuber (through pyexuber) to 1e-10 (tests/test_psy_reference.py); LPPLS fits "
           "match the lppls package's SSE (tests/test_lppls_reference.py); real-time hit and false-alarm rates "
           "in docs/validation.md.",
           "Explosive-root tests react to price acceleration, not to valuation; LPPLS confidence is counted only "
           "when calibrated against a null."),
    Method("Gauge lights",
           "Valuation and concentration gauges placed against their own history (percentile among all earlier "
           "observations) with the light rule stated on each gauge.",
           "Gauge inputs are read from the data folder or the evidence base with their source and as-of date "
           "(tests/test_gauges_*.py).",
           "Percentiles use the history available for each series, which differs in length between gauges."),
    Method("Revenue gap",
           "Revenue needed a year for a return on the AI capex (the scenario's headline method) against AI "
           "revenue, both from the economics scenario and its sourced inputs.",
           "Sequoia's $200bn and $600bn figures are reproduced exactly (tests/test_economics.py).",
           "The figure depends on the capex total, the chips' useful life and the required margin; see the "
           "economics section's sensitivity table."),
    Method("Stress loss",
           "Losses propagated through the exposure network of the episode under packaged shock scenarios.",
           "Hand-solved networks in tests/test_stress_*.py.",
           "Exposures come from public disclosures and reports; private credit and off-balance-sheet vehicles "
           "are partly unobserved."),
)
