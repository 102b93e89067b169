"""Safe file handling shared by every layer: path confinement, size-checked reads, atomic writes.

* :func:`confine` — the one check that a file named by user data (a scenario's ``extends:``, a YAML
  file found in the dashboard's data folder) lies under its root: no absolute path, no ``..``, no
  symlink that leads out. It raises :class:`~bubblescope.errors.InputError`.
* :func:`check_size` / :func:`read_text` — refuse a file over a size limit *before* reading it
  (``/dev/zero``, a 4 GiB log passed by mistake): a one-line error instead of reading until killed.
  Limits are in megabytes; ``BUBBLESCOPE_MAX_INPUT_MB`` changes the default (:data:`MAX_INPUT_MB`).
* :func:`portable_paths` — absolute local paths in a JSON document made relative to the data folder
  (or reduced to a file name), so a report's JSON is the same on every machine.
* :func:`atomic_write_text` / :func:`atomic_outputs` — outputs go to a temporary path in the same
  folder and are renamed into place (a whole folder is swapped for multi-file outputs), so an error or
  a kill leaves the previous output intact, never a half-written one.

Standard library only (a base module: it imports nothing of the package but ``errors``).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bubblescope.errors import InputError

#: default largest input file read whole, in MB (``BUBBLESCOPE_MAX_INPUT_MB`` overrides it).
MAX_INPUT_MB = 100.0


def max_input_mb() -> float:
    """The input size limit in MB: ``$BUBBLESCOPE_MAX_INPUT_MB`` (a positive number) or :data:`MAX_INPUT_MB`."""
    raw = os.environ.get("BUBBLESCOPE_MAX_INPUT_MB", "").strip()
    if not raw:
        return MAX_INPUT_MB
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"BUBBLESCOPE_MAX_INPUT_MB={raw!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise InputError(f"BUBBLESCOPE_MAX_INPUT_MB={raw!r} must be a positive finite number of megabytes")
    return value


def confine(path: str | Path, root: str | Path, *, what: str = "file") -> Path:
    """``path`` resolved under ``root``, or InputError.

    A relative ``path`` is taken relative to ``root``; an absolute one is accepted only if it already
    lies under ``root`` (e.g. a file found by globbing the root). Refused: a ``..`` component, an
    absolute path elsewhere, and any path whose resolved location (symlinks followed) is outside.
    """
    p = Path(path)
    base = Path(root).expanduser().resolve()
    spelled = Path(os.path.abspath(Path(root).expanduser()))
    if ".." in p.parts:
        raise InputError(f"{what} {str(path)!r}: '..' is not allowed (files must stay under {base})")
    candidate = p if p.is_absolute() else base / p
    if p.is_absolute() and not (_under(p, base) or _under(p, spelled)):
        raise InputError(f"{what} {str(path)!r}: an absolute path outside {base} is not allowed")
    resolved = candidate.resolve()
    if not _under(resolved, base):
        raise InputError(f"{what} {str(path)!r} leads outside {base} (through a symlink); refused")
    return resolved


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def check_size(path: str | Path, *, limit_mb: float | None = None, what: str = "input file") -> Path:
    """``path`` if it is a regular file no bigger than ``limit_mb`` (default :func:`max_input_mb`), else
    InputError — checked before reading: a device (``/dev/zero``), a FIFO or a huge file is refused at once."""
    p = Path(path)
    limit = max_input_mb() if limit_mb is None else limit_mb
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: cannot read: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a directory, not {_a(what)}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: not a regular file (a device or a pipe cannot be read as {_a(what)})")
    if st.st_size > limit * 1_000_000:
        raise InputError(f"{p}: {what} of {st.st_size / 1e6:.0f} MB is over the {limit:g} MB limit "
                         "(set BUBBLESCOPE_MAX_INPUT_MB to allow more)")
    return p


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def read_text(path: str | Path, *, limit_mb: float | None = None, what: str = "input file") -> str:
    """The UTF-8 text of a size-checked file (InputError when too big, not a file or not UTF-8)."""
    p = check_size(path, limit_mb=limit_mb, what=what)
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None


def iter_text_chunks(path: str | Path, *, chunk_bytes: int = 4 << 20, limit_mb: float | None = None,
                     what: str = "text file") -> Iterator[str]:
    """The UTF-8 text of a size-checked file in pieces of about ``chunk_bytes``, each ending at a paragraph
    break (a blank line; else a line break; else a space) so that no phrase is cut: memory stays at one
    chunk whatever the file size. A NUL byte (binary file), invalid UTF-8 or an empty file is an InputError,
    raised on the chunk where it is found. A leading BOM is dropped."""
    p = check_size(path, limit_mb=limit_mb, what=what)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    carry, offset, seen_text = "", 0, False
    with p.open("rb") as fh:
        while True:
            raw = fh.read(chunk_bytes)
            if b"\x00" in raw:
                raise InputError(f"{p}: binary file, not text")
            pending = len(decoder.getstate()[0])  # bytes of a character cut by the previous read
            try:
                text = carry + decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                at = offset - pending + exc.start
                raise InputError(f"{p}: not UTF-8 text (invalid byte at offset {at})") from None
            offset += len(raw)
            if not raw:
                break
            cut = _boundary(text) if len(raw) == chunk_bytes else len(text)  # a short read: end of file
            piece, carry = text[:cut], text[cut:]
            seen_text = seen_text or bool(piece.strip())
            if piece:
                yield piece
    seen_text = seen_text or bool(carry.strip())
    if not seen_text:
        raise InputError(f"{p}: file is empty")
    if carry:
        yield carry


def _boundary(text: str) -> int:
    """Where to cut ``text``: after its last blank line, else its last line break, else its last space."""
    for sep in ("\n\n", "\n", " "):
        i = text.rfind(sep)
        if i > 0:
            return i + len(sep)
    return len(text)


def portable_paths(obj: Any, data_dir: str | Path | None = None) -> Any:
    """``obj`` (JSON-ready dicts, lists, strings) with every absolute local path made machine-independent:
    a path under ``data_dir`` becomes relative to it (the folder itself: its name), any other absolute
    path its file name (e.g. a cache file). URLs and other strings are unchanged."""
    roots: list[str] = []
    if data_dir is not None:
        d = Path(data_dir).expanduser()
        roots = list(dict.fromkeys([os.path.normpath(os.path.abspath(d)), str(d.resolve())]))
    name = Path(roots[0]).name if roots else ""

    def fix(s: str) -> str:
        if not s.startswith("/") or "\n" in s or "://" in s:
            return s
        norm = os.path.normpath(s)
        for r in roots:
            if norm == r:
                return name
            if norm.startswith(r + os.sep):
                return Path(os.path.relpath(norm, r)).as_posix()
        return Path(norm).name

    def walk(o: Any) -> Any:
        if isinstance(o, str):
            return fix(o)
        if isinstance(o, dict):
            return {k: walk(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [walk(v) for v in o]
        return o

    return walk(obj)


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it into
    place: readers see the old file or the whole new one."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return p


@contextlib.contextmanager
def atomic_outputs(out: str | Path) -> Iterator[Path]:
    """Write a multi-file output into a temporary staging folder; on success move it into ``out`` as a set.

    Yields the staging folder (a hidden sibling of ``out``, same file system). On any error it is removed
    and ``out`` is left exactly as it was. On success: a missing ``out`` is the staging folder renamed
    (one atomic step); an existing one keeps its other files, and each staged entry replaces its old
    copy by rename, after a check that none of them would replace a file by a folder or back (that is
    an InputError before anything moves).
    """
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise InputError(f"output folder {target} exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        yield stage
        _commit(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _commit(stage: Path, target: Path) -> None:
    if not target.exists():
        os.replace(stage, target)
        return
    entries = sorted(stage.iterdir())
    for e in entries:
        old = target / e.name
        if old.exists() and old.is_dir() != e.is_dir():
            kind = "a folder" if old.is_dir() else "a file"
            raise InputError(f"cannot write {old}: {kind} of that name is in the way; nothing was changed")
    for e in entries:
        old = target / e.name
        if e.is_dir() and old.exists():
            aside = stage / f".old-{e.name}"
            os.replace(old, aside)
            os.replace(e, old)
        else:
            os.replace(e, old)
