"""Per-node and per-edge tables of a stress run (split from :mod:`bubblescope.stress.run`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bubblescope.stress.macro import default_probability_from_spread
from bubblescope.stress.network import Network


def node_frame(network: Network, setup: Any, direct: np.ndarray, loss: np.ndarray, default: np.ndarray,
                rounds: np.ndarray) -> pd.DataFrame:
    E, known = setup.equity, setup.known
    return pd.DataFrame(
        {
            "name": [nd.name for nd in network.nodes],
            "type": [nd.type for nd in network.nodes],
            "equity": E,
            "direct_loss": direct,
            "loss": loss,
            "loss_to_equity": np.where(known & (E > 0), loss / np.where(E > 0, E, 1.0), np.nan),
            "default": default,
            "default_round": rounds,
            "implied_pd_1y": [
                np.nan if nd.credit_spread_bp is None else default_probability_from_spread(nd.credit_spread_bp)
                for nd in network.nodes
            ],
            "source": [nd.source.cite() for nd in network.nodes],
        },
        index=pd.Index(setup.ids, name="node"),
    )


def edge_frame(network: Network, setup: Any, edge_loss: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([
        {
            "id": e.id, "type": e.type, "obligor": e.obligor, "holder": e.holder, "amount": e.amount,
            "contingent": e.is_contingent, "in_scenario": e in setup.edges, "loss": edge_loss[e.id], "as_of": e.as_of,
            "source": e.source.cite(), "url": e.source.url, "evidence": ", ".join(e.evidence),
        }
        for e in network.edges
    ])
