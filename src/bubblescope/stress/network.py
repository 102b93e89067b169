"""Exposure networks as data: a pydantic schema, a YAML loader with one-line errors, and matrices.

A network file has ``nodes`` (with equity and liquid assets, each node sourced) and ``edges``
(typed obligations and stakes, each with amount, as-of date and source). Packaged networks live in
``bubblescope/stress/networks/<name>.yaml``; ``load_network`` takes such a name or a file path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import networkx as nx
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.schema import ID_PATTERN, PartialDate, Source
from bubblescope.evidence.yamlio import read_yaml_mapping
from bubblescope.fileio import check_size

#: Edge types (docs/stress.md, "What an edge is"):
#: ``funded_claim`` money already lent or paid (loans, bonds, drawn credit): the holder loses the unpaid
#: share × loss given default; ``contracted_revenue`` future sales under a signed contract (compute
#: deals, leases to the lessor): the supplier loses the lost *profit*, margin × lost revenue,
#: discounted over the contract's years; ``contingent_commitment`` a letter of intent or an "up to"
#: investment not yet funded: it lapses (no loss) unless the scenario says ``include_contingent``;
#: ``guarantee`` the obligor (guarantor) pays the holder what the ``covers`` node fails to pay;
#: ``equity_stake`` shares the holder owns in the obligor.
EdgeType = Literal["funded_claim", "contracted_revenue", "contingent_commitment", "guarantee", "equity_stake"]
EDGE_TYPES: tuple[str, ...] = ("funded_claim", "contracted_revenue", "contingent_commitment", "guarantee",
                               "equity_stake")
#: Edge types that are obligations to pay now (cleared by Eisenberg–Noe): only funded claims.
DEBT_LIKE: frozenset[str] = frozenset({"funded_claim"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Node(_Strict):
    """An institution or an aggregate (households, bondholders). Money in the network's unit."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str = Field(min_length=1)
    type: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    equity: float | None = Field(default=None, description="Loss-absorbing capital; None = not published.")
    liquid_assets: float | None = Field(default=None, description="Cash and marketable securities; None = unknown.")
    gpu_assets: float | None = Field(default=None, description="Value of accelerators held (for GPU write-downs).")
    gpu_assets_note: str = Field(default="", description="How gpu_assets was estimated (filing, share, assumption).")
    credit_spread_bp: float | None = Field(
        default=None, description="CDS or bond spread (basis points) → implied default probability.")
    credit_spread_source: Source | None = None
    as_of: PartialDate
    source: Source
    evidence: list[str] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="after")
    def _spread_sourced(self) -> Node:
        if self.credit_spread_bp is not None and self.credit_spread_source is None:
            raise ValueError("credit_spread_bp needs a credit_spread_source")
        return self

    @field_validator("equity", "liquid_assets", "gpu_assets", "credit_spread_bp")
    @classmethod
    def _non_negative(cls, v: float | None) -> float | None:
        if v is not None and (not np.isfinite(v) or v < 0):
            raise ValueError("must be a non-negative number")
        return v


