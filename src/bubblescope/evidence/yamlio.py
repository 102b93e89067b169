"""Reading a YAML mapping with one-line errors that name the file (shared by every YAML loader)."""

from __future__ import annotations

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bubblescope.errors import EvidenceError

M = TypeVar("M", bound=BaseModel)


def read_yaml_mapping(text: str, name: str, expected: str) -> dict[str, Any]:
    """Parse ``text`` (from file ``name``) and require a non-empty mapping at the top level.

    ``expected`` describes the mapping for the error message, e.g. "a mapping with 'episodes'".
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise EvidenceError(f"{name}: malformed YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        raise EvidenceError(f"{name}: file is empty")
    if not isinstance(data, dict):
        raise EvidenceError(f"{name}: top level must be {expected}")
    return data


def validate_yaml_model(text: str, name: str, model: type[M], expected: str) -> M:
    """Parse a YAML mapping and validate it as ``model``; the first error names file and field."""
    data = read_yaml_mapping(text, name, expected)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "(document)"
        raise EvidenceError(f"{name}: {where}: {err.get('msg', 'invalid')}") from None
