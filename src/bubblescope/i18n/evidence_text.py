"""Catalogue entries of the evidence, narratives and validation sections, and (from
:mod:`bubblescope.i18n.methodology_text`) the methodology notes, as one table :data:`EVIDENCE_TEXT`.

Keys: ``evd.`` evidence appendix (headers, units, citation joints), ``nar.`` narratives in the user's texts,
``val.`` validation (backtest scorecard, signal rules, the PSY 2015 named case).
"""

from __future__ import annotations

from bubblescope.i18n._msg import Msg
from bubblescope.i18n.methodology_text import METHODOLOGY_TEXT

_SECTIONS: dict[str, Msg] = {
    # evidence appendix (report/sections/evidence.py)
    "evd.head.id": Msg("Id", "编号"),
    "evd.head.value": Msg("Value", "数值"),
    "evd.head.as_of": Msg("As of", "截至"),
    "evd.head.source": Msg("Source and note", "来源与说明"),
    "evd.badge.mine": Msg("your file", "你的文件"),
    "evd.coded_by": Msg("coded by bubblescope from {source}", "由 bubblescope 依据以下来源编码：{source}"),
    "evd.via": Msg("{cite}, via {outlet}", "{cite}，转引自 {outlet}"),
    "evd.published": Msg("{cite}, {published}", "{cite}，{published}"),
    "evd.usd_tn": Msg("${value} trillion", "{value} 万亿美元"),
    "evd.usd_100m": Msg("{value} × $100 million", "{value} 亿美元"),
    "evd.unit.points": Msg("{value} points (coded)", "{value} 分（编码）"),
    "evd.unit.usd": Msg("{value} USD", "{value} 美元"),
    "evd.unit.pct": Msg("{value} %", "{value}％"),
    "evd.unit.years": Msg("{value} years", "{value} 年"),
    "evd.unit.year": Msg("{value} year", "{value} 年"),
    "evd.unit.x": Msg("{value} x", "{value} 倍"),
    "evd.unit.flag": Msg("{value} flag", "{value}（标志）"),
    "evd.unit.bn_users": Msg("{value} bn users", "{value} 亿用户"),
    "evd.unit.million": Msg("{value} million", "{value} 万"),
    "evd.unit.index_points": Msg("{value} index points", "{value} 点（指数）"),
    "evd.unit.miles": Msg("{value} miles", "{value} 英里"),
    "evd.unit.gw": Msg("{value} GW", "{value} 吉瓦"),
    "evd.unit.usd_bn_gw": Msg("{value} USD bn/GW", "每吉瓦 {value} 亿美元"),
    "evd.unit.usd_per_usd": Msg("{value} USD per USD", "每 1 美元对应 {value} 美元"),
    "evd.unit.families": Msg("{value} families", "{value} 个叙事类别"),
    "evd.unit.pct_enterprises": Msg("{value} % of enterprises", "企业占比：{value}%"),
    "evd.unit.text": Msg("{value} text", "{value}（文字记录）"),
    "evd.unit.companies": Msg("{value} companies", "{value} 家公司"),
    # narratives in the user's texts (report/sections/narratives.py)
    "nar.needs": Msg("one or more texts to analyse (bubblescope report --text FILE)",
                     "一篇或多篇待分析的文本（生成报告时用 --text 选项指定文件）"),
    "nar.intro": Msg(
        "Lexicon-based counts on the texts below (the stated corpus); the number of narrative families present, "
        "without bubble talk, feeds the narratives factor above (evidence id {id}).",
        "以下是按词典对这些文本（即所述语料）的计数；出现的叙事类别数（不含泡沫议论）计入上文的叙事因素"
        "（证据编号 {id}）。"),
    "nar.summary": Msg(
        "{language}, {size} {unit}; {present} of {total} narrative families present; bubble talk ×{talk}, "
        "reported apart (talk of a bubble is a different, contrarian signal)",
        "{language}，共 {size} {unit}；{total} 个叙事类别中出现了 {present} 个；泡沫议论 ×{talk}，单独列出"
        "（谈论泡沫是另一种信号，且方向相反）"),
    "nar.lang.en": Msg("en", "英文"),
    "nar.lang.zh": Msg("zh", "中文"),
    "nar.unit.words": Msg("words", "词"),
    "nar.unit.characters": Msg("characters", "字"),
    "nar.badge.talk": Msg("talk, not a family", "议论，不算叙事类别"),
    "nar.head.family": Msg("Family", "叙事类别"),
    "nar.head.count": Msg("Count", "次数"),
    "nar.head.per_1000": Msg("Per 1,000 {unit}", "每千{unit}"),
    "nar.head.phrases": Msg("Matched phrases", "匹配到的词语"),
    "nar.family.agi_inevitability": Msg("AGI / inevitability", "通用人工智能 / 必然到来"),
    "nar.family.scaling_laws": Msg("Scaling laws", "规模定律"),
    "nar.family.rival_race": Msg("Race with a rival power", "与对手大国竞赛"),
    "nar.family.new_era": Msg("This time is different / new era", "这次不一样 / 新时代"),
    "nar.family.bubble_talk": Msg("Bubble talk", "泡沫议论"),
    "nar.family.fomo": Msg("FOMO", "错失恐惧（FOMO）"),
    "nar.family.transformative_promise": Msg("World-changing promises", "改变世界的承诺"),
    "nar.family.replace_everyone": Msg("Replacing everyone", "取代所有人"),
    # validation: the backtest scorecard (report/sections/validation.py)
    "val.needs": Msg(
        "a backtest: run `bubblescope backtest --out DIR`, then `bubblescope report --backtest DIR`",
        "一次回测：先用 bubblescope 的回测命令把结果写入一个目录，再在生成报告时用 --backtest 选项指定该目录"),
    "val.from": Msg("From {file} (written by {command}).", "数据来自 {file}（由 {command} 写出）。"),
    "val.col.signal": Msg("signal", "信号"),
    "val.col.bubbles_evaluated": Msg("bubbles evaluated", "评估的泡沫数"),
    "val.col.hits": Msg("hits", "命中"),
    "val.col.misses": Msg("misses", "漏报"),
    "val.col.median_lead_days": Msg("median lead days", "提前天数中位数"),
    "val.col.mean_share_flagged": Msg("mean share flagged", "平均报警占比"),
    "val.col.calm_spans": Msg("calm spans", "平静期数"),
    "val.col.calm_spans_with_alarm": Msg("calm spans with alarm", "出现报警的平静期数"),
    "val.col.calm_share_flagged": Msg("calm share flagged", "平静期报警占比"),
    "val.col.alarms_followed_by_crash": Msg("alarms followed by crash", "随后发生崩盘的报警"),
    "val.col.alarms_not_followed_by_crash": Msg("alarms not followed by crash", "随后未发生崩盘的报警"),
    # the signals' rules as bubblescope.backtest.signals describes them (fields parsed from the description)
    "val.sig.psy": Msg(
        "PSY BSADF above the {level} Monte Carlo critical value ({label}; driftless null, {reps} reps, seed {seed}, "
        "minimum window {window} months)",
        "PSY 的 BSADF 统计量高于 {level} 蒙特卡洛临界值（{label}；无漂移零假设，{reps} 次重复，随机种子 {seed}，"
        "最小窗口 {window} 个月）"),
    "val.sig.psy_running": Msg("running-SADF quantiles (exuber/PSY 2015)", "滚动 SADF 分位数，同 exuber 与 PSY（2015）"),
    "val.sig.psy_dated": Msg("per-date BSADF quantiles", "逐日期的 BSADF 分位数"),
    "val.sig.lppls": Msg(
        "LPPLS positive-bubble confidence ≥ {threshold} (sornette2015 filters, {windows} windows, monthly end dates)",
        "LPPLS 正向泡沫置信度 ≥ {threshold}（sornette2015 筛选条件，{windows} 个窗口，按月末日期）"),
    "val.sig.gmo": Msg(
        "GMO: log price ≥ {sigma}σ above its expanding log-linear trend (≥ {years} years of history)",
        "GMO：对数价格高于其扩展窗口对数线性趋势 {sigma}σ 及以上（至少 {years} 年历史）"),
    "val.sig.gmo_real": Msg(
        "GMO: log real price ≥ {sigma}σ above its expanding log-linear trend (≥ {years} years of history)",
        "GMO：对数实际价格高于其扩展窗口对数线性趋势 {sigma}σ 及以上（至少 {years} 年历史）"),
    "val.sig.gsy": Msg("Greenwood–Shleifer–You: 2-year return ≥ {threshold}% (raw)",
                       "格林伍德—施莱弗—尤（GSY）：两年回报 ≥ {threshold}%（原始回报）"),
    "val.sig.gsy_market": Msg("Greenwood–Shleifer–You: 2-year return ≥ {threshold}% (raw and market-adjusted)",
                              "格林伍德—施莱弗—尤（GSY）：两年回报 ≥ {threshold}%（原始回报及经市场调整的回报）"),
    "val.sig.cape": Msg(
        "Shiller CAPE at or above its {percentile} percentile of all earlier months (≥ {years} years of history)",
        "席勒周期调整市盈率（CAPE）处于此前所有月份的 {percentile} 分位数或以上（至少 {years} 年历史）"),
    # the PSY (2015) named case
    "val.named.title": Msg("Named case: {found} of {total} published episodes stamped",
                           "具名案例：论文列出的 {total} 个事件中有 {found} 个被标记"),
    "val.named.event": Msg("Event", "事件"),
    "val.named.years": Msg("Years", "年份"),
    "val.named.found": Msg("Found", "是否找到"),
    "val.named.episodes": Msg("Episodes stamped", "被标记的区间"),
    "val.event.crash_1929": Msg("the great crash (1929)", "大崩盘（1929 年）"),
    "val.event.boom_1954": Msg("the postwar boom (1954)", "战后繁荣（1954 年）"),
    "val.event.black_monday": Msg("Black Monday (October 1987)", "黑色星期一（1987 年 10 月）"),
    "val.event.dotcom": Msg("the dot-com bubble", "互联网泡沫"),
    "val.event.subprime": Msg("the subprime mortgage crisis", "次贷危机"),
}