class Edge(_Strict):
    """``obligor`` owes ``holder`` (or issued the equity ``holder`` owns) ``amount`` in the network's unit."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    type: EdgeType
    obligor: str
    holder: str
    amount: float | None = Field(description="None = the link is public, its size is not (carries no loss).")
    contingent: bool = Field(default=False, description="Not yet funded (always true for contingent_commitment).")
    margin: float | None = Field(default=None, ge=0.0, le=1.0,
                                 description="contracted_revenue: the supplier's profit margin on the contract.")
    margin_source: str = ""
    years: float | None = Field(default=None, gt=0.0, description="contracted_revenue: years the contract runs.")
    covers: str | None = Field(default=None, description="guarantee: the node whose failure to pay triggers it.")
    as_of: PartialDate
    source: Source
    evidence: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("amount")
    @classmethod
    def _amount(cls, v: float | None) -> float | None:
        if v is not None and (not np.isfinite(v) or v < 0):
            raise ValueError(f"must be ≥ 0 (got {v})")
        return v

    @model_validator(mode="after")
    def _not_self(self) -> Edge:
        if self.obligor == self.holder:
            raise ValueError(f"obligor and holder are the same node {self.obligor!r}")
        if self.type == "guarantee" and self.covers is None:
            raise ValueError("a guarantee needs 'covers': the node whose failure to pay triggers it")
        if self.margin is not None and not self.margin_source:
            raise ValueError("margin needs a margin_source")
        if (self.margin is not None or self.years is not None) and self.type != "contracted_revenue":
            raise ValueError("margin and years apply only to contracted_revenue edges")
        return self

    @property
    def is_contingent(self) -> bool:
        return self.contingent or self.type == "contingent_commitment"


class Network(_Strict):
    """A validated exposure network."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str = ""
    unit: str = "USD bn"
    as_of: PartialDate
    gdp: float | None = Field(default=None, gt=0, description="Nominal GDP of the households' economy, same unit.")
    gdp_source: Source | None = None
    nodes: list[Node] = Field(min_length=1)
    edges: list[Edge] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Network:
        if self.gdp is not None and self.gdp_source is None:
            raise ValueError("gdp needs a gdp_source")
        seen: set[str] = set()
        for n in self.nodes:
            if n.id in seen:
                raise ValueError(f"node id {n.id!r} is used twice")
            seen.add(n.id)
        eids: set[str] = set()
        for e in self.edges:
            if e.id in eids:
                raise ValueError(f"edge id {e.id!r} is used twice")
            eids.add(e.id)
            for role in ("obligor", "holder", "covers"):
                ref = getattr(e, role)
                if ref is not None and ref not in seen:
                    raise ValueError(f"edge {e.id!r}: {role} {ref!r} is not a node")
        return self

    # --- convenience -------------------------------------------------------------------------
    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise InputError(f"unknown node {node_id!r} in network {self.id!r} (known: {', '.join(self.node_ids)})")

    def active_edges(self, include_contingent: bool = False) -> list[Edge]:
        """Edges that carry a loss: with a known amount, and funded unless ``include_contingent``."""
        return [e for e in self.edges if e.amount is not None and (include_contingent or not e.is_contingent)]

    def graph(self) -> nx.MultiDiGraph:
        """A networkx multigraph: node attributes from :class:`Node`, one edge obligor → holder per link."""
        g = nx.MultiDiGraph()
        for n in self.nodes:
            g.add_node(n.id, **n.model_dump(exclude={"id", "source"}), source=n.source.cite())
        for e in self.edges:
            g.add_edge(e.obligor, e.holder, key=e.id, **e.model_dump(exclude={"id", "source"}), source=e.source.cite())
        return g

    def matrices(
        self, include_contingent: bool = False, loss_share: dict[str, float] | None = None,
        weight: Callable[[Edge], float] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(liabilities, exposures), both (n, n) in node order.

        ``liabilities[i, j]``: funded claims node i owes node j (for Eisenberg–Noe).
        ``exposures[i, j]``: what i stands to lose on j — every edge type — times ``weight(edge)``
        (default ``loss_share[type]``, else 1: the holder loses the whole amount if the obligor fails),
        for DebtRank.
        """
        idx = {nid: k for k, nid in enumerate(self.node_ids)}
        n = len(idx)
        L = np.zeros((n, n))
        A = np.zeros((n, n))
        share = loss_share or {}
        for e in self.active_edges(include_contingent):
            i, j = idx[e.obligor], idx[e.holder]
            assert e.amount is not None
            if e.type in DEBT_LIKE:
                L[i, j] += e.amount
            A[j, i] += e.amount * (weight(e) if weight is not None else share.get(e.type, 1.0))
        return L, A

    def evidence_ids(self) -> set[str]:
        ids = {rid for node in self.nodes for rid in node.evidence}
        return ids.union(*(edge.evidence for edge in self.edges))

    def check_equity_cycles(self, include_contingent: bool = False) -> None:
        """Refuse cycles of obligations in which no node has equity or liquid assets (no loss absorber)."""
        L, _ = self.matrices(include_contingent)
        g = nx.DiGraph()
        g.add_nodes_from(range(len(self.nodes)))
        g.add_edges_from((int(i), int(j)) for i, j in zip(*np.nonzero(L > 0), strict=True))
        for comp in nx.strongly_connected_components(g):
            if len(comp) < 2:
                continue
            members = [self.nodes[k] for k in sorted(comp)]
            if all(not (m.equity or 0) and not (m.liquid_assets or 0) for m in members):
                names = " → ".join(m.id for m in members)
                raise InputError(f"network {self.id!r}: cycle {names} has no equity or liquid assets at any node")


def _format_error(name: str, data: Any, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err.get("loc", ()))
    where = name
    if len(loc) >= 2 and loc[0] in ("nodes", "edges", "shocks") and isinstance(loc[1], int):
        items = data.get(loc[0]) or []
        item = items[loc[1]] if loc[1] < len(items) else None
        iid = item.get("id") if isinstance(item, dict) else None
        where += f": {loc[0]}[{loc[1]}]" + (f" (id={iid})" if iid else "")
        loc = loc[2:]
        if loc and loc[0] in ("payment_shortfall", "asset_writedown", "equity_drawdown"):
            loc = loc[1:]  # the discriminator tag of a shock adds nothing for the reader
    field = ".".join(str(p) for p in loc) or "(record)"
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if err.get("type") == "missing":
        msg = "missing required field"
    elif err.get("type") == "extra_forbidden":
        msg = "unknown field"
    return f"{where}: {msg}" if field == "(record)" else f"{where}: {field}: {msg}"


def _read_yaml(text: str, name: str, kind: str) -> dict:
    return read_yaml_mapping(text, name, f"a mapping ({kind})")


def parse_network(text: str, name: str = "<network>") -> Network:
    """Validate a network YAML document; errors name the file, the node or edge, and the field."""
    data = _read_yaml(text, name, "id, nodes, edges")
    try:
        net = Network.model_validate(data)
    except ValidationError as exc:
        raise EvidenceError(_format_error(name, data, exc)) from None
    try:
        net.check_equity_cycles()
    except InputError as exc:
        raise EvidenceError(f"{name}: {exc}") from None
    return net


def _packaged(folder: str) -> dict[str, Any]:
    root = resources.files("bubblescope.stress") / folder
    return {e.name.rsplit(".", 1)[0]: e for e in root.iterdir() if e.name.endswith((".yaml", ".yml"))}


def _read_text(name_or_path: str | Path, folder: str, what: str) -> tuple[str, str]:
    packaged = _packaged(folder)
    key = str(name_or_path)
    if key in packaged:
        return packaged[key].read_text(encoding="utf-8"), f"{key}.yaml"
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(sorted(packaged))
        raise InputError(f"unknown {what} {key!r}: not a packaged {what} ({known}) nor an existing file")
    check_size(path, what=f"{what} file")  # /dev/zero or a huge file: refused before reading
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8"), str(path)
    except UnicodeDecodeError:
        raise EvidenceError(f"{path}: not UTF-8 text") from None


def packaged_networks() -> list[str]:
    return sorted(_packaged("networks"))


def load_network(name_or_path: str | Path = "ai-2023") -> Network:
    """A packaged network by name (``"ai-2023"``) or a YAML file, validated."""
    text, name = _read_text(name_or_path, "networks", "network")
    return parse_network(text, name)


@dataclass(frozen=True)
class EvidenceCheck:
    """Which ``evidence:`` ids of a network resolve in an evidence base."""

    found: frozenset[str]
    missing: frozenset[str]


def check_evidence(network: Network, record_ids: Iterable[str]) -> EvidenceCheck:
    ids = network.evidence_ids()
    known = set(record_ids)
    return EvidenceCheck(found=frozenset(ids & known), missing=frozenset(ids - known))
