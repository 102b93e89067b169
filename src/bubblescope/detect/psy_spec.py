"""The typed specification of a PSY run: every setting that changes a number, in one frozen object.

``PSYSpec`` is what :func:`bubblescope.detect.psy.psy`, the exuber-style steps (``radf``,
``critical_values``, ``datestamp``), the CLI, the scan, the backtest and the report all take, so a
setting is named, typed, defaulted and checked in one place::

    from bubblescope.detect import PSYSpec, psy
    spec = PSYSpec(min_window=36, cv="mc", reps=999, size=0.05)
    res = psy(prices, spec)                      # or psy(prices, min_window=36, cv="mc", ...)
    res2 = psy(prices, spec.replace(lag=1))      # a changed copy, validated again

``size`` is the size of the test (0.05 for a 5% test, as in arch and statsmodels); the critical
value is the ``1 - size`` quantile of the simulated statistic (:attr:`PSYSpec.level`).

This module imports only the standard library and :mod:`bubblescope.errors`, so a command-line
module or a report section may build a spec without loading numpy.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

from bubblescope.errors import InputError

__all__ = ["CV_METHODS", "DEFAULT_LEVELS", "PSYSpec", "StampRule"]

Convention = Literal["exuber", "psymonitor"]
CVMethod = Literal["mc-sadf", "mc", "wild", "rs"]
StampRule = Literal["psy", "crossing"]
StampStat = Literal["bsadf", "badf"]

#: critical-value methods accepted by :class:`PSYSpec` and their labels
CV_METHODS: dict[str, str] = {
    "mc": "Monte Carlo, per-date quantile of BSADF",
    "mc-sadf": "Monte Carlo, per-date quantile of running SADF (exuber)",
    "wild": "Phillips-Shi (2020) wild bootstrap, family-wise over horizon",
    "rs": "Response surface (fitted Monte Carlo), per-date quantile of running SADF",
}

#: quantile levels every simulated table holds (the spec's own level is added)
DEFAULT_LEVELS: tuple[float, ...] = (0.90, 0.95, 0.99)

_DEFAULT_REPS = {"mc": 2000, "mc-sadf": 2000, "wild": 999, "rs": 0}


def _is_int(v: Any) -> bool:
    """An int or numpy integer (anything with ``__index__``), not a bool."""
    return not isinstance(v, bool) and hasattr(type(v), "__index__")


def _nonneg_int(v: Any) -> bool:
    return _is_int(v) and int(v) >= 0


@dataclass(frozen=True)
class PSYSpec:
    """Settings of one PSY (2015) run.

    Sampling, window and regression
        ``frequency``: ``"auto"`` (default: daily input is analysed on month-end closes when it spans
        more than 10 years, on Friday closes otherwise; weekly or coarser input as given), ``None``
        (as given) or a pandas alias (``"ME"``, ``"W-FRI"``, ``"QE"``: last observation per period).
        ``min_window``: minimum window, an integer (rows with ``convention="exuber"``, level
        observations with ``"psymonitor"``) or a fraction of the sample in (0, 1) (floored);
        ``None`` = ``floor((0.01 + 1.8/sqrt(T))·T)``. ``lag``: a fixed ADF lag; or ``ic`` (``"aic"``,
        ``"bic"``) chooses it per window in ``0..max_lag``. Default (neither given): BIC, with
        ``max_lag`` = Schwert's ``floor(4·(T/100)^(1/4))`` capped at a quarter of the window. With an
        information criterion the Monte Carlo critical values are simulated at lag 0 (exuber's
        convention; the lag augmentation leaves the null limit distribution unchanged).
        ``log``: analyse log prices.
    Critical values
        ``cv``: ``"rs"`` (response surfaces fitted to the Monte Carlo ``"mc-sadf"`` sequence; the
        default (``None``) with lag 0 or a criterion — a fixed lag ≥ 1 or a ``reps`` count defaults to
        ``"mc-sadf"``),
        ``"mc-sadf"`` (PSY 2015 / exuber sequence, simulated), ``"mc"`` (per-date BSADF quantiles) or
        ``"wild"`` (Phillips–Shi 2020, family-wise over ``horizon`` observations, ``multiplier``
        Rademacher or normal). ``reps``: replications (None = 2000 Monte Carlo, 999 wild).
        ``seed``: every simulation is seeded. ``size``: test size (critical value = ``1 - size`` quantile).
    Date stamping
        ``stamp_rule``: ``"psy"`` (PSY 2015 eq. 13) or ``"crossing"`` (runs above the critical value).
        ``min_duration``: minimum episode length in observations; None = ``round(delta·log T)``.
        ``stamp_stat``: ``"bsadf"`` (PSY 2015, backward sup ADF) or ``"badf"`` (PWY 2011 / SADF
        date stamping: the forward ADF of the sample up to each date against the per-date Monte
        Carlo quantiles of that statistic; Monte Carlo methods only).
    """

    min_window: int | float | None = None
    convention: Convention = "exuber"
    lag: int | None = None
    ic: Literal["aic", "bic"] | None = None
    max_lag: int | None = None
    log: bool = True
    cv: CVMethod | None = None
    reps: int | None = None
    seed: int = 0
    size: float = 0.05
    horizon: int = 24
    multiplier: Literal["rademacher", "normal"] = "rademacher"
    stamp_rule: StampRule = "psy"
    min_duration: int | None = None
    delta: float = 1.0
    stamp_stat: StampStat = "bsadf"
    frequency: str | None = "auto"
    #: True when ``cv`` was left to the default (resolved in ``__post_init__``; ``replace`` re-resolves it)
    cv_auto: bool = dataclasses.field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._check_window()
        self._check_regression()
        self._check_simulation()
        self._check_stamping()

    def _check_window(self) -> None:
        w = self.min_window
        if w is not None and not (_is_int(w) and int(w) >= 1) and not (isinstance(w, float) and 0.0 < w < 1.0):
            raise InputError(f"min_window must be a positive integer or a fraction in (0, 1), got {w!r}")
        if _is_int(w):
            object.__setattr__(self, "min_window", int(w))  # type: ignore[arg-type]
        if self.convention not in ("exuber", "psymonitor"):
            raise InputError(f"convention must be 'exuber' or 'psymonitor', got {self.convention!r}")

    def _check_regression(self) -> None:
        ic = self.ic
        if ic is not None and (not isinstance(ic, str) or ic.lower() not in ("aic", "bic")):
            raise InputError(f"ic must be None, 'aic' or 'bic', got {ic!r}")
        if self.lag is not None and not _nonneg_int(self.lag):
            raise InputError(f"lag must be a non-negative integer, got {self.lag!r}")
        if self.max_lag is not None and not _nonneg_int(self.max_lag):
            raise InputError(f"max_lag must be a non-negative integer, got {self.max_lag!r}")
        if ic is not None and self.lag is not None:
            raise InputError("give a fixed lag or an information criterion (ic), not both")
        object.__setattr__(self, "ic", ic.lower() if ic is not None else None)
        if self.lag is not None:
            object.__setattr__(self, "lag", int(self.lag))
        if self.max_lag is not None:
            object.__setattr__(self, "max_lag", int(self.max_lag))
        f = self.frequency
        if f is not None and (not isinstance(f, str) or not f):
            raise InputError(f"frequency must be 'auto', None or a pandas alias such as 'ME', got {f!r}")
        if not isinstance(self.log, bool):
            raise InputError(f"log must be True or False, got {self.log!r}")

    def _check_simulation(self) -> None:
        if self.cv is None:  # the default: response surfaces where they apply (lag 0 or a criterion, no reps asked)
            object.__setattr__(self, "cv", "rs" if self.lag in (None, 0) and self.reps is None else "mc-sadf")
            object.__setattr__(self, "cv_auto", True)
        if self.cv not in CV_METHODS:
            raise InputError(f"cv must be one of {', '.join(CV_METHODS)}, got {self.cv!r}")
        if self.reps is not None and not (_is_int(self.reps) and int(self.reps) >= 2):
            raise InputError(f"reps must be an integer ≥ 2, got {self.reps!r}")
        if not _nonneg_int(self.seed):
            raise InputError(f"seed must be a non-negative integer, got {self.seed!r}")
        size = self.size
        if isinstance(size, bool) or not isinstance(size, (int, float)) or not 0.0 < float(size) < 1.0:
            raise InputError(f"size must lie strictly between 0 and 1 (0.05 for a 5% test), got {size!r}")
        object.__setattr__(self, "size", float(size))
        if not (_is_int(self.horizon) and int(self.horizon) >= 1):
            raise InputError(f"horizon must be a positive integer, got {self.horizon!r}")
        if self.multiplier not in ("rademacher", "normal"):
            raise InputError(f"multiplier must be 'rademacher' or 'normal', got {self.multiplier!r}")

    def _check_stamping(self) -> None:
        if self.stamp_rule not in ("psy", "crossing"):
            raise InputError(f"stamp_rule must be 'psy' or 'crossing', got {self.stamp_rule!r}")
        if self.stamp_stat not in ("bsadf", "badf"):
            raise InputError(f"stamp_stat must be 'bsadf' (PSY 2015) or 'badf' (PWY 2011), got {self.stamp_stat!r}")
        if self.cv == "rs" and self.lag not in (None, 0):
            raise InputError("cv='rs' (response surfaces) is fitted for the lag-0 null: use a lag chosen by"
                             " an information criterion, lag 0, or cv='mc-sadf' for a fixed lag")
        if self.stamp_stat == "badf" and self.cv == "wild":
            raise InputError("stamp_stat='badf' (PWY date stamping) needs Monte Carlo critical values (cv='mc' or 'mc-sadf')")
        if self.min_duration is not None and not _nonneg_int(self.min_duration):
            raise InputError(f"min_duration must be a non-negative integer, got {self.min_duration!r}")
        d = self.delta
        if isinstance(d, bool) or not isinstance(d, (int, float)) or not (d > 0 and math.isfinite(d)):
            raise InputError(f"delta must be a positive number, got {d!r}")

    # ---- derived values ------------------------------------------------------------------

    @property
    def level(self) -> float:
        """Quantile of the simulated statistic used as critical value (``1 - size``)."""
        return round(1.0 - self.size, 12)

    @property
    def levels(self) -> tuple[float, ...]:
        """Quantile levels a simulated table for this spec holds (the defaults and :attr:`level`)."""
        return tuple(sorted(set(DEFAULT_LEVELS) | {self.level}))

    @property
    def replications(self) -> int:
        """``reps``, or the method's default (2000 Monte Carlo, 999 wild bootstrap)."""
        return int(self.reps) if self.reps is not None else _DEFAULT_REPS[str(self.cv)]

    @property
    def cv_label(self) -> str:
        if self.stamp_stat == "badf":
            return "Monte Carlo, per-date quantile of BADF (PWY 2011)"
        return CV_METHODS[str(self.cv)]

    def window_for(self, T: int) -> int | None:
        """The minimum window as an integer for a sample of ``T`` observations (None = the default rule)."""
        w = self.min_window
        if isinstance(w, float):
            return max(1, math.floor(w * T))
        return w

    @property
    def criterion(self) -> str | None:
        """The lag-selection criterion in force: ``ic``, or ``"bic"`` when neither lag nor ic is given."""
        if self.ic is not None:
            return self.ic
        return "bic" if self.lag is None else None

    @property
    def fixed_lag(self) -> int:
        """The fixed lag (0 when the lag is chosen by an information criterion)."""
        return self.lag if self.lag is not None else 0

    def max_lag_for(self, T: int, window: int) -> int:
        """``max_lag``, or the default rule ``min(floor(4·(T/100)^(1/4)), window // 4)``."""
        if self.max_lag is not None:
            return self.max_lag
        return max(0, min(math.floor(4.0 * (T / 100.0) ** 0.25), window // 4))

    def min_duration_for(self, T: int) -> int:
        """Minimum episode length for ``T`` observations: ``min_duration`` or ``round(delta·log T)``."""
        return self.min_duration if self.min_duration is not None else round(self.delta * math.log(T))

    def replace(self, **changes: Any) -> PSYSpec:
        """A copy with ``changes`` applied (validated again); ``alpha`` is accepted as deprecated alias."""
        changes = _lag_or_ic(translate_alpha(changes))
        if self.cv_auto and "cv" not in changes:
            changes["cv"] = None  # a defaulted method follows the new settings (e.g. a fixed lag)
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def describe(self) -> str:
        """One line naming every setting, for summaries and reports."""
        win = "default window" if self.min_window is None else f"window {self.min_window}"
        rule = "floor(4·(T/100)^¼)" if self.max_lag is None else str(self.max_lag)
        lag = f"lag {self.lag}" if self.criterion is None else f"lag by {str(self.criterion).upper()} ≤ {rule}"
        reps = self.replications
        how = "response surfaces" if self.cv == "rs" else f"{reps} reps, seed {self.seed}"
        freq = {"auto": "frequency auto", None: "frequency as given"}.get(self.frequency, f"frequency {self.frequency}")
        return (f"{freq}, {win} ({self.convention}), {lag}, {'log' if self.log else 'levels'}; "
                f"critical values {self.cv} at size {self.size:g} ({how}); "
                f"{self.stamp_rule} stamping rule on {self.stamp_stat.upper()}")

    @classmethod
    def build(cls, spec: PSYSpec | None = None, **overrides: Any) -> PSYSpec:
        """``spec`` (or the defaults) with ``overrides``; unknown keywords raise InputError."""
        base = spec if spec is not None else cls()
        if not isinstance(base, PSYSpec):
            raise InputError(f"spec must be a PSYSpec, got {type(base).__name__}")
        if not overrides:
            return base
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = sorted(set(overrides) - names - {"alpha"})
        if unknown:
            raise InputError(f"unknown PSY setting(s): {', '.join(unknown)} (choose from {', '.join(sorted(names))})")
        return base.replace(**overrides)


def _lag_or_ic(changes: dict[str, Any]) -> dict[str, Any]:
    """A change of ``lag`` clears ``ic`` and vice versa (both given: ``ic`` wins, as in 0.1's ``psy()``)."""
    out = dict(changes)
    if out.get("ic") is not None:
        out["lag"] = None
    elif out.get("lag") is not None:
        out["ic"] = None
    return out


def _outside_detect() -> int:
    """Stack level of the first caller outside ``bubblescope.detect`` (where a warning should point)."""
    import os
    import sys

    here = os.path.dirname(__file__)
    level, frame = 1, sys._getframe(1)
    while frame is not None and os.path.dirname(frame.f_code.co_filename) == here:
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    return level


def translate_alpha(changes: dict[str, Any]) -> dict[str, Any]:
    """Map the deprecated quantile keyword ``alpha`` (0.95) to ``size`` (0.05)."""
    if "alpha" not in changes:
        return changes
    import warnings

    out = dict(changes)
    alpha = out.pop("alpha")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0.0 < float(alpha) < 1.0:
        raise InputError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if "size" in out:
        raise InputError("give size (0.05 for a 5% test) or the deprecated alpha quantile, not both")
    warnings.warn("alpha= (a quantile, 0.95) is deprecated; pass size= (the test size, 0.05)",
                  DeprecationWarning, stacklevel=_outside_detect())
    out["size"] = round(1.0 - float(alpha), 12)
    return out
