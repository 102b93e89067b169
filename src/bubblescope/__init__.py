"""bubblescope: measure how bubble-like a technology investment boom is.

The analysis modules are pure (no I/O, no printing, no global state); the data layer,
the CLI, the report and the dashboard call into them, never the reverse.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
