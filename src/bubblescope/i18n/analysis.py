"""Catalogue entries of the market, gauges, economics, stress and scan sections and their chart titles.

Keys: ``mkt.`` market diagnostics (``mkt.src.``: the words of ours in a data source's description),
``gau.`` gauges, ``eco.`` investment economics, ``sts.`` stress, ``scan.`` market scan, ``chart.`` the
texts of their figures. Entries under a prefix that ``report.sections._analysis_zh.known`` reads are the
English an analysis package writes, ``{field}`` standing for the part that varies.
"""

from __future__ import annotations

from bubblescope.i18n._msg import Msg
from bubblescope.i18n.analysis_economics import ECONOMICS
from bubblescope.i18n.analysis_gauges import GAUGES
from bubblescope.i18n.analysis_scan import SCAN
from bubblescope.i18n.analysis_stress import STRESS

MARKET: dict[str, Msg] = {
    "mkt.needs_analysis": Msg("the compute phase (bubblescope report runs it; in Python: bubblescope.report.compute)",
                              "计算阶段（bubblescope report 会运行它；Python 中为 bubblescope.report.compute）"),
    "mkt.needs_prices": Msg("price data for the episode's series ({want}): give --data-dir with CSVs, go online once "
                            "to fill the cache, or install the packaged datasets",
                            "本轮热潮各序列（{want}）的价格数据：用 --data-dir 指定 CSV 文件夹，联网运行一次以填充缓存，"
                            "或安装随包数据集"),
    "mkt.none_listed": Msg("none listed", "未列出"),
    "mkt.missing_series": Msg("{symbol}: not available (no local, cached or packaged data).",
                              "{symbol}：不可用（无本地、缓存或随包数据）。"),
    "mkt.lppls_na": Msg("LPPLS not available for this series.", "该序列没有 LPPLS 结果。"),
    "mkt.intro": Msg(
        "PSY (Phillips, Shi &amp; Yu 2015) on log prices, Monte Carlo critical sequence ({reps} replications, seed 0, "
        "cached on disk), on the last close of each month for spans over 10 years, else of each week. LPPLS kept "
        "cheap for the report: windows {windows} trading days, an end date every {step} trading days over {years} "
        "years, Sornette (2015) filters, no resampling; the tc band is the 10–90% range of critical times of "
        "qualified fits. Run <code>bubblescope psy</code> / <code>bubblescope lppls</code> for the full procedures.",
        "PSY 检验（Phillips、Shi 与 Yu，2015）作用于对数价格，临界值序列由蒙特卡洛模拟得到（{reps} 次重复，随机种子 0，"
        "缓存在磁盘上）；跨度超过 10 年的序列取每月最后一个收盘价，否则取每周最后一个收盘价。为控制报告的计算量，"
        "LPPLS 采用简化设置：窗口长度 {windows} 个交易日，在 {years} 年内每隔 {step} 个交易日取一个终点，采用 Sornette"
        "（2015）的筛选条件，不做重抽样；临界时间区间为合格拟合的临界时间的 10%–90% 分位范围。完整流程请运行 "
        "<code>bubblescope psy</code> / <code>bubblescope lppls</code>。"),
    "mkt.ongoing": Msg("ongoing", "持续中"),
    "mkt.psy_rejects": Msg(
        "GSADF <b>{gsadf}</b> vs 95% critical value {cv}: rejects the unit-root null. {n} explosive episode(s) on "
        "{obs} {freq} ({first} → {last}).",
        "GSADF 统计量 <b>{gsadf}</b>，95% 临界值 {cv}：拒绝单位根原假设。在 {obs} 个{freq}（{first} → {last}）中"
        "识别出 {n} 段爆炸性行情。"),
    "mkt.psy_not_rejected": Msg(
        "GSADF <b>{gsadf}</b> vs 95% critical value {cv}: does not reject the unit-root null. {n} explosive "
        "episode(s) on {obs} {freq} ({first} → {last}).",
        "GSADF 统计量 <b>{gsadf}</b>，95% 临界值 {cv}：不拒绝单位根原假设。在 {obs} 个{freq}（{first} → {last}）中"
        "识别出 {n} 段爆炸性行情。"),
    "mkt.freq.month-end closes": Msg("month-end closes", "月末收盘价"),
    "mkt.freq.weekly closes": Msg("weekly closes", "周末收盘价"),
    "mkt.th.start": Msg("Start", "开始"),
    "mkt.th.peak": Msg("Peak", "峰值"),
    "mkt.th.end": Msg("End", "结束"),
    "mkt.th.obs": Msg("Obs", "观测数"),
    "mkt.th.peak_bsadf": Msg("Peak BSADF", "BSADF 峰值"),
    "mkt.no_episode": Msg("No explosive episode stamped.", "未识别出爆炸性行情。"),
    "mkt.lppls_tc": Msg("median tc {date}", "临界时间中位数 {date}"),
    "mkt.lppls_no_fit": Msg("no qualified fit", "没有合格的拟合"),
    "mkt.lppls_text": Msg(
        "LPPLS at {date}: positive confidence <b>{conf}</b> ({tc}); peak {peak} on {peak_date}.",
        "LPPLS（{date}）：正泡沫置信度 <b>{conf}</b>（{tc}）；最高 {peak}，出现在 {peak_date}。"),
    "mkt.lppls_uncalibrated": Msg(
        "The confidence is not calibrated against a null here, so the verdict does not count it.",
        "这里的置信度没有对照原假设校准，因此结论不计入它。"),
    "mkt.lppls_null": Msg(
        "Block-bootstrap null ({n} paths of the series' own returns): 95% quantile <b>{q95}</b>, p = {p} at the last "
        "date; {above} of {total} end dates are above the quantile.",
        "分块自助法原假设（由该序列自身收益生成 {n} 条路径）：95% 分位数 <b>{q95}</b>，最后一个日期的 p = {p}；"
        "{total} 个终点中有 {above} 个高于该分位数。"),
    # notes of a series (report.analysis.market_diagnostics)
    "mkt.note.psy_short": Msg("PSY: only {n} observations in {span} (needs 40)", "PSY：{span} 内只有 {n} 个观测值（需要 40 个）"),
    "mkt.note.lppls_short": Msg("LPPLS: no end dates with {n} observations of history in the span",
                                "LPPLS：该区间内没有任何终点拥有 {n} 个历史观测值"),
    "mkt.note.psy": Msg("PSY: {error}", "PSY：{error}"),
    "mkt.note.lppls": Msg("LPPLS: {error}", "LPPLS：{error}"),
    # the words of ours in where a series came from (report.fetch.source_text, gauges.panel, steps)
    "mkt.src.local_files": Msg("local files: {files}", "本地文件：{files}"),
    "mkt.src.local_file": Msg("local file: {files}", "本地文件：{files}"),
    "mkt.src.market": Msg("{series}; market: {market}", "{series}；市场基准：{market}"),
    "mkt.src.shiller_cpi": Msg("{series}; Shiller CPI", "{series}；Shiller 消费者价格指数"),
    "mkt.src.cpi": Msg("{series}; CPI: {cpi}", "{series}；消费者价格指数：{cpi}"),
    "mkt.src.named_files": Msg("{name} (local files: {files})", "{name}（本地文件：{files}）"),
    "mkt.src.named_file": Msg("{name} (local file: {files})", "{name}（本地文件：{files}）"),
    "mkt.src.package": Msg("package", "随包数据"),
    "mkt.src.package_module": Msg("package: python package module {module}", "随包数据：Python 包模块 {module}"),
    "mkt.src.revenue": Msg("{capex}; revenue: {revenue}", "{capex}；收入：{revenue}"),
    "mkt.src.vendor": Msg("{name} (vendor series): {files}", "{name}（数据商序列）：{files}"),
    "mkt.src.sec": Msg("SEC filings ({files}): capex / operating cash flow {ratio} over the four quarters to {date}, "
                       "{companies}",
                       "SEC 文件（{files}）：截至 {date} 的四个季度资本开支 / 经营现金流为 {ratio}，{companies}"),
}

