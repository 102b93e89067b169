"""Share of the market in a bubble over time (issue 19, point 6): monthly, real time, Dask engine."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.errors import InputError
from bubblescope.results import to_jsonable
from bubblescope.scan.share import DEFINITION, bubble_share, instrument_flags


def _universe() -> dict[str, pd.Series]:
    rng = np.random.default_rng(3)
    days = pd.bdate_range("1980-01-01", "2012-12-31")
    calm = pd.Series(np.exp(np.cumsum(rng.normal(0.0002, 0.01, len(days)))), index=days)
    boom_path = np.where((days >= "1997-01-01") & (days <= "2000-03-31"), 0.0025, 0.0)  # ~+100 %/yr
    bust = np.where((days > "2000-03-31") & (days <= "2002-10-31"), -0.0015, 0.0)
    boom = pd.Series(np.exp(np.cumsum(boom_path + bust + rng.normal(0.0002, 0.01, len(days)))), index=days)
    short = calm.loc["2008":] * 3
    return {"CALM": calm, "BOOM": boom, "SHORT": short}


UNI = _universe()


@pytest.fixture(scope="module")
def share():
    return bubble_share(UNI, reps=49)


def test_share_counts_flagged_instruments_among_those_read(share):
    res = share
    f = res.frame
    mar00 = f.loc["2000-03-31"]
    assert mar00["gsy_n"] == 2 and mar00["gsy_share"] == 50.0  # BOOM's 2-year return is over 100 %
    assert f.loc["1995-06-30", "gsy_share"] == 0.0
    assert f.loc["2010-06-30", "gsy_n"] == 3  # SHORT has 2 years of data by then
    g = f.dropna(subset=["gsy_share"])
    assert 0 <= f["any_share"].max() <= 100
    assert (g["any_share"] * g["any_n"] >= g["gsy_share"] * g["gsy_n"] - 1e-6).all()  # any >= each test
    assert res.last_date == "2012-12-31" and res.definition == DEFINITION
    assert any("SHORT: gmo" in n for n in res.notes)  # too short for the GMO trend: said, not guessed


def test_share_is_real_time_no_look_ahead(share):
    full = share.frame
    cut = bubble_share(UNI, reps=49, as_of="2000-06-30").frame
    assert cut.index[-1] == pd.Timestamp("2000-06-30")
    for col in ("gsy_share", "gsy_n", "gmo_share", "gmo_n"):
        pd.testing.assert_series_equal(cut[col], full.loc[:"2000-06-30", col], check_freq=False)


def test_instrument_flags_psy_flags_the_boom():
    flags, _ = instrument_flags("BOOM", UNI["BOOM"], reps=49)
    assert flags.loc["1999-01-31":"2000-03-31", "psy"].max() == 1.0
    assert flags.loc["1985-01-31":"1995-12-31", "psy"].mean() < 0.2


def test_gauge_signal_and_json(share):
    res = share
    g = res.gauge()
    assert g.available and g.light in ("green", "amber", "red") and g.history is not None
    (sig,) = res.to_signals()
    assert sig.family == "market_tests" and sig.as_of == "2012-12-31"
    d = json.loads(json.dumps(to_jsonable(res.to_dict())))
    assert d["series"][0]["month"] == "1980-01" and "NaT" not in json.dumps(d)
    with pytest.raises(InputError):
        bubble_share({})


@pytest.mark.slow
def test_dask_engine_matches_serial(share):
    serial = share.frame
    dask = bubble_share(UNI, reps=49, client=None, workers=1).frame
    pd.testing.assert_frame_equal(serial, dask)


def test_report_section_shows_share_chart_and_definition(share):
    from bubblescope.report.sections.scan import section_from_result
    from bubblescope.scan import scan_universe

    res = scan_universe(UNI, tests="gauges", client="serial")
    sec = section_from_result(res, share=share)
    assert "Share of the market in a bubble" in sec.html and "fig-bubble-share" in sec.html
    assert "Definition: Share of the scan" in sec.html
    assert sec.data["bubble_share"]["definition"] == DEFINITION
