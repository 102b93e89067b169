"""The forecast ledger: an append-only JSON-lines file in which each entry hashes the previous one.

``bubblescope verdict --record`` appends one entry per verdict; ``bubblescope ledger verify`` checks
the chain. An entry is ``{"seq": n, "prev": <hash of entry n-1 or 64 zeros>, "payload": {...},
"hash": sha256(canonical JSON of seq, prev, payload)}``. The payload holds no wall-clock time, so
re-running on the same inputs and seed gives the same payload and ``payload_hash``.

Writes are atomic: the chain is verified, the new file is written beside the old one and renamed
over it, so an error leaves the previous ledger intact.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bubblescope.errors import InputError
from bubblescope.fileio import atomic_write_text

GENESIS = "0" * 64


def canonical(obj: Any) -> str:
    """The JSON text that is hashed: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def digest(obj: Any) -> str:
    return hashlib.sha256(canonical(obj).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LedgerEntry:
    seq: int
    prev: str
    payload: dict[str, Any]
    hash: str

    def to_line(self) -> str:
        return canonical({"seq": self.seq, "prev": self.prev, "payload": self.payload, "hash": self.hash})


def _entry_hash(seq: int, prev: str, payload: dict[str, Any]) -> str:
    return digest({"seq": seq, "prev": prev, "payload": payload})


def read_ledger(path: Path) -> list[LedgerEntry]:
    """Every entry, with the chain checked; InputError naming the first bad entry."""
    path = Path(path)
    if not path.exists():
        return []
    if not path.is_file():
        raise InputError(f"ledger {path} is not a file")
    entries: list[LedgerEntry] = []
    prev = GENESIS
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"ledger {path}: entry {lineno}"
            try:
                obj = json.loads(raw.decode("utf-8"))
                seq, eprev, payload, ehash = obj["seq"], obj["prev"], obj["payload"], obj["hash"]
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{where} is not a valid ledger entry (corrupt or edited)") from None
            if seq != lineno:
                raise InputError(f"{where} has sequence number {seq!r}, expected {lineno}")
            if eprev != prev:
                raise InputError(f"{where} does not chain to entry {lineno - 1} (prev hash differs)")
            if not isinstance(payload, dict) or _entry_hash(seq, eprev, payload) != ehash:
                raise InputError(f"{where} has been altered (its hash does not match its content)")
            entries.append(LedgerEntry(seq, eprev, payload, ehash))
            prev = ehash
    return entries


def append_entry(path: Path, payload: dict[str, Any]) -> LedgerEntry:
    """Verify the chain, then append ``payload`` as a new entry (atomically)."""
    path = Path(path)
    entries = read_ledger(path)
    try:
        canonical(payload)
    except (TypeError, ValueError) as exc:
        raise InputError(f"ledger entry is not JSON-serialisable: {exc}") from None
    seq = len(entries) + 1
    prev = entries[-1].hash if entries else GENESIS
    entry = LedgerEntry(seq, prev, payload, _entry_hash(seq, prev, payload))
    text = "".join(e.to_line() + "\n" for e in [*entries, entry])
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"cannot write the ledger {path}: folder {parent} does not exist")
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise InputError(f"cannot write the ledger {path}: {exc.strerror or exc}") from None
    return entry
