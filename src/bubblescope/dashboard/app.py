"""The Streamlit what-if dashboard (run by ``bubblescope dashboard``; do not import).

Layout only: widgets build an :class:`~bubblescope.dashboard.model.Assumptions`, the pure model
computes, and this script shows the numbers, charts and sources. The data folder comes from the
environment variables ``BUBBLESCOPE_DASHBOARD_EVIDENCE_DIR`` (YAML files, ``--evidence-dir``) and
``BUBBLESCOPE_DASHBOARD_MARKET_DIR`` (market CSVs, ``--data-dir``), set by the CLI; nothing else is read.
"""

from __future__ import annotations

import json
import math
import os

import streamlit as st

from bubblescope.dashboard import charts
from bubblescope.dashboard.assumptions import (
    Assumptions,
    DashboardData,
    assumption_sources,
    default_assumptions,
)
from bubblescope.dashboard.data import load_dashboard_data
from bubblescope.dashboard.launch import EVIDENCE_DIR_ENV, MARKET_DIR_ENV
from bubblescope.dashboard.market import (
    LPPLS_YEARS,
    MAIN_INDICES,
    PSY_START,
    MarketDiagnostic,
    market_diagnostics,
)
from bubblescope.dashboard.model import WhatIfResult, compute_whatif
from bubblescope.errors import BubblescopeError
from bubblescope.evidence.schema import FACTORS
from bubblescope.framework.score import FACTOR_TITLES
from bubblescope.results import to_jsonable
from bubblescope.stress import METHODS

PLOT_CONFIG = {"displaylogo": False, "responsive": True}

st.set_page_config(page_title="bubblescope — what-if", layout="wide", initial_sidebar_state="expanded")


@st.cache_resource(show_spinner=False)
def _data(data_dir: str | None) -> DashboardData:
    return load_dashboard_data(data_dir)


@st.cache_resource(show_spinner=False, max_entries=32)
def _default_result(data_dir: str | None, capex: str, shock: str) -> WhatIfResult:
    data = _data(data_dir)
    return compute_whatif(data, default_assumptions(data, capex, shock))


def _bn(v: float) -> str:
    return f"{v:,.0f}"


