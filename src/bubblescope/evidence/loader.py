"""Load the packaged evidence base and users' own YAML files.

Errors name the file, the record and the field: ``ai-2023.yaml: evidence[3] (id=openai-revenue):
as_of: must be a date YYYY, YYYY-MM or YYYY-MM-DD``. User files add records and override packaged
ones that have the same id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from bubblescope.errors import EvidenceError
from bubblescope.evidence.schema import Episode, EpisodeFile, EvidenceRecord
from bubblescope.evidence.yamlio import read_yaml_mapping
from bubblescope.fileio import check_size


@dataclass(frozen=True)
class EvidenceBase:
    """All episodes and evidence records, with the file each came from."""

    episodes: dict[str, Episode]
    records: dict[str, EvidenceRecord]
    origin: dict[str, str] = field(default_factory=dict)  # record id -> file name
    overridden: frozenset[str] = frozenset()  # record ids replaced by a user file

    def episode(self, episode_id: str) -> Episode:
        try:
            return self.episodes[episode_id]
        except KeyError:
            known = ", ".join(sorted(self.episodes))
            raise EvidenceError(f"unknown episode {episode_id!r} (known: {known})") from None

    def for_episode(self, episode_id: str) -> list[EvidenceRecord]:
        self.episode(episode_id)
        return [r for r in self.records.values() if r.episode == episode_id]

    def get(self, record_id: str) -> EvidenceRecord:
        try:
            return self.records[record_id]
        except KeyError:
            raise EvidenceError(f"unknown evidence record {record_id!r}") from None

    def find(self, episode_id: str, metric: str) -> list[EvidenceRecord]:
        """Records of one episode with the given metric, newest as-of first."""
        found = [r for r in self.records.values() if r.episode == episode_id and r.metric == metric]
        return sorted(found, key=lambda r: r.as_of_date, reverse=True)

    def with_records(self, records: Iterable[EvidenceRecord], origin: str = "(computed)") -> EvidenceBase:
        """A new base with ``records`` added; a record with an existing id replaces it (marked overridden)."""
        recs, orig, over = dict(self.records), dict(self.origin), set(self.overridden)
        for rec in records:
            if rec.episode not in self.episodes:
                raise EvidenceError(f"{origin}: evidence {rec.id!r}: episode: unknown episode {rec.episode!r}")
            if rec.id in recs:
                over.add(rec.id)
            recs[rec.id] = rec
            orig[rec.id] = origin
        return EvidenceBase(self.episodes, recs, orig, frozenset(over))

    def default_episode(self) -> Episode:
        for ep in self.episodes.values():
            if ep.default:
                return ep
        return next(iter(self.episodes.values()))


def _format_validation(name: str, data: dict, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err.get("loc", ()))
    where = name
    if loc and loc[0] == "evidence" and len(loc) > 1 and isinstance(loc[1], int):
        i = loc[1]
        rec = (data.get("evidence") or [None] * (i + 1))[i]
        rid = rec.get("id") if isinstance(rec, dict) else None
        where += f": evidence[{i}]" + (f" (id={rid})" if rid else "")
        loc = loc[2:]
    elif loc and loc[0] == "episode":
        where += ": episode"
        loc = loc[1:]
    fieldname = ".".join(str(p) for p in loc) or "(record)"
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if err.get("type") == "missing":
        msg = "missing required field"
    elif err.get("type") == "extra_forbidden":
        msg = "unknown field"
    if fieldname == "(record)" and re.match(r"^[a-z_]+: ", msg):
        return f"{where}: {msg}"  # a record-level check that names its field itself
    return f"{where}: {fieldname}: {msg}"


def parse_episode_file(text: str, name: str) -> EpisodeFile:
    """Validate one YAML document (``name`` is used in error messages)."""
    data = read_yaml_mapping(text, name, "a mapping with 'episode' and/or 'evidence'")
    try:
        return EpisodeFile.model_validate(data)
    except ValidationError as exc:
        raise EvidenceError(_format_validation(name, data, exc)) from None


def read_user_file(path: Path) -> EpisodeFile:
    check_size(path, what="evidence file")  # /dev/zero or a huge file: refused before reading
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise EvidenceError(f"{path}: binary file, not YAML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EvidenceError(f"{path}: not UTF-8 text") from None
    return parse_episode_file(text, str(path))


def _packaged_files() -> Iterable[tuple[str, str]]:
    root = resources.files("bubblescope.evidence") / "episodes"
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            yield entry.name, entry.read_text(encoding="utf-8")


def build_base(files: Sequence[tuple[str, EpisodeFile]], user: Sequence[tuple[str, EpisodeFile]] = ()) -> EvidenceBase:
    """Combine parsed files; later user files override earlier records with the same id."""
    episodes: dict[str, Episode] = {}
    records: dict[str, EvidenceRecord] = {}
    origin: dict[str, str] = {}
    overridden: set[str] = set()
    for is_user, group in ((False, files), (True, user)):
        for name, ef in group:
            if ef.episode is not None:
                if ef.episode.id in episodes and not is_user:
                    raise EvidenceError(f"{name}: episode {ef.episode.id!r} is defined twice")
                episodes[ef.episode.id] = ef.episode
            for rec in ef.evidence:
                if rec.id in records:
                    if not is_user or origin.get(rec.id) == name:
                        raise EvidenceError(f"{name}: evidence id {rec.id!r} is used twice")
                    overridden.add(rec.id)
                records[rec.id] = rec
                origin[rec.id] = name
    for rid, rec in records.items():
        if rec.episode not in episodes:
            raise EvidenceError(f"{origin[rid]}: evidence {rid!r}: episode: unknown episode {rec.episode!r}")
    return EvidenceBase(episodes=episodes, records=records, origin=origin, overridden=frozenset(overridden))


def load_evidence(extra: Sequence[str | Path] = ()) -> EvidenceBase:
    """The packaged evidence base plus the user's YAML files (``--evidence FILE``), validated."""
    packaged = [(name, parse_episode_file(text, name)) for name, text in _packaged_files()]
    user = [(str(p), read_user_file(Path(p))) for p in extra]
    return build_base(packaged, user)
