"""The data-source registry: resolution order, unknown symbols and sources, a user's source registered at
run time (the worked example of docs/data.md, against a 127.0.0.1 server), and ``offline=True`` with a
source that needs the network."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pandas as pd
import pytest

from bubblescope.data import (
    BaseSource,
    DataSource,
    HttpConfig,
    Resolved,
    SeriesCache,
    SourceRegistry,
    get_frame,
    get_series,
    provenance_of,
    pull,
    register_source,
    resolve,
    source_names,
    unregister_source,
)
from bubblescope.data.registry import REGISTRY
from bubblescope.errors import DataSourceError, InputError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "data.md"
BUILTIN_ORDER = ("shiller", "finra", "fred", "yahoo", "sec", "trends", "local", "package")
ECB_CSV = (b"KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,OBS_VALUE\n"
           b"EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2024-01-03,1.0919\n"
           b"EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2024-01-02,1.0956\n"
           b"EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2024-01-04,\n")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """A private user cache, and the default registry restored after each test."""
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "user-cache.duckdb"))
    before = list(REGISTRY)
    yield
    for src in list(REGISTRY):
        REGISTRY.unregister(src.name)
    for src in before:
        REGISTRY.register(src, first=False)
    assert source_names() == BUILTIN_ORDER


@pytest.fixture
def cache(tmp_path):
    return SeriesCache(tmp_path / "cache.duckdb")


class Fixed(BaseSource):
    """A test source: serves one fixed series, counts fetches, optionally needs the network."""

    def __init__(self, name: str, symbols=(), *, network: bool = True, values=(1.0, 2.0, 3.0)) -> None:
        self.name, self.symbols, self.needs_network, self.values = name, frozenset(symbols), network, values
        self.fetches = 0

    def fetch(self, r: Resolved, config: HttpConfig):
        self.fetches += 1
        s = pd.Series(self.values, pd.date_range("2024-01-01", periods=len(self.values), freq="D", name="date"))
        return {"value": (s, self.provenance(r, s, f"test://{self.name}/{r.symbol}", f"{self.name} test series"))}


def test_builtin_order_and_claims():
    assert source_names() == BUILTIN_ORDER
    got = {sym: resolve(sym) for sym in ("CAPE", "ie_data", "MARGIN_DEBT", "DGS10", "CPIAUCSL", "NVDA", "^GSPC", "spx")}
    assert {k: (r.source, r.symbol, r.field) for k, r in got.items()} == {
        "CAPE": ("shiller", "SHILLER", "cape"), "ie_data": ("shiller", "SHILLER", "price"),
        "MARGIN_DEBT": ("finra", "MARGIN", "margin_debt"), "DGS10": ("fred", "DGS10", "value"),
        "CPIAUCSL": ("fred", "CPIAUCSL", "value"), "NVDA": ("yahoo", "NVDA", "adj_close"),
        "^GSPC": ("yahoo", "^GSPC", "adj_close"), "spx": ("yahoo", "^GSPC", "adj_close")}
    # SHILLER has seven letters: FRED's six-character rule would take it were Shiller not asked first
    assert REGISTRY.get("fred").claims("SHILLER") and resolve("SHILLER").source == "shiller"
    assert resolve("sec:nvda") == Resolved("sec", "NVDA", "capex")
    assert resolve("fred:CAPE") == Resolved("fred", "CAPE", "value")
    assert resolve("CAPE", source="yahoo") == Resolved("yahoo", "CAPE", "adj_close")


def test_unknown_source_and_unclaimed_symbol():
    with pytest.raises(InputError, match=re.escape("unknown source 'bloomberg' (choose from shiller, finra")):
        resolve("NVDA", source="bloomberg")
    assert resolve("bloomberg:X").source == "yahoo"  # not a source name: part of the symbol
    with pytest.raises(InputError, match="empty symbol"):
        resolve("  ")
    with pytest.raises(InputError, match="not a FRED series id"):
        resolve("fred:bad-id")
    # without the catch-all, a symbol nobody claims is a one-line InputError naming the way out
    reg = SourceRegistry([s for s in REGISTRY if s.name != "yahoo"])
    with pytest.raises(InputError, match="no data source claims 'NVDA' \\(give one: source:SYMBOL"):
        reg.resolve("NVDA")
    assert reg.resolve("CAPE").source == "shiller"


def test_registering_checks_names_and_duplicates():
    with pytest.raises(InputError, match="already registered"):
        register_source(Fixed("fred"))
    with pytest.raises(InputError, match="must be lower-case"):
        register_source(Fixed("My Source"))
    with pytest.raises(InputError, match="not a data source"):
        register_source(object())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown source 'nope'"):
        register_source(Fixed("mine"), before="nope")
    assert isinstance(Fixed("x"), DataSource) and "mine" not in source_names()
    # replace=True swaps a built-in in place
    mine = Fixed("fred", {"DGS10"})
    register_source(mine, replace=True)
    assert source_names() == BUILTIN_ORDER and REGISTRY.get("fred") is mine
    assert resolve("DGS10") == Resolved("fred", "DGS10", "value")


def test_order_of_resolution_for_user_sources():
    first = register_source(Fixed("alpha", {"CAPE", "ALPHA_X"}))
    assert source_names()[0] == "alpha" and resolve("CAPE").source == "alpha"  # ahead of the built-ins
    unregister_source("alpha")
    register_source(first, before="yahoo")
    assert source_names() == ("shiller", "finra", "fred", "alpha", "yahoo", "sec", "trends", "local", "package")
    assert resolve("CAPE").source == "shiller"      # asked after Shiller now
    assert resolve("ALPHA_X").source == "fred"      # and after FRED, whose rule takes 6+ character ids
    register_source(Fixed("beta", {"A1"}), before="fred")
    assert resolve("A1").source == "beta" and resolve("alpha:A1") == Resolved("alpha", "A1", "value")


def test_user_source_runs_the_whole_path(cache):
    src = register_source(Fixed("mine", {"MY_SERIES"}))
    s = get_series("my_series", cache=cache)
    p = provenance_of(s)
    assert (p.source, p.symbol, p.url, p.as_of) == ("mine", "MY_SERIES", "test://mine/MY_SERIES", "2024-01-03")
    assert s.name == "MY_SERIES" and list(s) == [1.0, 2.0, 3.0] and src.fetches == 1
    assert [(e.source, e.symbol, e.field) for e in cache.entries()] == [("mine", "MY_SERIES", "value")]
    again = get_series("mine:MY_SERIES", cache=cache, end="2024-01-02")  # fresh cached copy: no second fetch
    assert provenance_of(again).from_cache and list(again) == [1.0, 2.0] and src.fetches == 1
    assert get_frame("MY_SERIES", cache=cache, offline=True).columns.tolist() == ["value"]
    assert pull("MY_SERIES", cache=cache)[0].source == "mine" and src.fetches == 2
    with pytest.raises(InputError, match="mine MY_SERIES: no field 'volume'"):
        get_series("MY_SERIES", field="volume", cache=cache)


def test_user_source_reads_a_data_folder(tmp_path):
    register_source(Fixed("mine", {"MY_SERIES"}))
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "my_series.csv").write_text("date,value\n2020-01-01,5\n2020-01-02,6\n")
    s = get_series("MY_SERIES", data_dir=folder, cache=False)
    assert provenance_of(s).source == "local" and list(s) == [5.0, 6.0]


def test_source_that_needs_network_under_offline(cache):
    src = register_source(Fixed("mine", {"MY_SERIES"}))
    with pytest.raises(DataSourceError, match=re.escape("mine MY_SERIES: not found in the cache (offline); "
                                                        "give --data-dir")):
        get_series("MY_SERIES", offline=True, cache=cache)
    assert src.fetches == 0
    get_series("MY_SERIES", cache=cache)
    # stale copy: offline serves it flagged, never fetching
    s, e = cache.get("mine", "MY_SERIES", "value")
    old = (pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=3)).isoformat()
    cache.put_many([("value", s, e.provenance.with_(fetched_at=old))])
    p = provenance_of(get_series("MY_SERIES", offline=True, cache=cache))
    assert p.from_cache and p.stale and src.fetches == 1
    # a source without needs_network is never fetched, online or not
    quiet = register_source(Fixed("quiet", {"QUIET_1"}, network=False))
    with pytest.raises(DataSourceError, match=r"quiet QUIET_1: .*this source has no download"):
        get_series("QUIET_1", cache=cache)
    assert quiet.fetches == 0


def test_user_symbol_held_by_a_package_falls_back_offline(cache):
    register_source(Fixed("mine", {"VIX"}))  # ^VIX's normalised key; arch ships a VIX series
    p = provenance_of(get_series("VIX", offline=True, cache=cache))
    assert p.source == "package" and p.notes[0].startswith("offline with an empty cache: the packaged copy")
    with pytest.raises(DataSourceError, match="mine \\^VIX: not found"):
        get_series("VIX", offline=True, cache=cache, packaged_fallback=False)


def _docs_example() -> str:
    text = DOCS.read_text()
    section = text.split("## Adding a data source", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_docs_worked_example_runs(local_http_server, monkeypatch, tmp_path):
    local_http_server.expect_request("/service/data/EXR/D.USD.EUR.SP00.A", query_string="format=csvdata") \
        .respond_with_data(ECB_CSV, content_type="text/csv")
    base = local_http_server.url_for("").rstrip("/")
    monkeypatch.setattr(HttpConfig, "from_env", classmethod(lambda cls, **kw: cls(retries=0, base_urls={"ecb": base})))
    ns: dict = {}
    try:
        exec(compile(_docs_example(), str(DOCS), "exec"), ns)
    finally:
        local_http_server.clear()
    s = ns["eurusd"]
    assert list(s.index.strftime("%Y-%m-%d")) == ["2024-01-02", "2024-01-03"] and list(s) == [1.0956, 1.0919]
    p = provenance_of(s)
    assert (p.source, p.symbol, p.unit, p.as_of) == ("ecb", "EXR.D.USD.EUR.SP00.A", "ECB native units", "2024-01-03")
    assert p.url == f"{base}/service/data/EXR/D.USD.EUR.SP00.A?format=csvdata"
    assert source_names()[0] == "ecb"
    # cached under the source's name: offline, with the network refused, it is still there
    dead = HttpConfig(transport=httpx.MockTransport(lambda r: pytest.fail("network used while offline")))
    again = get_series("ecb:EXR.D.USD.EUR.SP00.A", offline=True, config=dead)
    assert provenance_of(again).from_cache and again.equals(s)
