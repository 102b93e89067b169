"""LPPLS bubble model: bounded, reproducible fits and the FCO confidence / trust indicators.

Model (Johansen–Ledoit–Sornette in the Filimonov & Sornette 2013 form), for t < tc::

    ln p(t) = A + B·f + C1·g + C2·h,   f = (tc − t)^m,  g = f·cos(ω ln(tc − t)),  h = f·sin(ω ln(tc − t))

The linear parameters (A, B, C1, C2) are solved in closed form (least squares); the nonlinear ones
(tc, m, ω) are searched inside explicit bounds: a coarse grid of profiled SSE (shared across nested
windows with one backward pass of running sums), then a bounded variable-projection
Levenberg–Marquardt from the best ``n_starts`` distinct grid cells, keeping the lowest SSE.

Conventions
-----------
* ``time="index"`` (default): t is the trading-day position in the series (0 = first observation);
  tc is in trading days and converted to a calendar date at 365.25/252 calendar days per trading day
  past the window end. ``time="years"``: t is the calendar date in decimal years.
* B < 0 is a positive (upward, super-exponential) bubble; B > 0 a negative bubble.
* Derived: C = √(C1² + C2²); damping D = m|B| / (ω|C|); oscillations
  O = (ω/2π)·ln((tc − t1)/(tc − t2)) (or ω/π with the ``half_periods`` setting); relative error is
  |p − p̂|/p per day, aggregated over the window by mean (default) or max (a filter-set setting).
* Search bounds (:class:`Bounds`): tc − t2 ∈ [0.002, 0.5]·(t2 − t1), m ∈ [0.01, 1.5], ω ∈ [1, 30].
* Randomness: start jitter uses a counter-based SplitMix64 stream keyed by (seed, t2_index,
  window_length); trust resampling uses ``numpy.random.default_rng((seed, t2_index, window_length, 1))``.
  Results therefore do not depend on worker count or scheduling.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml

from bubblescope.detect import _lppls_kernels as K
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

TimeMode = Literal["index", "years"]
TRADING_DAYS_PER_YEAR = 252.0
_DAYS_PER_TRADING_DAY = 365.25 / TRADING_DAYS_PER_YEAR

#: FCO default window lengths (trading days): 750 down to 125 in steps of 5 → 126 windows.
FCO_WINDOWS: tuple[int, ...] = tuple(range(750, 124, -5))
#: Fewest points a window may have (7 parameters need more points than that).
MIN_POINTS = 20


# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class Bounds:
    """Search box for the nonlinear parameters.

    ``tc`` is (tc − t2) as a fraction of the window length t2 − t1 (must be > 0: the model is only
    defined for t < tc); ``m`` and ``omega`` are absolute.
    """

    tc: tuple[float, float] = (0.002, 0.5)
    m: tuple[float, float] = (0.01, 1.5)
    omega: tuple[float, float] = (1.0, 30.0)

    def __post_init__(self) -> None:
        for name in ("tc", "m", "omega"):
            lo, hi = getattr(self, name)
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise InputError(f"LPPLS bounds: {name} needs finite lo < hi, got ({lo}, {hi})")
        if self.tc[0] <= 0:
            raise InputError("LPPLS bounds: tc lower bound must be > 0 (the model needs t < tc)")
        if self.m[0] <= 0 or self.omega[0] <= 0:
            raise InputError("LPPLS bounds: m and omega must be positive")


@dataclass(frozen=True)
class SearchSettings:
    """Grid sizes and local-refinement settings (speed/quality trade-off).

    The grid has ``n_tc`` (+4 when several window lengths share it) geometrically spaced tc − t2
    offsets, ``n_m`` and ``n_omega`` evenly spaced cell centres; local refinement stops after
    ``max_iter`` LM iterations or a relative SSE decrease below ``tol``. ``chain`` lets each window
    also start from the optimum of the next shorter window with the same end (when better).
    """

    n_tc: int = 10
    n_m: int = 6
    n_omega: int = 16
    max_iter: int = 20
    tol: float = 1e-5
    chain: bool = True


_U64 = (1 << 64) - 1
#: A single fit() converges tightly (cheap for one window); the indicators use the looser defaults.
_FIT_SEARCH = SearchSettings(max_iter=60, tol=1e-10)
_CONF_KEYS = {"m", "omega", "tc", "oscillations_min", "damping_min", "rel_error_max"}


@dataclass(frozen=True)
class FilterSet:
    """A named set of qualification conditions (loaded from YAML: filters are data, not code).

    ``confidence`` and ``trust`` map condition names to values: ``m``, ``omega``, ``tc`` (ranges;
    tc as (tc − t2)/(t2 − t1)), ``oscillations_min``, ``damping_min``, ``rel_error_max``. Absent
    conditions are not applied. ``rel_error`` is ``"mean"`` or ``"max"`` over the window;
    ``oscillations`` is ``"periods"`` (ω/2π) or ``"half_periods"`` (ω/π).
    """

    name: str
    confidence: Mapping[str, Any]
    trust: Mapping[str, Any]
    rel_error: Literal["mean", "max"] = "mean"
    oscillations: Literal["periods", "half_periods"] = "periods"
    description: str = ""

    def passes(self, which: Literal["confidence", "trust"], p: Mapping[str, np.ndarray]) -> np.ndarray:
        """Boolean mask of fits passing the ``which`` conditions (NaN parameters never pass)."""
        cond = self.confidence if which == "confidence" else self.trust
        ok = np.isfinite(np.asarray(p["m"], dtype=float))
        for key, rng_key in (("m", "m"), ("omega", "omega"), ("tc", "tc_rel")):
            if key in cond:
                lo, hi = cond[key]
                v = np.asarray(p[rng_key], dtype=float)
                ok &= (v >= lo) & (v <= hi)
        if "oscillations_min" in cond:
            ok &= np.asarray(p["oscillations"], dtype=float) >= cond["oscillations_min"]
        if "damping_min" in cond:
            ok &= np.asarray(p["damping"], dtype=float) >= cond["damping_min"]
        if "rel_error_max" in cond:
            ok &= np.asarray(p["rel_error"], dtype=float) <= cond["rel_error_max"]
        return ok


def _check_filter_section(src: str, section: str, d: Any) -> dict[str, Any]:
    if d is None:
        return {}
    if not isinstance(d, dict):
        raise InputError(f"LPPLS filters {src}: '{section}' must be a mapping")
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k not in _CONF_KEYS:
            raise InputError(f"LPPLS filters {src}: unknown condition '{section}.{k}' (known: {sorted(_CONF_KEYS)})")
        if k in ("m", "omega", "tc"):
            if not (isinstance(v, (list, tuple)) and len(v) == 2):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be [low, high]")
            try:
                lo, hi = float(v[0]), float(v[1])
            except (TypeError, ValueError):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be two numbers") from None
            if not lo <= hi:
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' needs low <= high")
            out[k] = (lo, hi)
        else:
            try:
                out[k] = float(v)
            except (TypeError, ValueError):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be a number") from None
    return out


def filter_set_names() -> list[str]:
    """Names of the filter sets shipped with the package."""
    d = resources.files("bubblescope.detect") / "lppls_filters"
    return sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".yaml"))


def load_filters(spec: str | Path | Mapping[str, Any] | FilterSet = "sornette2015") -> FilterSet:
    """A :class:`FilterSet` from a shipped name, a YAML file path or a mapping of the same shape."""
    if isinstance(spec, FilterSet):
        return spec
    if isinstance(spec, Mapping):
        data: Any = dict(spec)
        src = "mapping"
    else:
        name = str(spec)
        if name in filter_set_names():
            text = (resources.files("bubblescope.detect") / "lppls_filters" / f"{name}.yaml").read_text("utf-8")
            src = name
        else:
            path = Path(name)
            if not path.is_file():
                raise InputError(f"LPPLS filters: '{name}' is neither a shipped set ({', '.join(filter_set_names())}) nor a file")
            text = path.read_text("utf-8")
            src = str(path)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"LPPLS filters {src}: invalid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise InputError(f"LPPLS filters {src}: expected a mapping with 'confidence' and 'trust'")
    unknown = set(data) - {"name", "description", "settings", "confidence", "trust"}
    if unknown:
        raise InputError(f"LPPLS filters {src}: unknown keys {sorted(unknown)}")
    settings = data.get("settings") or {}
    rel = settings.get("rel_error", "mean")
    osc = settings.get("oscillations", "periods")
    if rel not in ("mean", "max"):
        raise InputError(f"LPPLS filters {src}: settings.rel_error must be 'mean' or 'max', got {rel!r}")
    if osc not in ("periods", "half_periods"):
        raise InputError(f"LPPLS filters {src}: settings.oscillations must be 'periods' or 'half_periods'")
    return FilterSet(
        name=str(data.get("name", src)),
        description=str(data.get("description", "")),
        confidence=_check_filter_section(src, "confidence", data.get("confidence")),
        trust=_check_filter_section(src, "trust", data.get("trust")),
        rel_error=rel,
        oscillations=osc,
    )


# --------------------------------------------------------------------------------------------
# input checks and time axis


def _check_series(series: pd.Series, min_points: int) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise InputError(f"LPPLS needs a pandas Series of prices, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError("LPPLS needs a Series indexed by dates (DatetimeIndex)")
    try:
        s = series.astype(float)
    except (TypeError, ValueError):
        raise InputError("LPPLS: prices must be numeric") from None
    if len(s) < min_points:
        raise InputError(f"LPPLS: {len(s)} observations, need at least {min_points} for the smallest window")
    v = s.to_numpy()
    if np.isnan(v).any():
        first = s.index[np.isnan(v)][0]
        raise InputError(f"LPPLS: price is NaN on {first.date()} (drop or fill missing values first)")
    if not np.isfinite(v).all():
        raise InputError("LPPLS: prices contain infinite values")
    if (v <= 0).any():
        first = s.index[v <= 0][0]
        raise InputError(f"LPPLS: non-positive price {s[first]:g} on {first.date()} (log price undefined)")
    if s.index.hasnans:
        raise InputError("LPPLS: the date index contains missing dates (NaT)")
    if not s.index.is_monotonic_increasing:
        raise InputError("LPPLS: dates are not sorted ascending")
    if s.index.has_duplicates:
        raise InputError(f"LPPLS: duplicate date {s.index[s.index.duplicated()][0].date()}")
    return s


def _time_axis(index: pd.DatetimeIndex, time: str) -> np.ndarray:
    if time == "index":
        return np.arange(len(index), dtype=float)
    if time == "years":
        ns = index.as_unit("ns").asi8.astype(float)
        return 1970.0 + ns / (365.25 * 86400e9)
    raise InputError(f"LPPLS: time must be 'index' or 'years', got {time!r}")


def _tc_to_date(tc: float, t2: float, end_date: pd.Timestamp, time: str) -> pd.Timestamp | None:
    if not math.isfinite(tc):
        return None
    if time == "years":
        return pd.Timestamp(1970, 1, 1) + pd.to_timedelta((tc - 1970.0) * 365.25, unit="D")
    return end_date + pd.to_timedelta((tc - t2) * _DAYS_PER_TRADING_DAY, unit="D")


# --------------------------------------------------------------------------------------------
# fitting core (shared by fit() and the indicators)


def _tc_grid(lo_off: float, hi_off: float, n: int) -> np.ndarray:
    return np.geomspace(lo_off, hi_off, n)


def _fit_nested(
    t: np.ndarray,
    y: np.ndarray,
    lens: np.ndarray,
    bounds: Bounds,
    search: SearchSettings,
    n_starts: int,
    seed: int,
    t2_key: int,
) -> np.ndarray:
    """Fit all nested windows (lengths ``lens``, ascending) ending at the last point.

    Returns (n_windows, 12): tc, m, ω, A, B, C1, C2, sse, rel_mean, rel_max, t1, rank (NaN params
    where no valid fit was found).
    """
    L = len(t)
    t2 = t[-1]
    spans = t2 - t[L - lens]
    lo_off = bounds.tc[0] * spans.min()
    hi_off = bounds.tc[1] * spans.max()
    tcs = _tc_grid(lo_off, hi_off, search.n_tc + (4 if len(lens) > 1 else 0))
    m_lo, m_hi = bounds.m
    w_lo, w_hi = bounds.omega
    # m grid includes both bounds: the m → lower-bound corner is a frequent optimum on real data
    ms = np.linspace(m_lo, m_hi, search.n_m)
    ws = np.linspace(w_lo + 0.5 * (w_hi - w_lo) / search.n_omega, w_hi - 0.5 * (w_hi - w_lo) / search.n_omega, search.n_omega)
    sse = np.empty((len(lens), len(tcs), len(ms), len(ws)))
    K.grid_scan(t, y, lens, tcs, ms, ws, bounds.tc[0] * (1 - 1e-12), bounds.tc[1] * (1 + 1e-12), sse)
    starts = np.full((len(lens), n_starts, 3), np.nan)
    K.select_starts(sse, tcs, ms, ws, n_starts, seed & _U64, t2_key & _U64, lens, t2, starts)
    best = np.empty((len(lens), 4))
    K.refine_windows(t, y, lens, starts, bounds.tc[0], bounds.tc[1], m_lo, m_hi, w_lo, w_hi,
                     search.max_iter, search.tol, search.chain, best)
    res = np.full((len(lens), 12), np.nan)
    lin = np.empty(8)
    for j, n in enumerate(lens):
        res[j, 10] = t[L - n]
        if not np.isfinite(best[j, 3]):
            continue
        tw, yw = t[L - n:], y[L - n:]
        if np.ptp(yw) == 0:
            continue  # constant prices: the LPPLS is not identifiable (no valid fit, never zeros)
        if not K.linear_params(tw, yw, best[j, 0], best[j, 1], best[j, 2], lin) or lin[7] < 4:
            continue  # rank-deficient design: no valid fit (reported as NaN, never zeros)
        res[j, 0:3] = best[j, 0:3]
        res[j, 3:10] = lin[0:7]
        res[j, 11] = lin[7]
    return res


def _derived(res: np.ndarray, t2: float, osc: str, rel: str) -> dict[str, np.ndarray]:
    tc, m, w, _A, B, C1, C2 = (res[:, k] for k in range(7))
    t1 = res[:, 10]
    C = np.hypot(C1, C2)
    with np.errstate(divide="ignore", invalid="ignore"):
        damping = m * np.abs(B) / (w * C)
        ratio = (tc - t1) / (tc - t2)
        factor = 2 * np.pi if osc == "periods" else np.pi
        oscillations = w / factor * np.log(ratio)
        tc_rel = (tc - t2) / (t2 - t1)
    return {
        "tc": tc, "m": m, "omega": w, "B": B, "C": C, "damping": damping, "oscillations": oscillations,
        "tc_rel": tc_rel, "rel_error": res[:, 8] if rel == "mean" else res[:, 9],
    }


# --------------------------------------------------------------------------------------------
# single fit


@dataclass(frozen=True, eq=False)
class LPPLSFit(Result):
    """One LPPLS fit of log prices on the window [start, end].

    Times (``tc``, ``t1``, ``t2``) are in the ``time`` units: trading-day index or decimal years.
    ``rel_error`` is the mean over the window of |p − p̂|/p, ``rel_error_max`` its maximum.
    """

    tc: float
    m: float
    omega: float
    A: float
    B: float
    C1: float
    C2: float
    C: float
    damping: float
    oscillations: float
    rel_error: float
    rel_error_max: float
    sse: float
    n: int
    t1: float
    t2: float
    start: pd.Timestamp
    end: pd.Timestamp
    tc_date: pd.Timestamp | None
    time: str
    seed: int
    n_starts: int
    bounds: Bounds
    log_price: pd.Series = field(repr=False)

    @property
    def bubble(self) -> str:
        """'positive' (B < 0, accelerating rise), 'negative' (B > 0) or 'none' (B == 0)."""
        return "positive" if self.B < 0 else "negative" if self.B > 0 else "none"

    def predict(self, t: np.ndarray) -> np.ndarray:
        """Fitted log price at times ``t`` (same units as the fit); NaN where t ≥ tc."""
        t = np.asarray(t, dtype=float)
        dt = self.tc - t
        out = np.full(t.shape, np.nan)
        ok = dt > 0
        ld = np.log(dt[ok])
        f = np.exp(self.m * ld)
        out[ok] = self.A + f * (self.B + self.C1 * np.cos(self.omega * ld) + self.C2 * np.sin(self.omega * ld))
        return out

    def summary(self) -> str:
        tcd = self.tc_date.date().isoformat() if self.tc_date is not None else "n/a"
        unit = "trading days" if self.time == "index" else "years"
        return (
            f"LPPLS fit {self.start.date()} → {self.end.date()} ({self.n} obs, {self.bubble} bubble): "
            f"tc ≈ {tcd} (tc − t2 = {self.tc - self.t2:.2f} {unit}), m = {self.m:.3f}, ω = {self.omega:.2f}, "
            f"B = {self.B:.4g}, C = {self.C:.4g}, damping = {self.damping:.2f}, "
            f"oscillations = {self.oscillations:.2f}, mean rel. error = {self.rel_error:.2%}, SSE = {self.sse:.4g}"
        )

    def params(self) -> dict[str, Any]:
        names = ("tc", "m", "omega", "A", "B", "C1", "C2", "C", "damping", "oscillations", "rel_error",
                 "rel_error_max", "sse", "n", "t1", "t2", "start", "end", "tc_date", "time", "seed", "n_starts")
        return {k: getattr(self, k) for k in names} | {"bubble": self.bubble}

    def to_frame(self) -> pd.DataFrame:
        """Per date: observed log price, fitted log price and residual."""
        t = _time_axis(self.log_price.index, self.time)
        if self.time == "index":
            t = t + self.t1
        fitted = self.predict(t)
        return pd.DataFrame(
            {"log_price": self.log_price.to_numpy(), "fitted": fitted, "residual": self.log_price.to_numpy() - fitted},
            index=self.log_price.index,
        )

    def to_dict(self) -> dict[str, Any]:
        d = to_jsonable(self.params())
        d["bounds"] = to_jsonable(self.bounds)
        d["convention"] = "ln p = A + B f + C1 g + C2 h; f=(tc-t)^m; B<0 positive bubble"
        return d

    def plot(self) -> Any:
        import plotly.graph_objects as go

        df = self.to_frame()
        fig = go.Figure()
        fig.add_scatter(x=df.index, y=np.exp(df["log_price"]), name="price", line={"color": "black", "width": 1})
        # fitted curve, extended towards tc
        t_end = self.t2 + 0.98 * (self.tc - self.t2)
        if self.time == "index":
            t_ext = np.linspace(self.t2, t_end, 30)
            d_ext = [_tc_to_date(x, self.t2, self.end, "index") for x in t_ext]
        else:
            t_ext = np.linspace(self.t2, t_end, 30)
            d_ext = [_tc_to_date(x, self.t2, self.end, "years") for x in t_ext]
        fig.add_scatter(x=list(df.index) + d_ext, y=np.exp(np.r_[df["fitted"].to_numpy(), self.predict(t_ext)]),
                        name="LPPLS fit", line={"color": "royalblue"})
        if self.tc_date is not None:
            fig.add_vline(x=self.tc_date, line={"color": "firebrick", "dash": "dash"})
            fig.add_annotation(x=self.tc_date, y=1, yref="paper", text=f"tc {self.tc_date.date()}", showarrow=False)
        fig.update_layout(title=f"LPPLS fit {self.start.date()}–{self.end.date()}", yaxis_type="log",
                          yaxis_title="price (log scale)")
        return fig


def fit(
    series: pd.Series,
    *,
    t1: str | pd.Timestamp | None = None,
    t2: str | pd.Timestamp | None = None,
    bounds: Bounds | None = None,
    n_starts: int = 6,
    seed: int = 0,
    time: TimeMode = "index",
    search: SearchSettings | None = None,
) -> LPPLSFit:
    """Fit the LPPLS model to the log of ``series`` (prices) between dates ``t1`` and ``t2``.

    ``n_starts`` local refinements (LM to a relative SSE change < 1e-10 unless ``search`` says
    otherwise) start from the best distinct cells of a coarse (tc, m, ω) grid,
    all but the best jittered with a stream keyed by (seed, t2_index, window_length); the lowest
    SSE wins. Raises :class:`InputError` for bad input or when no valid fit exists in the window.
    """
    s = _check_series(series, MIN_POINTS)
    if n_starts < 1:
        raise InputError(f"LPPLS: n_starts must be >= 1, got {n_starts}")
    if seed < 0:
        raise InputError(f"LPPLS: seed must be >= 0, got {seed}")
    bounds = bounds or Bounds()
    search = search or _FIT_SEARCH
    w = s
    if t1 is not None:
        w = w[w.index >= pd.Timestamp(t1)]
    if t2 is not None:
        w = w[w.index <= pd.Timestamp(t2)]
    if len(w) < MIN_POINTS:
        raise InputError(f"LPPLS: window {t1 or 'start'}–{t2 or 'end'} has {len(w)} observations, need >= {MIN_POINTS}")
    pos0 = s.index.get_loc(w.index[0])
    t_all = _time_axis(w.index, time)
    if time == "index":
        t_all = t_all + pos0
    y = np.log(w.to_numpy())
    if np.ptp(y) == 0:
        raise InputError(f"LPPLS: no valid fit for window {w.index[0].date()}–{w.index[-1].date()}: prices are constant")
    res = _fit_nested(t_all, y, np.array([len(w)]), bounds, search, n_starts, seed, int(pos0 + len(w) - 1))
    r = res[0]
    if not np.isfinite(r[0]):
        raise InputError(f"LPPLS: no valid fit for window {w.index[0].date()}–{w.index[-1].date()} (design singular everywhere in the bounds)")
    fs = load_filters("sornette2015")
    d = _derived(res, t_all[-1], fs.oscillations, "mean")
    return LPPLSFit(
        tc=float(r[0]), m=float(r[1]), omega=float(r[2]), A=float(r[3]), B=float(r[4]), C1=float(r[5]),
        C2=float(r[6]), C=float(d["C"][0]), damping=float(d["damping"][0]), oscillations=float(d["oscillations"][0]),
        rel_error=float(r[8]), rel_error_max=float(r[9]), sse=float(r[7]), n=len(w), t1=float(t_all[0]),
        t2=float(t_all[-1]), start=w.index[0], end=w.index[-1],
        tc_date=_tc_to_date(float(r[0]), float(t_all[-1]), w.index[-1], time), time=time, seed=seed,
        n_starts=n_starts, bounds=bounds, log_price=pd.Series(y, index=w.index, name="log_price"),
    )


# --------------------------------------------------------------------------------------------
# indicators


@dataclass(frozen=True)
class _Task:
    t2_pos: int
    y: np.ndarray  # log prices of the longest window available ending at t2_pos
    lens: np.ndarray


def _run_task(task: _Task, bounds: Bounds, search: SearchSettings, n_starts: int, seed: int,
              fs: FilterSet, n_resamples: int) -> tuple[np.ndarray, np.ndarray]:
    """All nested windows for one end date: per-window fits (n_w, 12) and trust shares (n_w, 2)."""
    L = len(task.y)
    t = np.arange(task.t2_pos - L + 1, task.t2_pos + 1, dtype=float)
    res = _fit_nested(t, task.y, task.lens, bounds, search, n_starts, seed, task.t2_pos)
    trust = np.full((len(task.lens), 2), np.nan)
    if n_resamples > 0:
        out = np.empty((n_resamples, 10))
        lo = np.empty(3)
        hi = np.empty(3)
        for j, n in enumerate(task.lens):
            r = res[j]
            if not np.isfinite(r[0]):
                continue
            tw, yw = t[L - n:], task.y[L - n:]
            ld = np.log(r[0] - tw)
            f = np.exp(r[1] * ld)
            yhat = r[3] + f * (r[4] + r[5] * np.cos(r[2] * ld) + r[6] * np.sin(r[2] * ld))
            resid = yw - yhat
            rng = np.random.default_rng((seed, task.t2_pos, int(n), 1))
            Y = yhat[None, :] + resid[rng.integers(0, n, size=(n_resamples, n))]
            span = tw[-1] - tw[0]
            lo[:] = (tw[-1] + bounds.tc[0] * span, bounds.m[0], bounds.omega[0])
            hi[:] = (tw[-1] + bounds.tc[1] * span, bounds.m[1], bounds.omega[1])
            K.refine_batch(tw, Y, r[0:3].copy(), lo, hi, search.max_iter, search.tol, out)
            rr = np.full((n_resamples, 12), np.nan)
            rr[:, 0:10] = out
            rr[:, 10] = tw[0]
            d = _derived(rr, tw[-1], fs.oscillations, fs.rel_error)
            ok = fs.passes("trust", d)
            trust[j, 0] = np.mean(ok & (out[:, 4] < 0))
            trust[j, 1] = np.mean(ok & (out[:, 4] > 0))
    return res, trust


def _run_chunk(tasks: list[_Task], *args: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    return [_run_task(tk, *args) for tk in tasks]


_FRAME_COLUMNS = ("price", "pos_conf", "neg_conf", "pos_trust", "neg_trust", "tc_median", "tc_q10", "tc_q90",
                  "n_windows", "n_fitted", "n_pos", "n_neg")


@dataclass(frozen=True, eq=False)
class LPPLSIndicators(Result):
    """FCO-style LPPLS indicators per end date t2.

    ``frame`` columns: price; pos_conf / neg_conf = qualified positive (B<0) / negative (B>0) fits
    divided by all windows tried at that date; pos_trust / neg_trust = median over fitted windows of
    the share of residual-resampled fits passing the trust filter with that sign (NaN when
    ``n_resamples`` = 0); tc_median / tc_q10 / tc_q90 = critical-time dates over qualified fits
    (NaT when none); counts n_windows (tried), n_fitted (valid fit found), n_pos, n_neg (qualified).
    ``fits`` has one row per (t2, window) with the parameters and the qualification flags.
    """

    frame: pd.DataFrame
    fits: pd.DataFrame = field(repr=False)
    filters: FilterSet
    windows: tuple[int, ...]
    n_resamples: int
    seed: int
    n_starts: int
    bounds: Bounds

    def summary(self) -> str:
        f = self.frame
        if f.empty:
            return "LPPLS indicators: no dates"
        i_max = f["pos_conf"].idxmax()
        last = f.iloc[-1]
        tcs = f"{last['tc_median'].date()}" if pd.notna(last["tc_median"]) else "n/a"
        return (
            f"LPPLS indicators {f.index[0].date()} → {f.index[-1].date()} ({len(f)} dates, {len(self.windows)} "
            f"windows {min(self.windows)}–{max(self.windows)} days, filters '{self.filters.name}'): "
            f"last positive confidence {last['pos_conf']:.1%}, negative {last['neg_conf']:.1%}, "
            f"median tc {tcs}; peak positive confidence {f['pos_conf'].max():.1%} on {i_max.date()}"
        )

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "filters": to_jsonable(self.filters),
            "windows": list(self.windows),
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "n_starts": self.n_starts,
            "bounds": to_jsonable(self.bounds),
            "time": "index (trading days); tc dates at 365.25/252 calendar days per trading day",
            "indicators": to_jsonable(self.frame),
        }

    def plot(self) -> Any:
        from plotly.subplots import make_subplots

        f = self.frame
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.05)
        fig.add_scatter(x=f.index, y=f["price"], name="price", line={"color": "black", "width": 1}, row=1, col=1)
        q = f.dropna(subset=["tc_q10", "tc_q90"])
        if not q.empty:
            fig.add_scatter(x=q["tc_median"], y=q["price"], mode="markers", name="median tc (qualified fits)",
                            marker={"color": "firebrick", "size": 4}, row=1, col=1)
        if not q.empty:  # the 10–90% tc range of the qualified fits at the last date that has any
            last = q.iloc[-1]
            fig.add_vrect(x0=last["tc_q10"], x1=last["tc_q90"], fillcolor="firebrick", opacity=0.15, line_width=0,
                          annotation_text=f"tc 10–90% at {q.index[-1].date()}", row=1, col=1)
        fig.add_scatter(x=f.index, y=f["pos_conf"], name="positive confidence", line={"color": "crimson"}, row=2, col=1)
        fig.add_scatter(x=f.index, y=-f["neg_conf"], name="negative confidence (shown < 0)",
                        line={"color": "seagreen"}, row=2, col=1)
        if f["pos_trust"].notna().any():
            fig.add_scatter(x=f.index, y=f["pos_trust"], name="positive trust",
                            line={"color": "crimson", "dash": "dot"}, row=2, col=1)
        fig.update_yaxes(type="log", title_text="price", row=1, col=1)
        fig.update_yaxes(title_text="share of windows", range=[-1, 1], row=2, col=1)
        fig.update_layout(title=f"LPPLS indicators ({self.filters.name})")
        return fig


def indicators(
    series: pd.Series,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    windows: Sequence[int] = FCO_WINDOWS,
    filters: str | Path | Mapping[str, Any] | FilterSet = "sornette2015",
    n_resamples: int = 100,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    n_starts: int = 1,
    bounds: Bounds | None = None,
    search: SearchSettings | None = None,
) -> LPPLSIndicators:
    """LPPLS confidence and trust indicators for every trading day t2 in [start, end].

    At each t2 every window length in ``windows`` (trading days, default the FCO grid 750…125 step 5)
    ending at t2 is fitted; windows longer than the history before t2 are skipped (``n_windows``
    says how many were tried). Every date in [start, end] must have at least ``min(windows)``
    observations up to and including it. ``workers`` > 1 uses a spawn-based process pool; results
    are identical for any worker count. ``progress(done, total)`` is called after each end date.
    """
    s = _check_series(series, MIN_POINTS)
    fs = load_filters(filters)
    bounds = bounds or Bounds()
    search = search or SearchSettings()
    wins = sorted({int(w) for w in windows})
    if not wins:
        raise InputError("LPPLS: no window lengths given")
    if wins[0] < MIN_POINTS:
        raise InputError(f"LPPLS: window length {wins[0]} is below the minimum of {MIN_POINTS} points")
    if n_resamples < 0 or workers < 1 or n_starts < 1 or seed < 0:
        raise InputError("LPPLS: n_resamples and seed must be >= 0, workers and n_starts >= 1")
    idx = s.index
    lo = 0 if start is None else int(idx.searchsorted(pd.Timestamp(start), "left"))
    hi = len(s) - 1 if end is None else int(idx.searchsorted(pd.Timestamp(end), "right")) - 1
    if hi < lo:
        raise InputError(f"LPPLS: no observations between {start} and {end}")
    first_ok = wins[0] - 1
    if len(s) < wins[0]:
        raise InputError(f"LPPLS: {len(s)} observations, need at least {wins[0]} for the smallest window")
    if lo < first_ok:
        if start is None:
            lo = first_ok
        else:
            raise InputError(
                f"LPPLS: {idx[lo].date()} has only {lo + 1} observations up to it; the smallest window needs "
                f"{wins[0]} (first usable date {idx[first_ok].date()})"
            )
    y_all = np.log(s.to_numpy())
    wl = np.array(wins, dtype=np.int64)
    tasks = []
    for p in range(lo, hi + 1):
        lens = wl[wl <= p + 1]
        L = int(lens[-1])
        tasks.append(_Task(p, y_all[p - L + 1: p + 1].copy(), lens))
    args = (bounds, search, n_starts, seed, fs, n_resamples)
    results: list[tuple[np.ndarray, np.ndarray]] = []
    total = len(tasks)
    if workers == 1 or total == 1:
        for k, tk in enumerate(tasks):
            results.append(_run_task(tk, *args))
            if progress is not None:
                progress(k + 1, total)
    else:
        chunk = max(1, min(8, total // (workers * 4) or 1))
        chunks = [tasks[i:i + chunk] for i in range(0, total, chunk)]
        with ProcessPoolExecutor(max_workers=min(workers, os.cpu_count() or workers),
                                 mp_context=mp.get_context("spawn")) as ex:
            done = 0
            for part in ex.map(_run_chunk, chunks, *[[a] * len(chunks) for a in args]):
                results.extend(part)
                done += len(part)
                if progress is not None:
                    progress(done, total)
    return _assemble(s, tasks, results, fs, wins, n_resamples, seed, n_starts, bounds)


def _assemble(s: pd.Series, tasks: list[_Task], results: list[tuple[np.ndarray, np.ndarray]], fs: FilterSet,
              wins: list[int], n_resamples: int, seed: int, n_starts: int, bounds: Bounds) -> LPPLSIndicators:
    idx = s.index
    rows = []
    fit_rows = []
    for tk, (res, trust) in zip(tasks, results, strict=True):
        t2 = float(tk.t2_pos)
        d = _derived(res, t2, fs.oscillations, fs.rel_error)
        q = fs.passes("confidence", d)
        pos = q & (d["B"] < 0)
        neg = q & (d["B"] > 0)
        n_w = len(tk.lens)
        fitted = np.isfinite(res[:, 0])
        end_date = idx[tk.t2_pos]
        tcq = (d["tc"][q] - t2) * _DAYS_PER_TRADING_DAY
        if tcq.size:
            qs = np.quantile(tcq, [0.5, 0.1, 0.9])
            tcd = [end_date + pd.to_timedelta(v, unit="D") for v in qs]
        else:
            tcd = [pd.NaT] * 3
        tr = trust[fitted]
        rows.append((
            float(s.iloc[tk.t2_pos]), pos.sum() / n_w, neg.sum() / n_w,
            float(np.median(tr[:, 0])) if tr.size and np.isfinite(tr[:, 0]).all() else np.nan,
            float(np.median(tr[:, 1])) if tr.size and np.isfinite(tr[:, 1]).all() else np.nan,
            *tcd, n_w, int(fitted.sum()), int(pos.sum()), int(neg.sum()),
        ))
        fit_rows.append(pd.DataFrame({
            "t2": end_date, "window": tk.lens, "t1": idx[tk.t2_pos - tk.lens + 1],
            "tc_days": res[:, 0] - t2, "m": res[:, 1], "omega": res[:, 2], "A": res[:, 3], "B": res[:, 4],
            "C1": res[:, 5], "C2": res[:, 6], "sse": res[:, 7], "rel_error": d["rel_error"],
            "damping": d["damping"], "oscillations": d["oscillations"], "qualified": q,
            "trust_pos": trust[:, 0], "trust_neg": trust[:, 1],
        }))
    frame = pd.DataFrame(rows, columns=list(_FRAME_COLUMNS), index=idx[[tk.t2_pos for tk in tasks]])
    frame.index.name = "date"
    for c in ("tc_median", "tc_q10", "tc_q90"):
        frame[c] = pd.to_datetime(frame[c])
    fits = pd.concat(fit_rows, ignore_index=True) if fit_rows else pd.DataFrame()
    return LPPLSIndicators(frame=frame, fits=fits, filters=fs, windows=tuple(sorted(wins, reverse=True)),
                           n_resamples=n_resamples, seed=seed, n_starts=n_starts, bounds=bounds)


__all__ = [
    "FCO_WINDOWS", "Bounds", "FilterSet", "LPPLSFit", "LPPLSIndicators", "SearchSettings", "filter_set_names",
    "fit", "indicators", "load_filters",
]
