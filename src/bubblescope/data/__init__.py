"""Market and macro data: sources, a DuckDB cache and local CSV folders.

The public entry point is :func:`get_series`; every command that reads market data goes
through it, so ``--data-dir`` and ``--offline`` mean the same thing everywhere. Each returned
series carries a :class:`Provenance` in ``series.attrs["provenance"]`` (:func:`provenance_of`).
Each source is a :class:`DataSource` in an ordered registry; :func:`register_source` adds your own
(see ``docs/data.md``, "Adding a data source").
"""

from __future__ import annotations

from bubblescope.data.api import get_frame, get_series, import_folder, pull, resolve
from bubblescope.data.cache import SeriesCache
from bubblescope.data.http import HttpConfig
from bubblescope.data.provenance import Provenance, provenance_of
from bubblescope.data.registry import (
    SourceRegistry,
    get_source,
    register_source,
    source_names,
    unregister_source,
)
from bubblescope.data.source import BaseSource, DataSource, Fields, FileSource, Resolved

__all__ = ["BaseSource", "DataSource", "Fields", "FileSource", "HttpConfig", "Provenance", "Resolved",
           "SeriesCache", "SourceRegistry", "get_frame", "get_series", "get_source", "import_folder",
           "provenance_of", "pull", "register_source", "resolve", "source_names", "unregister_source"]