def _delta(v: float, base: float, fmt: str = "{:+,.0f}") -> str | None:
    if not (math.isfinite(v) and math.isfinite(base)) or math.isclose(v, base, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return fmt.format(v - base) + " vs default"


RESET_KEY = "reset_generation"


def _reset() -> None:
    st.session_state[RESET_KEY] = st.session_state.get(RESET_KEY, 0) + 1


def _sidebar(data: DashboardData) -> Assumptions:
    sb = st.sidebar
    sb.header("Assumptions")
    capex = sb.selectbox("Economics scenario", sorted(data.capex_scenarios),
                         index=sorted(data.capex_scenarios).index("base") if "base" in data.capex_scenarios else 0,
                         help="Sets the defaults of the economics sliders (packaged: base, bear, bull).")
    shock_names = sorted(data.shock_scenarios)
    shock = sb.selectbox("Stress scenario", shock_names,
                         index=shock_names.index("ai-bust") if "ai-bust" in shock_names else 0,
                         format_func=lambda k: f"{k}: {data.shock_scenarios[k].title}",
                         help="Sets the defaults of the shock sliders.")
    d = default_assumptions(data, capex, shock)
    # Widget keys name the preset that sets their default, so a new economics scenario resets only the
    # economics sliders and a new stress scenario only the shock sliders; everything else keeps its
    # value. The reset button bumps the generation: every widget starts again from its default.
    gen = st.session_state.get(RESET_KEY, 0)
    k = f"{capex}|{gen}"
    ks = f"{shock}|{gen}"
    kk = f"{gen}"
    sb.button("Reset all to the scenarios' defaults", on_click=_reset, key="reset_button",
              help="Choosing a scenario resets only the sliders that scenario sets; this resets every one.")

    sb.subheader("Revenue")
    ai_revenue = sb.slider("AI revenue (USD bn a year)", 0.0, max(1000.0, d.ai_revenue), d.ai_revenue, 5.0, format="%.0f",
                           key=f"ai_revenue|{k}")
    growth = sb.slider("AI revenue growth (% a year)", 0.0, 150.0, d.ai_revenue_growth_pct, 0.5, format="%.1f",
                       key=f"growth|{k}")
    op_margin = sb.slider("Operating margin m (%)", 5.0, 95.0, d.operating_margin_pct, 1.0, format="%.0f", key=f"op_margin|{k}")
    gm = sb.slider("End-user gross margin, Sequoia (%)", 5.0, 95.0, d.end_user_gross_margin_pct, 1.0, format="%.0f", key=f"gm|{k}")
    ret = sb.slider("Target return r (%)", 0.0, 25.0, d.target_return_pct, 0.5, format="%.1f", key=f"ret|{k}")
    sb.subheader("Capex and chips")
    inv = sb.slider("AI build-out I (USD bn)", 500.0, 12000.0, d.invested_capital, 100.0, format="%.0f", key=f"inv|{k}")
    scale = sb.slider("Capex path 2026-2028 (% of scenario)", 25.0, 200.0, d.capex_scale_pct, 5.0, format="%.0f", key=f"scale|{k}")
    life_e = sb.slider("Chip economic life (years)", 1.0, 8.0, d.chip_life_economic, 0.5, format="%.1f", key=f"life_e|{k}")
    life_r = sb.slider("Chip reported life (years)", 1.0, 8.0, d.chip_life_reported, 0.5, format="%.1f", key=f"life_r|{k}")
    cover = sb.slider("Capex covered by cash flow 2025-28 (USD bn)", 0.0, 3000.0, d.cash_flow_cover, 50.0, format="%.0f",
                      key=f"cover|{k}")
    sb.subheader("Shocks")
    oa = sb.slider("OpenAI: commitments unpaid (%)", 0, 100, round(100 * d.openai_shortfall), 5, key=f"oa|{ks}")
    gpu = sb.slider("GPU value write-down (%)", 0, 100, round(100 * d.gpu_value_loss), 5, key=f"gpu|{ks}")
    aie = sb.slider("AI equities drawdown (%)", 0, 100, round(100 * d.ai_equity_drawdown), 5, key=f"aie|{ks}")
    mkt = sb.slider("Rest of US stocks drawdown (%)", 0, 100, round(100 * d.market_drawdown), 1, key=f"mkt|{ks}")
    mpc = sb.slider("MPC out of stock wealth (USD per USD)", 0.0, 0.10, d.mpc, 0.002, format="%.3f", key=f"mpc|{kk}")
    method = sb.selectbox("Contagion method", list(METHODS), key=f"method|{kk}")
    sb.subheader("Four factors")
    with_whatif = sb.checkbox("Score uncertainty with the what-if revenue coverage", True, key=f"whatif|{kk}")
    overrides: dict[str, int] = {}
    for f in FACTORS:
        choice = sb.selectbox(f"{FACTOR_TITLES[f]} points", ["computed", 0, 1, 2], key=f"ov_{f}|{kk}")
        if isinstance(choice, int):  # "computed" leaves the factor to the rubric
            overrides[f] = choice
    return d.replace(
        ai_revenue=ai_revenue, ai_revenue_growth_pct=growth, operating_margin_pct=op_margin,
        end_user_gross_margin_pct=gm, target_return_pct=ret, invested_capital=inv, capex_scale_pct=scale,
        chip_life_economic=life_e, chip_life_reported=life_r, cash_flow_cover=cover,
        openai_shortfall=oa / 100.0, gpu_value_loss=gpu / 100.0, ai_equity_drawdown=aie / 100.0,
        market_drawdown=mkt / 100.0, mpc=mpc, stress_method=method, overrides=overrides,
        score_with_whatif=with_whatif,
    )


def _headline(res: WhatIfResult, base: WhatIfResult) -> None:
    m, b = res.metrics, base.metrics
    top, bottom = st.columns(3), st.columns(3)
    c = [*top, *bottom]
    c[0].metric("Revenue gap (USD bn a year)", _bn(m["revenue_gap"]), _delta(m["revenue_gap"], b["revenue_gap"]),
                delta_color="inverse", border=True,
                help=f"Revenue needed ({res.economics.scenario.headline}) minus actual AI revenue")
    c[1].metric("Depreciation gap (USD bn)", _bn(m["depreciation_gap"]), _delta(m["depreciation_gap"], b["depreciation_gap"]),
                delta_color="inverse", border=True,
                help="Depreciation understated over the comparison period: economic vs reported chip life")
    c[2].metric("Financing gap (USD bn)", _bn(m["financing_gap"]), _delta(m["financing_gap"], b["financing_gap"]),
                delta_color="inverse", border=True, help="Capex not covered by operating cash flow, 2025-2028")
    c[3].metric("Stress losses (USD bn)", _bn(m["stress_total_loss"]),
                _delta(m["stress_total_loss"], b["stress_total_loss"]), delta_color="inverse", border=True,
                help=f"Total loss on the exposure network, {int(m['stress_defaults'])} default(s)")
    c[4].metric("Consumption drop (USD bn a year)", _bn(m["consumption_drop"]),
                _delta(m["consumption_drop"], b["consumption_drop"]), delta_color="inverse", border=True,
                help="Household wealth effect at the chosen MPC")
    c[5].metric("Four-factor score", f"{res.score.total}/8", _delta(m["score_total"], b["score_total"], "{:+.0f}"),
                delta_color="inverse", border=True, help="Goldfarb & Kirsch: 0-2 points per factor")


def _verdict_header(res: WhatIfResult, market_dir: str | None) -> None:
    """The verdict on these assumptions (the same rule as `bubblescope verdict` and the report)."""
    from bubblescope.dashboard.model import whatif_verdict

    market = _market_results(market_dir) if market_dir else []
    v = whatif_verdict(res, market)
    word = v.verdict or "no verdict"
    st.markdown(f"### Verdict: {word}" + (f" · stage {v.stage}" if v.stage else ""))
    st.caption(v.paragraph() + " Rule: " + v.why + ".")


def main() -> None:
    data_dir = os.environ.get(EVIDENCE_DIR_ENV) or None
    market_dir = os.environ.get(MARKET_DIR_ENV) or None
    try:
        data = _data(data_dir)
    except BubblescopeError as exc:
        st.error(f"error: {exc}")
        st.stop()
        return
    st.title("bubblescope what-if")
    st.caption("Move the assumptions on the left: the revenue gap, depreciation gap, financing gap, stress "
               "losses, wealth effect and four-factor score update. Defaults come from the scenarios and "
               "evidence listed under Sources. Reads only the package's data"
               + (f" and {data.data_dir}" if data.data_dir else "") + "; no network.")
    for note in data.ignored:
        st.info(f"ignored {note}")
    a = _sidebar(data)
    try:
        res = compute_whatif(data, a)
        base = _default_result(data_dir, a.capex_scenario, a.shock_scenario)
    except BubblescopeError as exc:
        st.error(f"error: {exc}")
        st.stop()
        return
    _verdict_header(res, market_dir)
    whatif_tab, market_tab = st.tabs(["What-if", "Market diagnostics"])
    with whatif_tab:
        _headline(res, base)
        _economics(res, a)
        _stress(res)
        _score_and_sources(res, data, a)
    with market_tab:
        _market(market_dir)


@st.cache_resource(show_spinner=False, max_entries=4)
def _market_results(market_dir: str) -> list[MarketDiagnostic]:
    return market_diagnostics(market_dir)


def _market(market_dir: str | None) -> None:
    st.subheader("Market diagnostics")
    if market_dir is None:
        st.info("No market data folder: start the dashboard with --data-dir (for example "
                "`bubblescope dashboard --data-dir ../shared/data`) to run PSY and LPPLS on "
                + ", ".join(MAIN_INDICES) + ".")
        return
    st.caption(f"PSY explosive-root tests (month-end closes since {PSY_START}) and LPPLS confidence "
               f"indicators (last {LPPLS_YEARS} years) on the main indices in {market_dir}, with the report's "
               "settings; computed once, then cached.")
    if not st.toggle("Run PSY and LPPLS on " + ", ".join(MAIN_INDICES), key="market_run"):
        st.info("Switch on to compute (a few seconds the first time).")
        return
    with st.spinner("PSY and LPPLS on the main indices"):
        results = _market_results(market_dir)
    for r in results:
        st.markdown(f"#### {r.symbol}" + (f" (to {r.as_of}; {r.source})" if r.as_of else ""))
        for note in r.notes:
            st.info(note)
        c1, c2 = st.columns(2)
        for col, res, name in ((c1, r.psy, "PSY"), (c2, r.lppls, "LPPLS")):
            if res is None:
                continue
            col.plotly_chart(res.plot(), config=PLOT_CONFIG, key=f"chart_{name}_{r.symbol}")
            col.text(res.summary().splitlines()[0])


def _economics(res: WhatIfResult, a: Assumptions) -> None:
    m = res.metrics
    yrs = m["years_to_close_gap"]
    when = ("never at this growth" if not math.isfinite(yrs)
            else "already" if yrs == 0 else f"in {yrs:.1f} years (around {m['year_gap_closed']:.0f})")
    st.subheader("Revenue gap")
    st.markdown(
        f"Needed **{m['required_revenue']:,.0f} USD bn a year** (phased, in the last capex year) "
        f"against AI revenue of **{m['actual_revenue']:,.0f}** ({m['revenue_coverage_pct']:.1f}% covered). "
        f"At {a.ai_revenue_growth_pct:g}% a year revenue reaches the requirement **{when}**.")
    c1, c2 = st.columns(2)
    c1.plotly_chart(charts.revenue_figure(res), config=PLOT_CONFIG, key="chart_revenue")
    c2.plotly_chart(charts.methods_figure(res), config=PLOT_CONFIG, key="chart_methods")

    st.subheader("Depreciation and financing")
    share = m["depreciation_gap_share_of_income"]
    st.markdown(
        f"At a {a.chip_life_economic:g}-year economic life instead of {a.chip_life_reported:g} years, depreciation is "
        f"understated by **{m['depreciation_gap']:,.0f} USD bn**"
        + ("" if math.isnan(share) else f" ({share:.1%} of reported pre-tax income)")
        + f". Of {m['financing_need']:,.0f} USD bn of capex, **{m['financing_gap']:,.0f}** must come from outside.")
    c1, c2 = st.columns(2)
    c1.plotly_chart(charts.depreciation_figure(res), config=PLOT_CONFIG, key="chart_depreciation")
    c2.plotly_chart(charts.financing_figure(res), config=PLOT_CONFIG, key="chart_financing")


def _stress(res: WhatIfResult) -> None:
    m = res.metrics
    st.subheader("Stress and wealth effect")
    if res.stress is None:
        st.info("Every shock is 0, so there is nothing to propagate: no losses and no wealth effect to "
                "chart. Move a shock slider on the left to see who loses.")
        return
    else:
        w = res.wealth
        st.markdown(
            f"Shocks: {'; '.join(res.stress.shocks)}. Total loss **{m['stress_total_loss']:,.0f} USD bn** "
            f"({m['stress_contagion_loss']:,.0f} from contagion), **{int(m['stress_defaults'])}** default(s)"
            + ("" if w is None else
               f"; households lose {m['wealth_loss']:,.0f} USD bn of stock wealth and cut spending by "
               f"**{m['consumption_drop']:,.0f} USD bn a year** ({m['consumption_drop_share_of_gdp']:.2%} of GDP)")
            + ".")
    c1, c2 = st.columns(2)
    c1.plotly_chart(charts.stress_figure(res), config=PLOT_CONFIG, key="chart_stress")
    if res.wealth is None:
        c2.info("The shocks leave household stock wealth unchanged, so there is no wealth effect to chart.")
    else:
        c2.plotly_chart(charts.wealth_figure(res), config=PLOT_CONFIG, key="chart_wealth")


def _score_and_sources(res: WhatIfResult, data: DashboardData, a: Assumptions) -> None:
    st.subheader("Four factors")
    c1, c2 = st.columns(2)
    c1.plotly_chart(charts.score_figure(res), config=PLOT_CONFIG, key="chart_score")
    c2.markdown("\n".join([f"**{res.score.total}/8** on the Goldfarb & Kirsch rubric:", ""]
                           + [f"- {f.title}: {f.points}/2 ({f.basis})" for f in res.score.factors]))
    frame = res.score.to_frame().reset_index()[["factor", "points", "computed_points", "basis", "rationale"]]
    st.table(frame.set_index("factor"))  # full width: the rationale column is long text

    st.subheader("Sources of every default")
    src = assumption_sources(data, a)
    src["value"] = [f"{v:,.4g}" for v in src["value"]]
    src["default"] = [f"{v:,.4g}" for v in src["default"]]
    st.table(src.set_index("assumption")[["label", "value", "default", "unit", "source"]])
    payload = {**res.to_dict(), "sources": assumption_sources(data, a)}
    st.download_button("Download this what-if (JSON)", json.dumps(to_jsonable(payload), indent=2, allow_nan=False),
                       file_name="bubblescope-whatif.json", mime="application/json")


main()
