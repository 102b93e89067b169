"""Panel GSADF (detect/panel.py): accumulation across series against a hand computation, sieve
bootstrap seeded, Dask equal to serial, alignment rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import psy as P
from bubblescope.detect.panel import align_panel, panel_bsadf, panel_gsadf
from bubblescope.detect.simulate import simulate
from bubblescope.errors import InputError


def _panel(T: int = 120) -> pd.DataFrame:
    cols = {f"b{i}": simulate("psy1", T, seed=i, start=70, end=95).values[0] + 200 for i in range(2)}
    cols["n"] = simulate("volshift", T, seed=7, ratio=1.0, sigma=5.0).values[0] + 200
    return pd.DataFrame(cols, index=pd.date_range("2001-01-31", periods=T, freq="ME"))


def test_panel_bsadf_accumulates_across_series() -> None:
    df = _panel()
    out = panel_bsadf(df, min_window=20)
    a, b, c = (P.bsadf(df[k], min_window=20, log=False).to_numpy() for k in ("b0", "b1", "n"))
    np.testing.assert_allclose(out["panel"].to_numpy(), (a + b + c) / 3, rtol=0, atol=1e-12)
    # a hand case at one date: the three statistics, added, divided by three
    k = 50
    assert out["panel"].iloc[k] == pytest.approx((a[k] + b[k] + c[k]) / 3)
    assert out["panel"].iloc[k] != pytest.approx(c[k])  # not the last series (overwrite bug)


def test_panel_gsadf_seeded_and_rejects_on_bubbles() -> None:
    df = _panel()
    r1 = panel_gsadf(df, log=False, reps=59, seed=3, min_window=20)
    r2 = panel_gsadf(df, log=False, reps=59, seed=3, min_window=20, chunk=7)
    assert r1.gsadf == pytest.approx(r1.bsadf["panel"].max())
    assert r1.rejects
    assert r2.params["chunk"] == 7  # the chunk size is part of the seeding (recorded)
    assert r2.gsadf == r1.gsadf
    r3 = panel_gsadf(df, log=False, reps=59, seed=3, min_window=20)
    np.testing.assert_array_equal(r1.distribution, r3.distribution)
    assert "Panel GSADF" in r1.summary() and r1.to_dict()["rejects"]
    assert r1.to_signals("sim")[0].bubble == 1.0


def test_panel_null_not_rejected_often() -> None:
    sims = simulate("volshift", 120, n_paths=3, seed=5, ratio=1.0, sigma=5.0).values + 200
    rej = 0
    for j in range(6):
        sims = simulate("volshift", 120, n_paths=3, seed=50 + j, ratio=1.0, sigma=5.0).values + 200
        df = pd.DataFrame(sims.T, columns=list("abc"))
        rej += panel_gsadf(df, log=False, reps=59, seed=j, min_window=20).rejects
    assert rej <= 2


def test_dask_equals_serial_threads() -> None:
    from dask.distributed import Client, LocalCluster

    df = _panel(100)
    serial = panel_gsadf(df, log=False, reps=40, seed=2, chunk=10, min_window=20)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dist = panel_gsadf(df, log=False, reps=40, seed=2, chunk=10, min_window=20, client=client)
    np.testing.assert_array_equal(serial.distribution, dist.distribution)
    pd.testing.assert_series_equal(serial.cv, dist.cv)
    assert dist.params["engine"] == "dask"


@pytest.mark.slow
def test_dask_equals_serial_processes() -> None:
    from dask.distributed import Client, LocalCluster

    df = _panel(100)
    serial = panel_gsadf(df, log=False, reps=40, seed=4, chunk=10, min_window=20)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        dist = panel_gsadf(df, log=False, reps=40, seed=4, chunk=10, min_window=20, client=client)
    np.testing.assert_array_equal(serial.distribution, dist.distribution)


def test_alignment_rules() -> None:
    df = _panel()
    ragged = {"a": df["b0"], "b": df["n"].iloc[5:]}
    with pytest.raises(InputError, match="not aligned: b has no value on 2001-01-31"):
        align_panel(ragged)
    inner = align_panel(ragged, align="inner", log=False)
    assert inner.shape == (115, 2) and inner.index[0] == df.index[5]
    with pytest.raises(InputError):
        align_panel({"a": df["b0"]})
    with pytest.raises(InputError):
        align_panel(ragged, align="outer")
    with pytest.raises(InputError):
        panel_gsadf(df, reps=1)
    with pytest.raises(InputError):
        panel_gsadf(df, log=False, client=object())


def test_cli_panel(cli, tmp_path) -> None:
    df = _panel()
    for k in df.columns:
        df[[k]].rename(columns={k: "value"}).rename_axis("date").to_csv(tmp_path / f"{k}.csv")
    df[["n"]].iloc[3:].rename(columns={"n": "value"}).rename_axis("date").to_csv(tmp_path / "short.csv")
    r = cli("panel", str(tmp_path / "b0.csv"), str(tmp_path / "b1.csv"), str(tmp_path / "n.csv"),
            "--reps", "39", "--window", "20", "--json")
    assert r.code == 0, r.err
    assert '"rejects"' in r.out
    r = cli("panel", str(tmp_path / "b0.csv"), str(tmp_path / "short.csv"), "--reps", "39")
    assert r.code == 2 and "not aligned" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("panel", str(tmp_path / "b0.csv"), str(tmp_path / "short.csv"), "--reps", "39", "--align", "inner",
            "--window", "20")
    assert r.code == 0, r.err


def test_panel_psyspec_settings() -> None:
    from bubblescope.detect.psy_spec import PSYSpec

    df = _panel(100)
    a = panel_gsadf(df, PSYSpec(min_window=20, log=False, seed=2), reps=20)
    b = panel_gsadf(df, min_window=20, log=False, seed=2, reps=20)
    np.testing.assert_array_equal(a.distribution, b.distribution)


def test_panel_on_real_tech_prices_dask_equals_serial(shared_data) -> None:
    """The megacap tech names of the scan data (month-end closes, common dates): Dask = serial."""
    from dask.distributed import Client, LocalCluster

    from bubblescope.data import api as data_api

    folder = shared_data / "prices" / "close_batsco"
    names = ["aapl", "msft", "nvda", "googl", "amzn"]
    if not all((folder / f"{n}.csv").exists() for n in names):
        pytest.skip(f"{folder} lacks one of {names}")
    data = {n: data_api.get_series(str(folder / f"{n}.csv"), offline=True).resample("ME").last().dropna()
            for n in names}
    serial = panel_gsadf(data, align="inner", reps=24, seed=1, chunk=6)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dist = panel_gsadf(data, align="inner", reps=24, seed=1, chunk=6, client=client)
    np.testing.assert_array_equal(serial.distribution, dist.distribution)
    assert serial.gsadf == dist.gsadf and serial.params["n_series"] == 5
    assert serial.params["n_obs"] > 150
