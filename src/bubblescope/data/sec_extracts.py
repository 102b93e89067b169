"""Readers for the SEC extracts in ``../shared/data/sec/`` (see that folder's PROVENANCE.md).

Two kinds of file, each read by a function that takes a path and returns a tidy frame (USD bn):

* :func:`read_cash_flow_extract` — the quarterly cash-flow extracts of earnings releases
  (``capex_ocf_extracts_akiraak/<company>_cash-flows.json``: ``{FYyyyy: {Qn: {...}}}``, USD mn,
  discrete quarters). Capex is "additions to / purchases of property and equipment" (finance leases
  excluded). Where a quarter lacks capex but has operating cash flow, free cash flow and finance-lease
  payments (Meta 2024 Q1–Q3) capex is derived as OCF − FCF − lease payments and flagged ``derived``.
* :func:`read_ixbrl_facts` — ``ix:nonFraction`` facts of an inline-XBRL filing (10-K, 10-Q) with
  their periods; facts whose context carries a dimension (segment) are flagged.

:func:`load_sec_folder` reads every file of the folder it knows into one quarterly frame (and the
Amazon 10-K's fiscal years as annual rows). Pure parsing apart from reading the given paths.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from bubblescope.errors import DataSourceError

#: File stem → (company label, fiscal-year end month, keys of capex, OCF, FCF, finance leases).
EXTRACTS: dict[str, tuple[str, int, str, str, str, str]] = {
    "microsoft_cash-flows": ("Microsoft", 6, "capitalExpenditure", "operatingCF", "freeCashFlow", ""),
    "meta_cash-flows": ("Meta", 12, "capitalExpenditures", "operatingCashFlow", "freeCashFlow", "financeLeasePayments"),
    "alphabet_cash-flows": ("Alphabet", 12, "capex", "operatingCF", "freeCashFlow", ""),
}
QUARTER_COLUMNS = ("company", "fiscal_year", "quarter", "period_end", "capex", "ocf", "derived", "source")


def _quarter_end(fy: int, q: int, fy_end_month: int) -> pd.Timestamp:
    """Last day of fiscal quarter ``q`` of fiscal year ``fy`` (labelled by the year it ends in)."""
    months_before_end = 3 * (4 - q)
    end = pd.Timestamp(year=fy, month=fy_end_month, day=1) - pd.DateOffset(months=months_before_end)
    return (end + pd.offsets.MonthEnd(0)).normalize()


def _num(row: dict[str, Any], key: str) -> float | None:
    v = row.get(key) if key else None
    return None if v is None else float(v)


def read_cash_flow_extract(path: str | Path, company: str | None = None, fy_end_month: int | None = None) -> pd.DataFrame:
    """One row per quarter: company, fiscal_year, quarter, period_end, capex and ocf (USD bn, capex
    positive), derived (capex derived from OCF − FCF − leases), source (the file name)."""
    p = Path(path)
    label, month, k_capex, k_ocf, k_fcf, k_lease = EXTRACTS.get(p.stem, (p.stem, 12, "capex", "operatingCF",
                                                                          "freeCashFlow", ""))
    label, month = company or label, fy_end_month or month
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataSourceError(f"{p}: cannot read the cash-flow extract: {exc}") from None
    if not isinstance(data, dict):
        raise DataSourceError(f"{p}: expected a mapping of fiscal years (FY2024: {{Q1: ...}})")
    rows = []
    for fy_key, quarters in data.items():
        m = re.fullmatch(r"FY(\d{4})", str(fy_key))
        if not m or not isinstance(quarters, dict):
            raise DataSourceError(f"{p}: unexpected key {fy_key!r} (expected FYyyyy)")
        for q_key, row in quarters.items():
            qm = re.fullmatch(r"Q([1-4])", str(q_key))
            if not qm or not isinstance(row, dict):
                raise DataSourceError(f"{p}: {fy_key}: unexpected quarter {q_key!r}")
            fy, q = int(m.group(1)), int(qm.group(1))
            capex, ocf = _num(row, k_capex), _num(row, k_ocf)
            fcf, lease = _num(row, k_fcf), _num(row, k_lease)
            derived = False
            if capex is None and ocf is not None and fcf is not None and (lease is not None or not k_lease):
                capex, derived = -(ocf - fcf - abs(lease or 0.0)), True
            rows.append({"company": label, "fiscal_year": fy, "quarter": q, "period_end": _quarter_end(fy, q, month),
                         "capex": None if capex is None else abs(capex) / 1000.0,
                         "ocf": None if ocf is None else ocf / 1000.0, "derived": derived, "source": p.name})
    frame = pd.DataFrame(rows, columns=list(QUARTER_COLUMNS))
    return frame.sort_values("period_end").reset_index(drop=True)


_CONTEXT = re.compile(r"<xbrli:context\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</xbrli:context>", re.S)
_FACT = re.compile(r"<ix:nonFraction\b([^>]*)>(.*?)</ix:nonFraction>", re.S)
_ATTR = re.compile(r"(\w[\w:.-]*)=\"([^\"]*)\"")
_TAG = re.compile(r"<[^>]+>")


def _contexts(text: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for cid, body in _CONTEXT.findall(text):
        def grab(tag: str, body: str = body) -> str | None:
            m = re.search(rf"<xbrli:{tag}>([^<]+)</xbrli:{tag}>", body)
            return m.group(1).strip() if m else None
        out[cid] = {"start": grab("startDate"), "end": grab("endDate") or grab("instant"),
                    "instant": grab("instant") is not None, "dimension": "explicitMember" in body or "typedMember" in body}
    return out


def read_ixbrl_facts(path: str | Path, names: tuple[str, ...] = ()) -> pd.DataFrame:
    """Numeric facts of an inline-XBRL filing: name (e.g. ``us-gaap:PaymentsToAcquireProductiveAssets``),
    value (USD bn when the unit is USD, else as tagged), start, end, instant, dimension, context."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DataSourceError(f"{p}: cannot read the filing: {exc.strerror or exc}") from None
    ctx = _contexts(text)
    if not ctx:
        raise DataSourceError(f"{p}: no xbrli:context found (not an inline-XBRL filing?)")
    rows = []
    for attrs_s, inner in _FACT.findall(text):
        attrs = dict(_ATTR.findall(attrs_s))
        name = attrs.get("name", "")
        if names and name not in names:
            continue
        raw = html.unescape(_TAG.sub("", inner)).strip().replace(",", "")
        if raw in ("", "-", "—"):
            value = 0.0
        else:
            try:
                value = float(raw)
            except ValueError:
                continue
        value *= 10.0 ** int(attrs.get("scale", "0"))
        if attrs.get("sign") == "-":
            value = -value
        usd = re.fullmatch(r"(?:u_)?(?:iso4217[_:]?)?usd", attrs.get("unitRef", "").lower()) is not None
        c = ctx.get(attrs.get("contextRef", ""), {})
        rows.append({"name": name, "value": value / 1e9 if usd else value, "unit": "USD bn" if usd else attrs.get("unitRef"),
                     "start": c.get("start"), "end": c.get("end"), "instant": c.get("instant", False),
                     "dimension": c.get("dimension", False), "context": attrs.get("contextRef")})
    cols = ["name", "value", "unit", "start", "end", "instant", "dimension", "context"]
    return pd.DataFrame(rows, columns=cols).drop_duplicates(["name", "context", "value"]).reset_index(drop=True)


