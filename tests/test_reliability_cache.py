"""Cache errors are errors (issue 23): a locked cache is waited for, then named with its holder's PID;
a corrupt one is an error naming the repair command; the packaged copy stands in only offline with an
empty cache; nothing infinite reaches the cache."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from bubblescope.cli import app
from bubblescope.cli._common import run_app
from bubblescope.data import SeriesCache, get_series, provenance_of
from bubblescope.data.provenance import Provenance
from bubblescope.errors import DataSourceError, InputError

_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS x(i INT)")
print("locked", flush=True)
time.sleep(60)
"""


def _series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2024-01-01", periods=len(values), freq="D"), name="X")


def _prov() -> Provenance:
    return Provenance(symbol="X", source="local", quantity="test")


@pytest.fixture()
def locked(tmp_path):
    path = tmp_path / "held.duckdb"
    SeriesCache(path).put_many([("value", _series([1.0, 2.0]), _prov())])
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield path, proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_locked_cache_names_the_holder_within_the_bounded_wait(locked, monkeypatch):
    path, pid = locked
    monkeypatch.setenv("BUBBLESCOPE_CACHE_WAIT", "1")
    t0 = time.monotonic()
    with pytest.raises(DataSourceError, match=rf"locked by process {pid} .*after waiting 1 s"):
        get_series("X", source="local", offline=True, cache=SeriesCache(path))
    assert 0.9 < time.monotonic() - t0 < 5


def test_locked_cache_is_not_a_packaged_fallback_in_the_cli(locked, monkeypatch, capsys):
    path, pid = locked
    monkeypatch.setenv("BUBBLESCOPE_CACHE_WAIT", "0.5")
    assert run_app(app, ["data", "show", "^GSPC", "--offline", "--cache", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"process {pid}" in err


def test_corrupt_cache_cli_error_then_repair(tmp_path, capsys):
    bad = tmp_path / "c.duckdb"
    bad.write_bytes(b"\x00garbage" * 500)
    assert run_app(app, ["data", "show", "^GSPC", "--offline", "--cache", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bubblescope data repair" in err and len(err.strip().splitlines()) == 1
    assert run_app(app, ["data", "repair", "--cache", str(bad)]) == 0
    assert "moved it to" in capsys.readouterr().out and not bad.exists()
    # now empty: offline, the packaged copy is used and says so
    s = get_series("^GSPC", offline=True, cache=SeriesCache(bad))
    assert "offline with an empty cache" in provenance_of(s).notes[0]
    assert run_app(app, ["data", "repair", "--cache", str(bad)]) == 0


def test_packaged_copy_only_with_an_empty_cache(tmp_path):
    store = SeriesCache(tmp_path / "c.duckdb")
    store.put_many([("value", _series([1.0, 2.0]), _prov())])
    with pytest.raises(DataSourceError, match="not found in the cache"):
        get_series("^GSPC", offline=True, cache=store)
    assert provenance_of(get_series("package:^GSPC", cache=store)).source == "package"


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_no_infinite_value_reaches_the_cache(tmp_path, bad):
    store = SeriesCache(tmp_path / "c.duckdb")
    store.put_many([("value", _series([1.0, 2.0]), _prov())])
    before = store.snapshot()
    with pytest.raises(InputError, match="infinite"):
        store.put_many([("value", _series([1.0, bad]), _prov())])
    assert store.snapshot() == before


def test_cache_wait_env_is_validated(monkeypatch, tmp_path):
    monkeypatch.setenv("BUBBLESCOPE_CACHE_WAIT", "-1")
    with pytest.raises(DataSourceError, match="BUBBLESCOPE_CACHE_WAIT"):
        SeriesCache(tmp_path / "c.duckdb").put_many([("value", _series([1.0]), _prov())])
