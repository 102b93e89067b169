from __future__ import annotations

import pytest

from bubblescope.errors import EvidenceError
from bubblescope.evidence import load_evidence, parse_episode_file


def test_packaged_base_loads_and_has_default():
    base = load_evidence()
    assert base.default_episode().id == "ai-2023"
    assert all(r.episode in base.episodes for r in base.records.values())


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("episode: [unclosed", "malformed YAML"),
        ("", "empty"),
        ("- 1\n- 2\n", "top level"),
        ("evidence:\n  - id: x1\n    episode: ai-2023\n    informs: [narratives]\n    metric: m\n    value: 1\n"
         "    unit: n\n    source: {organisation: o, title: t}\n", "evidence[0] (id=x1): as_of: missing required field"),
        ("evidence:\n  - id: x1\n    episode: ai-2023\n    informs: [nonsense]\n    metric: m\n    value: 1\n"
         "    unit: n\n    as_of: 2024\n    source: {organisation: o, title: t}\n", "informs.0"),
        ("evidence:\n  - id: x1\n    episode: ai-2023\n    informs: [narratives]\n    metric: m\n    value: 1\n"
         "    unit: n\n    as_of: 2024-13\n    source: {organisation: o, title: t}\n", "as_of"),
    ],
)
def test_bad_files_name_file_record_field(text, needle):
    with pytest.raises(EvidenceError) as ei:
        parse_episode_file(text, "bad.yaml")
    msg = str(ei.value)
    assert msg.startswith("bad.yaml")
    assert needle in msg
    assert "\n" not in msg


def test_user_file_overrides_record(tmp_path):
    base = load_evidence()
    rid = next(iter(base.records))
    rec = base.records[rid]
    user = tmp_path / "mine.yaml"
    user.write_text(
        f"evidence:\n  - id: {rid}\n    episode: {rec.episode}\n    informs: [{rec.informs[0]}]\n"
        f"    metric: {rec.metric}\n    value: 999\n    unit: '{rec.unit}'\n    as_of: 2026-01\n"
        "    source: {organisation: Me, title: My estimate}\n"
    )
    merged = load_evidence([user])
    assert merged.records[rid].numeric == 999
    assert rid in merged.overridden


def test_unknown_episode_in_user_file(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "evidence:\n  - id: zz\n    episode: nope\n    informs: [narratives]\n    metric: m\n    value: 1\n"
        "    unit: n\n    as_of: 2024\n    source: {organisation: o, title: t}\n"
    )
    with pytest.raises(EvidenceError, match="unknown episode 'nope'"):
        load_evidence([user])
