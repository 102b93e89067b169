"""``ScanResult``: the tidy one-row-per-series table of a market scan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.results import Result, to_jsonable

#: Boolean columns counted as "flags raised" when ranking (only those present are used).
FLAG_COLUMNS: tuple[str, ...] = ("psy_in_episode", "gauges_runup", "gauges_2sigma")
#: Tie-breakers of the ranking, in order, larger first.
RANK_COLUMNS: tuple[str, ...] = ("psy_margin", "lppls_pos_conf", "lppls_pos_trust")

#: Columns describing how a row was computed rather than what was found (differ between runs).
TIMING_COLUMNS: tuple[str, ...] = ("seconds",)


@dataclass(frozen=True)
class ScanResult(Result):
    """A market scan: one row per series.

    ``frame`` columns: ``series`` (name), ``n_obs``, ``first_date``, ``last_date`` (the last
    observation used, ≤ ``as_of``), ``data_hash`` (identifies the data the row was computed from),
    ``seed`` (the per-series seed, derived from the scan seed and the name), ``error`` (``<NA>``
    when every test ran; otherwise ``"test: message"`` per failing test), ``seconds`` (compute
    time of the row, not a result), then the columns of each test (see ``bubblescope.scan`` docs).
    ``computed`` and ``reused`` name the series computed in this run and those taken from the
    Parquet output of an earlier (interrupted) run.
    """

    frame: pd.DataFrame
    tests: tuple[str, ...]
    settings: dict[str, Any]
    computed: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    out: str | None = None
    engine: str = "serial"
    workers: int = 1
    wall_seconds: float = float("nan")
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The scan table in input order (a copy)."""
        return self.frame.copy()

    @property
    def errors(self) -> pd.DataFrame:
        """Rows where at least one test failed (series name and message)."""
        f = self.frame
        return f.loc[f["error"].notna(), ["series", "error"]].reset_index(drop=True)

    def ranked(self) -> pd.DataFrame:
        """Rows sorted most bubble-like first.

        Order: number of flags raised among ``FLAG_COLUMNS`` (PSY in an episode at the last date,
        run-up and 2σ gauges), then ``psy_margin`` (BSADF − critical value), then LPPLS positive
        confidence and trust; rows with no result at all come last. A ``flags`` column is added.
        """
        f = self.frame.copy()
        if "not_ranked" in f.columns:  # the clean scan: stale and non-price rows are listed, not ranked
            f = f[f["not_ranked"].isna()]
        present = [c for c in FLAG_COLUMNS if c in f.columns]
        f["flags"] = (
            sum(f[c].fillna(False).astype(int) for c in present) if present else 0
        )
        keys = ["flags"] + [c for c in RANK_COLUMNS if c in f.columns]
        return f.sort_values(keys, ascending=False, na_position="last", kind="mergesort").reset_index(drop=True)

    def unranked(self) -> pd.DataFrame:
        """Rows listed but not ranked, with the reason (``not_ranked``): other classes, stale, errors."""
        f = self.frame
        if "not_ranked" not in f.columns:
            return f.iloc[0:0]
        return f[f["not_ranked"].notna()].reset_index(drop=True)

    def summary(self) -> str:
        f = self.frame
        n = len(f)
        n_err = int(f["error"].notna().sum())
        as_of = self.settings.get("as_of") or "latest"
        lines = [f"Scanned {n} series with {', '.join(self.tests)} (as of {as_of}); {n_err} with errors."]
        if "psy_in_episode" in f:
            k = int(f["psy_in_episode"].fillna(False).sum())
            lines.append(f"PSY: {k} of {n} in an explosive episode at their last date.")
        if "lppls_pos_conf" in f and f["lppls_pos_conf"].notna().any():
            top = f.loc[f["lppls_pos_conf"].idxmax()]
            lines.append(f"LPPLS: highest positive-bubble confidence {top['lppls_pos_conf']:.2f} ({top['series']}).")
        for col, label in (("gauges_runup", "run-up"), ("gauges_2sigma", "2σ above trend")):
            if col in f:
                lines.append(f"Gauges: {int(f[col].fillna(False).sum())} of {n} flagged {label}.")
        top5 = self.ranked().head(5)["series"].tolist()
        if top5:
            lines.append("Most bubble-like: " + ", ".join(map(str, top5)) + ".")
        un = self.unranked()
        if len(un):
            lines.append(f"{len(un)} series listed but not ranked (other instrument classes, stale or errors).")
        if self.reused:
            lines.append(f"{len(self.reused)} rows reused from {self.out}, {len(self.computed)} computed.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tests": list(self.tests),
            "settings": to_jsonable(self.settings),
            "engine": self.engine,
            "workers": self.workers,
            "out": self.out,
            "computed": len(self.computed),
            "reused": len(self.reused),
            "rows": to_jsonable(self.ranked().drop(columns=list(TIMING_COLUMNS), errors="ignore").to_dict("records")),
            "not_ranked": to_jsonable(self.unranked().drop(columns=list(TIMING_COLUMNS), errors="ignore")
                                      .to_dict("records")),
        }

    def plot(self, top: int = 30) -> Any:
        """Bar chart of BSADF − critical value (or LPPLS confidence) for the top ``top`` series."""
        import plotly.graph_objects as go

        r = self.ranked().head(top)
        col = next((c for c in RANK_COLUMNS if c in r.columns), None)
        if col is None:
            raise NotImplementedError("this scan has no numeric column to plot")
        fig = go.Figure(go.Bar(x=r["series"], y=r[col], name=col))
        fig.update_layout(title=f"Scan: {col} by series (ranked)", xaxis_title="series", yaxis_title=col)
        return fig
