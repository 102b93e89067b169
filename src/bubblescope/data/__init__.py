"""Market and macro data: sources, a DuckDB cache and local CSV folders.

The public entry point is :func:`get_series`; every command that reads market data goes
through it, so ``--data-dir`` and ``--offline`` mean the same thing everywhere.
"""

from __future__ import annotations

from bubblescope.data.api import get_series

__all__ = ["get_series"]
