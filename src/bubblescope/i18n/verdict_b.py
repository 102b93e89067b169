"""Catalogue entries of the verdict paragraph and rule (``jd.``), the judgement blocks of the verdict section
(``jd.``), the four-factor (``ff.``) and comparison (``cmp.``) sections and the falsifier phrases (``fal.``)."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

VERDICT_B: dict[str, Msg] = {
    # ---- the rule that fired (verdict/rule.py classify)
    "jd.why.none": Msg("fewer than {k} signal families can speak: no verdict", "可用信号类别少于 {k} 个：不作结论"),
    "jd.why.bust": Msg("the index is {dd} below its high (≥ {bd} after a run-up): bust",
                       "指数较高点下跌 {dd}（上涨之后跌幅 ≥ {bd}）：破裂"),
    "jd.why.band": Msg("overall score {s} ≥ {lo}: {verdict}", "总得分 {s} ≥ {lo}：{verdict}"),
    "jd.why.boom": Msg("overall score {s} < {lo} with a run-up of {ru} (≥ {br}): boom",
                       "总得分 {s} < {lo}，涨幅 {ru}（≥ {br}）：热潮"),
    "jd.why.boom_nomarket": Msg("overall score {s} < {lo}; no market series to measure the run-up: boom (by the "
                                "episode's definition)", "总得分 {s} < {lo}；没有可衡量涨幅的市场序列：热潮（按本案例的定义）"),
    "jd.why.noboom": Msg("overall score {s} < {lo} and a run-up of {ru} (< {br}): no boom",
                         "总得分 {s} < {lo}，涨幅 {ru}（< {br}）：无热潮"),
    "jd.why.nostage": Msg("{why}; stage not measured: no market series covers the episode",
                          "{why}；阶段未测定：没有覆盖本案例的市场序列"),
    # ---- the rule in sentences (verdict/rule.py rule_text)
    "jd.rule.1": Msg("Each family's score is the mean bubble reading (0 to 1) of its signals that can speak.",
                     "每个类别的得分是其可用信号泡沫读数（0 到 1）的平均值。"),
    "jd.rule.2": Msg("The overall score is the weighted mean of the family scores, with weights {ws}, "
                     "re-normalised over the families that speak.",
                     "总得分是各类别得分的加权平均，权重为 {ws}，并在有可用信号的类别之间重新归一化。"),
    "jd.rule.w": Msg("{fam} {w}", "{fam}占 {w}"),
    "jd.rule.3": Msg("With fewer than {k} families speaking there is no verdict.", "可用类别少于 {k} 个时不作结论。"),
    "jd.rule.4": Msg("Bust: the main index is at least {bd} below its high after a run-up. Otherwise: bubble at a "
                     "score of 0.55 or more, bubble-like boom at 0.35 or more, boom below that with a run-up of at "
                     "least {br}, else no boom.",
                     "破裂：主要指数在上涨之后较高点下跌至少 {bd}。否则：得分 0.55 及以上为泡沫，0.35 及以上为类泡沫热潮，"
                     "低于此且涨幅至少 {br} 为热潮，其余为无热潮。"),
    "jd.rule.5": Msg("Stage: displacement (no run-up yet), boom, euphoria (bubble band, index within 10% of its high), "
                     "distress (10% to 30% below the high), revulsion (30% or more below the high).",
                     "阶段：触发期（尚无上涨）、繁荣期、狂热期（处于泡沫区间且指数距高点不超过 10%）、"
                     "困境期（低于高点 10% 至 30%）、厌恶期（低于高点 30% 及以上）。"),
    "jd.rule.6": Msg("A signal whose newest input is more than {days} days older than the verdict date is flagged "
                     "stale; signals that cannot speak are listed and not counted.",
                     "若信号最新输入早于结论日期超过 {days} 天，则标记为过时；无法给出读数的信号会列出但不计入。"),
    # ---- the paragraph (verdict/result.py)
    "jd.p.none": Msg("As of {as_of}, there is no verdict on {name}: {why}. Signals that could not speak: {n}.",
                     "截至 {as_of}，对{name}不作结论：{why}。无法给出读数的信号：{n} 个。"),
    "jd.p.nostage": Msg("As of {as_of}, {name} reads as a {verdict}; its stage is not measured because no market "
                        "series covers the episode (overall score {s} on a 0-1 scale, from {k} signal families: {fams}).",
                        "截至 {as_of}，{name}判定为{verdict}；由于没有覆盖本案例的市场序列，阶段未测定"
                        "（总得分 {s}，满分为 1，来自 {k} 个信号类别：{fams}）。"),
    "jd.p.stage": Msg("As of {as_of}, {name} reads as a {verdict} at the {stage} stage (overall score {s} on a 0-1 "
                      "scale, from {k} signal families: {fams}).",
                      "截至 {as_of}，{name}判定为{verdict}，处于{stage}（总得分 {s}，满分为 1，来自 {k} 个信号类别：{fams}）。"),
    "jd.p.market": Msg("The main index ({series}) is {ru} above its earlier low and {dd} below its high of {hd}.",
                       "主要指数（{series}）较此前低点上涨 {ru}，较 {hd} 的高点下跌 {dd}。"),
    "jd.p.strong": Msg("Strongest evidence: {items}.", "最强的证据：{items}。"),
    "jd.p.strong_item": Msg("{label} ({reading})", "{label}（{reading}）"),
    "jd.p.exposed": Msg("If it bursts, the most exposed are {items}.", "一旦破裂，风险敞口最大的是：{items}。"),
    "jd.p.exposed_item": Msg("{party} (loss {loss} {unit} in '{scenario}'{share})", "{party}（在“{scenario}”情景中损失 {loss}{unit}{share}）"),
    "jd.p.exposed_share": Msg(", {share} of capital", "，占资本的 {share}"),
    "jd.p.fals": Msg("Of {n} falsifiers, {t} triggered and {w} weakening.", "在 {n} 个证伪条件中，{t} 个已触发，{w} 个减弱。"),
    "jd.p.fals_list": Msg("Of {n} falsifiers, {t} triggered and {w} weakening ({items}).",
                          "在 {n} 个证伪条件中，{t} 个已触发，{w} 个减弱（{items}）。"),
    "jd.p.stale": Msg("{n} signal(s) are stale (older than the staleness limit).", "{n} 个信号已过时（超过时效期限）。"),
    "jd.sep": Msg("; ", "；"),
    "jd.list_sep": Msg(", ", "、"),
    # ---- the CLI verdict (cli/verdict.py)
    "jd.cli.rule": Msg("rule: {why}", "规则：{why}"),
    "jd.cli.above": Msg("above", "不低于"),
    "jd.cli.below": Msg("below", "不高于"),
    # ---- judgement blocks (report/sections/_judgement.py)
    "jd.no_verdict": Msg("no verdict", "不作结论"),
    "jd.head": Msg(" · stage <b>{stage}</b> · as of <b>{as_of}</b>", " · 阶段 <b>{stage}</b> · 截至 <b>{as_of}</b>"),
    "jd.head_score": Msg(" · score {s}", " · 得分 {s}"),
    "jd.stale": Msg("Stale inputs: {n} signal(s) rest on data more than {days} days older than {as_of}: {names}{more}.",
                    "过时输入：{n} 个信号所依据的数据比 {as_of} 早 {days} 天以上：{names}{more}。"),
    "jd.headlines": Msg("Headline numbers with their ranges", "关键数字及其区间"),
    "jd.col.quantity": Msg("Quantity", "指标"),
    "jd.col.low": Msg("Low", "低"),
    "jd.col.central": Msg("Central", "中"),
    "jd.col.high": Msg("High", "高"),
    "jd.col.unit": Msg("Unit", "单位"),
    "jd.col.published": Msg("Published estimates", "已发布的估计"),
    "jd.hl.revenue": Msg("Revenue needed in {y} for a return on the AI capex", "{y} 年 AI 资本开支获得回报所需的收入"),
    "jd.hl.revenue_any": Msg("Revenue needed a year for a return on the AI capex", "AI 资本开支获得回报每年所需的收入"),
    "jd.hl.stress": Msg("Losses on the exposure network across {n} shock scenarios", "风险敞口网络在 {n} 个冲击情景下的损失"),
    # the published estimates beside the revenue needed (economics/published.py labels)
    "jd.hl.pub.sequoia_2023": Msg("Sequoia 2023 ($200B question)", "红杉资本 2023 年（“2,000 亿美元之问”）"),
    "jd.hl.pub.sequoia_2024": Msg("Sequoia 2024 ($600B question)", "红杉资本 2024 年（“6,000 亿美元之问”）"),
    "jd.hl.pub.sequoia_2025": Msg("Sequoia 2025 update (~$840B)", "红杉资本 2025 年更新（约 8,400 亿美元）"),
    "jd.hl.pub.jpm_iphone": Msg("JPMorgan: $34.72 a month from every iPhone user", "摩根大通：每位 iPhone 用户每月 34.72 美元"),
    "jd.hl.pub.jpm_netflix": Msg("JPMorgan: $180 a month from every Netflix subscriber",
                                 "摩根大通：每位 Netflix 订阅用户每月 180 美元"),
    "jd.hl.pub.jpm_roic": Msg("JPMorgan 10% return, perpetuity on the article's $5trn",
                              "摩根大通：10% 回报率，以原文的 5 万亿美元按永续年金计算"),
    "jd.hl.pub.bain": Msg("Bain: $2trn of revenue by 2030", "贝恩：到 2030 年需要 2 万亿美元收入"),
    "jd.unit.bn_yr": Msg("USD bn/yr", "十亿美元/年"),
    "jd.unit.bn": Msg("USD bn", "十亿美元"),
    "jd.fal.title": Msg("What would change the verdict (falsifier watch)", "什么会改变结论（证伪条件监测）"),
    "jd.fal.intro": Msg(
        "Each condition, if met, argues against the bubble reading. <b>holding</b>: the bubble case holds on this "
        "count; <b>weakening</b>: past the warning level; <b>triggered</b>: the condition is met. Add your own with "
        "<code>bubblescope verdict --falsifiers FILE</code>.",
        "每个条件一旦满足，就构成反对泡沫判断的证据。<b>维持</b>：就此项而言泡沫判断成立；<b>减弱</b>：已越过预警水平；"
        "<b>已触发</b>：条件已满足。可用 <code>bubblescope verdict --falsifiers FILE</code> 添加自己的条件。"),
    "jd.col.condition": Msg("Condition", "条件"),
    "jd.col.threshold": Msg("Threshold", "阈值"),
    "jd.col.reading": Msg("Reading", "读数"),
    "jd.col.status": Msg("Status", "状态"),
    "jd.col.source": Msg("Source", "来源"),
    "jd.signals": Msg("Signals behind the verdict", "结论背后的信号"),
    "jd.col.family": Msg("Family", "类别"),
    "jd.col.score": Msg("Score", "得分"),
    "jd.col.weight_used": Msg("Weight used", "实际权重"),
    "jd.col.speaking": Msg("Speaking", "可用信号"),
    "jd.col.note": Msg("Note", "说明"),
    "jd.col.signal": Msg("Signal", "信号"),
    "jd.col.bubble": Msg("Bubble (0–1)", "泡沫读数（0–1）"),
    "jd.col.weight": Msg("Weight", "权重"),
    "jd.col.as_of": Msg("As of", "截至"),
    "jd.col.rule": Msg("Rule / reason", "规则 / 原因"),
    "jd.not_counted": Msg("not counted", "不计入"),
    "jd.stale_tag": Msg(" (stale)", "（过时）"),
    "jd.method": Msg("Methodology: how the verdict is computed", "方法：结论如何计算"),
    "jd.why_this": Msg("Why this verdict: {why}.", "为何得出此结论：{why}。"),
    "jd.track": Msg("Backtest of this rule on the historical catalogue ({note}): bubbles flagged in the run-up "
                    "{hits}/{bubbles} (95% interval {ci}); calm spans with a false alarm {fa}/{calm} ({ci2}); "
                    "misses: {misses}.",
                    "该规则在历史案例库上的回测（{note}）：上涨阶段被识别出的泡沫 {hits}/{bubbles}（95% 区间 {ci}）；"
                    "出现误报的平静时段 {fa}/{calm}（{ci2}）；漏报：{misses}。"),
    "jd.track_note": Msg("Only the market-test and valuation families exist historically; the rule is applied to them "
                         "with the same weights, re-normalised.",
                         "历史上只有市场检验和估值两个类别的数据；规则以相同权重（重新归一化后）应用于这两类。"),
    "jd.track_na": Msg("Track record: not available ({reason}).", "历史表现：暂无（{reason}）。"),
    "jd.bt.no_file": Msg("no validation file (run `make backtest`, then pass --backtest docs)",
                         "没有验证文件（先运行 make backtest，再传入 --backtest docs）"),
    "jd.bt.no_rule": Msg("the validation file has no backtest of the verdict rule (regenerate it with `make backtest`)",
                         "验证文件中没有结论规则的回测（请用 make backtest 重新生成）"),
    "jd.cards": Msg("Methodology of each card (how, validation, limits)", "各卡片的方法（计算方式、验证、局限）"),
    "jd.col.card": Msg("Card", "卡片"),
    "jd.col.how": Msg("How it is computed", "计算方式"),
    "jd.col.validation": Msg("Validation", "验证"),
    "jd.col.limits": Msg("Known limits", "已知局限"),
    "jd.ledger": Msg("Forecast ledger (recorded verdicts)", "预测台账（已记录的结论）"),
    "jd.col.episode": Msg("Episode", "案例"),
    "jd.col.verdict": Msg("Verdict", "结论"),
    "jd.col.stage": Msg("Stage", "阶段"),
    "jd.col.version": Msg("Version", "版本"),
    "jd.col.hash": Msg("Hash", "哈希"),
    "jd.timeline": Msg("What the tool would have said at the time", "本工具在当时会得出的结论"),
    "jd.timeline_note": Msg("Each row is computed from the data up to that date only (the evidence base is not cut by "
                            "date).", "每一行只用截至该日期的数据计算（证据库不按日期截取）。"),
    "jd.col.main_index": Msg("Main index", "主要指数"),
    "jd.tl.market": Msg("{series}: {ru} from the low, {dd} below the high", "{series}：较低点 {ru}，较高点下跌 {dd}"),
    "jd.overlay": Msg("Peak-aligned overlay", "顶点对齐叠加图"),
    "jd.overlay_na": Msg("Not available: {reason}.", "暂无：{reason}。"),
    "jd.no_data": Msg("no data", "没有数据"),
    "jd.overlay_title": Msg("Today's leaders against the Nasdaq 1995–2002", "当今领涨股与 1995–2002 年纳斯达克的对比"),
    "jd.overlay_note": Msg(
        "Left: each series divided by its close at the start of its episode (log scale). Right: each series divided "
        "by its highest close so far, months from that high; for today's leaders the high to date is a peak only if "
        "it holds.",
        "左图：各序列除以其案例起点的收盘价（对数刻度）。右图：各序列除以迄今最高收盘价，横轴为距该高点的月数；"
        "对当今的领涨股而言，迄今高点只有在守住时才是真正的顶点。"),
    "jd.overlay_src": Msg("Closes from the data folder / cache: {names}.", "收盘价来自数据文件夹 / 缓存：{names}。"),
    "jd.ov.left": Msg("From the start of the run-up (×)", "自上涨起点起（倍）"),
    "jd.ov.right": Msg("Relative to the high (1 = the high)", "相对高点（1 = 高点）"),
    "jd.ov.x1": Msg("months since the start", "距起点的月数"),
    "jd.ov.y1": Msg("price / price at the start", "价格 / 起点价格"),
    "jd.ov.x2": Msg("months from the high", "距高点的月数"),
    "jd.ov.y2": Msg("price / highest close", "价格 / 最高收盘价"),
}
