"""`bubblescope stress [SCENARIO]`: who loses most if the boom bursts, each edge traced to a source."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from bubblescope.cli._common import JsonOption, print_json, write_plot
from bubblescope.cli._table import ColumnsOption, FormatOption, emit, note, use_output
from bubblescope.errors import InputError

if TYPE_CHECKING:  # imported inside the command so `stress --help` stays fast
    from bubblescope.stress import Scenario, StressResult
    from bubblescope.stress.circular import CircularFinancing
    from bubblescope.stress.network import Network


def _fmt(v: float, digits: int = 1) -> str:
    return "n/d" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.{digits}f}"


def register(app: typer.Typer) -> None:
    app.command("stress")(stress)


def stress(
    scenario: str = typer.Argument(
        "openai-shortfall", help="A packaged scenario (openai-shortfall, gpu-value-halves, "
        "ai-equities-halve, ai-bust, dotcom-style-crash; see --list) or a scenario YAML file."),
    network: str = typer.Option(
        None, "--network", help="A packaged network name or a network YAML file (default: the scenario's)."),
    method: str = typer.Option("debtrank", "--method", help="debtrank or eisenberg-noe."),
    mpc: float = typer.Option(0.032, "--mpc", help="Consumption per dollar of stock wealth lost (0.02–0.05)."),
    alpha: float = typer.Option(None, "--alpha", help="Eisenberg–Noe: share of external assets a defaulter "
                                "realises (1 − fire-sale cost), in (0, 1]; overrides the scenario."),
    beta: float = typer.Option(None, "--beta", help="Eisenberg–Noe: share of incoming payments a defaulter "
                               "realises (1 − bankruptcy cost), in (0, 1]; overrides the scenario."),
    all_edges: bool = typer.Option(False, "--all-edges", help="List every edge, not only those with a loss."),
    list_: bool = typer.Option(False, "--list", help="List the packaged scenarios and networks, then exit."),
    json_out: bool = JsonOption,
    plot: Path = typer.Option(None, "--plot", help="Write a network graph (node size = loss) as HTML.",
                              dir_okay=False),
    fmt: str = FormatOption,
    columns: str = ColumnsOption,
) -> None:
    """Propagate a shock through the exposure network and rank who loses most."""
    with use_output(fmt, columns):
        _stress(scenario, network, method, mpc, alpha, beta, all_edges, list_, json_out, plot)


def _stress(scenario: str, network: str | None, method: str, mpc: float, alpha: float | None,
            beta: float | None, all_edges: bool, list_: bool, json_out: bool, plot: Path | None) -> None:
    from bubblescope.stress import load_network, run_stress

    if list_:
        _print_list()
        return
    sc = _scenario(scenario, method, mpc, {"alpha": alpha, "beta": beta})
    net = load_network(network or sc.network)
    res = run_stress(net, sc, method=method, mpc=mpc)
    circ = _circular(net)
    if plot is not None:
        write_plot(res.plot(), plot)
    if json_out:
        d = res.to_dict()
        d["circular_financing"] = circ.to_dict() if circ is not None else None
        print_json(d)
        return
    _print_losses(res)
    note(f"What default means here: {res.default_meaning}")
    if circ is not None:
        note(circ.summary())
    _print_edges(res, all_edges)
    for a in res.assumptions:
        note(f"assumption: {a}")
    if plot is not None:
        note(f"plot written to {plot}")


def _circular(net: Network) -> CircularFinancing | None:
    """The recycling ratio of the network, or None when it has no equity links into AI labs."""
    from bubblescope.errors import InputError
    from bubblescope.stress.circular import circular_financing

    try:
        return circular_financing(net)
    except InputError:
        return None


def _print_list() -> None:
    from bubblescope.stress import load_network, load_shock_scenario, packaged_networks, packaged_scenarios

    t = Table(title="Packaged scenarios")
    t.add_column("scenario")
    t.add_column("title")
    t.add_column("network")
    for name in packaged_scenarios():
        sc = load_shock_scenario(name)
        t.add_row(name, sc.title, sc.network)
    emit(t)
    for name in packaged_networks():
        net = load_network(name)
        note(f"network {name}: {net.title} — {len(net.nodes)} nodes, {len(net.edges)} edges, "
             f"{net.unit}, as of {net.as_of}")


def _scenario(name: str, method: str, mpc: float, costs: dict[str, float | None]) -> Scenario:
    """The shock scenario with the command's checks and --alpha/--beta applied."""
    from bubblescope.stress import METHODS, load_shock_scenario

    if method not in METHODS:
        raise InputError(f"--method must be one of: {', '.join(METHODS)} (got {method!r})")
    if not (0 <= mpc <= 1) or math.isnan(mpc):
        raise InputError(f"--mpc must be between 0 and 1 (got {mpc})")
    sc = load_shock_scenario(name)
    given = {k: v for k, v in costs.items() if v is not None}
    for k, v in given.items():
        if not (0 < v <= 1):
            raise InputError(f"--{k} must be in (0, 1], got {v}")
    if given:
        if method != "eisenberg-noe":
            raise InputError("--alpha/--beta apply to --method eisenberg-noe only")
        sc = sc.model_copy(update=given)
    return sc


