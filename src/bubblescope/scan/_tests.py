"""The pluggable registry of per-series tests a scan can run.

A *scan test* turns one price series into a handful of scalar columns (one row of the scan
table). It is a small object with:

- ``name``: the registry key (``"psy"``, ``"lppls"``, ``"gauges"`` or your own);
- ``columns``: the ordered output columns and their kinds (``"float"``, ``"bool"``, ``"date"``,
  ``"int"``, ``"str"``), so that every row – including error rows – has the same schema;
- ``shared_key(series, options)``: ``None`` or a hashable key (e.g. the sample length) for a value
  that is expensive and the same for every series with that key (PSY critical values depend only on
  the number of observations), computed once per distinct key by ``make_shared``;
- ``make_shared(key, options, seed)``: that value;
- ``run(series, *, options, seed, shared)``: a ``dict`` with the output columns.

Tests must be pure and deterministic given ``seed``; they are pickled and shipped to Dask workers
with each batch, so a test defined in your own module works on a remote cluster as long as the
module is importable there (or registered with ``cloudpickle.register_pickle_by_value``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from bubblescope.errors import InputError

if TYPE_CHECKING:
    from bubblescope.detect.psy_spec import PSYSpec

ColumnKind = Literal["float", "bool", "date", "int", "str"]


@dataclass(frozen=True)
class ScanTest:
    """One test of the scan registry (see the module docstring for the contract)."""

    name: str
    columns: tuple[tuple[str, ColumnKind], ...]
    run: Callable[..., dict[str, Any]]
    shared_key: Callable[[pd.Series, Mapping[str, Any]], Hashable | None] = field(
        default=lambda series, options: None
    )
    make_shared: Callable[[Hashable, Mapping[str, Any], int], Any] | None = None
    requires: str | None = None  # a module that must import (checked once, before the scan starts)
    description: str = ""

    def check_available(self) -> None:
        """Raise InputError naming the missing module when this test cannot run in this install."""
        if self.requires is None:
            return
        try:
            importlib.import_module(self.requires)
        except ImportError as exc:
            raise InputError(
                f"scan test {self.name!r} needs {self.requires}, which is not available in this "
                f"installation ({exc.msg}); choose other tests with tests=/--tests"
            ) from None


_REGISTRY: dict[str, ScanTest] = {}


def register_test(test: ScanTest, *, replace: bool = False) -> ScanTest:
    """Add ``test`` to the registry under ``test.name`` (``replace=True`` to override one)."""
    if not test.name or not test.name.replace("_", "").isalnum():
        raise InputError(f"scan test name {test.name!r} must be letters, digits and underscores")
    if test.name in _REGISTRY and not replace:
        raise InputError(f"scan test {test.name!r} is already registered")
    names = [c for c, _ in test.columns]
    if len(set(names)) != len(names):
        raise InputError(f"scan test {test.name!r} declares a column twice")
    _REGISTRY[test.name] = test
    return test


def available_tests() -> tuple[str, ...]:
    """Names of all registered tests (whether or not their modules are installed)."""
    return tuple(_REGISTRY)


def get_test(name: str) -> ScanTest:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(
            f"unknown scan test {name!r} (available: {', '.join(_REGISTRY) or 'none'})"
        ) from None


def resolve_tests(tests: str | ScanTest | Any) -> tuple[ScanTest, ...]:
    """Turn ``"psy,lppls"``, ``("psy", my_test)`` … into checked, de-duplicated ScanTest objects."""
    if isinstance(tests, (str, ScanTest)):
        tests = [tests]
    out: list[ScanTest] = []
    for t in tests:
        items = [x.strip() for x in t.split(",") if x.strip()] if isinstance(t, str) else [t]
        for item in items:
            test = item if isinstance(item, ScanTest) else get_test(item)
            if any(o.name == test.name for o in out):
                continue
            out.append(test)
    if not out:
        raise InputError("no scan tests selected (give at least one of: " + ", ".join(_REGISTRY) + ")")
    seen: dict[str, str] = {}
    for test in out:
        test.check_available()
        for col, _ in test.columns:
            if col in seen:
                raise InputError(f"scan tests {seen[col]!r} and {test.name!r} both write column {col!r}")
            seen[col] = test.name
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Built-in tests. They only adapt the detectors written elsewhere in bubblescope to one row each;
# all statistics come from those modules.
# --------------------------------------------------------------------------------------------

#: Defaults of the built-in tests; override any of them with ``scan(..., options={"psy": {...}})``.
DEFAULT_OPTIONS: dict[str, dict[str, Any]] = {
    # PSY on weekly (Friday) closes, log prices, last 10 years (520 weeks): full-history daily
    # GSADF is O(T²) regressions and is not what a market screen needs. Critical values: Monte
    # Carlo ("mc-sadf", PSY 2015 / exuber's sequence), computed once per distinct sample length.
    # Other keys are PSYSpec fields (cv, size, lag, ic, min_window, …), or "spec": a PSYSpec. Lag 0
    # (not PSYSpec's BIC default): a screen of many series, ~100x faster; "lag": None restores BIC.
    # The scan resamples itself ("freq"), so the spec's own frequency rule is off unless given.
    "psy": {"freq": "W-FRI", "window": 520, "reps": 499, "cv": "mc-sadf", "size": 0.05, "lag": 0},
    # LPPLS confidence/trust at the last date only (the scan asks "today?"); windows None = the FCO
    # grid (750…125 trading days, step 5). Other keys are passed to lppls.indicators (e.g. n_starts).
    "lppls": {"windows": None, "filters": "sornette2015", "n_resamples": 100},
    # GSY run-up (2-year return ≥ 100 %, net of ``market`` when a market Series is given) and GMO
    # deviation from an expanding log-linear trend (needs ``min_years`` of history).
    "gauges": {"threshold_2y": 100.0, "threshold_5y": None, "market": None, "min_years": 20,
               "bubble_sigma": 2.0},
}


def _kwargs_accepted(func: Callable[..., Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the keyword arguments ``func`` accepts and drop ``None`` (= the callee's default)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return {k: v for k, v in kwargs.items() if v is not None}
    return {k: v for k, v in kwargs.items() if k in params and v is not None}


_PSY_OWN_OPTIONS = {"freq", "window", "spec"}


def psy_spec(options: Mapping[str, Any], seed: int | None = None) -> PSYSpec:
    """The :class:`~bubblescope.detect.psy_spec.PSYSpec` of the scan's PSY options (``"spec"`` as base,
    other keys but ``freq``/``window`` as fields; ``None`` values keep the default), seeded by ``seed``."""
    from bubblescope.detect.psy_spec import PSYSpec

    fields = {k: v for k, v in options.items() if k not in _PSY_OWN_OPTIONS and v is not None}
    if "alpha" in fields:  # the deprecated quantile given by the caller replaces the default size
        fields.pop("size", None)
    if seed is not None:
        fields["seed"] = seed
    if "frequency" not in options:
        fields["frequency"] = None
    return PSYSpec.build(options.get("spec"), **fields)


def _psy_prepare(series: pd.Series, options: Mapping[str, Any]) -> pd.Series:
    """Resample to ``freq`` (last observation) and keep the last ``window`` observations (prices).

    A series already at ``freq`` or coarser (e.g. monthly data with ``freq="W-FRI"``) is left on its
    own dates: resampling would only relabel them.
    """
    s = series
    freq = options.get("freq")
    if freq:
        r = s.resample(freq).last().dropna()
        if len(r) < len(s):
            s = r
    window = options.get("window")
    if window:
        s = s.iloc[-int(window):]
    return s


def _psy_key(series: pd.Series, options: Mapping[str, Any]) -> Hashable | None:
    if psy_spec(options).cv == "wild":  # the wild bootstrap resamples each series: nothing to share
        return None
    return len(_psy_prepare(series, options))


def _psy_shared(key: Hashable, options: Mapping[str, Any], seed: int) -> Any:
    from bubblescope.detect.psy_steps import critical_values

    if not isinstance(key, int):
        raise InputError(f"psy: the shared critical values are keyed by a sample length, got {key!r}")
    return critical_values(key, psy_spec(options, seed))


def _psy_run(series: pd.Series, *, options: Mapping[str, Any], seed: int, shared: Any) -> dict[str, Any]:
    from bubblescope.detect.psy import psy

    s = _psy_prepare(series, options)
    res = psy(s, psy_spec(options, seed), critical_values=shared)
    bsadf = res.bsadf
    if bsadf.dropna().empty:
        raise InputError(f"psy: series too short ({len(s)} observations) for a BSADF statistic")
    stat = float(bsadf.iloc[-1])
    cv = float(res.cv.iloc[-1])
    in_bubble = bool(res.in_bubble.iloc[-1])
    eps = res.episodes
    start = pd.NaT
    if in_bubble and len(eps):
        last = bsadf.index[-1]
        ends = pd.to_datetime(eps["end"])
        cur = eps[(pd.to_datetime(eps["start"]) <= last) & (ends.isna() | (ends > last))]
        if len(cur):
            start = pd.Timestamp(cur["start"].iloc[-1])
    return {
        "psy_obs": len(s),
        "psy_bsadf": stat,
        "psy_cv": cv,
        "psy_margin": stat - cv,
        "psy_in_episode": in_bubble,
        "psy_episode_start": start,
        "psy_episodes": len(eps),
        "psy_gsadf": float(res.gsadf),
        "psy_gsadf_cv": res.gsadf_cv,
    }


def _lppls_run(series: pd.Series, *, options: Mapping[str, Any], seed: int, shared: Any) -> dict[str, Any]:
    from bubblescope.detect import lppls as lppls_mod

    # indicators() takes prices (it logs them itself) and needs only the longest window of history
    windows = options.get("windows")
    longest = max(windows) if windows else max(lppls_mod.FCO_WINDOWS)
    s = series.iloc[-int(longest):]
    last = s.index[-1]
    extra = {k: v for k, v in options.items() if k not in {"windows", "filters", "n_resamples"}}
    kw = _kwargs_accepted(
        lppls_mod.indicators,
        {**extra, "start": last, "end": last, "windows": tuple(windows) if windows else None,
         "filters": options.get("filters"), "n_resamples": options.get("n_resamples"), "seed": seed,
         "workers": 1},
    )
    frame = lppls_mod.indicators(s, **kw).to_frame()
    if "date" in frame.columns:
        frame = frame.set_index("date")
    if frame.empty:
        raise InputError("lppls: no indicator value at the last date")
    row = frame.iloc[-1]
    return {
        "lppls_pos_conf": float(row["pos_conf"]),
        "lppls_neg_conf": float(row["neg_conf"]),
        "lppls_pos_trust": float(row["pos_trust"]),
        "lppls_neg_trust": float(row["neg_trust"]),
        "lppls_tc": pd.Timestamp(row["tc_median"]) if pd.notna(row["tc_median"]) else pd.NaT,
    }


def _gauges_run(series: pd.Series, *, options: Mapping[str, Any], seed: int, shared: Any) -> dict[str, Any]:
    from bubblescope.gauges import runup

    out: dict[str, Any] = {}
    errors: list[str] = []

    def msg(exc: Exception) -> str:  # the gauges prefix messages with the name we pass: drop it
        return " ".join(str(exc).split()).removeprefix("series: ")

    try:
        ru = runup.gsy_runup(series, options.get("market"), name="series",
                             threshold_2y=options.get("threshold_2y", 100.0), threshold_5y=options.get("threshold_5y"))
        lat = ru.latest
        out.update(gauges_runup_2y=lat["raw_2y_pct"], gauges_runup_net_2y=lat["net_2y_pct"],
                   gauges_runup=lat["flag"])
    except Exception as exc:
        errors.append(f"run-up: {msg(exc)}")
    try:
        kw = _kwargs_accepted(runup.gmo_trend_deviation,
                              {"min_years": options.get("min_years"), "bubble_sigma": options.get("bubble_sigma")})
        td = runup.gmo_trend_deviation(series, name="series", **kw)
        lat = td.latest
        out.update(gauges_sigma=lat["sigma"], gauges_2sigma=bool(lat["sigma"] >= td.bubble_sigma))
    except Exception as exc:
        errors.append(f"2σ: {msg(exc)}")
    if errors:
        out["_error"] = "; ".join(errors)
    return out


PSY_TEST = register_test(ScanTest(
    name="psy",
    columns=(("psy_obs", "int"), ("psy_bsadf", "float"), ("psy_cv", "float"), ("psy_margin", "float"),
             ("psy_in_episode", "bool"), ("psy_episode_start", "date"), ("psy_episodes", "int"),
             ("psy_gsadf", "float"), ("psy_gsadf_cv", "float")),
    run=_psy_run, shared_key=_psy_key, make_shared=_psy_shared, requires="bubblescope.detect.psy",
    description="Phillips–Shi–Yu BSADF at the last date vs its Monte-Carlo critical value",
))

LPPLS_TEST = register_test(ScanTest(
    name="lppls",
    columns=(("lppls_pos_conf", "float"), ("lppls_neg_conf", "float"), ("lppls_pos_trust", "float"),
             ("lppls_neg_trust", "float"), ("lppls_tc", "date")),
    run=_lppls_run, requires="bubblescope.detect.lppls",
    description="LPPLS confidence and trust indicators (±) and median critical time at the last date",
))

GAUGES_TEST = register_test(ScanTest(
    name="gauges",
    columns=(("gauges_runup_2y", "float"), ("gauges_runup_net_2y", "float"), ("gauges_runup", "bool"),
             ("gauges_sigma", "float"), ("gauges_2sigma", "bool")),
    run=_gauges_run, requires="bubblescope.gauges.runup",
    description="Greenwood–Shleifer–You 2-year run-up flag and GMO 2σ deviation from trend (monthly)",
))
