"""Residual serial-correlation check for PSY: does the chosen ADF lag leave autocorrelation?

Too few lags on a smooth, serially correlated series (house prices, monthly Δlog autocorrelation ≈
0.7) make the ADF statistic drift upward and date spurious explosive episodes. The check fits the
ADF regression ``Δy_t = a + b·y_{t-1} + Σ_{j≤p} c_j Δy_{t-j} + e_t`` with the run's lag on two samples
— the full sample and the sample from the first observation to the GSADF date — and applies the
Ljung–Box test to the residuals (``h = min(12, n // 5)`` autocorrelations, ``h - p`` degrees of
freedom, at least 1). A p-value below 0.05 produces a warning in the result, the CLI and the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: p-value below which a warning is raised
LJUNG_BOX_SIZE = 0.05


@dataclass(frozen=True)
class LjungBox:
    sample: str
    lag: int
    n: int
    h: int
    q: float
    pvalue: float

    @property
    def rejects(self) -> bool:
        return self.pvalue < LJUNG_BOX_SIZE

    def to_dict(self) -> dict[str, object]:
        return {"sample": self.sample, "lag": self.lag, "n": self.n, "h": self.h, "q": self.q, "pvalue": self.pvalue}


def adf_residuals(x: np.ndarray, p: int) -> np.ndarray:
    """OLS residuals of the ADF regression with ``p`` lagged differences on the level series ``x``."""
    dx = np.diff(x)
    y = dx[p:]
    cols = [np.ones_like(y), x[p:-1]] + [dx[p - j: dx.size - j] for j in range(1, p + 1)]
    X = np.column_stack(cols)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return y - X @ beta


def ljung_box(resid: np.ndarray, p: int, sample: str) -> LjungBox | None:
    """Ljung–Box Q on ``resid`` (None when too few residuals for one autocorrelation)."""
    from scipy.stats import chi2

    e = resid - resid.mean()
    n = e.size
    h = min(12, n // 5)
    denom = float(e @ e)
    if h < 1 or denom <= 0:
        return None
    r = np.array([float(e[k:] @ e[:-k]) / denom for k in range(1, h + 1)])
    q = float(n * (n + 2) * np.sum(r * r / (n - np.arange(1, h + 1))))
    df = max(1, h - p)
    pv = float(chi2.sf(q, df))
    return LjungBox(sample, p, n, h, q, pv if math.isfinite(pv) else 0.0)


def serial_correlation(x: np.ndarray, lag_full: int, peak: int, lag_peak: int,
                       sample_names: tuple[str, str], by_ic: bool = False) -> tuple[list[LjungBox], list[str]]:
    """Ljung–Box on the full sample and on observations ``0..peak``; the warnings (whole sentences)."""
    out: list[LjungBox] = []
    for sample, stop, p in ((sample_names[0], x.size, lag_full), (sample_names[1], peak + 1, lag_peak)):
        if stop - 1 - p < p + 8:  # too short for a meaningful check
            continue
        lb = ljung_box(adf_residuals(x[:stop], p), p, sample)
        if lb is not None:
            out.append(lb)
    if by_ic:
        advice = ("the information criterion chose too few lags: allow more (max_lag, CLI --max-lag; 12 or more"
                  " for seasonal monthly data) or use seasonally adjusted data.")
    else:
        advice = "a fixed lag may be too short: let BIC choose it (drop lag, CLI --lag) or use a larger lag."
    warn = [f"Residuals of the ADF regression with lag {lb.lag} on {lb.sample} are serially correlated"
            f" (Ljung-Box Q = {lb.q:.1f} on {lb.h} autocorrelations, p = {lb.pvalue:.3g}); explosive"
            f" episodes may be an artefact: {advice}"
            for lb in out if lb.rejects]
    return out, warn
