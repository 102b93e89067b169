"""Load capex scenarios from YAML (packaged ``base``/``bear``/``bull`` or a user's file).

File format::

    name: base
    description: ...
    headline: roic_annuity          # which required-revenue method is the headline
    extends: base                   # optional: start from another packaged scenario
    inputs:
      actual_ai_revenue:
        value: 50
        unit: USD bn
        source: "Article (BRIEF.md section 4), late 2025"
        evidence: ai-2023.ai-revenue-annual     # optional evidence-record id (value and unit must agree)
        range: [30, 100]                        # optional low/high for the tornado chart
        range_source: "..."
        note: "..."

When an input names an evidence record that is in the evidence base, its citation is taken from the
record and the value and unit must match it; an id that is not (yet) in the base keeps the inline
``source`` and is listed in :attr:`Scenario.unresolved`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bubblescope.economics.inputs import INPUT_SPECS, Input, Scenario, check_value, unknown_input_message
from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.loader import EvidenceBase, load_evidence
from bubblescope.evidence.yamlio import read_yaml_mapping
from bubblescope.fileio import check_size, confine


class _InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: float
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    evidence: str | None = None
    range: tuple[float, float] | None = None
    range_source: str = ""
    note: str = ""


class _ScenarioModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    description: str = ""
    headline: str | None = None
    extends: str | None = None
    inputs: dict[str, _InputModel] = Field(default_factory=dict)


def packaged_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package (``base``, ``bear``, ``bull``)."""
    root = resources.files("bubblescope.economics") / "scenarios"
    return sorted(e.name.rsplit(".", 1)[0] for e in root.iterdir() if e.name.endswith(".yaml"))


def _read(name_or_path: str | Path) -> tuple[str, str]:
    text_name = str(name_or_path)
    if text_name in packaged_scenarios():
        entry = resources.files("bubblescope.economics") / "scenarios" / f"{text_name}.yaml"
        return f"{text_name}.yaml", entry.read_text(encoding="utf-8")
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        check_size(p, what="scenario file")  # /dev/zero or a huge file: refused before reading
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise EvidenceError(f"{p}: cannot read scenario: {exc.strerror or exc}") from None
        try:
            return str(p), raw.decode("utf-8")
        except UnicodeDecodeError:
            raise EvidenceError(f"{p}: scenario file is not UTF-8 text") from None
    known = ", ".join(packaged_scenarios())
    raise InputError(f"unknown scenario {text_name!r} (packaged: {known}; or give a .yaml file)")


def _parse(name: str, text: str) -> _ScenarioModel:
    data = read_yaml_mapping(text, name, "a scenario mapping with 'name' and 'inputs'")
    try:
        return _ScenarioModel.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(file)"
        msg = {"missing": "missing required field", "extra_forbidden": "unknown field"}.get(err.get("type", ""),
                                                                                            err.get("msg", "invalid"))
        raise EvidenceError(f"{name}: {loc}: {msg}") from None


def _resolve(name: str, key: str, m: _InputModel, base: EvidenceBase, unresolved: list[str]) -> Input:
    source, evidence, value = m.source, m.evidence, float(m.value)
    if evidence is not None:
        rec = base.records.get(evidence)
        if rec is None:
            unresolved.append(evidence)
        else:
            if rec.unit != m.unit:
                raise EvidenceError(
                    f"{name}: inputs.{key}: unit {m.unit!r} differs from evidence {evidence} ({rec.unit!r})"
                )
            if rec.numeric is None:
                raise EvidenceError(f"{name}: inputs.{key}: evidence {evidence} is not a number ({rec.value!r})")
            if abs(rec.numeric - value) > 1e-9 * max(1.0, abs(rec.numeric)):
                if evidence not in base.overridden:
                    raise EvidenceError(
                        f"{name}: inputs.{key}: value {m.value:g} differs from evidence {evidence} ({rec.value})"
                    )
                # the user replaced this record with their own evidence file: their value wins
                try:
                    value = check_value(key, rec.numeric)
                except InputError as exc:
                    raise EvidenceError(f"evidence {evidence} (your file): {exc}") from None
            mark = " [your evidence file]" if evidence in base.overridden else ""
            source = f"{rec.source.cite()} (as of {rec.as_of}){mark}"
    if m.range is not None:
        for bound in m.range:
            try:
                check_value(key, bound)
            except InputError as exc:
                raise EvidenceError(f"{name}: inputs.{key}.range: {exc}") from None
    return Input(key, value, m.unit, source, evidence, m.range, m.range_source, m.note)


