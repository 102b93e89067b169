"""Bubble detectors: PSY explosive-root tests and LPPLS fits.

The public names load lazily (``import bubblescope.detect`` imports no numpy, numba or pandas):

* LPPLS: :func:`lppls_fit` (one fit on a window) and :func:`indicators` (FCO confidence / trust over
  end dates); the rest of the LPPLS API is in :mod:`bubblescope.detect.lppls`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bubblescope.detect.lppls import indicators, lppls_fit

_LAZY: dict[str, str] = {
    "lppls_fit": "bubblescope.detect.lppls",
    "indicators": "bubblescope.detect.lppls",
}

__all__ = [
    "indicators",
    "lppls_fit",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bubblescope.detect' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
