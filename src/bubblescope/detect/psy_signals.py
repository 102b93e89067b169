"""PSY results as verdict signals (family ``market_tests``): only a *boom* running at the last date is
bubble evidence; an explosive collapse or no episode is not (see :mod:`bubblescope.signals`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bubblescope.signals import Signal

if TYPE_CHECKING:
    from bubblescope.detect.psy import PSYResult


def _iso(v: object) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%d") if isinstance(v, (pd.Timestamp, str)) else str(v)


def psy_signals(res: PSYResult, name: str = "psy", label: str = "PSY explosive-root test", source: str = ""
                ) -> list[Signal]:
    """One signal: the state at the last date (boom running = 1, collapse running or none = 0)."""
    idx = res.bsadf.index
    if not isinstance(idx, pd.DatetimeIndex):
        return [Signal.unavailable("market_tests", name, label, "the series has no dates, so no as-of date",
                                   source=source)]
    as_of = idx[-1].strftime("%Y-%m-%d")
    stat, cv = float(res.stamped.iloc[-1]), float(res.cv.iloc[-1])
    what = "BADF" if res.spec.stamp_stat == "badf" else "BSADF"
    rule = (f"1 when a boom episode ({what} above its {res.level:.0%} critical value, price up over the episode)"
            " runs at the last date; 0 for an explosive collapse or no episode")
    eps = res.episodes
    running = eps[eps["ongoing"].astype(bool)] if len(eps) else eps
    if len(running):
        ep = running.iloc[-1]
        if ep["kind"] == "boom":
            reading = (f"boom episode since {_iso(ep['start'])}, price {ep['change']:+.0%} "
                       f"({what} {stat:.2f} vs critical value {cv:.2f})")
            bubble = 1.0
        else:
            reading = (f"explosive collapse since {_iso(ep['start'])}, price {ep['change']:+.0%} "
                       f"(a fall, not bubble evidence)")
            bubble = 0.0
    else:
        booms = eps[eps["kind"] == "boom"] if len(eps) else eps
        last = f"; last boom ended {_iso(booms.iloc[-1]['end'])}" if len(booms) else ""
        reading = f"no explosive episode at the last date ({what} {stat:.2f} vs critical value {cv:.2f}){last}"
        bubble = 0.0
    caveat = "; ".join(getattr(res, "warnings", ()) or ())
    return [Signal("market_tests", name, label, reading, value=stat - cv, unit=f"{what} minus critical value",
                   bubble=bubble, rule=rule, as_of=as_of, source=source, reason=caveat)]
