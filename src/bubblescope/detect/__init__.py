"""Bubble detectors: PSY explosive-root tests and LPPLS fits.

The public names load lazily (``import bubblescope.detect`` imports no numpy, numba or pandas):

* PSY: :func:`psy` (one call), the steps :func:`radf` → :func:`critical_values` →
  :func:`datestamp`, and their settings :class:`PSYSpec`. ``detect.psy`` is also the module
  ``bubblescope.detect.psy`` (``psy.bsadf``, ``psy.PSYResult``); calling it runs the function, so
  ``from bubblescope.detect import psy; psy(prices)`` and ``psy.bsadf(prices)`` both work
  whichever was imported first.
* LPPLS: :func:`lppls_fit` (one fit on a window) and :func:`indicators` (FCO confidence / trust over
  end dates); the rest of the LPPLS API is in :mod:`bubblescope.detect.lppls`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bubblescope.detect.lppls import indicators, lppls_fit
    from bubblescope.detect.psy_spec import PSYSpec
    from bubblescope.detect.psy_steps import critical_values, datestamp, radf

_LAZY: dict[str, str] = {
    "radf": "bubblescope.detect.psy_steps",
    "critical_values": "bubblescope.detect.psy_steps",
    "datestamp": "bubblescope.detect.psy_steps",
    "PSYSpec": "bubblescope.detect.psy_spec",
    "lppls_fit": "bubblescope.detect.lppls",
    "indicators": "bubblescope.detect.lppls",
}

__all__ = [
    "PSYSpec",
    "critical_values",
    "datestamp",
    "indicators",
    "lppls_fit",
    "psy",
    "radf",
]


def __getattr__(name: str) -> Any:
    if name == "psy":  # the submodule, callable as the function (see the module docstring)
        return importlib.import_module("bubblescope.detect.psy")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bubblescope.detect' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
