"""Numbers formatted for the reader's locale: Chinese counts large sums in 亿 (1e8) and 万亿 (1e12).

``usd_bn(2690, "zh")`` → "2.69 万亿美元", ``usd_bn(600, "zh")`` → "6,000 亿美元", ``usd_bn(600)`` → "$600bn".
"""

from __future__ import annotations

import math

from bubblescope.i18n._msg import Lang


def _missing(x: float | None) -> bool:
    return x is None or not math.isfinite(float(x))


def usd_bn(x: float | None, lang: Lang = "en", digits: int = 0) -> str:
    """A sum given in billions of US dollars: "$2,690bn" / "2.69 万亿美元" ("n/a" / "无" when missing)."""
    if x is None or _missing(x):
        return "无" if lang == "zh" else "n/a"
    if lang != "zh":
        return f"${x:,.{digits}f}bn"
    if abs(x) >= 1000:  # 1,000 bn = 1 万亿
        return f"{x / 1000:,.2f} 万亿美元"
    return f"{x * 10:,.{max(digits - 1, 0)}f} 亿美元"


def pct(x: float | None, lang: Lang = "en", digits: int = 0) -> str:
    """A share (0.25) as a percentage: "25%" in both languages ("n/a" / "无" when missing)."""
    if x is None or _missing(x):
        return "无" if lang == "zh" else "n/a"
    return f"{100 * x:,.{digits}f}%"
