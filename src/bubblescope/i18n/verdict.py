"""Catalogue entries of the verdict, judgement, four-factor and comparison sections and the verdict paragraph.

``vs.`` verdict cards and data table, ``jd.`` the verdict paragraph, rule and judgement blocks, ``ff.``
four-factor section, ``cmp.`` comparison section, ``fal.`` falsifier phrases (packaged conditions and
their notes); the signals' phrase templates are in :mod:`bubblescope.i18n.verdict_sig`.
"""

from __future__ import annotations

from bubblescope.i18n._msg import Msg
from bubblescope.i18n.verdict_b import VERDICT_B
from bubblescope.i18n.verdict_c import VERDICT_C
from bubblescope.i18n.verdict_sig import SIG

_VERDICT: dict[str, Msg] = {
    # ---- verdict cards (report/sections/verdict.py)
    "vs.score": Msg("Four-factor score", "四因素得分"),
    "vs.score_rank": Msg("ranks {rank} of {of} episodes compared", "在 {of} 个比较案例中排第 {rank} 位"),
    "vs.score_override": Msg(" · includes an override", " · 含人工调整"),
    "vs.gauges": Msg("Gauge lights", "指标信号灯"),
    "vs.na": Msg("n/a", "无"),
    "vs.no_gauges": Msg("no gauge inputs", "没有指标输入"),
    "vs.gauges_detail": Msg("boom/bubble gauges: <b>{verdict}</b> ({reds} red of {available} available)",
                            "热潮/泡沫指标：<b>{verdict}</b>（{available} 个可用指标中 {reds} 个为红灯）"),
    "vs.gv.boom": Msg("boom", "热潮"),
    "vs.gv.caution": Msg("caution", "警惕"),
    "vs.gv.bubble": Msg("bubble", "泡沫"),
    "vs.lppls_past": Msg("; LPPLS confidence max {conf} ({date})", "；LPPLS 置信度最高 {conf}（{date}）"),
    "vs.lppls_now": Msg("; LPPLS confidence {conf} now", "；LPPLS 当前置信度 {conf}"),
    "vs.tests": Msg("Bubble tests (PSY, LPPLS)", "泡沫检验（PSY、LPPLS）"),
    "vs.no_market": Msg("no market series available", "没有可用的市场序列"),
    "vs.tests_past": Msg("series explosive around the market peak (red: any; amber: episodes at other times)",
                         "在市场顶点附近呈爆炸性的序列（红：任一序列；黄：爆炸性区间出现在其他时间）"),
    "vs.tests_now": Msg("series explosive at the last date (red: any now; amber: an episode earlier in the window)",
                        "最后一个交易日呈爆炸性的序列（红：当前任一序列；黄：窗口内较早出现过区间）"),
    "vs.psy.peak": Msg("boom episode {d} → {d2}, covering the {pk} peak{t_tail}",
                       "上涨型区间 {d} → {d2}，覆盖 {pk} 的顶点{t_tail}"),
    "vs.psy.none_peak": Msg("{n} boom episode(s), none covering the {pk} peak{t_tail}",
                            "{n} 个上涨型区间，均未覆盖 {pk} 的顶点{t_tail}"),
    "vs.psy.none_window": Msg("no boom episode in the window{t_tail}", "窗口内无上涨型区间{t_tail}"),
    "vs.psy.since": Msg("boom episode since {d}", "自 {d} 起处于上涨型区间"),
    "vs.psy.collapse": Msg("collapse since {d} (explosive fall: not bubble evidence)",
                           "自 {d} 起处于下跌区间（爆炸性下跌：不构成泡沫证据）"),
    "vs.psy.ended": Msg("no boom episode now (last ended {d}){t_tail}", "当前无上涨型区间（上一个结束于 {d}）{t_tail}"),
    "vs.psy.tail": Msg("; {n} collapse episode(s) not counted", "；{n} 个下跌区间未计入"),
    "vs.gap": Msg("AI revenue gap", "AI 收入缺口"),
    "vs.no_gap": Msg("no investment-economics scenario for this episode", "本案例没有投资经济学情景"),
    "vs.gap_value": Msg("${gap}bn/yr", "{gap}/年"),
    "vs.gap_detail": Msg("needed {required} ({method}) vs actual {actual} USD bn/yr · scenario {scenario}",
                         "所需 {required}（{method}），实际 {actual}（每年）· 情景 {scenario}"),
    "vs.stress": Msg("Stress loss", "压力损失"),
    "vs.no_stress": Msg("no exposure network for this episode", "本案例没有风险敞口网络"),
    "vs.stress_detail": Msg("largest of {n} scenarios: {scenario} ({defaults} default(s), {unit})",
                            "{n} 个情景中损失最大者：{scenario}（{defaults} 家违约，{unit}）"),
    "vs.stress_wealth": Msg("<br>its wealth effect: consumption −{drop} USD bn a year{gdp}",
                            "<br>其财富效应：消费每年减少 {drop}{gdp}"),
    "vs.stress_gdp": Msg(" = {share} of GDP", "，相当于 GDP 的 {share}"),
    "vs.needs_analysis": Msg("Market, gauge, economics and stress figures need {needs}.",
                             "市场、指标、经济学和压力测试数据需要{needs}。"),
    "vs.needs_what": Msg("the compute phase (bubblescope report runs it; in Python: bubblescope.report.compute)",
                         "先运行计算阶段（<code>bubblescope report</code> 会运行它；在 Python 中："
                         "<code>bubblescope.report.compute</code>）"),
    "vs.data_used": Msg("Data used and as-of dates", "所用数据及截至日期"),
    "vs.col_series": Msg("Series", "序列"),
    "vs.col_span": Msg("Span", "时间范围"),
    "vs.col_data": Msg("Data", "数据"),
    "vs.col_source": Msg("Source", "来源"),
    "vs.not_found": Msg("not found (offline: no cached or packaged copy)", "未找到（离线：没有缓存或内置副本）"),
    "vs.network_note": Msg(
        "Network: {network}. Data folder: {folder}. <b>local</b> = files in --data-dir, <b>live</b> = downloaded "
        "now, <b>cached</b> = an earlier download, <b>packaged</b> = a dataset shipped with an installed package "
        "(arch.data).",
        "网络：{network}。数据文件夹：{folder}。<b>本地</b> = --data-dir 中的文件，<b>在线</b> = 本次下载，"
        "<b>缓存</b> = 先前的下载，<b>内置</b> = 随已安装软件包提供的数据集（arch.data）。"),
    "vs.none": Msg("none", "无"),
    "vs.notes": Msg("Notes ({n})", "说明（{n}）"),
    "vs.net.not tried (--offline)": Msg("not tried (--offline)", "未尝试（--offline）"),
    "vs.net.unreachable": Msg("unreachable", "无法访问"),
    "vs.net.not needed (all data found locally)": Msg("not needed (all data found locally)", "无需联网（全部数据在本地找到）"),
    "vs.net.used": Msg("used", "已使用"),
    # ---- families
    "vs.fam.four_factor": Msg("four factor", "四因素"),
    "vs.fam.market_tests": Msg("market tests", "市场检验"),
    "vs.fam.valuation": Msg("valuation", "估值"),
    "vs.fam.froth": Msg("froth", "市场过热"),
    "vs.fam.credit": Msg("credit", "信用"),
    "vs.fam.monetary": Msg("monetary", "货币政策"),
    "vs.fam.economics": Msg("economics", "投资经济学"),
    "vs.fam.stress": Msg("stress", "压力测试"),
    "vs.fam.no_signal": Msg("no signal", "无信号"),
    "vs.fam.cannot_speak": Msg("no signal can speak", "没有可用信号"),
}

VERDICT: dict[str, Msg] = {**_VERDICT, **VERDICT_B, **VERDICT_C, **SIG}
