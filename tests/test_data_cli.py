"""``bubblescope data …`` end to end (in-process), against ../shared/data and a 127.0.0.1 server."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def server(local_http_server):
    yield local_http_server
    local_http_server.clear()


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch, local_http_server):
    base = local_http_server.url_for("").rstrip("/")
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "cache.duckdb"))
    for src in ("YAHOO", "FRED", "SEC"):
        monkeypatch.setenv(f"BUBBLESCOPE_{src}_URL", base)
    monkeypatch.setenv("BUBBLESCOPE_HTTP_RETRIES", "0")
    monkeypatch.setenv("BUBBLESCOPE_HTTP_TIMEOUT", "2")


def test_show_local_nvda(cli, shared_data):
    r = cli("data", "show", "NVDA", "--data-dir", shared_data, "--rows", "2")
    assert r.code == 0, r
    assert "prices/close_batsco/nvda.csv" in r.out and "2026-08-21" in r.out and "214.72" in r.out


def test_show_json_packaged_offline(cli):
    r = cli("data", "show", "^GSPC", "--offline", "--json", "--rows", "1")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["provenance"]["source"] == "package" and d["last"] == "2018-12-31"


def test_show_plot(cli, shared_data, tmp_path):
    out = tmp_path / "cape.html"
    r = cli("data", "show", "CAPE", "--data-dir", shared_data, "--plot", out, "--start", "1990-01-01")
    assert r.code == 0, r
    assert out.stat().st_size > 100_000 and "1990-01-01" in r.out


@pytest.mark.parametrize(
    "args, match",
    [
        (("data", "show", "ZZZZ", "--offline"), "offline"),
        (("data", "show", "NVDA", "--data-dir", "/nonexistent/dir"), "not found"),
        (("data", "show", "CAPE", "--data-dir", "SHARED", "--start", "2100-01-01"), "no observations"),
        (("data", "show", "CAPE", "--data-dir", "SHARED", "--field", "nope"), "no field 'nope'"),
        (("data", "show", "NVDA", "--source", "bloomberg"), "unknown source"),
        (("data", "clear"), "without --yes"),
        (("data", "import", "/nonexistent/dir"), "not found|does not exist"),
    ],
)
def test_bad_input_one_line_exit_2(cli, shared_data, args, match):
    import re

    args = tuple(str(shared_data) if a == "SHARED" else a for a in args)
    r = cli(*args)
    assert r.code == 2, r
    assert r.err.startswith("error:") and len(r.err.strip().splitlines()) == 1
    assert re.search(match, r.err), r.err
    assert "Traceback" not in r.err


def test_pull_list_show_clear(cli, server, shared_data):
    server.expect_request("/graph/fredgraph.csv", query_string="id=DGS10").respond_with_data(
        (shared_data / "fred/fredgraph_xinyuliu/DGS10.csv").read_bytes())
    r = cli("data", "pull", "DGS10")
    assert r.code == 0, r
    r = cli("data", "list", "--json")
    rows = json.loads(r.out)
    assert [(x["source"], x["symbol"], x["field"]) for x in rows] == [("fred", "DGS10", "value")]
    assert rows[0]["as_of"] == "2026-04-13" and not rows[0]["stale"]
    r = cli("data", "show", "DGS10", "--offline", "--json")
    assert json.loads(r.out)["provenance"]["from_cache"] is True
    # a failed pull exits 2 and keeps the cached copy
    server.clear()
    server.expect_request("/graph/fredgraph.csv").respond_with_data("nope", status=404)
    r = cli("data", "pull", "DGS10")
    assert r.code == 2 and "fred DGS10: HTTP 404" in r.err
    assert json.loads(cli("data", "list", "--json").out) == rows
    r = cli("data", "clear", "DGS10")
    assert r.code == 0 and "removed 1" in r.out
    assert json.loads(cli("data", "list", "--json").out) == []


def test_import_folder_then_offline(cli, shared_data):
    r = cli("data", "import", shared_data / "prices" / "close_batsco")
    assert r.code == 0, r
    assert "imported 20 series" in r.out
    r = cli("data", "show", "nvda", "--offline", "--json", "--rows", "1")
    d = json.loads(r.out)
    assert d["provenance"]["source"] == "local" and d["provenance"]["from_cache"] and d["last"] == "2026-08-21"
    assert cli("data", "clear", "--yes").code == 0


def test_registered_source_through_the_cli(cli):
    import pandas as pd

    from bubblescope.data import BaseSource, register_source, unregister_source

    class Mine(BaseSource):
        name, needs_network, symbols = "mine", True, {"MY_SERIES"}

        def fetch(self, r, config):
            s = pd.Series([1.0, 2.5], pd.to_datetime(["2024-01-01", "2024-01-02"]))
            return {"value": (s, self.provenance(r, s, "test://mine", "a test series"))}

    register_source(Mine())
    try:
        assert cli("data", "pull", "MY_SERIES").code == 0
        rows = json.loads(cli("data", "list", "--json").out)
        assert [(x["source"], x["symbol"], x["field"]) for x in rows] == [("mine", "MY_SERIES", "value")]
        r = cli("data", "show", "mine:MY_SERIES", "--offline", "--json")
        assert r.code == 0, r
        assert json.loads(r.out)["provenance"]["source"] == "mine" and json.loads(r.out)["last"] == "2024-01-02"
        assert "removed 1" in cli("data", "clear", "MY_SERIES", "--source", "mine").out
    finally:
        unregister_source("mine")


def test_cli_module_imports_only_light_modules_at_load():
    """cli/data.py: pandas, duckdb, httpx and the data layer load inside the commands (fast --help)."""
    import ast
    from pathlib import Path

    import bubblescope.cli.data as mod

    tree = ast.parse(Path(mod.__file__).read_text())
    top = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import):
            top += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            top.append(node.module or "")
    allowed = {"__future__", "pathlib", "typing", "typer", "rich.table", "bubblescope.cli._common", "bubblescope.errors"}
    assert set(top) <= allowed, set(top) - allowed