CHARTS: dict[str, Msg] = {
    "chart.psy_title": Msg("PSY date stamping ({freq}); explosive episodes shaded",
                           "PSY 日期识别（{freq}）；阴影为爆炸性行情"),
    "chart.psy_title_plain": Msg("PSY date stamping", "PSY 日期识别"),
    "chart.freq.month": Msg("month-end closes", "月末收盘价"),
    "chart.freq.week": Msg("weekly closes", "周末收盘价"),
    "chart.series": Msg("series", "序列"),
    "chart.cv_size": Msg("{method} (size {size})", "{method}（显著性水平 {size}）"),
    "chart.cv_mc_exuber": Msg("Monte Carlo, per-date quantile of running SADF (exuber)",
                              "蒙特卡洛模拟，逐日滚动 SADF 分位数（exuber 方法）"),
    "chart.log_value": Msg("log value", "对数值"),
    "chart.value": Msg("value", "数值"),
    "chart.statistic": Msg("statistic", "统计量"),
    "chart.log_level": Msg("log level", "对数水平"),
    "chart.level": Msg("level", "水平"),
    "chart.vs_cv": Msg("{stat} vs critical sequence", "{stat} 与临界值序列"),
    "chart.log_price": Msg("log price", "对数价格"),
    "chart.confidence": Msg("confidence", "置信度"),
    "chart.null_q95": Msg("95% null quantile", "原假设 95% 分位数"),
    "chart.median_tc": Msg("median tc", "临界时间中位数"),
    "chart.lppls_price": Msg("daily log price; LPPLS critical time (median ×, 10–90% band)",
                             "日对数价格；LPPLS 临界时间（× 为中位数，条带为 10–90% 区间）"),
    "chart.lppls_hover_price": Msg("%{x|%Y-%m-%d}: %{y:.3f}<extra>log price</extra>",
                                   "%{x|%Y-%m-%d}：%{y:.3f}<extra>对数价格</extra>"),
    "chart.lppls_hover_band": Msg("fit at {fit}: tc {a} – {b}<extra>tc band</extra>",
                                  "{fit} 的拟合：临界时间 {a} – {b}<extra>临界时间区间</extra>"),
    "chart.lppls_conf": Msg("LPPLS positive-bubble confidence (share of windows)", "LPPLS 正泡沫置信度（窗口占比）"),
}

ANALYSIS: dict[str, Msg] = {**MARKET, **CHARTS, **GAUGES, **ECONOMICS, **STRESS, **SCAN}