def _read_chain(name_or_path: str | Path, root: str | Path | None) -> list[tuple[str, _ScenarioModel]]:
    """The scenario file and each file its ``extends:`` names, in order (each confined under ``root``)."""
    seen: list[str] = []
    models: list[tuple[str, _ScenarioModel]] = []
    current: str | Path | None = name_or_path
    while current is not None:
        if root is not None and str(current) not in packaged_scenarios():
            try:
                current = confine(current, root, what="scenario file")
            except InputError as exc:
                raise EvidenceError(f"{models[-1][0] if models else current}: {exc}") from None
        fname, text = _read(current)
        if fname in seen:
            raise EvidenceError(f"{fname}: 'extends' loops back to itself")
        seen.append(fname)
        model = _parse(fname, text)
        models.append((fname, model))
        current = model.extends
        if current is not None and current not in packaged_scenarios() and isinstance(fname, str):
            here = Path(fname)
            # a relative 'extends' path is relative to the file that names it
            if here.exists() and not Path(current).is_absolute():
                rel = here.parent / current
                # under a root, keep the spelling (with any '..') for confine() to judge
                current = rel if root is None else Path(os.path.relpath(rel, Path(root).resolve()))
    return models


def load_scenario(
    name_or_path: str | Path = "base",
    overrides: Mapping[str, float] | None = None,
    evidence: EvidenceBase | None = None,
    root: str | Path | None = None,
) -> Scenario:
    """Load a packaged scenario by name or a YAML file, resolve evidence ids, apply ``overrides``
    (input name → value in the input's unit, as from ``--set``). Unknown names raise InputError.

    ``root``: every scenario file read (the file itself and each ``extends:``) must lie under this
    folder (:func:`bubblescope.fileio.confine`: no absolute path elsewhere, no ``..``, no symlink out);
    the dashboard passes its data folder. Packaged names are always allowed."""
    base = evidence if evidence is not None else load_evidence()
    models = _read_chain(name_or_path, root)
    inputs: dict[str, Input] = {}
    unresolved: list[str] = []
    headline = "roic_annuity"
    for fname, model in reversed(models):
        for key, m in model.inputs.items():
            if key not in INPUT_SPECS:
                raise EvidenceError(f"{fname}: inputs.{key}: {unknown_input_message(key)}")
            inputs[key] = _resolve(fname, key, m, base, unresolved)
        if model.headline is not None:
            headline = model.headline
    top_name, top = models[0]
    try:
        scenario = Scenario(top.name, top.description.strip(), inputs, headline, top_name,
                            tuple(dict.fromkeys(unresolved)))
    except InputError as exc:
        raise EvidenceError(f"{top_name}: {exc}") from None
    if overrides:
        scenario = scenario.with_values(overrides, source="user override (--set)")
    return scenario


def _split_assignment(item: str, expects: str) -> tuple[str, str]:
    """``name=raw`` → (name, raw) for a known input name; anything else raises InputError."""
    if "=" not in item:
        raise InputError(f"{expects} (got {item!r})")
    key, _, raw = item.partition("=")
    key = key.strip()
    if key not in INPUT_SPECS:
        raise InputError(unknown_input_message(key))
    return key, raw


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, float]:
    """Parse ``name=value`` strings (``--set``) into a dict; bad syntax, unknown names or non-numbers
    raise InputError with a one-line message."""
    out: dict[str, float] = {}
    for item in items:
        key, raw = _split_assignment(item, "--set expects name=value")
        raw = raw.strip().rstrip("%").strip()
        try:
            out[key] = float(raw)
        except ValueError:
            raise InputError(f"--set {key}: {raw!r} is not a number") from None
    return out


def parse_grid(items: list[str] | tuple[str, ...]) -> dict[str, list[float]]:
    """Parse ``name=v1,v2,...`` strings (``--sensitivity``, at most two) into a grid for
    :func:`~bubblescope.economics.sensitivity_analysis.sensitivity`; mistakes raise InputError."""
    grid: dict[str, list[float]] = {}
    for item in items:
        key, raw = _split_assignment(item, "--sensitivity expects name=v1,v2,...")
        try:
            grid[key] = [float(v) for v in raw.split(",") if v.strip()]
        except ValueError:
            raise InputError(f"--sensitivity {key}: values must be numbers separated by commas") from None
        if not grid[key]:
            raise InputError(f"--sensitivity {key}: no values")
    if len(grid) > 2:
        raise InputError("--sensitivity takes at most two inputs")
    return grid


def disclosed_life_changes(base: EvidenceBase, episode: str = "ai-2023") -> pd.DataFrame:
    """The server useful-life changes companies disclosed (evidence records with metric
    ``server_useful_life`` and their ``-prior`` / ``-effect`` companions), oldest first.

    Columns: id, company, prior_life, new_life (years), effective (as-of date), effect (USD bn, the
    disclosed effect on depreciation or operating income; see note), note, source.
    """
    rows = []
    for rec in base.find(episode, "server_useful_life"):
        prior = base.records.get(f"{rec.id}-prior")
        effect = base.records.get(f"{rec.id}-effect")
        rows.append(
            {
                "id": rec.id,
                "company": rec.source.organisation,
                "prior_life": prior.numeric if prior is not None else None,
                "new_life": rec.numeric,
                "effective": rec.as_of,
                "effect": effect.numeric if effect is not None else None,
                "effect_note": effect.note if effect is not None else "",
                "note": rec.note,
                "source": f"{rec.source.cite()}" + (f" {rec.source.url}" if rec.source.url else ""),
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "company", "prior_life", "new_life", "effective", "effect",
                                        "effect_note", "note", "source"])
    return frame.sort_values("effective", kind="stable").reset_index(drop=True)
