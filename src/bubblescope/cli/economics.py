"""`bubblescope capex`: the AI investment economics of a scenario, with sources; any input can be changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from bubblescope.cli._common import JsonOption, console, print_json, write_plot
from bubblescope.cli._table import emit

if TYPE_CHECKING:  # heavy modules: imported inside the command so `capex --help` stays fast
    import pandas as pd

    from bubblescope.economics import CapexAssessment, Scenario, Sensitivity, Tornado

DEFAULT_LIFE_GRID = (2.0, 3.0, 4.0, 5.0, 6.0)
DEFAULT_MARGIN_GRID = (30.0, 40.0, 50.0, 60.0, 70.0)


def _fmt(v: float, unit: str = "") -> str:
    if unit == "year":
        return f"{v:.0f}"
    if unit == "fraction":
        return f"{v:.0%}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.4g}"


def capex(
    scenario: str = typer.Argument("base", help="Scenario: base, bear, bull, or a YAML file."),
    set_: list[str] = typer.Option(
        [], "--set", help="Change an input: name=value in the input's unit (repeatable). --list shows the names."
    ),
    sensitivity_: list[str] = typer.Option(
        [], "--sensitivity",
        help="Grid for the sensitivity table, name=v1,v2,... (one or two; default: chip_life_economic x operating_margin).",
    ),
    output: str = typer.Option("revenue_gap", "--output", help="Output the tornado and sensitivity report."),
    list_inputs: bool = typer.Option(False, "--list", help="List every input with value, unit and source, then stop."),
    evidence: list[Path] = typer.Option(
        [], "--evidence", help="Extra evidence YAML file (repeatable); its records replace packaged ones with the same id.",
        exists=True, dir_okay=False,
    ),
    json_out: bool = JsonOption,
    plot: Path | None = typer.Option(None, "--plot", help="Write an interactive HTML chart (plotly) to this file."),
) -> None:
    """Revenue needed vs actual AI revenue, depreciation, chips, financing and power for a scenario."""
    from bubblescope.economics import (
        capex_figure,
        disclosed_life_changes,
        load_scenario,
        parse_assignments,
        parse_grid,
        run_scenario,
        sensitivity,
        tornado,
    )

    overrides = parse_assignments(set_)
    grid = parse_grid(sensitivity_) if sensitivity_ else {
        "chip_life_economic": list(DEFAULT_LIFE_GRID), "operating_margin": list(DEFAULT_MARGIN_GRID)}
    from bubblescope.evidence.loader import load_evidence

    base = load_evidence(evidence)
    sc = load_scenario(scenario, overrides, evidence=base)
    lives = disclosed_life_changes(base)
    if list_inputs:
        _print_inputs(sc, json_out)
        return
    from bubblescope.economics.needed import complete_assessment

    a = complete_assessment(run_scenario(sc), base)
    needed, published = a.needed, a.published
    assert needed is not None and published is not None  # complete_assessment fills both
    tor = tornado(sc, output)
    sens = sensitivity(sc, grid, output)
    if plot is not None:
        write_plot(capex_figure(a, tor, sens), plot)
    if json_out:
        d = a.to_dict()
        d["tornado"] = tor.to_dict()
        d["sensitivity"] = sens.to_dict()
        d["unresolved_evidence"] = list(sc.unresolved)
        d.update(_vintage_extras(sc))
        d["range"] = needed.to_dict()
        d["published"] = [e.to_dict() for e in published.estimates]
        d["disclosed_life_changes"] = lives
        print_json(d)
        return
    _print_needed(needed, published)
    _print_tables(a, tor, sens, lives)
    if plot is not None:
        console.print(f"chart written to {plot}", markup=False)


def _print_needed(needed: object, published: object) -> None:
    from bubblescope.economics.needed import RevenueNeeded
    from bubblescope.economics.published import PublishedEstimates

    assert isinstance(needed, RevenueNeeded) and isinstance(published, PublishedEstimates)
    console.print(f"[bold]{needed.summary()}[/bold] (low = {needed.scenarios[0]}, high = {needed.scenarios[2]} "
                  "scenario; every vintage earns its return over its lives)", highlight=False)
    t = Table(title="Published estimates, each redone by its own method from its own inputs")
    for col in ("estimate", "method", "result", "paper", "diff"):
        t.add_column(col, overflow="fold")
    for e in published.estimates:
        t.add_row(e.label, e.method, f"{e.result:,.1f} {e.unit}", f"{e.paper_value:,.1f}", f"{e.diff_pct:+.1f}%")
    console.print(t)
    for e in published.estimates:
        if e.note:
            console.print(f"  {e.label}: {e.note}", markup=False, highlight=False)


def _vintage_extras(sc: Scenario) -> dict:
    """Every capex vintage on both schedules and Burry's claim redone from them (issue 18)."""
    import pandas as pd

    from bubblescope.economics.inputs import CAPEX_YEARS
    from bubblescope.economics.vintages import burry_reproduction, vintage_schedules
    from bubblescope.results import to_jsonable

    capex = pd.Series([sc.value(f"capex_{y}") for y in CAPEX_YEARS], index=list(CAPEX_YEARS), dtype=float)
    table = vintage_schedules(capex, sc.value("chip_life_reported"), sc.value("chip_life_economic"),
                              sc.pct("server_share_of_capex"))
    return to_jsonable({"vintages": table, "burry": burry_reproduction(sc).to_dict()})


