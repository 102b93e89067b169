"""Macro transmission of a crash (household wealth effect) and credit-market default odds.

Units: money in USD bn unless the caller uses another unit consistently; shares and rates as
fractions (0.08 = 8 %); spreads in basis points unless ``unit="fraction"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

#: Chodorow-Reich, Nenov & Simsek (2021, AER 111(5)): consumption rises by about 3.2 cents per dollar of
#: stock-market wealth within a year; the range 0.02–0.05 covers the estimates in the literature.
DEFAULT_MPC = 0.032
MPC_RANGE = (0.02, 0.05)
#: The ISDA standard recovery rate for senior unsecured corporate CDS.
DEFAULT_RECOVERY = 0.40


def _positive(name: str, v: float, *, allow_zero: bool = False) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {v!r}") from None
    if not np.isfinite(f) or f < 0 or (f == 0 and not allow_zero):
        raise InputError(f"{name} must be {'≥' if allow_zero else '>'} 0, got {v!r}")
    return f


def _share(name: str, v: float, *, upper_inclusive: bool = True) -> float:
    f = _positive(name, v, allow_zero=True)
    if f > 1 or (f == 1 and not upper_inclusive):
        raise InputError(f"{name} is a fraction and must be {'≤' if upper_inclusive else '<'} 1, got {v!r}")
    return f


@dataclass(frozen=True)
class WealthEffect(Result):
    """Consumption and GDP impact of a fall in household stock wealth.

    All money in the unit of the inputs (USD bn by default). ``consumption_drop`` is the annual
    fall in consumer spending (the wealth effect spreads over about a year in Chodorow-Reich et al.);
    ``*_low`` / ``*_high`` use the ends of ``mpc_range``; ``spillover`` has one row per partner economy
    (first-round trade channel only) when export shares are given.
    """

    household_equity_wealth: float
    drawdown: float
    mpc: float
    mpc_range: tuple[float, float]
    wealth_loss: float
    consumption_drop: float
    consumption_drop_low: float
    consumption_drop_high: float
    gdp: float | None = None
    household_wealth: float | None = None
    spillover: pd.DataFrame | None = field(default=None, compare=False)

    @property
    def consumption_drop_share_of_gdp(self) -> float | None:
        return None if self.gdp is None else self.consumption_drop / self.gdp

    @property
    def wealth_loss_share_of_household_wealth(self) -> float | None:
        return None if self.household_wealth is None else self.wealth_loss / self.household_wealth

    def summary(self) -> str:
        lines = [
            f"Stock wealth {self.household_equity_wealth:,.0f} × drawdown {self.drawdown:.1%} "
            f"= wealth loss {self.wealth_loss:,.0f}",
            f"Consumption drop at MPC {self.mpc:.3f}: {self.consumption_drop:,.0f} "
            f"(range {self.consumption_drop_low:,.0f}–{self.consumption_drop_high:,.0f} "
            f"for MPC {self.mpc_range[0]:.3f}–{self.mpc_range[1]:.3f})",
        ]
        if self.gdp is not None:
            lo, hi = self.consumption_drop_low / self.gdp, self.consumption_drop_high / self.gdp
            lines.append(f"= {self.consumption_drop_share_of_gdp:.2%} of GDP (range {lo:.2%}–{hi:.2%})")
        if self.household_wealth is not None:
            lines.append(f"Wealth loss = {self.wealth_loss_share_of_household_wealth:.1%} of household wealth")
        if self.spillover is not None and len(self.spillover):
            top = self.spillover.sort_values("gdp_impact_share", ascending=False).iloc[0]
            lines.append(f"Largest trade spill-over: {top.name} ({top.gdp_impact_share:.2%} of its GDP)")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        rows = {
            "wealth_loss": self.wealth_loss,
            "consumption_drop": self.consumption_drop,
            "consumption_drop_low": self.consumption_drop_low,
            "consumption_drop_high": self.consumption_drop_high,
            "consumption_drop_share_of_gdp": self.consumption_drop_share_of_gdp,
            "wealth_loss_share_of_household_wealth": self.wealth_loss_share_of_household_wealth,
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "inputs": {
                    "household_equity_wealth": self.household_equity_wealth,
                    "drawdown": self.drawdown,
                    "mpc": self.mpc,
                    "mpc_range": list(self.mpc_range),
                    "gdp": self.gdp,
                    "household_wealth": self.household_wealth,
                },
                "outputs": self.to_frame()["value"],
                "spillover": self.spillover,
            }
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure(
            go.Bar(
                x=["low MPC", "central", "high MPC"],
                y=[self.consumption_drop_low, self.consumption_drop, self.consumption_drop_high],
                text=[f"{v:,.0f}" for v in (self.consumption_drop_low, self.consumption_drop, self.consumption_drop_high)],
            )
        )
        fig.update_layout(title="Consumption drop from the stock-wealth effect", yaxis_title="USD bn per year")
        return fig


def wealth_effect(
    household_equity_wealth: float,
    drawdown: float,
    *,
    mpc: float = DEFAULT_MPC,
    mpc_range: tuple[float, float] = MPC_RANGE,
    gdp: float | None = None,
    household_wealth: float | None = None,
    import_content: float | None = None,
    partners: Mapping[str, tuple[float, float]] | None = None,
) -> WealthEffect:
    """Household stock wealth × drawdown × marginal propensity to consume out of stock wealth.

    Parameters
    ----------
    household_equity_wealth : households' stock holdings (e.g. 42 000 USD bn, The Economist 2025).
    drawdown : the fall in stock prices as a fraction (0.37 = −37 %).
    mpc : dollars of annual consumption per dollar of stock wealth (default 0.032, Chodorow-Reich,
        Nenov & Simsek 2021); ``mpc_range`` gives the low/high case (default 0.02–0.05).
    gdp : nominal GDP (same unit), to express the drop as a share of GDP.
    household_wealth : total household net worth, to express the wealth loss as a share.
    import_content, partners : optional first-round trade spill-over. ``import_content`` is the share
        of the consumption drop that falls on imports; ``partners`` maps an economy to
        ``(share of the country's imports it supplies, its GDP)``; its GDP impact is
        consumption_drop × import_content × share / its GDP. Second-round effects are ignored.
    """
    w = _positive("household_equity_wealth", household_equity_wealth)
    d = _share("drawdown", drawdown)
    m = _share("mpc", mpc)
    lo, hi = (_share("mpc_range low", mpc_range[0]), _share("mpc_range high", mpc_range[1]))
    if lo > hi:
        raise InputError(f"mpc_range must be (low, high), got {mpc_range!r}")
    g = None if gdp is None else _positive("gdp", gdp)
    hw = None if household_wealth is None else _positive("household_wealth", household_wealth)
    if hw is not None and hw < w:
        raise InputError(f"household_wealth ({hw:g}) is smaller than household_equity_wealth ({w:g})")
    loss = w * d
    drop = loss * m
    spill = None
    if partners:
        if import_content is None:
            raise InputError("partners given without import_content (the import share of the consumption drop)")
        ic = _share("import_content", import_content)
        rows = []
        for name, pair in partners.items():
            try:
                share, pgdp = pair
            except (TypeError, ValueError):
                raise InputError(f"partner {name!r} must be (import share, GDP)") from None
            share = _share(f"partner {name!r} import share", share)
            pgdp = _positive(f"partner {name!r} GDP", pgdp)
            lost = drop * ic * share
            rows.append({"economy": name, "import_share": share, "gdp": pgdp, "export_loss": lost,
                         "gdp_impact_share": lost / pgdp})
        spill = pd.DataFrame(rows).set_index("economy")
    elif import_content is not None:
        raise InputError("import_content given without partners")
    return WealthEffect(
        household_equity_wealth=w, drawdown=d, mpc=m, mpc_range=(lo, hi), wealth_loss=loss,
        consumption_drop=drop, consumption_drop_low=loss * lo, consumption_drop_high=loss * hi,
        gdp=g, household_wealth=hw, spillover=spill,
    )


def hazard_rate_from_spread(spread: Any, recovery: float = DEFAULT_RECOVERY, *, unit: str = "bp") -> Any:
    """Risk-neutral default intensity λ ≈ s / (1 − R) (the "credit triangle").

    ``spread`` is a CDS premium or a bond's spread over the risk-free rate, in basis points
    (``unit="bp"``) or as a fraction (``unit="fraction"``); scalar, array or Series; ≥ 0.
    ``recovery`` R is the expected recovery per dollar of face value in [0, 1).
    """
    if unit not in ("bp", "fraction"):
        raise InputError(f"unit must be 'bp' or 'fraction', got {unit!r}")
    r = _share("recovery", recovery, upper_inclusive=False)
    s = spread.astype(float) if isinstance(spread, pd.Series) else np.asarray(spread, dtype=float)
    if np.any(~np.isfinite(np.asarray(s))):
        raise InputError("spread contains NaN or infinite values")
    if np.any(np.asarray(s) < 0):
        raise InputError("spread must be ≥ 0")
    if unit == "bp":
        s = s / 10_000.0
    lam = s / (1.0 - r)
    return float(lam) if np.ndim(lam) == 0 and not isinstance(lam, pd.Series) else lam


def default_probability_from_spread(
    spread: Any, recovery: float = DEFAULT_RECOVERY, horizon: float = 1.0, *, unit: str = "bp"
) -> Any:
    """Probability of default within ``horizon`` years implied by a spread: 1 − exp(−λ·T), λ = s/(1 − R).

    Constant-hazard approximation (Hull, *Options, Futures and Other Derivatives*, ch. on credit risk);
    it is a risk-neutral probability (includes the credit risk premium), so it overstates real-world
    default odds. Spreads in basis points by default. Returns a float for a scalar input.
    """
    t = _positive("horizon", horizon)
    lam = hazard_rate_from_spread(spread, recovery, unit=unit)
    return 1.0 - np.exp(-lam * t) if not isinstance(lam, float) else float(1.0 - np.exp(-lam * t))
