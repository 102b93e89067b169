"""Issue 16 acceptance on real data: the default spec (lag by BIC) dates the 2000s house-price boom as
one episode ending before the crash, and forcing lag 0 raises the serial-correlation warning."""

from __future__ import annotations

import pandas as pd
import pytest

from bubblescope.detect import PSYSpec, psy


@pytest.fixture(scope="module")
def case_shiller(shared_data):
    from bubblescope.data import get_series

    path = shared_data / "fred" / "codex_macro_monitor" / "CSUSHPINSA.csv"
    if not path.exists():
        pytest.skip(f"{path} not present (see ../shared/data/PROVENANCE.md)")
    return get_series(path)


@pytest.mark.slow  # ~5 s: 2000 Monte Carlo replications (the defaults)
def test_case_shiller_default_spec_dates_the_2000s_boom_before_the_crash(case_shiller):
    r = psy(case_shiller)  # the defaults: BIC lags, mc-sadf at size 0.05, 2000 replications
    assert r.spec == PSYSpec() and r.spec.criterion == "bic" and r.spec.lag is None
    eps = r.episodes
    covering = eps[(eps["start"] <= pd.Timestamp("2004-01-01"))
                   & (eps["end"].isna() | (pd.to_datetime(eps["end"]) >= pd.Timestamp("2004-01-01")))]
    assert len(covering) == 1, r.summary()  # one episode through the 2000s boom
    boom = covering.iloc[0]
    assert boom["kind"] == "boom" and not bool(boom["ongoing"])
    assert pd.Timestamp(boom["end"]) <= pd.Timestamp("2007-06-30"), r.summary()
    assert pd.Timestamp(boom["start"]) <= pd.Timestamp("2000-01-01")


def test_case_shiller_lag_0_runs_through_the_crash_and_warns(case_shiller):
    r0 = psy(case_shiller, lag=0, reps=499)
    eps = r0.episodes
    boom = eps[(eps["start"] <= pd.Timestamp("2004-01-01")) & (eps["kind"] == "boom")].iloc[-1]
    assert pd.Timestamp(boom["end"]) >= pd.Timestamp("2008-01-01")  # through the crash
    assert any("lag 0" in w and "Ljung-Box" in w for w in r0.warnings)


def test_cli_warns_when_lag_0_is_forced(cli, case_shiller, shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE_DIR", str(tmp_path / "cache"))
    path = shared_data / "fred" / "codex_macro_monitor" / "CSUSHPINSA.csv"
    r = cli("psy", str(path), "--lag", "0", "--reps", "99")
    assert r.code == 0, r
    assert "warning: Residuals of the ADF regression with lag 0" in r.err
    assert "spec: " in r.out
