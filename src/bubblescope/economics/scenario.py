"""The scenario API in one import: inputs, the assessment and its sensitivity.

Since 0.2.0 the code lives in :mod:`~bubblescope.economics.inputs` (input specs, :class:`Input`,
:class:`Scenario`), :mod:`~bubblescope.economics.assessment` (:func:`run_scenario`,
:class:`CapexAssessment`) and :mod:`~bubblescope.economics.sensitivity_analysis` (:func:`sensitivity`,
:func:`tornado`); this module keeps the names importable from ``bubblescope.economics.scenario``.
"""

from __future__ import annotations

from bubblescope.economics.assessment import METRIC_UNITS, CapexAssessment, run_scenario
from bubblescope.economics.inputs import (
    CAPEX_YEARS,
    FINANCING_SOURCES,
    HEADLINE_METHODS,
    INPUT_SPECS,
    Input,
    InputSpec,
    Scenario,
    check_value,
    unknown_input_message,
)
from bubblescope.economics.sensitivity_analysis import Sensitivity, Tornado, sensitivity, tornado

__all__ = [
    "CAPEX_YEARS",
    "FINANCING_SOURCES",
    "HEADLINE_METHODS",
    "INPUT_SPECS",
    "METRIC_UNITS",
    "CapexAssessment",
    "Input",
    "InputSpec",
    "Scenario",
    "Sensitivity",
    "Tornado",
    "check_value",
    "run_scenario",
    "sensitivity",
    "tornado",
    "unknown_input_message",
]