def _print_inputs(sc: Scenario, json_out: bool) -> None:
    frame = sc.inputs_frame()
    if json_out:
        print_json({"scenario": sc.name, "inputs": frame})
        return
    t = Table(title=f"Inputs of scenario {sc.name}", show_lines=False)
    for col in ("name", "value", "unit", "source"):
        t.add_column(col, overflow="fold")
    for _, r in frame.iterrows():
        src = r["source"] + (f" [{r['evidence']}]" if r["evidence"] else "")
        t.add_row(r["name"] + (" *" if r["overridden"] else ""), _fmt(r["value"], r["unit"]), r["unit"], src)
    emit(t)


def _print_tables(a: CapexAssessment, tor: Tornado, sens: Sensitivity, lives: pd.DataFrame) -> None:
    _print_revenue(a)
    _print_other(a)
    if len(lives):
        _print_lives(lives)
    _print_sensitivity(sens)
    _print_tornado(tor)
    _print_sources(a.scenario)


def _print_revenue(a: CapexAssessment) -> None:
    sc = a.scenario
    console.print(
        f"[bold]Scenario {sc.name}[/bold]: AI revenue gap [bold]{a.revenue_gap:,.0f} USD bn a year[/bold] "
        f"(required {a.required_revenue:,.0f} by {sc.headline}, actual {a.actual_revenue:,.0f})",
        highlight=False,
    )
    t = Table(title="Revenue needed to justify the capex (USD bn a year)")
    for col in ("method", "required", "actual", "gap", "inputs"):
        t.add_column(col, overflow="fold")
    for name, r in a.revenue.items():
        inputs = ", ".join(f"{k}={_fmt(v)}" for k, v in r.assumptions.items())
        t.add_row(name + (" (headline)" if name == sc.headline else ""), _fmt(r.required_revenue),
                  _fmt(r.actual_revenue or 0.0), _fmt(r.gap or 0.0), inputs)
    emit(t)
    console.print(f"actual AI revenue: {sc.inputs['actual_ai_revenue'].source}", markup=False, highlight=False)
    rp = a.revenue_path.frame
    yr = max(y for y in rp.index if rp.loc[y, "capex"] > 0)
    console.print(
        f"the four hyperscalers' capex schedule alone needs {rp.loc[yr, 'required_revenue']:,.0f} USD bn of revenue "
        f"in {yr} (same return, margin and lives)", markup=False, highlight=False,
    )
    console.print(a.jpm_summary(), markup=False, highlight=False)


def _print_other(a: CapexAssessment) -> None:
    o = Table(title="Depreciation, chips, financing, power")
    for col in ("item", "value", "unit"):
        o.add_column(col, overflow="fold")
    for row in (*_depreciation_rows(a), *_chip_rows(a), *_financing_rows(a), *_power_rows(a)):
        o.add_row(*row)
    emit(o)


Row = tuple[str, str, str]


def _depreciation_rows(a: CapexAssessment) -> list[Row]:
    dep = a.depreciation
    rows = [(f"depreciation understated {dep.period[0]}-{dep.period[1]} ({dep.economic_life:g}y vs "
             f"{dep.reported_life:g}y)", _fmt(dep.cumulative_understatement), "USD bn")]
    if dep.cumulative_share_of_earnings is not None:
        rows.append(("  as a share of reported pre-tax income", _fmt(dep.cumulative_share_of_earnings, "fraction"), ""))
    rows.append(("  Burry's estimate (for comparison)", _fmt(a.scenario.value("burry_understatement")), "USD bn"))
    return rows


