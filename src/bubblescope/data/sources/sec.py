"""SEC EDGAR XBRL ``companyfacts`` JSON → tidy facts and per-fiscal-year series.

``GET {base}/api/xbrl/companyfacts/CIK##########.json`` (``base`` = ``https://data.sec.gov``). SEC's
fair-access policy requires a User-Agent with contact details: set ``BUBBLESCOPE_SEC_CONTACT``
(e.g. ``"Jane Doe jane@example.org"``), see :mod:`bubblescope.data.http`.

:func:`parse_companyfacts` returns every fact as reported (one row per fact per filing, so the same
number appears once for each filing that repeats it). :func:`annual_facts` turns those into one value
per fiscal year for a **concept** that companies tag in different ways:

* ``capex``: ``PaymentsToAcquirePropertyPlantAndEquipment`` or ``PaymentsToAcquireProductiveAssets``
  (NVIDIA switched to the latter from fiscal 2022; Amazon uses it too);
* ``depreciation``: ``DepreciationDepletionAndAmortization``, ``DepreciationAndAmortization``,
  ``Depreciation``, ``DepreciationAmortizationAndAccretionNet``;
* ``revenue``: ``Revenues``, ``RevenueFromContractWithCustomerExcludingAssessedTax``, ``SalesRevenueNet``;
* ``ppe_net``: ``PropertyPlantAndEquipmentNet`` (balance at fiscal year end).

Rules (applied in this order): flows use facts whose period is 350–380 days long (a fiscal year);
the balance uses instants reported in annual reports (``10-K``); duplicates of the same
tag and period across filings collapse to the **most recently filed** value (restatements win); when
several tags cover the same fiscal year, the tag from the most recent filing wins (the company's current
reporting), ties broken by the order above. The fiscal year is labelled by its end date (NVIDIA's
fiscal 2026 ends 2026-01-25). Values in USD.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.data.http import HttpConfig, fetch
from bubblescope.data.source import Fields, FileSource, Resolved, find_file, now
from bubblescope.data.sources._payload import load_json
from bubblescope.errors import DataSourceError

SOURCE = "sec"
DEFAULT_BASE_URL = "https://data.sec.gov"
TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"

CONCEPTS: dict[str, tuple[str, ...]] = {
    "capex": ("PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets"),
    "depreciation": ("DepreciationDepletionAndAmortization", "DepreciationAndAmortization", "Depreciation",
                     "DepreciationAmortizationAndAccretionNet"),
    "revenue": ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "SalesRevenueNet"),
    "ppe_net": ("PropertyPlantAndEquipmentNet",),
}
INSTANT_CONCEPTS = frozenset({"ppe_net"})
FACT_COLUMNS = ("cik", "entity", "taxonomy", "tag", "unit", "start", "end", "value", "fy", "fp", "form",
                "filed", "frame", "accn")
_CIK = re.compile(r"^(?:CIK)?0*(\d{1,10})$", re.IGNORECASE)


def cik_from(symbol: str) -> int | None:
    """``CIK0001045810`` / ``1045810`` → 1045810; a ticker → None (look it up in SEC's ticker list)."""
    m = _CIK.match(symbol.strip())
    return int(m.group(1)) if m else None


def companyfacts_url(cik: int, base_url: str = DEFAULT_BASE_URL) -> str:
    return f"{base_url.rstrip('/')}/api/xbrl/companyfacts/CIK{cik:010d}.json"


def parse_ticker_map(content: bytes) -> dict[str, int]:
    """SEC's ``company_tickers.json`` (``{"0": {"cik_str": 320193, "ticker": "AAPL", …}, …}``) → ticker → CIK."""
    try:
        data = json.loads(content)
        return {str(v["ticker"]).upper(): int(v["cik_str"]) for v in data.values()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DataSourceError(f"{SOURCE}: malformed company_tickers.json") from None


def parse_companyfacts(content: bytes | dict[str, Any], symbol: str | None = None) -> pd.DataFrame:
    """Every fact in a companyfacts response as a tidy frame (columns :data:`FACT_COLUMNS`)."""
    label = f"{SOURCE} {symbol}" if symbol else SOURCE
    data = load_json(content, label, "companyfacts JSON")
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
        raise DataSourceError(f"{label}: not a companyfacts response (no 'facts')")
    cik, entity = data.get("cik"), data.get("entityName")
    rows: list[tuple] = []
    for taxonomy, tags in data["facts"].items():
        if not isinstance(tags, dict):
            continue
        for tag, body in tags.items():
            for unit, facts in ((body or {}).get("units") or {}).items():
                for f in facts:
                    rows.append((cik, entity, taxonomy, tag, unit, f.get("start"), f.get("end"), f.get("val"),
                                 f.get("fy"), f.get("fp"), f.get("form"), f.get("filed"), f.get("frame"),
                                 f.get("accn")))
    if not rows:
        raise DataSourceError(f"{label}: companyfacts response has no facts")
    df = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    for c in ("start", "end", "filed"):
        df[c] = pd.to_datetime(df[c], errors="coerce", format="%Y-%m-%d")
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    if df["end"].isna().all():
        raise DataSourceError(f"{label}: companyfacts facts have no period end dates")
    return df


def annual_facts(facts: pd.DataFrame, concept: str) -> pd.DataFrame:
    """One row per fiscal year (index: fiscal-year end date) with ``value, tag, start, filed, form, accn``.

    See the module docstring for the rules. Raises :class:`DataSourceError` when no tag of the concept
    has annual USD facts.
    """
    if concept not in CONCEPTS:
        raise DataSourceError(f"{SOURCE}: unknown concept {concept!r} (known: {', '.join(CONCEPTS)})")
    tags = CONCEPTS[concept]
    f = facts[facts["tag"].isin(tags) & (facts["unit"] == "USD") & facts["value"].notna()].copy()
    if concept in INSTANT_CONCEPTS:
        f = f[f["start"].isna() & f["form"].fillna("").str.startswith("10-K")]
    else:
        days = (f["end"] - f["start"]).dt.days
        f = f[days.between(350, 380)]
    if f.empty:
        raise DataSourceError(f"{SOURCE}: no annual USD facts for {concept} (tags {', '.join(tags)})")
    f["rank"] = f["tag"].map({t: i for i, t in enumerate(tags)})
    # restatements win: latest filing of the same tag and period
    f = f.sort_values(["filed", "accn"]).groupby(["tag", "end"], as_index=False).last()
    # across tags: the tag from the most recent filing, then the concept's tag order
    f = f.sort_values(["end", "filed", "rank"], ascending=[True, False, True])
    f = f.groupby("end", as_index=False).first().set_index("end").sort_index()
    f.index.name = "fiscal_year_end"
    return f[["value", "tag", "start", "filed", "form", "accn"]]


def annual_series(facts: pd.DataFrame, concept: str) -> pd.Series:
    """``annual_facts(...)["value"]`` as a float Series named ``concept`` (USD, fiscal-year end dates)."""
    s = annual_facts(facts, concept)["value"].astype(float).rename(concept)
    s.index = pd.DatetimeIndex(s.index, name="date")
    return s[np.isfinite(s.to_numpy())]


class SecSource(FileSource):
    """SEC EDGAR companyfacts, chosen explicitly (``sec:NVDA``, ``source="sec"``): the symbol is a ticker or a
    CIK; fields are the :data:`CONCEPTS` per fiscal year (default ``capex``), USD. In a data folder:
    ``*CIK##########*.json``, ``*_TICKER_companyfacts.json`` or ``TICKER*companyfacts*.json``."""

    name = SOURCE
    needs_network = True
    default_field = "capex"
    unit = "USD"

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        return Resolved(SOURCE, symbol.upper(), field or self.default_field)

    def local_file(self, r: Resolved, data_dir: Path) -> Path | None:
        cik = cik_from(r.symbol)
        by_cik = (f"*CIK{cik:010d}*.json",) if cik else ()
        return find_file(data_dir, (*by_cik, f"*_{r.symbol}_companyfacts.json", f"{r.symbol}*companyfacts*.json"))

    def download(self, r: Resolved, config: HttpConfig) -> tuple[str, bytes]:
        cik = cik_from(r.symbol)
        if cik is None:
            turl = config.base_urls.get("sec_tickers", TICKERS_URL)
            tickers = parse_ticker_map(fetch(turl, source=SOURCE, symbol=r.symbol, config=config))
            if r.symbol not in tickers:
                raise DataSourceError(f"{SOURCE} {r.symbol}: ticker not in SEC's company list")
            cik = tickers[r.symbol]
        url = companyfacts_url(cik, config.base_url(SOURCE, DEFAULT_BASE_URL))
        return url, fetch(url, source=SOURCE, symbol=r.symbol, config=config)

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        facts = parse_companyfacts(content, r.symbol)
        fetched = now()
        out: Fields = {}
        for concept in CONCEPTS:
            try:
                s = annual_series(facts, concept)
            except DataSourceError:
                continue
            tags = ", ".join(sorted(set(annual_facts(facts, concept)["tag"])))
            out[concept] = (s, self.provenance(r, s, origin, f"{concept}, fiscal years (XBRL tags: {tags})",
                                               frequency="annual (fiscal year)", fetched_at=fetched))
        if not out:
            raise DataSourceError(f"{SOURCE} {r.symbol}: no annual capex, depreciation, revenue or PP&E facts")
        return out