if _SECTIONS.keys() & METHODOLOGY_TEXT.keys():
    raise KeyError(f"catalogue keys defined twice: {sorted(_SECTIONS.keys() & METHODOLOGY_TEXT.keys())}")
EVIDENCE_TEXT: dict[str, Msg] = _SECTIONS | METHODOLOGY_TEXT

#: An evidence record's unit → the catalogue key that writes a value in it (zh: in Chinese units).
UNIT_KEYS: dict[str, str] = {
    "points (coded)": "evd.unit.points", "USD": "evd.unit.usd", "%": "evd.unit.pct", "years": "evd.unit.years",
    "year": "evd.unit.year", "x": "evd.unit.x", "flag": "evd.unit.flag", "bn users": "evd.unit.bn_users",
    "million": "evd.unit.million", "index points": "evd.unit.index_points", "miles": "evd.unit.miles",
    "GW": "evd.unit.gw", "USD bn/GW": "evd.unit.usd_bn_gw", "USD per USD": "evd.unit.usd_per_usd",
    "families": "evd.unit.families", "% of enterprises": "evd.unit.pct_enterprises", "text": "evd.unit.text",
    "companies": "evd.unit.companies",
}

#: A named-case event (as bubblescope.backtest.named writes it) → its catalogue key.
EVENT_KEYS: dict[str, str] = {m.en: k for k, m in EVIDENCE_TEXT.items() if k.startswith("val.event.")}
