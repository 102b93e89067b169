"""Falsifier conditions ("what would change the verdict") as YAML: the packaged ones and users' own.

A file is ``{episode: ID, falsifiers: [ {id, condition, direction, threshold, weakening, unit,
signal | (value, as_of, source)} ]}``. ``signal`` names a verdict signal whose ``value`` is read;
otherwise the reading is a dated, sourced evidence value. Packaged files live in
``evidence/falsifiers/<episode>.yaml``; ``bubblescope verdict --falsifiers FILE`` adds a user's file
(same ids replace packaged ones). Errors name the file and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.yamlio import read_yaml_mapping

FIELDS = {"id", "condition", "direction", "threshold", "weakening", "unit", "signal", "value", "as_of",
          "source", "note"}


@dataclass(frozen=True)
class Falsifier:
    """One measurable condition that would argue against the bubble reading."""

    id: str
    condition: str
    direction: str  # "above": triggered when reading >= threshold; "below": when reading <= threshold
    threshold: float
    weakening: float
    unit: str = ""
    signal: str | None = None
    value: float | None = None
    as_of: str | None = None
    source: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.direction not in ("above", "below"):
            raise InputError(f"falsifier {self.id}: direction must be 'above' or 'below', got {self.direction!r}")
        if (self.signal is None) == (self.value is None):
            raise InputError(f"falsifier {self.id}: give exactly one of 'signal' or 'value'")
        if self.value is not None and (not self.source or not self.as_of):
            raise InputError(f"falsifier {self.id}: an evidence value needs 'source' and 'as_of'")
        ok = self.weakening <= self.threshold if self.direction == "above" else self.weakening >= self.threshold
        if not ok:
            raise InputError(f"falsifier {self.id}: the weakening level {self.weakening} must come before the "
                             f"threshold {self.threshold} (direction {self.direction})")


def _num(entry: dict[str, object], key: str, where: str) -> float:
    v = entry.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise EvidenceError(f"{where}: {key} must be a number, got {v!r}")
    return float(v)


def parse_falsifiers(text: str, name: str) -> tuple[str, list[Falsifier]]:
    """(episode id, falsifiers) from one YAML text; EvidenceError naming the file and entry."""
    data = read_yaml_mapping(text, name, "a mapping with 'episode' and 'falsifiers'")
    ep, items = data.get("episode"), data.get("falsifiers")
    if not isinstance(ep, str) or not ep:
        raise EvidenceError(f"{name}: 'episode' must name an episode id")
    if not isinstance(items, list) or not items:
        raise EvidenceError(f"{name}: 'falsifiers' must be a non-empty list")
    out = []
    for i, e in enumerate(items):
        where = f"{name}: falsifiers[{i}]"
        if not isinstance(e, dict):
            raise EvidenceError(f"{where}: must be a mapping")
        unknown = sorted(set(e) - FIELDS)
        if unknown:
            raise EvidenceError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
        for key in ("id", "condition", "direction"):
            if not isinstance(e.get(key), str) or not e.get(key):
                raise EvidenceError(f"{where}: '{key}' is required (text)")
        where = f"{name}: falsifiers[{i}] (id={e['id']})"
        value = None if e.get("value") is None else _num(e, "value", where)
        as_of = None if e.get("as_of") is None else str(e["as_of"])
        try:
            out.append(Falsifier(str(e["id"]), str(e["condition"]), str(e["direction"]),
                                 _num(e, "threshold", where), _num(e, "weakening", where), str(e.get("unit", "")),
                                 None if e.get("signal") is None else str(e["signal"]), value, as_of,
                                 str(e.get("source", "")), str(e.get("note", ""))))
        except InputError as exc:
            raise EvidenceError(f"{name}: {exc}") from None
    return ep, out


def load_falsifiers(episode_id: str, extra: Path | None = None) -> list[Falsifier]:
    """The packaged falsifiers of ``episode_id`` (none when there is no file), then a user's file."""
    found: dict[str, Falsifier] = {}
    pkg = resources.files("bubblescope.evidence") / "falsifiers" / f"{episode_id}.yaml"
    if pkg.is_file():
        _, items = parse_falsifiers(pkg.read_text(encoding="utf-8"), f"{episode_id}.yaml")
        found.update((f.id, f) for f in items)
    if extra is not None:
        path = Path(extra)
        if not path.is_file():
            raise EvidenceError(f"falsifier file {path} does not exist")
        if path.stat().st_size > 1_000_000:
            raise EvidenceError(f"falsifier file {path} is larger than 1 MB")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise EvidenceError(f"{path.name}: not UTF-8 text") from None
        ep, items = parse_falsifiers(text, path.name)
        if ep != episode_id:
            raise EvidenceError(f"{path.name}: falsifiers for episode {ep!r}, not {episode_id!r}")
        found.update((f.id, f) for f in items)
    return list(found.values())