def _print_losses(res: StressResult) -> None:
    note(f"{res.scenario_title} — network {res.network_id}, method {res.method}, amounts in {res.unit}")
    for s in res.shocks:
        note(f"  shock: {s}")
    t = Table(title="Who loses most", show_lines=False)
    for col, just in (("#", "right"), ("node", "left"), ("type", "left"), ("loss", "right"),
                      ("of which direct", "right"), ("loss/equity", "right"), ("default", "left"),
                      ("round", "right")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    ranked = res.ranked()
    with_pd = bool(ranked["implied_pd_1y"].notna().any())
    if with_pd:
        t.add_column("1y PD from spread", justify="right")
    for rank, (_, r) in enumerate(ranked.iterrows(), start=1):
        if r["loss"] > 0 or r["default"]:
            t.add_row(*_loss_cells(rank, r, with_pd))
    emit(t)
    tot = res.totals
    line = (f"total loss {_fmt(tot['total_loss'])} (direct {_fmt(tot['direct_loss'])}, contagion "
            f"{_fmt(tot['contagion_loss'])}); defaults {int(tot['defaults'])}")
    if "debtrank" in tot:
        line += f"; DebtRank {tot['debtrank']:.4f}"
    note(line)
    if res.macro is not None:
        note(res.macro.summary())


def _loss_cells(rank: int, r: Any, with_pd: bool) -> list[str]:
    lte = "n/d" if math.isnan(r["loss_to_equity"]) else f"{r['loss_to_equity']:.0%}"
    cells = [str(rank), r["name"], r["type"], _fmt(r["loss"]), _fmt(r["direct_loss"]), lte,
             "yes" if r["default"] else "", str(int(r["default_round"])) if r["default"] else ""]
    if with_pd:
        cells.append("" if math.isnan(r["implied_pd_1y"]) else f"{r['implied_pd_1y']:.1%}")
    return cells


def _print_edges(res: StressResult, all_edges: bool) -> None:
    et = Table(title="Edges and their sources")
    for col, just in (("edge", "left"), ("obligor → holder", "left"), ("amount", "right"), ("loss", "right"),
                      ("source (as of; evidence ids)", "left")):
        et.add_column(col, justify=just, overflow="fold")  # type: ignore[arg-type]
    edges = res.edges if all_edges else res.edges[(res.edges["loss"] > 0)]
    for _, e in edges.sort_values("loss", ascending=False, kind="mergesort").iterrows():
        amt = _fmt(e["amount"]) + (" (contingent)" if e["contingent"] else "")
        src = f"{e['source']} (as of {e['as_of']})"
        if isinstance(e["url"], str) and e["url"]:
            src += f" {e['url']}"
        if e["evidence"]:
            src += f"; evidence: {e['evidence']}"
        et.add_row(f"{e['id']}\n[{e['type']}]", f"{e['obligor']} → {e['holder']}", amt, _fmt(e["loss"]), src)
    emit(et)
