"""Compute steps of the report besides the market diagnostics: gauges, investment economics, stress,
the backtest scorecard file and the market scan. Each calls the analysis (or scan) API and returns
result objects; :func:`bubblescope.report.analysis.analyse` runs them in order.

Settings: economics uses the packaged ``base`` scenario and a chip-life grid of :data:`CHIP_LIVES`
years; stress runs every packaged shock scenario on the episode's network; the scan runs
:data:`SCAN_TESTS` over the price CSVs of the data folder, serially.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bubblescope.errors import BubblescopeError
from bubblescope.report.fetch import Fetcher, SeriesInfo, source_entry, source_text

if TYPE_CHECKING:
    import pandas as pd

    from bubblescope.economics import CapexAssessment, Sensitivity
    from bubblescope.evidence.loader import EvidenceBase
    from bubblescope.evidence.schema import Episode
    from bubblescope.gauges.panel import GaugePanel, PriceInput
    from bubblescope.scan import ScanResult
    from bubblescope.stress import StressResult

Progress = Callable[[str], None]

#: The packaged economics scenarios (base/bear/bull) describe the AI boom only.
ECONOMICS_EPISODES = frozenset({"ai-2023"})
#: Chip economic lives (years) for the depreciation sensitivity.
CHIP_LIVES = (2.0, 3.0, 4.0, 5.0, 6.0)
#: Tests of the report's scan: PSY and the gauges take well under a second per series; LPPLS
#: (seconds per series with the FCO settings) is left to ``bubblescope scan``.
SCAN_TESTS: tuple[str, ...] = ("psy", "gauges")


# ------------------------------------------------------------------------------------------- gauges


def funding_input(data_dir: Path | None, as_of: pd.Timestamp | None = None) -> dict[str, Any]:
    """``{"funding_quality": Reading}`` from the SEC files of the data folder (capex / operating cash
    flow, issue 18) with quarters up to ``as_of`` only; ``{}`` when the files or the modules of issue 18
    (data.sec_extracts, economics.funding, gauges.funding) are not there."""
    import importlib

    import pandas as pd

    if data_dir is None or not (data_dir / "sec").is_dir():
        return {}
    try:
        sec = importlib.import_module("bubblescope.data.sec_extracts")
        econ = importlib.import_module("bubblescope.economics.funding")
        wire = importlib.import_module("bubblescope.gauges.funding")
    except ImportError:  # issue 18 not merged yet: the evidence record stays the fallback
        return {}
    try:
        df = sec.load_sec_folder(data_dir / "sec")
        if as_of is not None:
            df = df[pd.to_datetime(df["period_end"]) <= as_of]
        return {"funding_quality": wire.funding_reading(econ.funding_quality(df))}
    except BubblescopeError:
        return {}


def _valuation_inputs(fetch: Fetcher) -> tuple[dict[str, Any], dict[str, Any]]:
    """Shiller table, GDP and (from a local CSV only) the Buffett ratio: GaugeInputs keywords and sources."""
    kw: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    sh = fetch.frame("SHILLER")
    if sh is not None:
        prov = sh.attrs.get("provenance", {})
        p0 = prov.get("cape") or next(iter(prov.values()), None)
        kw.update(shiller=sh, shiller_source=f"Shiller ie_data ({source_text(p0)})")
        sources["SHILLER"] = source_entry(p0, sh.index[-1])
    gdp = fetch.series("fred:GDP")
    if gdp is not None:
        p = gdp.attrs.get("provenance")
        kw.update(gdp=gdp, gdp_source=f"BEA GDP ({source_text(p)})")
        sources["GDP"] = source_entry(p, gdp.index[-1])
    if fetch.data_dir is not None:  # the Buffett ratio has no download source: a CSV in the data folder only
        found = sorted(Path(fetch.data_dir).rglob("buffett_indicator*.csv"))
        buf = fetch.series(str(found[0])) if found else None
        if buf is not None:
            rel = f"local file: {found[0].relative_to(fetch.data_dir)}"
            kw.update(buffett=buf, buffett_source=f"Z.1 NCBEILQ027S / GDP ({rel})")
            sources["BUFFETT"] = source_entry(buf.attrs.get("provenance"), buf.index[-1], mode="local", source=rel)
        from bubblescope.data.conditions import gauge_input_kwargs  # froth, credit, monetary (issue 19)

        try:
            kw.update(gauge_input_kwargs(Path(fetch.data_dir)))
            kw.update(funding_input(Path(fetch.data_dir)))  # issue 18's capex / OCF, once merged
        except BubblescopeError as exc:
            fetch.notes.append(f"gauges: market-conditions files not used ({exc})")
    return kw, sources


def _price_inputs(series: Sequence[SeriesInfo], fetch: Fetcher) -> tuple[list[PriceInput], PriceInput | None]:
    """The episode's prices, and the market (S&P 500) that GSY's run-up is net of."""
    from bubblescope.gauges.panel import PriceInput

    prices = []
    mkt = None
    for info in series:
        pi = PriceInput(info.symbol, info.series, info.source)
        if info.symbol == "^GSPC":
            mkt = pi
        else:
            prices.append(pi)
    if mkt is None and prices:
        spx = fetch.series("^GSPC")
        if spx is not None:
            mkt = PriceInput("^GSPC", spx, source_text(spx.attrs.get("provenance")))
    return prices, mkt


def gauge_panel(ep: Episode, base: EvidenceBase, fetch: Fetcher, series: Sequence[SeriesInfo],
                progress: Progress) -> tuple[GaugePanel, dict[str, Any]]:
    """Every gauge of the episode, evaluated at its peak (ongoing: the latest data), and the inputs' sources."""
    from bubblescope.gauges.panel import GaugeInputs, episode_gauges

    progress("gauges: Shiller CAPE, GDP, run-ups")
    # judged at a date (fetch.as_of): the gauges at that date; otherwise at the peak (ongoing: the latest data)
    at = fetch.as_of.date().isoformat() if fetch.as_of is not None else ep.peak
    kw, sources = _valuation_inputs(fetch)
    prices, mkt = _price_inputs(series, fetch)
    try:
        panel = episode_gauges(ep.id, GaugeInputs(prices=prices, market=mkt, **kw), base, as_of=at)
    except BubblescopeError as exc:
        # a price series the run-up/trend gauges cannot use must not hide the valuation and evidence gauges
        fetch.notes.append(f"gauges: {exc}; run-up and trend gauges left out")
        panel = episode_gauges(ep.id, GaugeInputs(**kw), base, as_of=at)
    return panel, sources


