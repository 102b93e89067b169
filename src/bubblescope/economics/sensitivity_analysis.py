"""How the outputs of a capex scenario move with its inputs: a one- or two-input grid, a tornado.

Every output is a key of :attr:`bubblescope.economics.assessment.CapexAssessment.metrics`; inputs move
in their own units (as in the scenario YAML). Pure: each point re-runs :func:`run_scenario`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics._common import OneTable, json_attrs
from bubblescope.economics.assessment import run_scenario
from bubblescope.economics.inputs import INPUT_SPECS, Scenario, check_value, unknown_input_message
from bubblescope.errors import InputError
from bubblescope.results import Result


@dataclass(frozen=True)
class Sensitivity(OneTable, Result):
    """How one output moves with one or two inputs.

    One input: ``table`` has the input values as index and the output as column. Two inputs: rows are
    the first input's values, columns the second's.
    """

    _table = "table"

    scenario: str
    output: str
    parameters: tuple[str, ...]
    table: pd.DataFrame
    base_value: float

    def summary(self) -> str:
        t = self.table.to_numpy(dtype=float)
        return (
            f"{self.output} over {' x '.join(self.parameters)} (scenario {self.scenario}): "
            f"{np.nanmin(t):,.1f} to {np.nanmax(t):,.1f} (base {self.base_value:,.1f})"
        )

    def to_dict(self) -> dict[str, Any]:
        t = self.table
        return json_attrs(self, "scenario", "output", "parameters", "base_value", index=list(t.index),
                          columns=[str(c) for c in t.columns], values=t.to_numpy(dtype=float))

    def plot(self) -> Any:
        import plotly.graph_objects as go

        t = self.table
        if len(self.parameters) == 1:
            fig = go.Figure(go.Scatter(x=list(t.index), y=t.iloc[:, 0], mode="lines+markers"))
            fig.update_layout(xaxis_title=self.parameters[0], yaxis_title=self.output)
        else:
            fig = go.Figure(go.Heatmap(z=t.to_numpy(dtype=float), x=[str(c) for c in t.columns],
                                       y=[str(i) for i in t.index], colorbar={"title": self.output}))
            fig.update_layout(xaxis_title=self.parameters[1], yaxis_title=self.parameters[0])
        fig.update_layout(title=f"Sensitivity of {self.output} (scenario {self.scenario})")
        return fig


def _metric(scenario: Scenario, output: str) -> float:
    m = run_scenario(scenario).metrics
    if output not in m:
        raise InputError(f"unknown output {output!r} (known: {', '.join(m)})")
    return float(m[output])


def sensitivity(
    scenario: Scenario,
    grid: Mapping[str, Sequence[float]],
    output: str = "revenue_gap",
) -> Sensitivity:
    """Re-run ``scenario`` over a grid of one or two inputs (values in the inputs' own units) and
    tabulate ``output`` (a key of :attr:`CapexAssessment.metrics`, e.g. ``revenue_gap``)."""
    params = tuple(grid)
    if not 1 <= len(params) <= 2:
        raise InputError("sensitivity takes one or two inputs")
    for p in params:
        if p not in INPUT_SPECS:
            raise InputError(unknown_input_message(p))
        if len(grid[p]) == 0:
            raise InputError(f"no values given for {p}")
    base = _metric(scenario, output)
    first = [check_value(params[0], v) for v in grid[params[0]]]
    if len(params) == 1:
        vals = [_metric(scenario.with_values({params[0]: v}), output) for v in first]
        table = pd.DataFrame({output: vals}, index=pd.Index(first, name=params[0]))
    else:
        second = [check_value(params[1], v) for v in grid[params[1]]]
        data = [[_metric(scenario.with_values({params[0]: a, params[1]: b}), output) for b in second] for a in first]
        table = pd.DataFrame(data, index=pd.Index(first, name=params[0]), columns=pd.Index(second, name=params[1]))
    return Sensitivity(scenario.name, output, params, table, base)


@dataclass(frozen=True)
class Tornado(OneTable, Result):
    """One-at-a-time swings of an output when each input moves to its low and high value.

    ``table`` columns: parameter, low, high (input values), out_low, out_high (output), swing
    (|out_high − out_low|), sorted by swing, largest first.
    """

    _table = "table"

    scenario: str
    output: str
    base_value: float
    table: pd.DataFrame

    def summary(self) -> str:
        if self.table.empty:
            return f"no input of scenario {self.scenario} has a range"
        top = self.table.iloc[0]
        return (
            f"{self.output} (base {self.base_value:,.1f}) moves most with {top['parameter']}: "
            f"{top['out_low']:,.1f} to {top['out_high']:,.1f}"
        )

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "scenario", "output", "base_value", rows=self.table)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        t = self.table.iloc[::-1]
        labels = [f"{p} ({lo:g} to {hi:g})" for p, lo, hi in zip(t["parameter"], t["low"], t["high"], strict=True)]
        fig = go.Figure()
        fig.add_bar(y=labels, x=t["out_low"] - self.base_value, base=self.base_value, orientation="h",
                    name="input at low")
        fig.add_bar(y=labels, x=t["out_high"] - self.base_value, base=self.base_value, orientation="h",
                    name="input at high")
        fig.add_vline(x=self.base_value, line_dash="dash")
        fig.update_layout(barmode="overlay", title=f"Tornado: {self.output} (scenario {self.scenario})",
                          xaxis_title=self.output, height=max(300, 40 * len(t) + 120))
        return fig


def tornado(
    scenario: Scenario,
    output: str = "revenue_gap",
    parameters: Iterable[str] | None = None,
    drop_zero: bool = True,
) -> Tornado:
    """Swing of ``output`` as each input with a ``range`` moves to its low and then its high value.

    ``drop_zero`` leaves out inputs that do not move ``output`` at all (e.g. Sequoia's inputs for the
    ROIC gap)."""
    base = _metric(scenario, output)
    names = list(parameters) if parameters is not None else [k for k, i in scenario.inputs.items() if i.range]
    rows = []
    for p in names:
        if p not in INPUT_SPECS:
            raise InputError(unknown_input_message(p))
        rng = scenario.inputs[p].range
        if rng is None:
            raise InputError(f"input {p} has no range in scenario {scenario.name!r}")
        lo, hi = rng
        out_lo = _metric(scenario.with_values({p: lo}), output)
        out_hi = _metric(scenario.with_values({p: hi}), output)
        rows.append({"parameter": p, "low": lo, "high": hi, "out_low": out_lo, "out_high": out_hi,
                     "swing": abs(out_hi - out_lo)})
    table = pd.DataFrame(rows, columns=["parameter", "low", "high", "out_low", "out_high", "swing"])
    if drop_zero:
        table = table[table["swing"] > 1e-9 * max(1.0, abs(base))]
    table = table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return Tornado(scenario.name, output, base, table)
