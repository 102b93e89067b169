"""``bubblescope scan`` on the command line, and a scan killed in a subprocess then resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import cloudpickle
import numpy as np
import pandas as pd
import pytest

from bubblescope.scan import ScanTest, register_test, scan
from bubblescope.scan._universe import instrument_symbol

cloudpickle.register_pickle_by_value(sys.modules[__name__])
SRC = Path(__file__).resolve().parents[1] / "src"


def _last_return(series: pd.Series, *, options, seed: int, shared) -> dict:
    x = series.to_numpy()
    noise = float(np.random.default_rng(seed).normal())
    return {"cli_ret": float(x[-1] / x[0] - 1.0), "cli_noise": noise, "cli_up": bool(x[-1] > x[0])}


CLI_TEST = register_test(
    ScanTest("cli_t", (("cli_ret", "float"), ("cli_noise", "float"), ("cli_up", "bool")), _last_return),
    replace=True,
)


def _write_series(folder: Path, n: int = 4) -> list[Path]:
    rng = np.random.default_rng(0)
    idx = pd.bdate_range("2021-01-01", periods=80)
    paths = []
    for i in range(n):
        p = folder / f"asset{i}.csv"
        pd.Series(100 * np.exp(np.cumsum(rng.normal(0.001 * i, 0.01, 80))), index=idx, name="close") \
            .rename_axis("date").to_csv(p)
        paths.append(p)
    return paths


def test_cli_scan_symbols_file_json(tmp_path, cli):
    paths = _write_series(tmp_path)
    symbols = tmp_path / "symbols.txt"
    symbols.write_text("# my universe\n" + "\n".join(p.name for p in paths) + "\nmissing.csv\n")
    r = cli("scan", symbols, "--tests", "cli_t", "--scheduler", "serial", "--json", "--seed", "4")
    assert r.code == 0, r
    data = json.loads(r.out)
    rows = {row["series"]: row for row in data["rows"]}
    assert set(rows) == {"ASSET0", "ASSET1", "ASSET2", "ASSET3"}  # one row per instrument, by symbol
    assert rows["ASSET0"]["sources"] == "asset0.csv"
    unranked = {row["series"]: row for row in data["not_ranked"]}
    assert set(unranked) == {"missing.csv"} and unranked["missing.csv"]["error"].startswith("data:")
    direct = scan({instrument_symbol(p.name): pd.read_csv(p, index_col=0, parse_dates=True)["close"]
                   for p in paths}, tests=[CLI_TEST], client="serial", seed=4)
    for _, row in direct.frame.iterrows():
        assert rows[row["series"]]["cli_ret"] == row["cli_ret"]
        assert rows[row["series"]]["cli_noise"] == row["cli_noise"]


def test_cli_scan_data_dir_table_and_resume(tmp_path, cli):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    _write_series(data / "sub", 3)
    out = tmp_path / "res.parquet"
    r = cli("scan", "--data-dir", data, "--tests", "cli_t", "--scheduler", "serial", "--out", out)
    assert r.code == 0, r
    assert "sub/asset2" in r.out and "Scanned 3 series with cli_t" in r.out
    assert out.exists()
    again = cli("scan", "--data-dir", data, "--tests", "cli_t", "--scheduler", "serial", "--out", out)
    assert again.code == 0 and "3 rows reused" in again.out


def test_cli_scan_on_local_cluster_with_real_prices(shared_data, cli, tmp_path):
    folder = shared_data / "prices" / "yfinance_whan1569" / "indices"
    r = cli("scan", "--data-dir", folder, "--tests", "cli_t", "--workers", "1", "--as-of", "2025-06-23", "--json")
    assert r.code == 0, r
    out = json.loads(r.out)
    rows = out["rows"]
    assert len(rows) == 7 and all(row["error"] is None for row in rows)  # 8 files, VIX not ranked
    assert [row["series"] for row in out["not_ranked"]] == ["^VIX"]
    assert all(row["last_date"].startswith("2025-06-23") for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a SYMBOLS_FILE or --data-dir DIR"),
        (("nope.txt",), "symbols file not found: nope.txt"),
        (("--data-dir", "no/such/dir"), "no/such/dir"),
        (("--data-dir", "."), "no CSV files under ."),
        (("--tests", "nope", "--data-dir", "DATA"), "unknown scan test 'nope'"),
        (("--workers", "0", "--data-dir", "DATA"), "--workers"),
        (("--as-of", "yesterday-ish", "--data-dir", "DATA", "--tests", "cli_t"), "is not a date"),
        (("--out", "x.csv", "--data-dir", "DATA", "--tests", "cli_t"), "must end in .parquet"),
        (("EMPTY",), "lists no series"),
    ],
)
def test_cli_scan_bad_input_exit_2(tmp_path, cli, monkeypatch, args, message):
    data = tmp_path / "data"
    data.mkdir()
    _write_series(data, 1)
    (tmp_path / "empty").mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    monkeypatch.chdir(tmp_path / "empty")
    args = tuple(str(data) if a == "DATA" else str(empty) if a == "EMPTY" else a for a in args)
    r = cli("scan", *args, "--scheduler", "serial")
    assert r.code == 2, r
    assert r.err.startswith("error: ") and message in r.err
    assert "Traceback" not in r.err and r.err.count("\n") == 1


_KILL_SCRIPT = """
import sys, time
import numpy as np, pandas as pd
from bubblescope.scan import ScanTest, scan

