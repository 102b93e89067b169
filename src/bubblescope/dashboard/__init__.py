"""The what-if dashboard: a pure model (:func:`compute_whatif`) and a Streamlit app on 127.0.0.1.

Public API::

    data = load_dashboard_data(data_dir=None)       # packaged evidence and scenarios (+ your YAML files)
    a = default_assumptions(data, "base", "ai-bust") # the scenarios' values
    res = compute_whatif(data, a.replace(chip_life_economic=2, mpc=0.05))
    res.metrics["revenue_gap"]; res.summary(); res.to_frame(); res.to_dict(); res.plot()
    assumption_sources(data, a)                      # every default with its source
    all_figures(res)                                 # the dashboard's plotly charts

Modules, each importing only the ones before it: ``assumptions`` (what the user moves, defaults and
their sources), ``data`` (loads a ``DashboardData``), ``model`` (``compute_whatif``), ``charts``
(figures of a ``WhatIfResult``), ``app`` (the Streamlit page), ``launch`` (the server).

``bubblescope dashboard`` starts the app (see docs/dashboard.md).
"""

from __future__ import annotations

from bubblescope.dashboard.assumptions import (
    Assumptions,
    DashboardData,
    assumption_sources,
    default_assumptions,
    whatif_shock_scenario,
)
from bubblescope.dashboard.charts import all_figures
from bubblescope.dashboard.data import load_dashboard_data
from bubblescope.dashboard.model import METRIC_UNITS, WhatIfResult, compute_whatif

__all__ = [
    "METRIC_UNITS",
    "Assumptions",
    "DashboardData",
    "WhatIfResult",
    "all_figures",
    "assumption_sources",
    "compute_whatif",
    "default_assumptions",
    "load_dashboard_data",
    "whatif_shock_scenario",
]