def annual_flow(facts: pd.DataFrame, name: str) -> pd.Series:
    """Fiscal-year values (periods of 350–380 days, no dimension) of one tag, indexed by end year."""
    f = facts[(facts["name"] == name) & ~facts["dimension"] & ~facts["instant"]].copy()
    if f.empty:
        return pd.Series(dtype=float)
    days = (pd.to_datetime(f["end"]) - pd.to_datetime(f["start"])).dt.days
    f = f[(days >= 350) & (days <= 380)]
    return pd.Series(f["value"].to_numpy(), index=pd.to_datetime(f["end"]).dt.year.to_numpy(), name=name).sort_index()


def balance(facts: pd.DataFrame, name: str) -> pd.Series:
    """Instant values (no dimension) of one tag, indexed by date."""
    f = facts[(facts["name"] == name) & ~facts["dimension"] & facts["instant"]]
    return pd.Series(f["value"].to_numpy(), index=pd.to_datetime(f["end"]).to_numpy(), name=name).sort_index()


def load_sec_folder(sec_dir: str | Path) -> pd.DataFrame:
    """Every quarterly capex/OCF row of ``sec_dir`` (the extracts) plus Amazon's 10-K fiscal years as
    rows with ``quarter`` 0 (annual). Raises DataSourceError when the folder holds none of them."""
    root = Path(sec_dir)
    frames = [read_cash_flow_extract(p) for p in sorted((root / "capex_ocf_extracts_akiraak").glob("*_cash-flows.json"))]
    amzn = sorted((root / "10k_ixbrl").glob("amzn-10-k-*.html"))
    if amzn:
        facts = read_ixbrl_facts(amzn[-1], ("us-gaap:PaymentsToAcquireProductiveAssets",
                                            "us-gaap:NetCashProvidedByUsedInOperatingActivities"))
        capex = annual_flow(facts, "us-gaap:PaymentsToAcquireProductiveAssets")
        ocf = annual_flow(facts, "us-gaap:NetCashProvidedByUsedInOperatingActivities")
        frames.append(pd.DataFrame({
            "company": "Amazon", "fiscal_year": capex.index, "quarter": 0,
            "period_end": [pd.Timestamp(year=int(y), month=12, day=31) for y in capex.index],
            "capex": capex.to_numpy(), "ocf": ocf.reindex(capex.index).to_numpy(), "derived": False,
            "source": amzn[-1].name}))
    if not frames:
        raise DataSourceError(f"{root}: no SEC capex/OCF extract found (expected capex_ocf_extracts_akiraak/ or 10k_ixbrl/)")
    return pd.concat(frames, ignore_index=True)[list(QUARTER_COLUMNS)]
