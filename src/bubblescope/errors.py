"""Exception types shared by the whole package.

Every error a user can cause (bad file, bad option, bad data) is raised as a subclass of
:class:`BubblescopeError`. The CLI turns these into a one-line message and exit code 2.
"""

from __future__ import annotations


class BubblescopeError(Exception):
    """Base class for errors caused by input: the message is shown to the user as is."""


class InputError(BubblescopeError, ValueError):
    """Bad input data or arguments (wrong shape, NaN, out of range, unknown name)."""


class EvidenceError(BubblescopeError):
    """An evidence, episode or scenario file is malformed; the message names file, record and field."""


class DataSourceError(BubblescopeError):
    """A download or a local data file failed; the message names source and symbol."""
