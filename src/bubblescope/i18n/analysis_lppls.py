"""Catalogue entries of the report's LPPLS time-scale panels (issue 17): the FCO super-short, short,
medium and long scales in the market section (``chart.scale.``: panel titles, also the table's first
column; ``mkt.scales_``: the paragraph and table header)."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

LPPLS_SCALES: dict[str, Msg] = {
    "chart.scale.super_short": Msg("super-short (40–183 trading days)", "超短期（40–183 个交易日）"),
    "chart.scale.short": Msg("short (40–365 trading days)", "短期（40–365 个交易日）"),
    "chart.scale.medium": Msg("medium (365–730 trading days)", "中期（365–730 个交易日）"),
    "chart.scale.long": Msg("long (730–1,460 trading days)", "长期（730–1,460 个交易日）"),
    "mkt.scales_intro": Msg(
        "LPPLS confidence on the four time scales of the Financial Crisis Observatory's DS LPPLS indicator, "
        "windows every {step} trading days, Sornette (2015) filters. These panels are not read against a null "
        "and the verdict does not count them.",
        "金融危机观测站（FCO）DS LPPLS 指标四个时间尺度上的 LPPLS 置信度，每隔 {step} 个交易日取一个窗口，"
        "采用 Sornette（2015）的筛选条件。这些面板没有与原假设分布比较，裁决也不计入它们。"),
    "mkt.scales_th.scale": Msg("Scale", "时间尺度"),
    "mkt.scales_th.last": Msg("Last end date", "最后一个终点"),
    "mkt.scales_th.high": Msg("Highest", "最高值"),
}