def _chip_rows(a: CapexAssessment) -> list[Row]:
    ch = a.chips
    return [
        ("chip value half-life", _fmt(ch.half_life), "years"),
        (f"value lost idle {ch.idle_years:g} year(s)", _fmt(ch.idle_value_loss / ch.cost, "fraction"), "of cost"),
        ("break-even utilisation (over 100%: never earns back)",
         _fmt(ch.breakeven_utilisation, "fraction") if ch.breakeven_utilisation is not None
         else "never (rent below operating cost)", ""),
    ]


def _financing_rows(a: CapexAssessment) -> list[Row]:
    f = a.financing
    rows = [(f"financing gap {f.period[0]}-{f.period[1]}" if f.period else "financing gap", _fmt(f.gap), "USD bn")]
    rows += [(f"  from {k.replace('_', ' ')}", _fmt(v), "USD bn") for k, v in f.by_source.items()]
    return rows


def _power_rows(a: CapexAssessment) -> list[Row]:
    p = a.power
    rows = [("GW implied a year", _fmt(p.implied_gw_per_year), "GW")]
    rows += [(f"idle capex with a {r['queue_years']:g}-year queue", _fmt(r["idle_capex"]), "USD bn")
             for _, r in p.frame.iterrows()]
    rows.append(("carrying cost per year of delay", _fmt(p.cost_per_year_of_delay), "USD bn"))
    pf = a.power_path.frame
    last = pf.index[-1]
    rows.append((f"hyperscaler capex {last}: GW implied / able to connect",
                 f"{pf.loc[last, 'implied_gw']:,.1f} / {pf.loc[last, 'connectable_gw']:,.1f}", "GW"))
    rows.append((f"  equipment idle waiting for power, end {last}", _fmt(pf.loc[last, "idle_capex"]), "USD bn"))
    return rows


def _print_lives(lives: pd.DataFrame) -> None:
    import pandas as pd

    lt = Table(title="Disclosed server useful-life changes (company filings)")
    for col in ("company", "life (years)", "effective", "profit effect (USD bn)", "evidence"):
        lt.add_column(col, overflow="fold")
    for _, r in lives.iterrows():
        prior = "?" if pd.isna(r["prior_life"]) else f"{r['prior_life']:g}"
        eff = "" if pd.isna(r["effect"]) else f"{r['effect']:+g}"
        lt.add_row(r["company"], f"{prior} -> {r['new_life']:g}", r["effective"], eff, r["id"])
    emit(lt)


def _print_sensitivity(sens: Sensitivity) -> None:
    s = Table(title=f"Sensitivity of {sens.output} (USD bn a year unless a share)")
    tab = sens.table
    s.add_column(" \\ ".join(sens.parameters))
    if len(sens.parameters) == 1:
        s.add_column(sens.output)
        for idx, row in tab.iterrows():
            s.add_row(f"{idx:g}", _fmt(row.iloc[0]))
    else:
        for c in tab.columns:
            s.add_column(f"{c:g}")
        for idx, row in tab.iterrows():
            s.add_row(f"{idx:g}", *[_fmt(v) for v in row])
    emit(s)


def _print_tornado(tor: Tornado) -> None:
    tt = Table(title=f"Tornado: {tor.output} (base {tor.base_value:,.0f})")
    for col in ("input", "low", "high", "at low", "at high", "swing"):
        tt.add_column(col)
    for _, r in tor.table.iterrows():
        tt.add_row(r["parameter"], f"{r['low']:g}", f"{r['high']:g}", _fmt(r["out_low"]), _fmt(r["out_high"]),
                   _fmt(r["swing"]))
    emit(tt)


def _print_sources(sc: Scenario) -> None:
    src = Table(title="Inputs and sources (* = changed with --set)")
    for col in ("input", "value", "unit", "source"):
        src.add_column(col, overflow="fold")
    for name, i in sc.inputs.items():
        src.add_row(name + (" *" if i.overridden else ""), _fmt(i.value, i.unit), i.unit,
                    i.source + (f" [{i.evidence}]" if i.evidence else ""))
    emit(src)
    if sc.unresolved:
        console.print("evidence ids not in the evidence base (inline sources shown): " + ", ".join(sc.unresolved),
                      markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("capex")(capex)
