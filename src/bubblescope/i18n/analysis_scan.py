"""Catalogue entries of the market-scan section (``scan.``): its sentences, column headers, and the
summary lines, reasons, notes and errors the scan package writes in English (read by
``report.sections._analysis_zh.known``), and the bubble-share figure's texts."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

SCAN: dict[str, Msg] = {
    "scan.needs": Msg("a market scan", "一次市场扫描"),
    "scan.needs_folder": Msg("a data folder with price CSVs (--data-dir)", "一个包含价格 CSV 文件的数据文件夹（--data-dir）"),
    "scan.needs_files": Msg("price CSV files under {root}", "{root} 下的价格 CSV 文件"),
    "scan.needs_run": Msg("a scan that can run ({error})", "一次能够运行的扫描（{error}）"),
    "scan.col.series": Msg("series", "序列"),
    "scan.col.last_date": Msg("last date", "最后日期"),
    "scan.col.flags": Msg("flags", "信号数"),
    "scan.col.psy_bsadf": Msg("BSADF", "BSADF 统计量"),
    "scan.col.psy_cv": Msg("CV 95%", "95% 临界值"),
    "scan.col.psy_in_episode": Msg("explosive", "爆炸性"),
    "scan.col.psy_episode_start": Msg("since", "起始"),
    "scan.col.lppls_pos_conf": Msg("LPPLS conf+", "LPPLS 正置信度"),
    "scan.col.lppls_tc": Msg("median tc", "临界时间中位数"),
    "scan.col.gauges_runup_2y": Msg("2y return %", "两年收益率 %"),
    "scan.col.gauges_runup": Msg("run-up", "大幅上涨"),
    "scan.col.gauges_sigma": Msg("σ from trend", "偏离趋势（σ）"),
    "scan.col.gauges_2sigma": Msg("2σ", "高于趋势 2σ"),
    "scan.col.sources": Msg("sources", "来源"),
    "scan.col.error": Msg("note", "说明"),
    "scan.col.instrument_class": Msg("class", "类别"),
    "scan.col.not_ranked": Msg("why not ranked", "未排名原因"),
    "scan.note_row": Msg("{series}: {note}", "{series}：{note}"),
    "scan.fragment_note": Msg(
        "One row per instrument: copies from several source folders are spliced (the freshest kept, older dates "
        "added; sources listed). Ranked by flags raised, then BSADF − critical value, then LPPLS confidence. A "
        "screen, not a verdict. Settings: {settings}.",
        "每个品种一行：来自多个来源文件夹的副本拼接在一起（保留最新的数据，补上更早的日期；列出各来源）。先按触发的信号数"
        "排序，再按 BSADF 减临界值，最后按 LPPLS 置信度。这是一次筛查，不是结论。设置：{settings}。"),
    "scan.listed_title": Msg("Listed, not ranked", "列出但未排名"),
    "scan.listed_text": Msg(
        "Volatility indices, yields and spreads are not tested for bubbles; stale series (last date well before the "
        "scan's date) are listed here instead of ranked.",
        "波动率指数、收益率和利差不做泡沫检验；过时的序列（最后日期远早于扫描日期）列在这里，不参与排名。"),
    "scan.share_title": Msg("Share of the market in a bubble", "处于泡沫中的市场占比"),
    "scan.share_na": Msg("Not available: the share needs a scan with price instruments that can be read.",
                         "不可用：计算该占比需要一次包含可读取价格品种的扫描。"),
    "scan.share_reading": Msg("{value} in {month} (data to {as_of})", "{month}：{value}（数据截至 {as_of}）"),
    "scan.share_pct": Msg(", {pct}th percentile of its own history", "，处于自身历史的第 {pct} 百分位"),
    "scan.share_light": Msg("; light: {light}", "；信号灯：{light}"),
    "scan.definition": Msg("Definition: {definition}", "定义：{definition}"),
    "scan.def.text": Msg(
        "Share of the scan's price instruments in a bubble at each month end, in real time (each instrument read "
        "from its own data up to that month only): PSY = inside a date-stamped explosive episode (monthly log "
        "prices, fixed 36-month minimum window and 6-month minimum duration, Monte-Carlo critical values at 95%); "
        "GSY = 2-year raw return of at least 100%; GMO = at least 2 sigma above the expanding log-linear trend; "
        "any = at least one of the three. Denominator: the instruments with a reading that month.",
        "每个月末扫描范围内处于泡沫中的价格品种占比，按实时口径计算（每个品种只使用截至该月的自身数据）：PSY = 处于"
        "已识别的爆炸性行情之中（月度对数价格，固定 36 个月最小窗口和 6 个月最短持续期，蒙特卡洛临界值取 95%）；"
        "GSY = 两年原始收益率至少 100%；GMO = 高于扩展对数线性趋势至少 2 个标准差；任一 = 三者中至少满足其一。"
        "分母：当月有读数的品种。"),
    "scan.fig_source": Msg("bubblescope scan", "bubblescope 市场扫描"),
    # the scan's summary lines (scan._result.ScanResult.summary)
    "scan.sum.scanned": Msg("Scanned {n} series with {tests} (as of {as_of}); {e} with errors.",
                            "用 {tests} 扫描了 {n} 个序列（截至 {as_of}）；其中 {e} 个出错。"),
    "scan.sum.latest": Msg("latest", "最新"),
    "scan.sum.t_pg": Msg("psy, gauges", "PSY 与估值指标"),
    "scan.sum.t_plg": Msg("psy, lppls, gauges", "PSY、LPPLS 与估值指标"),
    "scan.sum.t_pl": Msg("psy, lppls", "PSY 与 LPPLS"),
    "scan.sum.t_lg": Msg("lppls, gauges", "LPPLS 与估值指标"),
    "scan.sum.t_g": Msg("gauges", "估值指标"),
    "scan.sum.psy": Msg("PSY: {k} of {n} in an explosive episode at their last date.",
                        "PSY：{n} 个序列中有 {k} 个在最后日期处于爆炸性行情。"),
    "scan.sum.lppls": Msg("LPPLS: highest positive-bubble confidence {c} ({s}).", "LPPLS：正泡沫置信度最高为 {c}（{s}）。"),
    "scan.sum.runup": Msg("Gauges: {k} of {n} flagged run-up.", "估值指标：{n} 个序列中有 {k} 个出现大幅上涨信号。"),
    "scan.sum.trend": Msg("Gauges: {k} of {n} flagged 2σ above trend.", "估值指标：{n} 个序列中有 {k} 个高于趋势 2σ。"),
    "scan.sum.top": Msg("Most bubble-like: {series}.", "最像泡沫的：{series}。"),
    "scan.sum.unranked": Msg("{n} series listed but not ranked (other instrument classes, stale or errors).",
                             "{n} 个序列列出但未排名（其他品种类别、数据过时或出错）。"),
    "scan.sum.reused": Msg("{n} rows reused from {out}, {m} computed.", "{n} 行沿用自 {out}，{m} 行重新计算。"),
    # why a row is not ranked (scan._universe)
    "scan.why.vol": Msg("volatility index: bubble tests do not apply (not ranked)", "波动率指数：不适用泡沫检验（未排名）"),
    "scan.why.yield": Msg("interest-rate yield: bubble tests do not apply (not ranked)", "利率收益率：不适用泡沫检验（未排名）"),
    "scan.why.spread": Msg("credit or term spread: bubble tests do not apply (not ranked)",
                           "信用利差或期限利差：不适用泡沫检验（未排名）"),
    "scan.why.stale": Msg("stale: last date {last} is {days} days before {ref} (more than {limit}; not ranked)",
                          "数据过时：最后日期 {last} 比 {ref} 早 {days} 天（超过 {limit} 天；未排名）"),
    "scan.class.price": Msg("price", "价格"),
    "scan.class.yield": Msg("yield", "收益率"),
    "scan.class.volatility": Msg("volatility", "波动率"),
    "scan.class.spread": Msg("spread", "利差"),
    # PSY notes (scan._universe.psy_note)
    "scan.psy.began": Msg(
        "explosive although BSADF {b} < CV {c}: the episode that began {d} has not yet lasted PSY's minimum duration, "
        "and an episode ends only at the first date below the CV after it",
        "虽然 BSADF {b} < 临界值 {c}，仍判为爆炸性：始于 {d} 的这段行情尚未达到 PSY 的最短持续期，而一段行情只在其后"
        "第一次低于临界值的日期才结束"),
    "scan.psy.plain": Msg(
        "explosive although BSADF {b} < CV {c}: the episode has not yet lasted PSY's minimum duration, and an "
        "episode ends only at the first date below the CV after it",
        "虽然 BSADF {b} < 临界值 {c}，仍判为爆炸性：这段行情尚未达到 PSY 的最短持续期，而一段行情只在其后第一次低于"
        "临界值的日期才结束"),
    "scan.psy.not": Msg(
        "not explosive although BSADF {b} >= CV {c}: the run above the CV is shorter than PSY's minimum duration",
        "虽然 BSADF {b} ≥ 临界值 {c}，仍判为非爆炸性：高于临界值的持续时间短于 PSY 的最短持续期"),
    # errors of a row (scan engine, gauges)
    "scan.err.two": Msg("{a}; {b}", "{a}；{b}"),
    "scan.err.gauges": Msg("gauges: {msg}", "估值指标：{msg}"),
    "scan.err.psy": Msg("psy: {msg}", "PSY：{msg}"),
    "scan.err.lppls": Msg("lppls: {msg}", "LPPLS：{msg}"),
    "scan.err.data": Msg("data: {msg}", "数据：{msg}"),
    "scan.err.runup": Msg("run-up: {msg}", "大幅上涨：{msg}"),
    "scan.err.sigma": Msg("2σ: {msg}", "2σ：{msg}"),
    "scan.err.years": Msg("needs at least {y} years of monthly prices, got {m} months",
                          "需要至少 {y} 年的月度价格，实际只有 {m} 个月"),
    "scan.err.runup_months": Msg("the run-up test needs at least {n} months of prices, got {k}",
                                 "大幅上涨检验需要至少 {n} 个月的价格，实际只有 {k} 个月"),
    # the bubble-share figure (scan.share)
    "chart.scan_any": Msg("any test", "任一检验"),
    "chart.scan_psy": Msg("PSY episode", "PSY 爆炸性行情"),
    "chart.scan_gsy": Msg("GSY run-up", "GSY 大幅上涨"),
    "chart.scan_y": Msg("% of instruments", "品种占比 %"),
    "chart.scan_title": Msg("Share of the market in a bubble (real time, monthly)", "处于泡沫中的市场占比（实时，月度）"),
}
