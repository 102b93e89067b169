"""The scan engine: seeds, error rows, resume, Dask vs serial equality, bad input.

The engine is tested with a small seeded bootstrap test defined here (so these tests do not depend
on the PSY/LPPLS modules); ``test_scan_detectors.py`` runs the built-in tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cloudpickle
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.scan import ScanResult, ScanTest, data_hash, derive_seed, scan

# Workers of a LocalCluster cannot import this test module: ship its functions by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _boot_key(series: pd.Series, options) -> int:
    return len(series) // int(options.get("bucket", 1000))


def _boot_shared(key, options, seed: int) -> float:
    return float(np.random.default_rng(seed).normal())


def _boot_run(series: pd.Series, *, options, seed: int, shared) -> dict:
    x = series.to_numpy()
    if (x <= 0).any():
        raise InputError("boot: log returns need positive prices")
    r = np.diff(np.log(x))
    if len(r) < 2:
        raise InputError("boot: need at least 3 prices")
    means = np.random.default_rng(seed).choice(r, size=(int(options.get("reps", 50)), len(r))).mean(axis=1)
    return {"boot_mean": float(means.mean()), "boot_sd": float(means.std()), "boot_shared": shared,
            "boot_up": bool(r.sum() > 0), "boot_peak": series.idxmax()}


BOOT = ScanTest(
    name="boot",
    columns=(("boot_mean", "float"), ("boot_sd", "float"), ("boot_shared", "float"), ("boot_up", "bool"),
             ("boot_peak", "date")),
    run=_boot_run, shared_key=_boot_key, make_shared=_boot_shared,
)


def _frame(n_series: int = 6, n: int = 300, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2020-01-01", periods=n)
    return pd.DataFrame(
        {f"s{i}": 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))) for i in range(n_series)}, index=idx
    )


def _results(r: ScanResult) -> pd.DataFrame:
    return r.frame.drop(columns=["seconds"])


def _price_files(shared_data: Path) -> list[str]:
    stocks = sorted((shared_data / "prices" / "yfinance_whan1569" / "stocks").glob("*.csv"))
    indices = sorted((shared_data / "prices" / "yfinance_whan1569" / "indices").glob("*.csv"))
    files = [str(p) for p in stocks + indices]
    if len(files) < 20:
        pytest.skip("prices/ folder is incomplete")
    return files


# -- seeds -------------------------------------------------------------------------------------

def test_derive_seed_is_stable_across_processes_and_depends_on_inputs():
    here = derive_seed(7, "NVDA")
    code = "from bubblescope.scan import derive_seed; print(derive_seed(7, 'NVDA'))"
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONHASHSEED": "123", "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
             "PATH": "/usr/bin:/bin"},
    )
    assert int(other.stdout) == here
    assert derive_seed(7, "NVDA") != derive_seed(8, "NVDA")
    assert derive_seed(7, "NVDA") != derive_seed(7, "AMD")
    assert 0 <= here < 2**32


def test_data_hash_changes_with_values_and_dates():
    s = _frame(1)["s0"]
    assert data_hash(s) == data_hash(s.copy())
    t = s.copy()
    t.iloc[5] += 1e-9
    assert data_hash(t) != data_hash(s)
    assert data_hash(s.shift(1, freq="D")) != data_hash(s)


# -- results -----------------------------------------------------------------------------------

def test_serial_scan_rows_match_calling_the_test_directly():
    df = _frame(4)
    r = scan(df, tests=[BOOT], client="serial", seed=3)
    assert list(r.frame["series"]) == list(df.columns)
    assert r.frame["error"].isna().all()
    for name in df.columns:
        row = r.frame.set_index("series").loc[name]
        s = df[name]
        key = _boot_key(s, {})
        expect = _boot_run(s, options={}, seed=derive_seed(3, name),
                           shared=_boot_shared(key, {}, derive_seed(3, f"boot:shared:{key!r}")))
        assert row["boot_mean"] == expect["boot_mean"]
        assert row["boot_sd"] == expect["boot_sd"]
        assert row["boot_shared"] == expect["boot_shared"]
        assert row["seed"] == derive_seed(3, name)
        assert row["n_obs"] == len(s) and row["last_date"] == s.index[-1]


def test_shared_value_computed_once_per_distinct_key(monkeypatch):
    calls: list = []

    def counting_shared(key, options, seed):
        calls.append(key)
        return float(key)

    test = ScanTest("cnt", (("cnt_v", "float"),), lambda s, *, options, seed, shared: {"cnt_v": shared},
                    shared_key=lambda s, o: len(s), make_shared=counting_shared)
    df = _frame(5, 200)
    series = {f"a{i}": df[f"s{i}"] for i in range(3)} | {f"b{i}": df[f"s{i}"].iloc[:150] for i in range(2)}
    r = scan(series, tests=[test], client="serial", batch_size=1)
    assert sorted(calls) == [150, 200]
    assert list(r.frame["cnt_v"]) == [200, 200, 200, 150, 150]


def test_failing_series_become_error_rows_not_a_crashed_scan():
    df = _frame(2)
    bad_index = pd.Series([1.0, 2.0, 3.0])
    text = pd.Series(["a", "b"], index=pd.to_datetime(["2020-01-01", "2020-01-02"]))
    negative = -df["s1"]
    r = scan({"ok": df["s0"], "bad_index": bad_index, "text": text, "negative": negative,
              "late": df["s0"][df.index > "2020-06-01"]},
             tests=[BOOT], client="serial", as_of="2020-05-01")
    f = r.frame.set_index("series")
    assert pd.isna(f.loc["ok", "error"]) and np.isfinite(f.loc["ok", "boot_mean"])
    assert "DatetimeIndex" in f.loc["bad_index", "error"]
    assert "not numeric" in f.loc["text", "error"]
    assert f.loc["negative", "error"] == "boot: boot: log returns need positive prices"
    assert "on or before 2020-05-01" in f.loc["late", "error"]
    assert pd.isna(f.loc["negative", "boot_mean"])
    assert len(r.errors) == 4


def test_unexpected_exception_in_a_test_is_an_error_row():
    def boom(series, *, options, seed, shared):
        if series.iloc[0] > 100:
            raise ZeroDivisionError("kaboom")
        return {"b_v": 1.0}

    df = _frame(6)
    test = ScanTest("b", (("b_v", "float"),), boom)
    r = scan(df, tests=[test], client="serial")
    errs = r.frame["error"].dropna()
    assert len(errs) > 0 and (errs == "b: ZeroDivisionError: kaboom").all()
    assert r.frame.loc[r.frame["error"].isna(), "b_v"].eq(1.0).all()


def test_loading_symbols_through_the_data_layer_errors_per_series(tmp_path):
    good = tmp_path / "good.csv"
    _frame(1)["s0"].rename("close").rename_axis("date").to_csv(good)
    r = scan([str(good), str(tmp_path / "missing.csv")], tests=[BOOT], client="serial")
    f = r.frame.set_index("series")
    assert pd.isna(f.loc[str(good), "error"])
    assert f.loc[str(tmp_path / "missing.csv"), "error"].startswith("data: csv: file not found")


@settings(max_examples=15, deadline=None)
@given(batch=st.integers(1, 7), perm_seed=st.integers(0, 2**16), scan_seed=st.integers(0, 2**31))
def test_rows_do_not_depend_on_batching_or_order(batch, perm_seed, scan_seed):
    df = _frame(7, 120)
    base = _results(scan(df, tests=[BOOT], client="serial", seed=scan_seed)).set_index("series")
    cols = list(np.random.default_rng(perm_seed).permutation(df.columns))
    other = _results(scan(df[cols], tests=[BOOT], client="serial", seed=scan_seed, batch_size=batch))
    assert list(other["series"]) == cols
    pd.testing.assert_frame_equal(other.set_index("series").loc[base.index], base)


def test_ranked_puts_flags_then_margin_first():
    df = pd.DataFrame({
        "series": ["a", "b", "c", "d"], "error": [None, None, None, "x"],
        "psy_in_episode": pd.array([False, True, True, None], dtype="boolean"),
        "psy_margin": [3.0, 0.5, 1.5, np.nan],
    })
    r = ScanResult(frame=df, tests=("psy",), settings={})
    assert list(r.ranked()["series"]) == ["c", "b", "a", "d"]
    assert list(r.ranked()["flags"]) == [1, 1, 0, 0]
    d = r.to_dict()
    assert d["rows"][0]["series"] == "c" and d["rows"][3]["psy_margin"] is None


# -- Dask --------------------------------------------------------------------------------------

def test_local_cluster_scan_of_real_prices_equals_serial_run(shared_data):
    from dask.distributed import Client, LocalCluster

    files = _price_files(shared_data)
    kw = dict(tests=[BOOT], as_of="2025-06-23", seed=11, options={"boot": {"reps": 20}})
    serial = scan(files, client="serial", **kw)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        dist = scan(files, client=client, batch_size=3, **kw)
        assert client.status == "running"  # a client passed in is left open
        # the same cluster reached by its address, as with --scheduler tcp://host:port
        by_address = scan(files[:6], client=cluster.scheduler_address, **kw)
    assert dist.engine == "dask" and dist.workers == 2 and by_address.workers == 2
    assert serial.frame["error"].isna().sum() >= 20  # real data actually scanned
    pd.testing.assert_frame_equal(_results(dist), _results(serial))
    pd.testing.assert_frame_equal(_results(by_address), _results(serial).iloc[:6])


def test_default_engine_starts_and_closes_a_local_cluster():
    df = _frame(3, 100)
    r = scan(df, tests=[BOOT], workers=1)
    assert r.engine == "dask" and r.workers == 1
    pd.testing.assert_frame_equal(_results(r), _results(scan(df, tests=[BOOT], client="serial")))


# -- resume ------------------------------------------------------------------------------------

class _Stop(Exception):
    pass


def _interrupt_after(k: int):
    def cb(done: int, total: int) -> None:
        if done >= k:
            raise _Stop(f"interrupted after {done} of {total}")
    return cb


def test_interrupted_scan_resumes_with_only_missing_series(tmp_path):
    df = _frame(10, 150)
    out = tmp_path / "scan.parquet"
    full = scan(df, tests=[BOOT], client="serial", seed=5)
    with pytest.raises(_Stop):
        scan(df, tests=[BOOT], client="serial", seed=5, out=out, batch_size=2, progress=_interrupt_after(4))
    assert not out.exists()
    assert len(list((tmp_path / "scan.parquet.parts").glob("part-*.parquet"))) == 2
    resumed = scan(df, tests=[BOOT], client="serial", seed=5, out=out, batch_size=2)
    assert resumed.reused == ("s0", "s1", "s2", "s3")
    assert resumed.computed == tuple(f"s{i}" for i in range(4, 10))
    pd.testing.assert_frame_equal(_results(resumed), _results(full))
    assert out.exists() and not (tmp_path / "scan.parquet.parts").exists()
    pd.testing.assert_frame_equal(pd.read_parquet(out).drop(columns="seconds").pipe(
        lambda f: f.astype(_results(full).dtypes.to_dict())), _results(full))
    again = scan(df, tests=[BOOT], client="serial", seed=5, out=out)
    assert again.computed == () and len(again.reused) == 10
    pd.testing.assert_frame_equal(_results(again), _results(full))


def test_resume_on_a_dask_cluster_after_interruption(tmp_path):
    df = _frame(8, 150)
    out = tmp_path / "scan.parquet"
    with pytest.raises(_Stop):
        scan(df, tests=[BOOT], workers=1, seed=2, out=out, batch_size=2, progress=_interrupt_after(2))
    resumed = scan(df, tests=[BOOT], workers=1, seed=2, out=out, batch_size=2)
    assert 2 <= len(resumed.reused) < 8 and len(resumed.reused) + len(resumed.computed) == 8
    pd.testing.assert_frame_equal(_results(resumed), _results(scan(df, tests=[BOOT], client="serial", seed=2)))


def test_changed_data_is_recomputed_and_other_settings_refuse_to_resume(tmp_path):
    df = _frame(4, 150)
    out = tmp_path / "scan.parquet"
    scan(df, tests=[BOOT], client="serial", out=out)
    df2 = df.copy()
    df2.iloc[-1, 2] *= 1.01
    r = scan(df2, tests=[BOOT], client="serial", out=out)
    assert r.computed == ("s2",)
    with pytest.raises(InputError, match="other settings"):
        scan(df, tests=[BOOT], client="serial", out=out, seed=1)
    with pytest.raises(InputError, match="other settings"):
        scan(df, tests=[BOOT], client="serial", out=out, options={"boot": {"reps": 3}})


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tests": ["nope"]}, "unknown scan test 'nope'"),
        ({"tests": []}, "no scan tests selected"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"seed": 1.5}, "seed must be a non-negative integer"),
        ({"workers": 0}, "workers must be a positive integer"),
        ({"batch_size": 0}, "batch_size must be a positive integer"),
        ({"as_of": "not a date"}, "as_of 'not a date' is not a date"),
        ({"out": "scan.csv"}, "must end in .parquet"),
        ({"options": {"psy": {}}}, "options given for tests not in this scan: psy"),
        ({"client": "bogus://x:1"}, "cannot connect to Dask scheduler bogus://x:1: ValueError: unknown address scheme"),
    ],
)
def test_bad_arguments_raise_one_line_input_errors(kwargs, message):
    kw = {"tests": [BOOT], "client": "serial"} | kwargs
    with pytest.raises(InputError, match=message) as info:
        scan(_frame(2, 50), **kw)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "nothing to scan"),
        ({}, "nothing to scan"),
        (["a.csv", "a.csv"], "appears twice"),
        (42, "scan input must be"),
        (pd.DataFrame({"x": [1.0]}), "index must be dates"),
    ],
)
def test_bad_scan_inputs(data, message):
    with pytest.raises(InputError, match=message):
        scan(data, tests=[BOOT], client="serial")


def test_registry_rejects_clashing_and_bad_tests():
    from bubblescope.scan import register_test

    with pytest.raises(InputError, match="both write column"):
        scan(_frame(1, 50), tests=[BOOT, ScanTest("boot2", (("boot_mean", "float"),), _boot_run)],
             client="serial")
    with pytest.raises(InputError, match="letters, digits"):
        register_test(ScanTest("bad name", (), _boot_run))
    with pytest.raises(InputError, match="already registered"):
        register_test(ScanTest("psy", (), _boot_run))


def test_a_test_without_a_shared_key_for_some_series_gets_none():
    calls: list = []

    def shared(key, options, seed):
        calls.append(key)
        return key * 10

    def run(series, *, options, seed, shared):
        return {"sk_v": float("nan") if shared is None else float(shared)}

    test = ScanTest("sk", (("sk_v", "float"),), run,
                    shared_key=lambda s, o: None if len(s) < 100 else 1, make_shared=shared)
    df = _frame(2, 150)
    r = scan({"long": df["s0"], "short": df["s1"].iloc[:50]}, tests=[test], client="serial")
    assert calls == [1]
    assert r.frame["sk_v"].iloc[0] == 10 and np.isnan(r.frame["sk_v"].iloc[1])


def _die_on_marker(series: pd.Series, *, options, seed: int, shared) -> dict:
    import os

    from distributed import get_worker

    try:
        get_worker()
        in_worker = True
    except ValueError:
        in_worker = False
    if series.iloc[0] == 13.0 and in_worker:
        os._exit(1)  # the worker process dies mid-batch
    return {"die_v": float(series.iloc[-1])}


def test_a_worker_dying_gives_error_rows_that_the_next_run_recomputes(tmp_path):
    import dask
    from dask.distributed import Client, LocalCluster

    idx = pd.bdate_range("2022-01-03", periods=20)
    data = {f"d{i}": pd.Series(np.arange(20.0) + (13.0 if i == 3 else 100.0 + i), index=idx) for i in range(6)}
    test = ScanTest("die", (("die_v", "float"),), _die_on_marker)
    out = tmp_path / "s.parquet"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster, Client(cluster) as client:
        r = scan(data, tests=[test], client=client, out=out, batch_size=2)
    f = r.frame.set_index("series")
    lost = f.index[f["error"].notna()].tolist()
    assert {"d2", "d3"} <= set(lost)  # the batch that killed its worker
    assert all(f.loc[n, "error"].startswith("worker: ") for n in lost)
    assert f.drop(index=lost)["die_v"].notna().all()
    assert not out.exists()  # an incomplete scan keeps its parts only
    again = scan(data, tests=[test], client="serial", out=out, batch_size=2)
    assert set(again.computed) == set(lost) and again.frame["error"].isna().all()
    assert out.exists()


def test_batches_are_capped_by_count_and_bytes():
    from bubblescope.scan._rows import _Item
    from bubblescope.scan._rows import batches as _batches

    idx = pd.bdate_range("2000-01-03", periods=1000)
    items = [_Item(f"x{i}", pd.Series(1.0, index=idx), 0, {}) for i in range(10)]
    assert [len(b) for b in _batches(items, 4)] == [4, 4, 2]
    assert [len(b) for b in _batches(items, 32, max_bytes=16 * 1000 * 3)] == [3, 3, 3, 1]
    assert [len(b) for b in _batches(items[:2], 32, max_bytes=10)] == [1, 1]  # a big series still runs


def test_a_lost_batch_is_reported_but_neither_persisted_nor_final(tmp_path):
    from bubblescope.scan._engine import _Sink
    from bubblescope.scan._rows import BASE_COLUMNS, BatchOutcome, _Item
    from bubblescope.scan._store import ScanStore

    store = ScanStore(tmp_path / "s.parquet", "fp")
    store.start()
    seen: list[tuple[int, int]] = []
    sink = _Sink(store, list(BASE_COLUMNS), total=3, done=0, progress=lambda d, t: seen.append((d, t)))
    sink(BatchOutcome([{"series": "a", "seed": 1, "error": None}]))
    sink(BatchOutcome.lost([_Item("b", None, 2, {}), _Item("c", None, 3, {})], "KilledWorker: gone"))
    assert seen == [(1, 3), (3, 3)]
    assert not sink.complete
    assert [r["error"] for r in sink.rows] == [None, "worker: KilledWorker: gone", "worker: KilledWorker: gone"]
    assert all("_transient" not in r for r in sink.rows)
    assert len(list(store.parts.glob("part-*.parquet"))) == 1  # only the finished batch was written
