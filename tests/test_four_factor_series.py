"""Issue 20, point 6: series-based indicators (margin debt) read the data series, evidence as fallback."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bubblescope.errors import InputError
from bubblescope.evidence import load_evidence
from bubblescope.framework.score import score_episode
from bubblescope.framework.series import margin_debt_growth_2y, series_records, trailing_growth


def _series(start="2010-01-31", n=60, step=1.0):
    idx = pd.date_range(start, periods=n, freq="ME")
    return pd.Series([100.0 + step * i for i in range(n)], index=idx)


def test_trailing_window_ends_at_as_of():
    s = _series()
    g = trailing_growth(s, "2013-06-15")  # last month-end on or before: 2013-05-31
    assert g.end == pd.Timestamp("2013-05-31") and g.start == pd.Timestamp("2011-05-31")
    assert g.growth_pct == pytest.approx(100 * (s["2013-05-31"] / s["2011-05-31"] - 1))
    # nothing after the as-of date is used: changing later values does not move the result
    later = s.copy()
    later[later.index > "2013-06-15"] = 1e9
    assert margin_debt_growth_2y(later, "2013-06-15") == g.growth_pct


def test_daily_data_and_short_series():
    idx = pd.date_range("2015-01-01", "2017-12-31", freq="D")
    s = pd.Series(range(1, len(idx) + 1), index=idx, dtype=float)
    g = trailing_growth(s, "2017-12-31")
    assert g.end_value == s.iloc[-1] and g.start == pd.Timestamp("2015-12-31")
    with pytest.raises(InputError, match="months before"):
        trailing_growth(_series(n=12), "2010-12-31")
    with pytest.raises(InputError, match="Series indexed by dates"):
        trailing_growth(pd.Series([1.0, 2.0]), "2020-01-01")


def test_series_replaces_evidence_only_where_it_covers():
    base = load_evidence()
    s = _series("1995-01-31", n=400, step=2.0)
    recs = {r.episode: r for r in series_records(base, {"margin_debt": s})}
    assert set(recs) == {"dotcom-1995", "ai-2023"}  # the episodes with margin-debt evidence
    r = recs["dotcom-1995"]
    assert r.coded_by == "bubblescope" and r.as_of == "2000-02-29"  # peak 2000-03-10, trailing
    new = base.with_records(recs.values(), "series")
    f = score_episode("dotcom-1995", new).factor("novice_investors")
    assert f.evidence_ids == ("dotcom-1995.margin-debt-growth-2y-series",)
    # a series that starts too late leaves the dot-com evidence in place (the fallback)
    late = series_records(base, {"margin_debt": _series("2019-01-31", n=100)})
    assert {r.episode for r in late} == {"ai-2023"}
    assert series_records(base, {}) == []


def test_cli_reads_margin_debt_from_data_dir(cli, shared_data):
    d = json.loads(cli("score", "dotcom-1995", "--data-dir", str(shared_data), "--json").out)
    f = next(x for x in d["factors"] if x["factor"] == "novice_investors")
    assert f["evidence_ids"] == ["dotcom-1995.margin-debt-growth-2y-series"]
    raw = pd.read_csv(shared_data / "margin_debt" / "margin_debt_monthly_berset88.csv", index_col=0,
                      parse_dates=True)["margin_debt"]
    want = 100 * (raw["2000-02-29"] / raw["1998-02-28"] - 1)
    assert f["indicators"][0]["value"] == pytest.approx(want)
