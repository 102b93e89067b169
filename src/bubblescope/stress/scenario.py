"""Shock scenarios as YAML: what hits the network first.

Three kinds of shock (fractions, 0.3 = 30 %):

* ``payment_shortfall`` — a node pays only part of its obligations: ``pays`` directly, or
  ``revenue_shortfall`` × ``pass_through`` ("revenue 30 % below plan → pays 70 % of commitments"
  with pass-through 1). Its equity is written down by ``equity_loss`` (default 1: a company that
  cannot pay its commitments leaves nothing to shareholders).
* ``asset_writedown`` — nodes lose ``loss`` of an asset class they hold (``asset: gpu`` uses the
  nodes' ``gpu_assets``).
* ``equity_drawdown`` — the market value of the listed ``nodes`` falls by ``loss``; holders of
  equity stakes in them lose that share of the stake.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.schema import ID_PATTERN
from bubblescope.stress.network import EdgeType, Network, _format_error, _packaged, _read_text, _read_yaml

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PaymentShortfall(_Strict):
    type: Literal["payment_shortfall"]
    node: str
    pays: Fraction | None = None
    revenue_shortfall: Fraction | None = None
    pass_through: Fraction = 1.0
    equity_loss: Fraction = 1.0

    @model_validator(mode="after")
    def _one_of(self) -> PaymentShortfall:
        if (self.pays is None) == (self.revenue_shortfall is None):
            raise ValueError("give exactly one of 'pays' or 'revenue_shortfall'")
        return self

    @property
    def pays_share(self) -> float:
        """Share of its obligations the node pays."""
        if self.pays is not None:
            return self.pays
        assert self.revenue_shortfall is not None
        return 1.0 - self.revenue_shortfall * self.pass_through

    def describe(self) -> str:
        if self.revenue_shortfall is not None:
            return (f"{self.node}: revenue {self.revenue_shortfall:.0%} below plan → pays "
                    f"{self.pays_share:.0%} of commitments")
        return f"{self.node} pays {self.pays_share:.0%} of commitments"


class AssetWritedown(_Strict):
    type: Literal["asset_writedown"]
    asset: Literal["gpu"] = "gpu"
    loss: Fraction
    nodes: list[str] | None = Field(default=None, description="Default: every node holding the asset.")

    def describe(self) -> str:
        return f"{self.asset.upper()} value −{self.loss:.0%}"


class EquityDrawdown(_Strict):
    type: Literal["equity_drawdown"]
    nodes: list[str] = Field(min_length=1)
    loss: Fraction

    def describe(self) -> str:
        return f"equities of {', '.join(self.nodes)} −{self.loss:.0%}"


Shock = Annotated[PaymentShortfall | AssetWritedown | EquityDrawdown, Field(discriminator="type")]


class Scenario(_Strict):
    """A named set of shocks plus modelling choices."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str = Field(min_length=1)
    description: str = ""
    network: str = "ai-2023"
    shocks: list[Shock] = Field(min_length=1)
    include_contingent: bool = Field(
        default=False, description="Honour contingent commitments (treat them as stakes already paid in).")
    contract_margin: Fraction = Field(
        default=0.30, description="Supplier margin on contracted revenue where the edge gives none.")
    contract_margin_source: str = (
        "bubblescope assumption: a 30% operating margin on contracted cloud revenue where the edge gives none")
    contract_years: Annotated[float, Field(gt=0.0)] = 5.0
    discount_rate: Annotated[float, Field(ge=0.0, le=1.0)] = 0.10
    loss_given_default: dict[EdgeType, Fraction] = Field(
        default_factory=dict, description="Share of an unpaid amount the holder loses, per edge type (default 1)."
    )
    alpha: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0
    beta: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0

    def check_against(self, network: Network) -> None:
        """Every node a shock names must exist in the network."""
        known = set(network.node_ids)
        for k, s in enumerate(self.shocks):
            names = [s.node] if isinstance(s, PaymentShortfall) else list(s.nodes or [])
            for name in names:
                if name not in known:
                    raise InputError(f"scenario {self.id!r}: shocks[{k}] names unknown node {name!r} "
                                     f"(network {network.id!r})")


def parse_scenario(text: str, name: str = "<scenario>") -> Scenario:
    data = _read_yaml(text, name, "id, title, shocks")
    if not data.get("shocks"):
        raise EvidenceError(f"{name}: shocks: the scenario is empty (no shocks)")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        msg = _format_error(name, data, exc)
        raise EvidenceError(msg) from None


def packaged_scenarios() -> list[str]:
    return sorted(_packaged("scenarios"))


def load_shock_scenario(name_or_path: str | Path = "openai-shortfall") -> Scenario:
    """A packaged scenario by name (see :func:`packaged_scenarios`) or a YAML file, validated."""
    text, name = _read_text(name_or_path, "scenarios", "scenario")
    return parse_scenario(text, name)
