"""docs/img/monitor.svg: real-time monitoring of one seeded PSY bubble (training 100, bubble 150–180)
and the first-alarm dates over 200 seeded paths — the acceptance DGP of tests/test_detect_monitor.py.

Run:  PYTHONPATH=src nice -n 10 python benchmarks/monitor_figure.py [--out docs/img/monitor.svg]

A plain SVG written by this script (no plotting dependency); every value comes from ``monitor``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from bubblescope.detect.monitor import monitor
from bubblescope.detect.simulate import simulate

W, H, PAD = 720, 260, 40


def _poly(xs: np.ndarray, ys: np.ndarray, x0: float, x1: float, y0: float, y1: float, left: float,
          width: float) -> str:
    px = left + (xs - x0) / (x1 - x0) * width
    py = PAD + (1 - (ys - y0) / (y1 - y0)) * (H - 2 * PAD)
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("docs/img/monitor.svg"))
    a = ap.parse_args()
    dgp = {"start": 150, "end": 180, "alpha": 0.5}
    sim = simulate("psy1", 200, n_paths=200, seed=22, **dgp)
    runs = [monitor(sim.series(i), train=100, log=False, bubble_start=150, seed=1000 + i) for i in range(200)]
    r = runs[0]
    obs = np.arange(100, 200)
    stat = r.bsadf.to_numpy()
    lo, hi = min(stat.min(), r.boundary) - 0.5, max(stat.max(), r.boundary) + 0.5
    first = np.array([x.first_alarm_obs for x in runs if x.first_alarm_obs is not None])
    counts = np.bincount(first - 100, minlength=100)[:100]
    half = W / 2 - PAD
    bars = []
    for k, c in enumerate(counts):
        if c:
            h = c / counts.max() * (H - 2 * PAD)
            bars.append(f'<rect x="{W / 2 + PAD / 2 + k * half / 100:.1f}" y="{H - PAD - h:.1f}" '
                        f'width="{half / 100:.1f}" height="{h:.1f}" fill="#3b5bdb"/>')
    xb = PAD + (150 - 100) / 100 * half
    xb2 = W / 2 + PAD / 2 + 50 * half / 100
    yb = PAD + (1 - (r.boundary - lo) / (hi - lo)) * (H - 2 * PAD)
    svg = f'''<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">
<rect width="{W}" height="{H}" fill="white"/>
<text x="{PAD}" y="20">Path 1: BSADF (blue) vs boundary {r.boundary:.2f} (red); bubble from 150 (orange line)</text>
<polyline points="{_poly(obs.astype(float), stat, 100, 199, lo, hi, PAD, half)}" fill="none" stroke="#3b5bdb"/>
<line x1="{PAD}" x2="{PAD + half}" y1="{yb:.1f}" y2="{yb:.1f}" stroke="#c92a2a" stroke-dasharray="4"/>
<line x1="{xb:.1f}" x2="{xb:.1f}" y1="{PAD}" y2="{H - PAD}" stroke="#e8590c"/>
<text x="{PAD}" y="{H - 12}">observation 100</text><text x="{PAD + half - 30}" y="{H - 12}">199</text>
<text x="{W / 2 + PAD / 2}" y="20">First alarms over 200 paths ({len(first)} with an alarm)</text>
{"".join(bars)}
<line x1="{xb2:.1f}" x2="{xb2:.1f}" y1="{PAD}" y2="{H - PAD}" stroke="#e8590c"/>
<text x="{W / 2 + PAD / 2}" y="{H - 12}">100</text><text x="{W - PAD - 20}" y="{H - 12}">199</text>
</svg>
'''
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(svg)
    print(f"wrote {a.out}: first alarm of path 1 at {r.first_alarm_obs}; {len(first)} of 200 paths alarmed;"
          f" before 150: {(first < 150).sum()}")


if __name__ == "__main__":
    main()
