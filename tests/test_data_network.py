"""Downloads against a local HTTP server serving real responses; cache behaviour; fault injection.

Every fault test first stores a good copy, then makes the server misbehave, and checks that the error
is one line naming source and symbol and that the cache is byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from werkzeug import Response

from bubblescope.data import HttpConfig, SeriesCache, get_frame, get_series, provenance_of, pull
from bubblescope.errors import DataSourceError

YAHOO = "samples/yahoo_chart_json/historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json"
CHART_PATH = "/v8/finance/chart/MSFT"
FRED_PATH = "/graph/fredgraph.csv"


@pytest.fixture
def httpserver(local_http_server):
    """A local HTTP server on 127.0.0.1 (this module's own, so other tests' servers are unaffected)."""
    yield local_http_server
    local_http_server.clear()


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "user-cache.duckdb"))


@pytest.fixture
def cfg(httpserver):
    base = httpserver.url_for("").rstrip("/")
    return HttpConfig(timeout=0.3, retries=1, backoff=0.0, sleep=lambda s: None, sec_contact="Test Suite test@example.org",
                      base_urls={"yahoo": base, "fred": base, "sec": base, "shiller": f"{base}/ie_data.xls",
                                 "finra": f"{base}/margin-statistics.xlsx", "sec_tickers": f"{base}/company_tickers.json"})


@pytest.fixture
def cache(tmp_path):
    return SeriesCache(tmp_path / "cache.duckdb")


@pytest.fixture
def msft_body(shared_data):
    return json.dumps(json.loads((shared_data / YAHOO).read_text())["response"]["bodyJson"])


@pytest.fixture
def dgs10_csv(shared_data):
    return (shared_data / "fred/fredgraph_xinyuliu/DGS10.csv").read_bytes()


def test_yahoo_download_cached_then_offline(httpserver, cfg, cache, msft_body):
    httpserver.expect_request(CHART_PATH).respond_with_data(msft_body, content_type="application/json")
    s = get_series("MSFT", config=cfg, cache=cache)
    p = provenance_of(s)
    assert p.source == "yahoo" and "127.0.0.1" in p.url and not p.from_cache
    assert "dividends" in p.quantity and p.as_of == "2022-01-28"
    assert s.name == "MSFT" and len(s) == 252
    req, _ = httpserver.log[0]
    assert req.args["interval"] == "1d" and "div" in req.args["events"]
    assert req.headers["User-Agent"].startswith("bubblescope/")
    assert {e.field for e in cache.entries("yahoo", "MSFT")} >= {"adj_close", "close", "volume", "dividends"}
    # offline: served from the cache, the network is not touched
    boom = HttpConfig(transport=httpx.MockTransport(lambda r: pytest.fail("network used while offline")))
    s2 = get_series("MSFT", offline=True, config=boom, cache=cache)
    assert provenance_of(s2).from_cache
    assert (s2 == s).all()
    raw = get_series("MSFT", field="close", offline=True, cache=cache)
    assert raw["2021-02-01"] == pytest.approx(239.65, abs=1e-4)
    frame = get_frame("MSFT", offline=True, cache=cache)
    assert {"open", "close", "adj_close", "dividends"} <= set(frame.columns)


def test_fred_download(httpserver, cfg, cache, dgs10_csv):
    httpserver.expect_request(FRED_PATH, query_string="id=DGS10").respond_with_data(dgs10_csv, content_type="text/csv")
    s = get_series("DGS10", config=cfg, cache=cache, start="2024-01-01")
    assert s.index[0].year == 2024 and s["2024-01-02"] == pytest.approx(3.95)
    assert provenance_of(s).source == "fred"


def test_shiller_download(httpserver, cfg, cache, shared_data):
    httpserver.expect_request("/ie_data.xls").respond_with_data((shared_data / "shiller/ie_data.xls").read_bytes())
    cape = get_series("CAPE", config=cfg, cache=cache)
    assert cape["1999-12-01"] == pytest.approx(44.19794, rel=1e-6)
    assert len(cache.entries("shiller")) == 12


def test_sec_download_with_contact_and_ticker_lookup(httpserver, cfg, cache, shared_data):
    body = (shared_data / "sec/companyfacts/CIK0001045810_NVDA_companyfacts.json").read_bytes()
    httpserver.expect_request("/company_tickers.json").respond_with_json({"0": {"cik_str": 1045810, "ticker": "NVDA", "title": "NVIDIA CORP"}})
    httpserver.expect_request("/api/xbrl/companyfacts/CIK0001045810.json",
                              headers={"User-Agent": "bubblescope/0.1.0 Test Suite test@example.org"}).respond_with_data(body)
    capex = get_series("NVDA", source="sec", config=cfg, cache=cache)
    assert capex["2025-01-26"] == 3_236_000_000
    rev = get_series("sec:NVDA", field="revenue", offline=True, cache=cache)
    assert rev["2026-01-25"] == 215_938_000_000


def test_finra_download(httpserver, cfg, cache, shared_data):
    httpserver.expect_request("/margin-statistics.xlsx").respond_with_data(
        (shared_data / "margin_debt/finra_margin-statistics.xlsx").read_bytes())
    s = get_series("MARGIN_DEBT", config=cfg, cache=cache)
    assert s["2026-05-31"] == 1_415_557


def test_retry_after_429_then_success(httpserver, cfg, cache, dgs10_csv):
    waits = []
    cfg2 = HttpConfig(**{**cfg.__dict__, "sleep": waits.append, "backoff": 0.25})
    httpserver.expect_oneshot_request(FRED_PATH).respond_with_data("slow down", status=429, headers={"Retry-After": "3"})
    httpserver.expect_request(FRED_PATH).respond_with_data(dgs10_csv)
    s = get_series("DGS10", config=cfg2, cache=cache)
    assert len(s) > 1000 and waits == [3.0]


def test_packaged_fallback_offline_and_without_network(cache):
    s = get_series("^GSPC", offline=True, cache=cache)
    p = provenance_of(s)
    assert p.source == "package" and "arch.data.sp500" in p.line()
    assert s.index[-1].year == 2018
    dead = HttpConfig(retries=0, transport=httpx.MockTransport(lambda r: (_ for _ in ()).throw(httpx.ConnectError("down"))))
    assert "offline with an empty cache" in p.notes[0]
    # online, a failed download is an error naming --data-dir / --offline, never a silent packaged copy
    with pytest.raises(DataSourceError, match="--data-dir"):
        get_series("^IXIC", config=dead, cache=cache)
    with pytest.raises(DataSourceError, match="yahoo ZZZZ"):
        get_series("ZZZZ", config=dead, cache=cache)
    with pytest.raises(DataSourceError, match="offline"):
        get_series("ZZZZ", offline=True, cache=cache)


def test_stale_copy_served_when_network_fails(httpserver, cfg, cache, dgs10_csv):
    httpserver.expect_oneshot_request(FRED_PATH).respond_with_data(dgs10_csv)
    get_series("DGS10", config=cfg, cache=cache)
    httpserver.expect_request(FRED_PATH).respond_with_data("oops", status=500)
    s = get_series("DGS10", config=cfg, cache=cache, refresh=True)
    assert provenance_of(s).from_cache and s["2024-01-02"] == pytest.approx(3.95)


# ------------------------------------------------------------------------------------------------ faults


def _slow(request):
    time.sleep(0.6)
    return Response("late", status=200)


def _truncated(request):
    # promises 100 000 bytes, sends 19, then the server drops the connection mid-body
    def body():
        yield b"observation_date,DG"
        raise ConnectionAbortedError("simulated drop")

    return Response(body(), status=200, headers={"Content-Length": "100000"})


FAULTS = {
    "404": (lambda h, p: h.respond_with_data("not found", status=404), "HTTP 404"),
    "429": (lambda h, p: h.respond_with_data("too many", status=429), "HTTP 429"),
    "500": (lambda h, p: h.respond_with_data("boom", status=500), "HTTP 500"),
    "timeout": (lambda h, p: h.respond_with_handler(_slow), "timed out"),
    "truncated": (lambda h, p: h.respond_with_handler(_truncated), "truncated body"),
    "html": (lambda h, p: h.respond_with_data("<!DOCTYPE html><html><body>Error</body></html>", content_type="text/html"), "HTML"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("kind", ["yahoo", "fred"])
def test_fault_leaves_cache_unchanged(httpserver, cfg, cache, msft_body, dgs10_csv, kind, fault):
    path, symbol, good = (CHART_PATH, "MSFT", msft_body) if kind == "yahoo" else (FRED_PATH, "DGS10", dgs10_csv)
    httpserver.expect_oneshot_request(path).respond_with_data(good)
    pull(symbol, cache=cache, config=cfg)
    before = cache.snapshot()
    assert before
    install, match = FAULTS[fault]
    install(httpserver.expect_request(path), path)
    with pytest.raises(DataSourceError, match=match) as err:
        pull(symbol, cache=cache, config=cfg)
    msg = str(err.value)
    assert msg.startswith(f"{kind} {symbol}:") and "\n" not in msg
    assert cache.snapshot() == before


BAD_BODIES = {
    ("yahoo", "empty series"): (CHART_PATH, "MSFT", b'{"chart": {"result": [{"meta": {"symbol": "MSFT"}, "timestamp": [], "indicators": {"quote": [{}]}}], "error": null}}', "empty series"),
    ("yahoo", "truncated json"): (CHART_PATH, "MSFT", b'{"chart": {"result": [{"meta": {"symbol": "MSFT"}, "timest', "malformed or truncated"),
    ("yahoo", "empty body"): (CHART_PATH, "MSFT", b"", "empty response"),
    ("fred", "empty series"): (FRED_PATH, "DGS10", b"observation_date,DGS10\n", "no observations"),
    ("fred", "malformed csv"): (FRED_PATH, "DGS10", b"observation_date,DGS10\n2024-01-02,3.95\n2024-01-0", "bad date"),
    ("fred", "wrong series"): (FRED_PATH, "DGS10", b"observation_date,DGS2\n2024-01-02,4.3\n", "not 'DGS10'"),
    ("shiller", "malformed xls"): ("/ie_data.xls", "SHILLER", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cannot read"),
    ("sec", "malformed json"): ("/api/xbrl/companyfacts/CIK0001045810.json", "CIK0001045810", b'{"cik": 1045810, "facts": {"us-gaap": ', "truncated"),
    ("finra", "malformed xlsx"): ("/margin-statistics.xlsx", "MARGIN", b"PK\x03\x04 not a zip", "cannot read"),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES), ids=lambda c: f"{c[0]}-{c[1].replace(' ', '_')}")
def test_bad_payload_leaves_cache_unchanged(httpserver, cfg, cache, shared_data, msft_body, dgs10_csv, case):
    source, _ = case
    path, symbol, bad, match = BAD_BODIES[case]
    good = {"yahoo": msft_body, "fred": dgs10_csv,
            "shiller": (shared_data / "shiller/ie_data.xls").read_bytes(),
            "sec": (shared_data / "sec/companyfacts/CIK0001045810_NVDA_companyfacts.json").read_bytes(),
            "finra": (shared_data / "margin_debt/finra_margin-statistics.xlsx").read_bytes()}[source]
    httpserver.expect_oneshot_request(path).respond_with_data(good)
    pull(symbol, source=source, cache=cache, config=cfg)
    before = cache.snapshot()
    httpserver.expect_request(path).respond_with_data(bad)
    with pytest.raises(DataSourceError, match=match) as err:
        pull(symbol, source=source, cache=cache, config=cfg)
    assert str(err.value).startswith(f"{source} {symbol}: ") and "\n" not in str(err.value)
    assert cache.snapshot() == before


def test_interrupted_cache_write_rolls_back(cache, monkeypatch):
    import pandas as pd

    from bubblescope.data.provenance import Provenance

    good = pd.Series([1.0, 2.0], pd.to_datetime(["2020-01-01", "2020-01-02"]))
    prov = Provenance("X", "fred", "test")
    cache.put_many([("value", good, prov)])
    before = cache.snapshot()

    def items():
        yield ("value", pd.Series([5.0], pd.to_datetime(["2021-01-01"])), prov)
        raise KeyboardInterrupt  # interrupted half-way through the write

    with pytest.raises(KeyboardInterrupt):
        cache.put_many(items())
    assert cache.snapshot() == before


def test_no_packaged_substitute_when_refused(cache):
    with pytest.raises(DataSourceError, match="yahoo \\^GSPC: not found"):
        get_series("^GSPC", offline=True, cache=cache, packaged_fallback=False)


def test_refused_connection_fails_fast_without_retries(cache):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    waits = []
    cfg = HttpConfig(retries=5, backoff=10, sleep=waits.append, base_urls={"fred": f"http://127.0.0.1:{port}"})
    with pytest.raises(DataSourceError, match="fred DGS10: cannot connect"):
        pull("DGS10", cache=cache, config=cfg)
    assert waits == [] and cache.snapshot() == []


def test_folder_path_is_not_a_symbol(tmp_path):
    with pytest.raises(DataSourceError, match="is a folder"):
        get_series(tmp_path)
    with pytest.raises(DataSourceError, match="file not found"):
        get_series(str(tmp_path / "nope" / "x"))


def test_staleness_policy(cache):
    import pandas as pd

    from bubblescope.data.provenance import Provenance

    s = pd.Series([1.0, 2.0], pd.to_datetime(["2020-01-01", "2020-01-02"]))
    old = (pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=2)).isoformat()
    cache.put_many([("value", s, Provenance("OLDFRED", "fred", "t", fetched_at=old)),
                    ("value", s, Provenance("OLDLOCAL", "local", "t", fetched_at=old)),
                    ("price", s, Provenance("SHILLER", "shiller", "t", fetched_at=old))])
    stale = {(e.source, e.symbol): e.is_stale() for e in cache.entries()}
    assert stale == {("fred", "OLDFRED"): True, ("local", "OLDLOCAL"): False, ("shiller", "SHILLER"): False}
    got = get_series("OLDFRED", source="fred", offline=True, cache=cache)
    p = provenance_of(got)
    assert p.from_cache and p.stale and "(stale)" in p.line()
    assert not provenance_of(get_series("SHILLER", offline=True, cache=cache)).stale


def test_corrupt_cache_file_is_an_error_not_a_miss(tmp_path, httpserver, cfg, dgs10_csv):
    bad = tmp_path / "corrupt.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    store = SeriesCache(bad)
    # never a silent packaged copy, never a download over it: the error names the repair command
    with pytest.raises(DataSourceError, match=r"corrupt.*bubblescope data repair"):
        get_series("^GSPC", offline=True, cache=store)
    httpserver.expect_request(FRED_PATH).respond_with_data(dgs10_csv)
    with pytest.raises(DataSourceError, match=f"delete {re.escape(str(bad))}"):
        get_series("DGS10", config=cfg, cache=store)
    aside = store.repair()
    assert aside is not None and aside.exists() and not bad.exists()
    assert get_series("DGS10", config=cfg, cache=store)["2024-01-02"] == pytest.approx(3.95)
    assert [e.symbol for e in store.entries()] == ["DGS10"]
