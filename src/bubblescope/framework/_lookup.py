"""Finding one named item (a factor, a narrative family) in a result's tuple, with a one-line error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from bubblescope.errors import InputError

T = TypeVar("T")


def find(items: Iterable[T], attr: str, name: str, what: str) -> T:
    """The item whose ``attr`` is ``name``; InputError ``unknown <what> 'name'`` when none is."""
    for item in items:
        if getattr(item, attr) == name:
            return item
    raise InputError(f"unknown {what} {name!r}")