# ------------------------------------------------------------------------------------------- economics, stress


def capex_assessment(ep: Episode, progress: Progress) -> tuple[CapexAssessment | None, Sensitivity | None]:
    """The packaged base scenario and the revenue gap against the chip life (AI episodes only)."""
    if ep.id not in ECONOMICS_EPISODES:
        return None, None
    from bubblescope.economics import load_scenario, run_scenario, sensitivity
    from bubblescope.economics.needed import complete_assessment

    progress("investment economics: base scenario")
    sc = load_scenario("base")
    return complete_assessment(run_scenario(sc)), sensitivity(sc, {"chip_life_economic": list(CHIP_LIVES)}, "revenue_gap")


def stress_results(ep: Episode, progress: Progress) -> tuple[StressResult, ...]:
    """Every packaged shock scenario on the episode's exposure network (none without a network)."""
    from bubblescope.stress import (
        load_network,
        load_shock_scenario,
        packaged_networks,
        packaged_scenarios,
        run_stress,
    )

    if ep.id not in packaged_networks():
        return ()
    progress("stress: exposure network")
    net = load_network(ep.id)
    out = []
    for name in packaged_scenarios():
        sc = load_shock_scenario(name)
        if sc.network == ep.id:
            out.append(run_stress(net, sc))
    return tuple(out)


# ------------------------------------------------------------------------------------------- backtest, scan


def read_backtest(directory: Path) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """``(payload, file, problem)`` for ``directory/validation.json`` written by ``bubblescope backtest``."""
    f = directory / "validation.json"
    if not f.is_file():
        return None, None, f"no validation.json in {directory}"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, str(f), f"{f}: unreadable ({exc})"
    if not isinstance(data, dict) or "scorecard" not in data:
        return None, str(f), f"{f}: no 'scorecard' (not written by bubblescope backtest?)"
    return data, str(f), None


@dataclass(frozen=True)
class ReportScan:
    """The report's market scan: the result, or what it would need (``needs``) when it could not run."""

    result: ScanResult | None = None
    needs: str | None = None
    share: Any = None  # bubblescope.scan.share.BubbleShareResult of the ranked instruments (issue 19)


def market_scan(data_dir: Path | None, *, offline: bool = False, tests: Sequence[str] = SCAN_TESTS,
                as_of: str | None = None, client: Any = "serial",
                progress: Progress | None = None) -> ReportScan:
    """Scan every price CSV under ``data_dir/prices`` (or ``data_dir``) with ``tests``."""
    from bubblescope.scan import scan_universe

    if data_dir is None:
        return ReportScan(needs="a data folder with price CSVs (--data-dir)")
    root = Path(data_dir)
    root = root / "prices" if (root / "prices").is_dir() else root
    files = sorted(p for p in root.rglob("*.csv") if p.is_file())
    if not files:
        return ReportScan(needs=f"price CSV files under {root}")
    if progress is not None:
        progress(f"market scan: {len(files)} price files ({', '.join(tests)})")
    inputs = {p.relative_to(root).with_suffix("").as_posix(): str(p) for p in files}
    try:
        result = scan_universe(inputs, tests=tests, as_of=as_of, client=client, offline=offline)
    except BubblescopeError as exc:
        return ReportScan(needs=f"a scan that can run ({exc})")
    from bubblescope.scan._clean import ranked_prices
    from bubblescope.scan.share import bubble_share

    prices = ranked_prices(result)
    try:
        share = bubble_share(prices, client=client, as_of=as_of) if prices else None
    except BubblescopeError:
        share = None
    return ReportScan(result, share=share)


#: The peak-aligned overlay (issue 15): today's leaders against the Nasdaq of the dot-com episode.
OVERLAY_LEADERS: tuple[str, ...] = ("NVDA", "SMH", "SOXX", "^NDX")
OVERLAY_REFERENCE = ("^IXIC", "1995-01-01", "2002-12-31")


def peak_overlay_step(ep: Episode, fetch: Any, progress: Progress) -> tuple[Any, str | None]:
    """(OverlayResult or None, the reason when None) for an ongoing episode; past episodes: (None, None)."""
    if ep.end is not None:
        return None, None
    from bubblescope.verdict.overlay import peak_overlay

    progress("peak-aligned overlay: " + ", ".join(OVERLAY_LEADERS))
    ref, ref_start, ref_end = OVERLAY_REFERENCE
    series, starts = {}, {}
    for sym in (*OVERLAY_LEADERS, ref):
        s = fetch.series(sym)
        if s is not None and len(s):
            series[sym] = s
            starts[sym] = ref_start if sym == ref else f"{int(ep.start)}-01-01"
    if ref not in series or len(series) < 2:
        return None, f"needs {ref} from {ref_start} and at least one of {', '.join(OVERLAY_LEADERS)}"
    try:
        return peak_overlay(series, starts, reference=ref, reference_end=ref_end), None
    except BubblescopeError as exc:
        return None, str(exc)
