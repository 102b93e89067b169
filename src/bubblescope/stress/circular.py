"""Recycling (circular financing): vendor equity flowing to AI labs ÷ outside equity reaching them.

Vendors are the nodes that sell the labs compute or chips (types ``hyperscaler``, ``cloud``,
``neocloud``, ``chipmaker``); labs are ``ai_lab`` nodes. The ratio counts equity stakes and
commitments held by vendors in labs against stakes held by everyone else, in the network's unit:
``funded`` (stakes only) and ``with_commitments`` (plus contingent commitments: letters of intent,
"up to" investments). Above 1, the labs' suppliers finance them more than outside investors do.
Pure: a :class:`~bubblescope.stress.network.Network` in, a :class:`CircularFinancing` out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal
from bubblescope.stress.network import Network

VENDOR_TYPES: frozenset[str] = frozenset({"hyperscaler", "cloud", "neocloud", "chipmaker"})
LAB_TYPES: frozenset[str] = frozenset({"ai_lab"})
RULE = "bubble = vendor-funded equity / outside equity in the AI labs, capped at 1 (1 = vendors fund as much as outsiders)"


@dataclass(frozen=True)
class CircularFinancing(Result):
    vendor_funded: float
    vendor_committed: float
    outside: float
    edges: pd.DataFrame
    network_id: str
    as_of: str
    unit: str

    @property
    def funded_ratio(self) -> float:
        return self.vendor_funded / self.outside if self.outside > 0 else float("inf")

    @property
    def with_commitments_ratio(self) -> float:
        return (self.vendor_funded + self.vendor_committed) / self.outside if self.outside > 0 else float("inf")

    def summary(self) -> str:
        return (f"Vendor equity in AI labs / outside equity: {self.funded_ratio:.2f} funded "
                f"({self.vendor_funded:,.1f} vs {self.outside:,.1f} {self.unit}), {self.with_commitments_ratio:.2f} "
                f"with the unfunded commitments ({self.vendor_committed:,.1f})")

    def to_frame(self) -> pd.DataFrame:
        return self.edges.copy()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"funded_ratio": self.funded_ratio, "with_commitments_ratio": self.with_commitments_ratio,
                            "vendor_funded": self.vendor_funded, "vendor_committed": self.vendor_committed,
                            "outside": self.outside, "unit": self.unit, "network": self.network_id,
                            "as_of": self.as_of, "rule": RULE, "edges": self.edges})

    def to_signals(self) -> list[Signal]:
        r = self.funded_ratio
        as_of = self.as_of + "-01" if len(self.as_of) == 7 else self.as_of
        return [Signal(family="stress", name="stress:circular_financing",
                       label="Circular financing: vendor equity in AI labs / outside equity",
                       reading=self.summary(), value=r, unit="x", bubble=min(1.0, r), rule=RULE, as_of=as_of,
                       source=f"exposure network {self.network_id}")]


def circular_financing(network: Network) -> CircularFinancing:
    """The recycling ratio of ``network`` (edges with unknown amounts are listed, not counted)."""
    types = {n.id: n.type for n in network.nodes}
    rows = []
    for e in network.edges:
        if types[e.obligor] not in LAB_TYPES or e.type not in ("equity_stake", "contingent_commitment"):
            continue
        vendor = types[e.holder] in VENDOR_TYPES
        rows.append({"id": e.id, "lab": e.obligor, "holder": e.holder, "vendor": vendor, "amount": e.amount,
                     "contingent": e.is_contingent, "source": e.source.cite()})
    f = pd.DataFrame(rows, columns=["id", "lab", "holder", "vendor", "amount", "contingent", "source"])
    if f.empty:
        raise InputError(f"network {network.id!r} has no equity links into AI labs (type ai_lab)")
    amt = f["amount"].fillna(0.0)
    funded = float(amt[f["vendor"] & ~f["contingent"]].sum())
    committed = float(amt[f["vendor"] & f["contingent"]].sum())
    outside = float(amt[~f["vendor"] & ~f["contingent"]].sum())
    return CircularFinancing(funded, committed, outside, f, network.id, str(network.as_of), network.unit)
