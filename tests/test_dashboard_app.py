"""The Streamlit app's widgets, through Streamlit's own AppTest: moving a widget changes the numbers
shown, and they are the pure model's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblescope.dashboard import compute_whatif, default_assumptions, load_dashboard_data
from bubblescope.dashboard.launch import EVIDENCE_DIR_ENV, MARKET_DIR_ENV

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "src" / "bubblescope" / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def data():
    return load_dashboard_data()


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(EVIDENCE_DIR_ENV, raising=False)
    monkeypatch.delenv(MARKET_DIR_ENV, raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label.split(" (")[0]: m.value for m in at.metric}


def _slider(at: AppTest, label: str):
    for s in at.sidebar.slider:
        if s.label.startswith(label):
            return s
    raise AssertionError(f"no slider {label!r}: {[s.label for s in at.sidebar.slider]}")


def _selectbox(at: AppTest, label: str):
    for s in at.sidebar.selectbox:
        if s.label.startswith(label):
            return s
    raise AssertionError(f"no selectbox {label!r}")


def test_app_shows_the_model_numbers_and_sources(app, data):
    res = compute_whatif(data, default_assumptions(data))
    m = _metrics(app)
    assert m["Revenue gap"] == f"{res.metrics['revenue_gap']:,.0f}"
    assert m["Depreciation gap"] == f"{res.metrics['depreciation_gap']:,.0f}"
    assert m["Financing gap"] == f"{res.metrics['financing_gap']:,.0f}"
    assert m["Stress losses"] == f"{res.metrics['stress_total_loss']:,.0f}"
    assert m["Consumption drop"] == f"{res.metrics['consumption_drop']:,.0f}"
    assert m["Four-factor score"] == f"{res.score.total}/8"
    assert len(app.get("plotly_chart")) == 7
    sources = app.table[-1].value
    assert "ai-2023.chip-life-economic-high" in " ".join(sources["source"])
    assert len(app.get("download_button")) == 1


def test_sliders_change_the_displayed_numbers(app, data):
    before = _metrics(app)
    _slider(app, "AI revenue").set_value(500.0).run()
    after = _metrics(app)
    assert after["Revenue gap"] != before["Revenue gap"]
    assert after["Depreciation gap"] == before["Depreciation gap"]
    expect = compute_whatif(data, default_assumptions(data).replace(ai_revenue=500.0))
    assert after["Revenue gap"] == f"{expect.metrics['revenue_gap']:,.0f}"
    assert next(m.delta for m in app.metric if m.label.startswith("Revenue gap")).startswith("-")

    _slider(app, "Chip economic life").set_value(2.0).run()
    assert _metrics(app)["Depreciation gap"] != after["Depreciation gap"]

    before = _metrics(app)
    _slider(app, "MPC").set_value(0.05).run()
    assert _metrics(app)["Consumption drop"] != before["Consumption drop"]
    assert _metrics(app)["Stress losses"] == before["Stress losses"]

    _slider(app, "Capex covered").set_value(2000.0).run()
    assert _metrics(app)["Financing gap"] == "900"  # 2,900 - 2,000


def test_shocks_and_overrides_change_stress_and_score(app):
    before = _metrics(app)
    _slider(app, "GPU value").set_value(100).run()
    assert _metrics(app)["Stress losses"] != before["Stress losses"]
    moved = _metrics(app)["Stress losses"]
    _selectbox(app, "Contagion method").set_value("eisenberg-noe").run()
    assert _metrics(app)["Stress losses"] != moved
    _selectbox(app, "Pure plays").set_value(0).run()
    assert _metrics(app)["Four-factor score"] == "6/8"
    for label in ("OpenAI", "GPU value", "AI equities", "Rest of US"):
        _slider(app, label).set_value(0).run()
    assert _metrics(app)["Stress losses"] == "0"
    assert any("nothing to propagate" in i.value for i in app.info)
    keys = {c.proto.id for c in app.get("plotly_chart")}
    assert len(app.get("plotly_chart")) == 5, keys  # no empty stress and wealth charts: a sentence instead


def test_preset_selection_resets_defaults(app):
    _selectbox(app, "Economics scenario").set_value("bull").run()
    assert _slider(app, "AI revenue").value == 100.0  # bull.yaml: twice the article's ~50
    _selectbox(app, "Stress scenario").set_value("dotcom-style-crash").run()
    assert _slider(app, "Rest of US").value == 37


def test_data_dir_errors_and_notes_are_shown(monkeypatch, tmp_path):
    monkeypatch.setenv(EVIDENCE_DIR_ENV, str(tmp_path / "missing"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert "does not exist" in at.error[0].value
    (tmp_path / "notes.yaml").write_text("title: my notes\n", encoding="utf-8")
    monkeypatch.setenv(EVIDENCE_DIR_ENV, str(tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("notes.yaml" in i.value for i in at.info)


def test_scenario_switch_keeps_the_other_groups_state(app):
    """A new economics scenario resets the economics sliders only; shocks and overrides stay (issue 21)."""
    _slider(app, "GPU value").set_value(40).run()
    _slider(app, "MPC").set_value(0.05).run()
    _selectbox(app, "Pure plays").set_value(1).run()
    _selectbox(app, "Economics scenario").set_value("bull").run()
    assert _slider(app, "AI revenue").value == 100.0  # the new scenario's default
    assert _slider(app, "GPU value").value == 40
    assert _slider(app, "MPC").value == 0.05
    assert _selectbox(app, "Pure plays").value == 1
    _slider(app, "Chip economic life").set_value(2.0).run()
    _selectbox(app, "Stress scenario").set_value("dotcom-style-crash").run()
    assert _slider(app, "Rest of US").value == 37  # the new stress scenario's default
    assert _slider(app, "Chip economic life").value == 2.0  # economics kept
    assert _selectbox(app, "Economics scenario").value == "bull"


def test_reset_button_restores_every_default(app, data):
    _slider(app, "GPU value").set_value(40).run()
    _slider(app, "AI revenue").set_value(500.0).run()
    app.sidebar.button(key="reset_button").click().run()
    d = default_assumptions(data)
    assert _slider(app, "GPU value").value == round(100 * d.gpu_value_loss)
    assert _slider(app, "AI revenue").value == d.ai_revenue
    res = compute_whatif(data, d)
    assert _metrics(app)["Revenue gap"] == f"{res.metrics['revenue_gap']:,.0f}"


def test_market_tab_without_a_data_folder_says_how(app):
    assert any("--data-dir" in i.value for i in app.info)


@pytest.mark.slow
def test_market_tab_runs_psy_and_lppls(monkeypatch, shared_data):
    monkeypatch.delenv(EVIDENCE_DIR_ENV, raising=False)
    monkeypatch.setenv(MARKET_DIR_ENV, str(shared_data))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    at.toggle(key="market_run").set_value(True).run()
    assert not at.exception, at.exception
    charts = [c for c in at.get("plotly_chart") if "chart_PSY_" in c.proto.id or "chart_LPPLS_" in c.proto.id]
    assert len(charts) >= 4, [c.proto.id for c in at.get("plotly_chart")]
    texts = " ".join(t.value for t in at.text)
    assert "PSY explosive-root tests" in texts and "LPPLS indicators" in texts


def test_header_shows_the_verdict(app, data):
    """The dashboard's header carries the verdict on the assumptions (issue 15), by the same rule."""
    from bubblescope.dashboard.model import compute_whatif, default_assumptions, whatif_verdict

    heads = [m.value for m in app.markdown if m.value.startswith("### Verdict:")]
    assert len(heads) == 1
    v = whatif_verdict(compute_whatif(data, default_assumptions(data)))
    assert heads[0].startswith(f"### Verdict: {v.verdict}")
    assert any(c.value.startswith("As of ") for c in app.caption)
