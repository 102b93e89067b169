"""Streaming scan rows to Parquet so that an interrupted scan resumes.

Layout for ``out = "scan.parquet"``:

- while running, every finished batch is written atomically (temporary name + ``os.replace``) as
  ``scan.parquet.parts/part-<hash>.parquet``; a killed scan therefore leaves only whole batches;
- ``scan.parquet.parts/_settings.json`` holds the settings fingerprint the parts were computed with;
- at the end all rows are written to ``scan.parquet`` (atomically, the fingerprint in the Parquet
  schema metadata) and the parts folder is removed.

On the next run, rows from ``scan.parquet`` and from the parts whose fingerprint and per-series data
hash match are reused; only the other series are computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bubblescope.errors import InputError
from bubblescope.fileio import atomic_write_text

META_KEY = b"bubblescope.scan"


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _table(frame: pd.DataFrame, fingerprint: str) -> pa.Table:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[META_KEY] = fingerprint.encode()
    return table.replace_schema_metadata(meta)


class ScanStore:
    """The Parquet file (and its parts folder) of one scan; ``None`` out means no persistence."""

    def __init__(self, out: str | Path, fingerprint: str) -> None:
        self.out = Path(out)
        if self.out.suffix.lower() != ".parquet":
            raise InputError(f"scan output {self.out} must end in .parquet")
        if self.out.exists() and self.out.is_dir():
            raise InputError(f"scan output {self.out} is a folder; give a .parquet file name")
        self.fingerprint = fingerprint
        self.parts = parts_dir(self.out)

    # -- reading what is already done ----------------------------------------------------------
    def load_done(self) -> pd.DataFrame | None:
        """Rows already computed with the same settings (file + parts), or None.

        Raises InputError when the existing file or parts were computed with other settings, so a
        resume never mixes results of two different scans.
        """
        frames: list[pd.DataFrame] = []
        if self.out.exists():
            try:
                pf = pq.ParquetFile(self.out)
            except (pa.ArrowException, OSError) as exc:
                raise InputError(f"scan output {self.out} exists but is not a readable Parquet file: {exc}") from None
            meta = (pf.schema_arrow.metadata or {}).get(META_KEY)
            if meta is None:
                raise InputError(f"scan output {self.out} exists and was not written by bubblescope scan")
            if meta.decode() != self.fingerprint:
                raise InputError(
                    f"scan output {self.out} was written with other settings (tests, options, seed or as_of); "
                    "delete it or choose another output file"
                )
            frames.append(pf.read().to_pandas())
        if self.parts.is_dir():
            settings = self.parts / "_settings.json"
            if settings.exists():
                if _read_fingerprint(settings) != self.fingerprint:
                    raise InputError(
                        f"unfinished scan in {self.parts} used other settings; delete that folder or "
                        "choose another output file"
                    )
                for part in sorted(self.parts.glob("part-*.parquet")):
                    try:
                        frames.append(pq.read_table(part).to_pandas())
                    except (pa.ArrowException, OSError):  # pragma: no cover - atomic writes make this rare
                        part.unlink(missing_ok=True)
        frames = [f for f in frames if len(f)]
        if not frames:
            return None
        done = pd.concat(frames, ignore_index=True)
        # a series written twice (file and a part of a later partial run): keep the newest row
        return done.drop_duplicates("series", keep="last")

    # -- writing -------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.parts / "_settings.json", json.dumps({"fingerprint": self.fingerprint}))
        except OSError as exc:
            raise InputError(f"cannot write scan output next to {self.out}: {exc.strerror or exc}") from None

    def write_part(self, frame: pd.DataFrame) -> None:
        names = "\n".join(frame["series"].astype(str))
        digest = hashlib.sha1(names.encode()).hexdigest()[:16]
        _atomic_write_table(_table(frame, self.fingerprint), self.parts / f"part-{digest}.parquet")

    def finish(self, frame: pd.DataFrame) -> None:
        _atomic_write_table(_table(frame, self.fingerprint), self.out)
        shutil.rmtree(self.parts, ignore_errors=True)


def _read_fingerprint(settings: Path) -> str | None:
    """The fingerprint in a parts folder's ``_settings.json``; an unreadable file is a one-line error."""
    try:
        fp = json.loads(settings.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        raise InputError(f"unfinished scan in {settings.parent}: {settings.name} is unreadable (an older "
                         "interrupted run?); delete that folder to start the scan afresh") from None
    return fp if isinstance(fp, str) else None
