"""Market and macro data: sources, a DuckDB cache and local CSV folders.

The public entry point is :func:`get_series`; every command that reads market data goes
through it, so ``--data-dir`` and ``--offline`` mean the same thing everywhere. Each returned
series carries a :class:`Provenance` in ``series.attrs["provenance"]`` (:func:`provenance_of`).
"""

from __future__ import annotations

from bubblescope.data.api import get_frame, get_series, import_folder, pull, resolve
from bubblescope.data.cache import SeriesCache
from bubblescope.data.http import HttpConfig
from bubblescope.data.provenance import Provenance, provenance_of

__all__ = ["HttpConfig", "Provenance", "SeriesCache", "get_frame", "get_series", "import_folder",
           "provenance_of", "pull", "resolve"]
