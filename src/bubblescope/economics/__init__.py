"""AI investment economics: revenue needed to justify capex, chip depreciation and value decay,
financing gap and power constraint, as scenarios with sources (see docs/economics.md).

Pure functions (pandas/numpy in, result objects out); YAML scenarios load through
:func:`load_scenario`. Money in USD bn unless stated; shares, margins and rates as fractions in the
function API and in % in scenarios.
"""

from __future__ import annotations

from bubblescope.economics.assessment import CapexAssessment, run_scenario
from bubblescope.economics.charts import capex_figure
from bubblescope.economics.chips import ChipDecay, chip_value_decay
from bubblescope.economics.depreciation import (
    CompanyDepreciation,
    DepreciationGap,
    depreciation_gap,
    depreciation_gap_by_company,
    depreciation_schedule,
)
from bubblescope.economics.financing import FinancingGap, financing_gap
from bubblescope.economics.inputs import INPUT_SPECS, Input, Scenario
from bubblescope.economics.loader import (
    disclosed_life_changes,
    load_scenario,
    packaged_scenarios,
    parse_assignments,
    parse_grid,
)
from bubblescope.economics.power import PowerConstraint, PowerPath, power_constraint, power_path
from bubblescope.economics.revenue import (
    RequiredRevenue,
    RoicImplied,
    bain_required_revenue,
    capital_recovery_factor,
    roic_implied,
    roic_required_revenue,
    sequoia_required_revenue,
)
from bubblescope.economics.revenue_path import RevenuePath, required_revenue_path
from bubblescope.economics.sensitivity_analysis import Sensitivity, Tornado, sensitivity, tornado

__all__ = [
    "INPUT_SPECS",
    "CapexAssessment",
    "ChipDecay",
    "CompanyDepreciation",
    "DepreciationGap",
    "FinancingGap",
    "Input",
    "PowerConstraint",
    "PowerPath",
    "RequiredRevenue",
    "RevenuePath",
    "RoicImplied",
    "Scenario",
    "Sensitivity",
    "Tornado",
    "bain_required_revenue",
    "capex_figure",
    "capital_recovery_factor",
    "chip_value_decay",
    "depreciation_gap",
    "depreciation_gap_by_company",
    "depreciation_schedule",
    "disclosed_life_changes",
    "financing_gap",
    "load_scenario",
    "packaged_scenarios",
    "parse_assignments",
    "parse_grid",
    "power_constraint",
    "power_path",
    "required_revenue_path",
    "roic_implied",
    "roic_required_revenue",
    "run_scenario",
    "sensitivity",
    "sequoia_required_revenue",
    "tornado",
]
