"""Safe file handling shared by every layer: path confinement, size-checked reads, atomic writes.

* :func:`confine` — the one check that a file named by user data (a scenario's ``extends:``, a YAML
  file found in the dashboard's data folder) lies under its root: no absolute path, no ``..``, no
  symlink that leads out. It raises :class:`~bubblescope.errors.InputError`.
* :func:`check_size` / :func:`read_text` — refuse a file over a size limit *before* reading it
  (``/dev/zero``, a 4 GiB log passed by mistake): a one-line error instead of reading until killed.
  Limits are in megabytes; ``BUBBLESCOPE_MAX_INPUT_MB`` changes the default (:data:`MAX_INPUT_MB`).
* :func:`atomic_write_text` / :func:`atomic_folder` — outputs go to a temporary path in the same
  folder and are renamed into place (a whole folder is swapped for multi-file outputs), so an error or
  a kill leaves the previous output intact, never a half-written one.

Standard library only (a base module: it imports nothing of the package but ``errors``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
        raise InputError(f"{what} {p} does not exist") from None
    except OSError as exc:
        raise InputError(f"{what} {p}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{what} {p} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{what} {p} is not a regular file (a device or pipe cannot be read)")
    if st.st_size > limit * 1_000_000:
        raise InputError(f"{what} {p} is {st.st_size / 1e6:.0f} MB, over the {limit:g} MB limit "
                         "(set BUBBLESCOPE_MAX_INPUT_MB to allow more)")
    return p


def read_text(path: str | Path, *, limit_mb: float | None = None, what: str = "input file") -> str:
    """The UTF-8 text of a size-checked file (InputError when too big, not a file or not UTF-8)."""
    p = check_size(path, limit_mb=limit_mb, what=what)
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {p} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{what} {p}: cannot read ({exc.strerror or exc})") from None


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
