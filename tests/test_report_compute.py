"""The report's compute/render split: one compute phase, sections that only format, the verdict's rules
as plain data, and no import from a lower package (scan, analysis) or between dashboard modules back
up to the report."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from bubblescope.evidence import load_evidence
from bubblescope.report import Analysis, ReportContext, ReportData, build_report, compute, report_data
from bubblescope.report.analysis import MarketDiagnostics
from bubblescope.report.fetch import SeriesInfo
from bubblescope.report.verdict import gap_light, psy_status, score_light, verdict, worst

SRC = Path(__file__).resolve().parents[1] / "src" / "bubblescope"


# ------------------------------------------------------------------------------------ imports (ast)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(path: Path) -> set[str]:
    """Modules imported at run time (module level and inside functions; ``if TYPE_CHECKING:`` skipped)."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                out.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for a in child.names:  # `from pkg import module` imports pkg.module
                    sub = SRC.parent / (child.module + "." + a.name).replace(".", "/")
                    out.add(f"{child.module}.{a.name}" if sub.with_suffix(".py").is_file() or sub.is_dir()
                            else child.module)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _cycle(modules: dict[str, set[str]]) -> list[str] | None:
    """An import cycle among ``modules`` (name → imported names), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(modules[m]):
            if n not in modules:
                continue
            if state.get(n) == 1:
                return [*stack[stack.index(n):], n]
            if n not in state and (found := dfs(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(modules):
        if m not in state and (found := dfs(m)):
            return found
    return None


#: What a section may not import at run time: the analysis, data and orchestration packages.
_NOT_IN_SECTIONS = ("bubblescope.data", "bubblescope.scan", "bubblescope.detect", "bubblescope.gauges",
                    "bubblescope.stress", "bubblescope.framework", "bubblescope.evidence", "bubblescope.backtest")
#: Calls that compute, read or fetch (a section formats what the compute phase produced).
_COMPUTING_CALLS = {"open", "read_text", "read_bytes", "rglob", "glob", "get_series", "get_frame", "scan",
                    "analyse", "compute", "report_data", "market_scan", "score_episode", "compare_episodes",
                    "run_scenario", "sensitivity", "run_stress", "episode_gauges", "psy", "indicators"}


@pytest.mark.parametrize("path", sorted((SRC / "report" / "sections").glob("*.py")), ids=lambda p: p.name)
def test_sections_only_format(path):
    imports = _imports(path)
    assert not [m for m in imports if m.startswith(_NOT_IN_SECTIONS)], path.name
    assert not [m for m in imports if m.startswith("bubblescope.economics") and m != "bubblescope.economics.charts"]
    called = {n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
              for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)}
    assert not called & _COMPUTING_CALLS, f"{path.name} calls {called & _COMPUTING_CALLS}"


def test_lower_packages_never_import_report_or_dashboard():
    low = ("scan", "detect", "data", "economics", "stress", "gauges", "framework", "evidence", "backtest")
    for pkg in low:
        for f in (SRC / pkg).rglob("*.py"):
            up = [m for m in _imports(f) if m.startswith(("bubblescope.report", "bubblescope.dashboard"))]
            assert not up, f"{f.relative_to(SRC)} imports {up}"
    assert not (SRC / "scan" / "report.py").exists()  # moved to bubblescope.report.sections.scan


@pytest.mark.parametrize("pkg", ["report", "dashboard"])
def test_no_import_cycle(pkg):
    modules = {_module(f): _imports(f) for f in (SRC / pkg).rglob("*.py")}
    # a package's __init__ importing its own modules is not a cycle unless one of them imports it back
    assert _cycle(modules) is None
    if pkg == "dashboard":
        assert "bubblescope.dashboard.charts" not in _imports(SRC / "dashboard" / "model.py")
        assert "bubblescope.dashboard.model" not in _imports(SRC / "dashboard" / "charts.py")


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"x"}}) is None


# ------------------------------------------------------------------------------------ compute, then render


def test_compute_with_a_given_analysis_does_no_io_and_renders_like_a_context(monkeypatch):
    def no_io(*a, **k):
        raise AssertionError("the compute phase fetched although ctx.analysis was given")

    monkeypatch.setattr("bubblescope.data.api.get_series", no_io)
    monkeypatch.setattr("bubblescope.data.api.get_frame", no_io)
    ctx = ReportContext(base=load_evidence(), episode_id="ai-2023", analysis=Analysis(offline=True))
    data = compute(ctx)
    assert isinstance(data, ReportData) and data.episode_id == "ai-2023" and data.verdict.computed
    assert data.score.total == ctx.score().total
    assert [r.id for r in data.records] == sorted(r.id for r in ctx.base.for_episode("ai-2023"))
    a = build_report(data, generated="2026-01-01T00:00:00Z").to_dict()
    b = build_report(ctx, generated="2026-01-01T00:00:00Z").to_dict()
    assert a == b
    by = {s["id"]: s for s in a["sections"]}
    assert by["verdict"]["data"]["data"]["network"] == "not tried (--offline)"
    assert not by["market"]["available"] and "price data" in by["market"]["needs"]
    assert not by["scan"]["available"] and "compute phase" in by["scan"]["needs"]  # no scan in a hand-made Analysis


def test_report_data_without_analysis_keeps_the_data_sections_waiting():
    data = report_data(ReportContext(base=load_evidence(), episode_id="dotcom-1995"))
    assert data.analysis is None and not data.verdict.computed
    assert list(data.verdict.to_dict()) == ["four_factor"]


# ------------------------------------------------------------------------------------ verdict rules


@pytest.mark.parametrize(("total", "light"), [(0, "green"), (2, "green"), (3, "amber"), (5, "amber"), (6, "red"),
                                               (8, "red")])
def test_score_light(total, light):
    assert score_light(total) == light


@pytest.mark.parametrize(("share", "light"), [(0.0, "green"), (0.1, "green"), (0.11, "amber"), (0.5, "amber"),
                                               (0.51, "red"), (float("nan"), "green")])
def test_gap_light(share, light):
    assert gap_light(share) == light


def test_worst_light():
    assert worst([None, "green", "amber", "green"]) == "amber"
    assert worst(["red", "amber"]) == "red"
    assert worst([None, None]) is None


def _diag(starts, ends, ongoing, last="2021-06-30"):
    ts = pd.to_datetime
    eps = pd.DataFrame({"start": ts(starts), "end": ts(ends), "ongoing": ongoing})
    psy = SimpleNamespace(episodes=eps, bsadf=pd.Series([0.0], index=[ts(last)]))
    s = pd.Series([1.0, 2.0], index=ts(["2020-01-01", last]))
    return MarketDiagnostics(SeriesInfo("X", s, "local", "test", last, "2020-01-01"), psy=psy)


def test_psy_status_now_and_at_the_peak():
    # only booms count as bubble evidence (issue 16); an episode table without ``kind`` is read as booms
    assert psy_status(_diag(["2021-01-29"], [None], [True])) == ("boom episode since 2021-01-29", "red")
    assert psy_status(_diag(["2020-03-31"], ["2020-06-30"], [False])) == (
        "no boom episode now (last ended 2020-06-30)", "amber")
    assert psy_status(_diag([], [], [])) == ("no boom episode in the window", "green")
    text, light = psy_status(_diag(["2020-03-31"], ["2020-06-30"], [False]), "2020-05-15", past=True)
    assert light == "red" and "covering the 2020-05-15 peak" in text
    text, light = psy_status(_diag(["2020-03-31"], ["2020-06-30"], [False]), "2021-05-15", past=True)
    assert light == "amber" and "none covering" in text
    assert psy_status(MarketDiagnostics(_diag([], [], []).info)) == ("PSY not run", None)
    fall = _diag(["2021-03-31"], [None], [True])
    fall.psy.episodes["kind"] = ["collapse"]
    text, light = psy_status(fall)
    assert light == "amber" and text.startswith("collapse since 2021-03-31")


def test_verdict_cards_from_the_packaged_economics_and_stress():
    from bubblescope.economics import load_scenario, run_scenario
    from bubblescope.framework.compare import compare_episodes
    from bubblescope.framework.score import score_episode
    from bubblescope.stress import load_network, load_shock_scenario, run_stress

    base = load_evidence()
    capex = run_scenario(load_scenario("base"))
    runs = tuple(run_stress(load_network("ai-2023"), load_shock_scenario(n)) for n in ("ai-bust", "gpu-value-halves"))
    v = verdict(base.episode("ai-2023"), score_episode("ai-2023", base), compare_episodes(None, base),
                Analysis(capex=capex, stress=runs))
    d = v.to_dict()
    assert list(d) == ["four_factor", "bubble_tests", "revenue_gap", "stress", "data"]
    assert d["revenue_gap"]["gap"] == capex.revenue_gap and d["revenue_gap"]["method"] == capex.scenario.headline
    assert v.revenue_gap is not None and v.revenue_gap.light == gap_light(capex.revenue_gap / capex.required_revenue)
    top = max(runs, key=lambda r: r.totals["total_loss"])
    assert d["stress"]["scenario"] == top.scenario_title and d["stress"]["total_loss"] == top.totals["total_loss"]
    assert d["four_factor"]["light_rule"].startswith("0-2 green") and v.score.of == len(base.episodes)


# ------------------------------------------------------------------------------------ lazy CLI modules

#: What `bubblescope report|dashboard` may import when the CLI starts (the rest inside the commands).
_CLI_LIGHT = ("typer", "rich", "bubblescope.cli._common", "bubblescope.cli.foundation", "bubblescope.errors")


@pytest.mark.parametrize("name", ["report", "dashboard"])
def test_cli_module_imports_only_light_modules_at_module_level(name):
    import sys

    tree = ast.parse((SRC / "cli" / f"{name}.py").read_text(encoding="utf-8"))
    top: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            top += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.append(node.module)
    heavy = [m for m in top if m != "__future__" and m.split(".")[0] not in sys.stdlib_module_names
             and not m.startswith(_CLI_LIGHT)]
    assert not heavy, f"cli/{name}.py imports {heavy} at module level"
