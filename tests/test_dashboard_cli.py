"""`bubblescope dashboard`: bad ports and data folders fail with one line and exit 2 before any server
starts; the server command binds 127.0.0.1 only, headless, without usage statistics."""

from __future__ import annotations

import socket

import pytest

from bubblescope.dashboard import launch


@pytest.fixture
def no_server(monkeypatch):
    """Record what would be served instead of starting Streamlit."""
    calls: list[tuple] = []

    def fake_serve(port, evidence_dir, open_browser, data_dir=None):
        calls.append((port, evidence_dir, open_browser))
        return 0

    monkeypatch.setattr(launch, "serve", fake_serve)
    return calls


def _one_line_error(r) -> None:
    assert r.code == 2, r
    assert r.err.startswith("error: "), r
    assert r.err.strip().count("\n") == 0, r
    assert "Traceback" not in r.err


@pytest.mark.parametrize("port", ["0", "70000", "-5"])
def test_port_out_of_range(cli, no_server, port):
    r = cli("dashboard", "--port", port, "--no-browser")
    _one_line_error(r)
    assert "--port must be between 1 and 65535" in r.err
    assert not no_server


def test_port_not_a_number(cli, no_server):
    r = cli("dashboard", "--port", "eighty")
    _one_line_error(r)
    assert not no_server


def test_port_in_use(cli, no_server):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        busy = s.getsockname()[1]
        r = cli("dashboard", "--port", str(busy), "--no-browser")
    _one_line_error(r)
    assert f"port {busy}" in r.err and "not available" in r.err
    assert not no_server


def test_missing_data_dir(cli, no_server, tmp_path):
    r = cli("dashboard", "--evidence-dir", str(tmp_path / "nope"), "--no-browser", "--port", "8599")
    _one_line_error(r)
    assert "does not exist" in r.err
    assert not no_server


def test_data_dir_is_a_file(cli, no_server, tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x", encoding="utf-8")
    r = cli("dashboard", "--evidence-dir", str(f), "--no-browser", "--port", "8599")
    _one_line_error(r)
    assert "not a folder" in r.err


def test_bad_yaml_in_data_dir(cli, no_server, tmp_path):
    (tmp_path / "broken.yaml").write_text("inputs: [unclosed\n", encoding="utf-8")
    r = cli("dashboard", "--evidence-dir", str(tmp_path), "--no-browser", "--port", "8599")
    _one_line_error(r)
    assert "broken.yaml" in r.err
    assert not no_server


def test_bad_scenario_in_data_dir(cli, no_server, tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "name: mine\nextends: base\ndescription: x\ninputs:\n  chip_life_economic: {value: -1, unit: years, "
        "source: me}\n", encoding="utf-8")
    r = cli("dashboard", "--evidence-dir", str(tmp_path), "--no-browser", "--port", "8599")
    _one_line_error(r)
    assert "chip_life_economic" in r.err


def test_good_call_serves_with_data_dir(cli, no_server, tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "name: mine\nextends: base\ndescription: my case\ninputs:\n  chip_life_economic: {value: 4, unit: years, "
        "source: my assumption}\n", encoding="utf-8")
    (tmp_path / "prices.csv").write_text("date,close\n2024-01-02,1\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("title: notes\n", encoding="utf-8")
    r = cli("dashboard", "--evidence-dir", str(tmp_path), "--no-browser", "--port", "8599")
    assert r.code == 0, r
    assert "http://127.0.0.1:8599" in r.out
    assert "ignored notes.yaml" in r.out
    assert no_server == [(8599, tmp_path, False)]


def test_data_dir_scenarios_are_offered(tmp_path):
    from bubblescope.dashboard import compute_whatif, default_assumptions, load_dashboard_data

    (tmp_path / "mine.yaml").write_text(
        "name: mine\nextends: base\ndescription: my case\ninputs:\n  chip_life_economic: {value: 4, unit: years, "
        "source: my assumption}\n", encoding="utf-8")
    (tmp_path / "crash.yaml").write_text(
        "id: my-crash\ntitle: My crash\nnetwork: ai-2023\nshocks:\n  - {type: equity_drawdown, "
        "nodes: [ai-equities, other-us-equities], loss: 0.2}\n", encoding="utf-8")
    data = load_dashboard_data(tmp_path)
    assert "mine" in data.capex_scenarios and "my-crash" in data.shock_scenarios
    a = default_assumptions(data, "mine", "my-crash")
    assert a.chip_life_economic == 4 and a.market_drawdown == pytest.approx(0.2)
    assert compute_whatif(data, a).metrics["wealth_loss"] == pytest.approx(42_000 * 0.2)


def test_server_command_is_local_headless_and_quiet():
    cmd = launch.streamlit_command(8765, python="python")
    joined = " ".join(cmd)
    assert cmd[:4] == ["python", "-m", "streamlit", "run"]
    assert cmd[4].endswith("app.py")
    assert "--server.address 127.0.0.1" in joined
    assert "--server.port 8765" in joined
    assert "--server.headless true" in joined
    assert "--browser.gatherUsageStats false" in joined
    env = launch.server_env(None)
    assert launch.EVIDENCE_DIR_ENV not in env and launch.MARKET_DIR_ENV not in env and env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_shared_market_data_folder_is_harmless(shared_data):
    """`--data-dir ../shared/data` (CSV market data, as for `report`) loads and changes nothing."""
    from bubblescope.dashboard import compute_whatif, default_assumptions, load_dashboard_data

    data = load_dashboard_data(shared_data)
    plain = load_dashboard_data()
    assert sorted(data.capex_scenarios) == sorted(plain.capex_scenarios)
    a = default_assumptions(data)
    assert compute_whatif(data, a).metrics == compute_whatif(plain, a).metrics
