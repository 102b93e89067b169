"""The packaged evidence base: agreed ids, every BRIEF.md figure, episodes and their indicators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bubblescope.evidence import load_evidence, parse_episode_file
from bubblescope.evidence.schema import FACTORS

AGREED = {
    "ai-2023.bigtech-ai-capex-to-2028": (3000, "USD bn"),
    "ai-2023.hyperscaler-capex-5y": (6400, "USD bn"),
    "ai-2023.ai-buildout-need": (5000, "USD bn"),
    "ai-2023.financing-gap": (1400, "USD bn"),
    "ai-2023.ai-revenue-annual": (50, "USD bn"),
    "ai-2023.jpm-required-revenue-10pct": (650, "USD bn"),
    "ai-2023.openai-revenue-2025": (13, "USD bn"),
    "ai-2023.chip-life-reported-low": (5, "years"),
    "ai-2023.chip-life-reported-high": (6, "years"),
    "ai-2023.chip-life-economic-low": (2, "years"),
    "ai-2023.chip-life-economic-high": (3, "years"),
    "ai-2023.rubin-vs-blackwell": (4, "x"),
    "ai-2023.grid-queue-years-low": (3, "years"),
    "ai-2023.grid-queue-years-high": (5, "years"),
    "ai-2023.oracle-openai-contract": (300, "USD bn"),
    "ai-2023.oracle-rpo": (523, "USD bn"),
    "ai-2023.oracle-debt": (100, "USD bn"),
    "ai-2023.household-wealth-drop": (8, "%"),
    "ai-2023.consumption-drop-gdp": (1.6, "%"),
}

# Every figure of BRIEF.md (sections 3-8), as the value the ai-2023 records must carry.
BRIEF_FIGURES = [5000, 30, 33.3, 50, 3000, 6400, 5000, 1400, 50, 650, 500, 13, 11.5, 74, 2029, 2030, 200, 800,
                 14.5, 15, 60, 95, 4, 3, 4, 5, 6, 2, 3, 300, 32, 523, 100, 90, 8, 1.6, 3, 5]


@pytest.fixture(scope="module")
def base():
    return load_evidence()


def test_agreed_ids_values_units(base):
    for rid, (value, unit) in AGREED.items():
        rec = base.get(rid)
        assert rec.numeric == pytest.approx(value), rid
        assert rec.unit == unit, rid
        assert rec.episode == "ai-2023"


def test_every_brief_figure_is_a_record(base):
    values = [r.numeric for r in base.for_episode("ai-2023") if r.numeric is not None]
    for fig in BRIEF_FIGURES:
        assert any(v == pytest.approx(fig) for v in values), fig
    assert base.get("dotcom-1995.cisco-forward-pe-peak").numeric == 200


def test_named_primary_sources_present(base):
    orgs = " | ".join(r.source.organisation for r in base.for_episode("ai-2023"))
    for org in ("JPMorgan", "Bank of America", "PitchBook", "MIT", "OpenRouter", "Morgan Stanley", "OpenAI",
                "Oracle", "FINRA", "The Economist"):
        assert org in orgs, org


def test_required_episodes_and_control(base):
    assert {"ai-2023", "dotcom-1995", "railways-1845", "lighting-1882", "radio-1925", "aviation-1929",
            "insulin-1922"} <= set(base.episodes)
    controls = [e.id for e in base.episodes.values() if e.control]
    assert "insulin-1922" in controls and len(controls) >= 10
    assert all(base.episodes[c].outcome == "no_bubble" for c in controls)


def test_every_episode_informs_every_factor(base):
    for eid in base.episodes:
        informed = {p for r in base.for_episode(eid) for p in r.informs}
        assert set(FACTORS) <= informed, eid


def test_records_have_sources_and_ids_prefixed(base):
    for rec in base.records.values():
        assert rec.id.startswith(rec.episode + "."), rec.id
        assert rec.source.organisation and rec.source.title
        assert rec.note, rec.id


def test_sources_block_is_validated():
    text = "sources:\n  a: {organisation: '', title: t}\n"
    with pytest.raises(Exception, match="sources"):
        parse_episode_file(text, "s.yaml")


def test_library_never_reads_shared_folder():
    src = Path(__file__).resolve().parents[1] / "src" / "bubblescope"
    paths = [p for d in ("evidence", "framework", "report") for p in (src / d).rglob("*.py")]
    assert paths
    for path in paths:
        assert not re.search(r"shared[/\\\\]+(data|seed)", path.read_text(encoding="utf-8")), path


def test_documented_user_file_example_is_valid(tmp_path):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "four-factors.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "mine.yaml"
    f.write_text(block, encoding="utf-8")
    merged = load_evidence([f])
    assert merged.get("ai-2023.pitchbook-ai-vc-share").numeric == 64
    assert "ai-2023.pitchbook-ai-vc-share" in merged.overridden
