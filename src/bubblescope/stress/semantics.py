"""What a shock costs each holder, by edge type, and what "default" means (docs/stress.md).

* ``funded_claim`` — unpaid share × amount × loss given default (money already out of the door);
* ``contracted_revenue`` — the *profit* the supplier loses: unpaid share × amount × margin, the lost
  revenue spread evenly over the contract's years and discounted at the scenario's rate;
* ``contingent_commitment`` — lapses: the committed money was never paid, so nothing is lost (unless
  the scenario sets ``include_contingent``, which treats it as an equity stake already paid in);
* ``guarantee`` — the guarantor pays the holder what the ``covers`` node fails to pay, up to the amount;
* ``equity_stake`` — the holder loses the obligor's fall in equity value times the stake.
"""

from __future__ import annotations

from bubblescope.stress.network import Edge

#: What "default" means on the stress page (shown by the CLI and the report).
DEFAULT_MEANING = (
    "A node defaults when its losses in the scenario reach its equity (book capital), or, in "
    "Eisenberg-Noe clearing, when its liquid assets plus the payments it receives do not cover the "
    "funded claims it owes. Lost future profit on contracts is a loss of equity value, not a missed "
    "payment; unfunded commitments lapse and cost nothing."
)


def pv_factor(rate: float, years: float) -> float:
    """Present value of 1 a year for ``years`` years at ``rate``, divided by ``years`` (≤ 1): the value
    today of one unit of revenue spread evenly over the contract."""
    if years <= 0:
        return 1.0
    if rate == 0:
        return 1.0
    return (1.0 - (1.0 + rate) ** (-years)) / rate / years


def contract_weight(edge: Edge, default_margin: float, default_years: float, rate: float) -> float:
    """Profit lost per unit of contracted revenue lost: margin × pv_factor(rate, years)."""
    margin = edge.margin if edge.margin is not None else default_margin
    years = edge.years if edge.years is not None else default_years
    return margin * pv_factor(rate, years)


def edge_weight(edge: Edge, lgd: dict[str, float], default_margin: float, default_years: float,
                rate: float) -> float:
    """Money a holder loses per unit of the amount an obligor fails to honour (guarantees: 0 here, they
    are charged to the guarantor in the first round)."""
    if edge.type == "contracted_revenue":
        return contract_weight(edge, default_margin, default_years, rate) * lgd.get(edge.type, 1.0)
    if edge.type == "guarantee":
        return 0.0
    return lgd.get(edge.type, 1.0)
