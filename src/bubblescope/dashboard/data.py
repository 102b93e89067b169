"""Load what the dashboard reads: the package's evidence and scenarios plus an optional data folder.

The dashboard never touches the network and reads nothing outside the package and ``data_dir``:
each file found there, and each scenario's ``extends:``, is checked by :func:`bubblescope.fileio.confine`
(no absolute path elsewhere, no ``..``, no symlink out).
A data folder may hold YAML files of three kinds (recognised by their top-level keys; others are
listed as ignored, with the reason, so a market-data folder such as ``../shared/data`` is harmless):

* evidence files (``episode:`` and/or ``evidence:``), as for ``--evidence``;
* capex scenarios (``inputs:``), as for ``bubblescope capex``;
* stress shock scenarios (``shocks:``) on the ``ai-2023`` network, as for ``bubblescope stress``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bubblescope.dashboard.assumptions import EPISODE, DashboardData
from bubblescope.economics import load_scenario, packaged_scenarios
from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.loader import EvidenceBase, load_evidence
from bubblescope.fileio import confine
from bubblescope.stress import load_network, load_shock_scenario
from bubblescope.stress import packaged_scenarios as packaged_shocks

NETWORK = "ai-2023"
GROWTH_RECORDS = ("ai-2023.openai-revenue-2025", "ai-2023.openai-revenue-at-breakeven",
                  "ai-2023.openai-cashflow-positive-high")


def check_data_dir(data_dir: str | Path | None) -> Path | None:
    """The data folder as a Path; InputError when it is missing or not a folder."""
    if data_dir is None or str(data_dir) == "":
        return None
    p = Path(data_dir).expanduser()
    if not p.exists():
        raise InputError(f"data folder {p} does not exist")
    if not p.is_dir():
        raise InputError(f"data folder {p} is not a folder")
    return p


def _classify(path: Path) -> str:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvidenceError(f"{path}: cannot read as YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        return "other"
    if "shocks" in data:
        return "shocks"
    if "inputs" in data:
        return "capex"
    if "evidence" in data or "episode" in data:
        return "evidence"
    return "other"


def growth_default(base: EvidenceBase) -> tuple[float, int, str]:
    """Default AI-revenue growth (% a year), the revenue as-of year and the source line.

    Derived from OpenAI's own plan as reported: revenue of about 13 USD bn in 2025 growing to
    200 USD bn by the (late) year its cash flow turns positive, 2030: (200 / 13)^(1/5) − 1.
    """
    start, end, year = (base.get(r) for r in GROWTH_RECORDS)
    s, e, y = start.numeric, end.numeric, year.numeric
    y0 = start.as_of_date.year
    if s is None or e is None or y is None or s <= 0 or e <= 0 or y <= y0:
        raise EvidenceError(f"evidence {', '.join(GROWTH_RECORDS)}: cannot derive a revenue growth rate")
    g = 100.0 * ((e / s) ** (1.0 / (y - y0)) - 1.0)
    src = (f"Derived from OpenAI's plan as reported: {s:g} USD bn in {y0} to {e:g} USD bn by {y:g} "
           f"({(e / s):.1f}x in {y - y0:g} years) [evidence {', '.join(GROWTH_RECORDS)}]")
    return g, y0, src


def load_dashboard_data(data_dir: str | Path | None = None) -> DashboardData:
    """Packaged evidence, capex scenarios, shock scenarios and the ``ai-2023`` network, plus the
    YAML files of ``data_dir`` (user files add to or replace packaged ones of the same name/id)."""
    folder = check_data_dir(data_dir)
    kinds: dict[str, list[Path]] = {"evidence": [], "capex": [], "shocks": [], "other": []}
    if folder is not None:
        for p in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            # every file read must lie under the data folder: a symlink out is refused (fileio.confine)
            kinds[_classify(confine(p.name, folder, what="data-folder file"))].append(p)
    ignored = [f"{p.name}: not an evidence, capex-scenario or stress-scenario file" for p in kinds["other"]]
    base = load_evidence(kinds["evidence"])
    base.episode(EPISODE)
    capex = {name: load_scenario(name, evidence=base) for name in packaged_scenarios()}
    for p in kinds["capex"]:
        sc = load_scenario(p, evidence=base, root=folder)
        capex[sc.name] = sc
    shocks = {name: load_shock_scenario(name) for name in packaged_shocks()}
    for p in kinds["shocks"]:
        sh = load_shock_scenario(p)
        shocks[sh.id] = sh
    network = load_network(NETWORK)
    usable = {}
    for k, sh in shocks.items():
        if sh.network != NETWORK:
            ignored.append(f"stress scenario {k}: runs on network {sh.network!r}, the dashboard uses {NETWORK!r}")
            continue
        sh.check_against(network)
        usable[k] = sh
    g, y0, src = growth_default(base)
    return DashboardData(base, capex, usable, network, (g, src), y0,
                         None if folder is None else str(folder), tuple(ignored))
