"""numba recursions of the bubble simulators (detect/simulate.py); the random draws stay in numpy."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def psy_path(eps: np.ndarray, inside: np.ndarray, back: np.ndarray, delta: float, y0: float) -> np.ndarray:
    """``back[t] ≥ 0``: collapse to ``y[back[t]]`` (+ shock); ``inside[t]``: ``δ·y[t-1]``; else a random walk."""
    T = eps.shape[0]
    y = np.empty(T)
    y[0] = y0
    for t in range(1, T):
        if back[t] >= 0:
            y[t] = y[back[t]] + eps[t]
        elif inside[t]:
            y[t] = delta * y[t - 1] + eps[t]
        else:
            y[t] = y[t - 1] + eps[t]
    return y


@njit(cache=True, nogil=True)
def blanchard_path(survive: np.ndarray, shock: np.ndarray, pi: float, r: float, b0: float) -> np.ndarray:
    T = shock.shape[0]
    b = np.empty(T)
    b[0] = b0
    g = (1.0 + r) / pi
    for t in range(1, T):
        b[t] = (g * b[t - 1] if survive[t] else 0.0) + shock[t]
    return b


@njit(cache=True, nogil=True)
def evans_path(u: np.ndarray, theta: np.ndarray, pi: float, r: float, alpha_b: float, delta_b: float
               ) -> np.ndarray:
    T = u.shape[0]
    b = np.empty(T)
    b[0] = delta_b
    for t in range(1, T):
        if b[t - 1] <= alpha_b:
            b[t] = (1.0 + r) * b[t - 1] * u[t]
        else:
            b[t] = (delta_b + (1.0 + r) / pi * theta[t] * (b[t - 1] - delta_b / (1.0 + r))) * u[t]
    return b