def run(series, *, options, seed, shared):
    time.sleep(0.15)
    return {"k_v": float(np.random.default_rng(seed).normal() + series.iloc[-1])}

idx = pd.bdate_range("2022-01-03", periods=50)
data = {f"x{i:02d}": pd.Series(np.arange(50.0) + i, index=idx) for i in range(30)}
scan(data, tests=[ScanTest("k", (("k_v", "float"),), run)], client="serial", seed=9, out=sys.argv[1],
     batch_size=1)
"""


def test_killed_scan_process_resumes_with_only_missing_series(tmp_path):
    out = tmp_path / "killed.parquet"
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(_KILL_SCRIPT))
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen([sys.executable, str(script), str(out)], env=env)
    parts = tmp_path / "killed.parquet.parts"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and len(list(parts.glob("part-*.parquet"))) < 5:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    written = len(list(parts.glob("part-*.parquet")))
    assert 5 <= written < 30, "the scan finished before it could be killed"
    assert not out.exists()

    def run(series, *, options, seed, shared):  # same test, without the sleep
        return {"k_v": float(np.random.default_rng(seed).normal() + series.iloc[-1])}

    idx = pd.bdate_range("2022-01-03", periods=50)
    data = {f"x{i:02d}": pd.Series(np.arange(50.0) + i, index=idx) for i in range(30)}
    test = ScanTest("k", (("k_v", "float"),), run)
    resumed = scan(data, tests=[test], client="serial", seed=9, out=out)
    assert len(resumed.reused) == written and len(resumed.computed) == 30 - written
    assert set(resumed.reused).isdisjoint(resumed.computed)
    fresh = scan(data, tests=[test], client="serial", seed=9)
    pd.testing.assert_frame_equal(resumed.frame.drop(columns="seconds"), fresh.frame.drop(columns="seconds"))


def test_report_section_from_a_scan(tmp_path, shared_data):
    from bubblescope.report.sections.scan import render_scan
    from bubblescope.report.steps import market_scan

    missing = render_scan(market_scan(None))  # the scan runs in the report's compute phase; the section formats it
    assert not missing.available and "data folder" in missing.needs
    folder = shared_data / "prices" / "yfinance_whan1569" / "indices"
    sec = render_scan(market_scan(folder, tests=("cli_t",), as_of="2025-06-23"))
    assert sec.available and sec.id == "scan"
    assert "SP500_1d" in sec.html and "<table" in sec.html  # the source file, beside the symbol ^GSPC
    assert len(sec.data["rows"]) == 7  # 8 files; VIX is listed, not ranked
    assert [r["series"] for r in sec.data["not_ranked"]] == ["^VIX"]
    share = sec.data["bubble_share"]  # the bubble share of the ranked instruments, with its definition
    assert share["instruments"] and share["definition"].startswith("Share of the scan") and share["series"]
    assert "fig-bubble-share" in sec.html
    assert "<span style='text-transform:none'>σ</span>" in sec.html or "σ" not in sec.html
