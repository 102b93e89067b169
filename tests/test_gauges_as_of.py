"""As-of correctness (issue 19, point 4): with an as-of date nothing dated after it appears anywhere
in the gauges' output (market data, evidence, gauges, past-peak tables)."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bubblescope.evidence.loader import load_evidence
from bubblescope.gauges import GaugeInputs, PriceInput, episode_gauges
from bubblescope.results import to_jsonable

FULL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(T[\d:.]+)?$")
EMBEDDED = re.compile(r"(?<![\w/])\d{4}-\d{2}(-\d{2})?(?!\w)")


def dates_after(obj, cut: str, path: str = "") -> list[tuple[str, str]]:
    """Every date-like string (value, key or date inside a sentence) after ``cut``; file names in
    ``source`` fields and the episode id are not dates."""
    bad: list[tuple[str, str]] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if FULL.match(str(k)) and str(k)[:10] > cut:
                bad.append((path, str(k)))
            bad += dates_after(v, cut, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            bad += dates_after(v, cut, f"{path}[{i}]")
    elif isinstance(obj, str) and not path.endswith(("/source", "/episode")):
        found = [obj] if FULL.match(obj) else [m.group(0) for m in EMBEDDED.finditer(obj)]
        bad += [(path, x) for x in found if x[:10] > cut]
    return bad


def test_dates_after_finds_what_it_should():
    assert dates_after({"as_of": "2001-01-01", "note": "flagged 1999-01..2000-06"}, "2000-03-31") == [
        ("/as_of", "2001-01-01"), ("/note", "2000-06")]
    assert dates_after({"source": "NFCI_2000-2026.csv", "2007": 1}, "2000-03-31") == [("", "2007")]


def _inputs() -> GaugeInputs:
    rng = np.random.default_rng(7)
    months = pd.date_range("1985-01-01", "2026-06-01", freq="MS")
    walk = pd.Series(np.exp(np.cumsum(rng.normal(0.006, 0.04, len(months)))), index=months)
    shiller = pd.DataFrame({"price": 100 * walk, "earnings": 5 * walk ** 0.8, "gs10": 4.0,
                            "cape": 20 * walk ** 0.2, "excess_cape_yield": 0.03, "real_price": 100 * walk,
                            "cpi": np.linspace(100, 300, len(months))}, index=months)
    weeks = pd.date_range("1990-01-05", "2026-06-26", freq="W-FRI")
    wk = pd.Series(rng.normal(0, 1, len(weeks)).cumsum(), index=weeks)
    days = pd.bdate_range("1995-01-02", "2026-06-30")
    px = pd.Series(np.exp(np.cumsum(rng.normal(0.0004, 0.02, len(days)))), index=days)
    cond = {"margin_debt": pd.Series(1e5 * walk.to_numpy(), index=months + pd.offsets.MonthEnd(0)),
            "CPIAUCSL": shiller["cpi"], "aaii_bull_bear": wk, "naaim": wk + 50, "fear_greed": wk + 50,
            "google_trends": wk.loc["2020":] + 20, "VIXCLS": wk.abs() + 10, "BAMLH0A0HYM2": wk.abs() + 3,
            "BAMLC0A0CM": wk.abs() + 1, "NFCI": wk / 10, "ANFCI": wk / 10, "STLFSI4": wk / 10,
            "FEDFUNDS": pd.Series(np.clip(5 + wk.resample("MS").last().to_numpy() / 5, 0, None),
                                  index=wk.resample("MS").last().index)}
    return GaugeInputs(shiller=shiller, buffett=pd.Series(100 * walk.to_numpy() ** 0.5, index=months),
                       prices=[PriceInput("XYZ", px, "synthetic")], market=PriceInput("^GSPC", px * 0.9, "synthetic"),
                       forward_pe=pd.Series(15 + walk.to_numpy() ** 0.3, index=months),
                       valuation_heat=pd.Series(20 + walk.to_numpy() ** 0.3, index=months),
                       valuation_heat_name="synthetic P/E", conditions=cond)


INPUTS = _inputs()
BASE = load_evidence()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2026, 12, 31)))
@example(dt.date(2026, 1, 1))  # an evidence note "checked 2026-11" must not show at an earlier date
@example(dt.date(1999, 7, 1))  # the 2000 peak window had started but not ended
def test_property_nothing_dated_after_a_random_as_of(day):
    panel = episode_gauges("ai-2023", INPUTS, BASE, as_of=day.isoformat())
    out = json.loads(json.dumps(to_jsonable(panel.to_dict())))
    assert dates_after(out, day.isoformat()) == []
    for g in panel.gauges:
        if g.available and g.as_of:
            assert g.as_of[:10] <= day.isoformat(), g.key


def test_cli_ai_2023_as_of_2000_has_no_later_date(cli, shared_data):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data, "--as-of", "2000-03-31", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["as_of"] == "2000-03-31"
    assert dates_after(d, "2000-03-31") == []
    by = {g["key"]: g for g in d["gauges"]}
    assert not by["leader_forward_pe"]["available"] and not by["mag7_share"]["available"]  # 2025 evidence
    assert by["cape"]["available"] and by["cape"]["as_of"] <= "2000-03-31"
