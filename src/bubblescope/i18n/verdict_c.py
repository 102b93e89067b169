"""Catalogue entries of the four-factor (``ff.``) and comparison (``cmp.``) sections, the falsifier phrases
(``fal.``) and the rubric's criteria (``ff.crit.``)."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

VERDICT_C: dict[str, Msg] = {
    # ---- four-factor section
    "ff.title": Msg("Four-factor bubble score", "四因素泡沫得分"),
    "ff.override": Msg("override", "人工调整"),
    "ff.overridden": Msg("overridden", "已人工调整"),
    "ff.computed": Msg("computed {n}/2", "计算值 {n}/2"),
    "ff.computed_total": Msg("computed {n}/8", "计算值 {n}/8"),
    "ff.analyst_override": Msg("Analyst override:", "分析师人工调整："),
    "ff.rubric": Msg("Rubric: {r}", "评分规则：{r}"),
    "ff.control": Msg(" (control)", "（对照组）"),
    "ff.intro": Msg("Goldfarb &amp; Kirsch four factors, 0–2 points each. Every point links to its evidence below.",
                    "Goldfarb 与 Kirsch 的四个因素，每项 0–2 分。每一分都链接到下方的证据。"),
    "ff.col.factor": Msg("Factor", "因素"),
    "ff.col.points": Msg("Points", "得分"),
    "ff.col.basis": Msg("Basis", "依据"),
    "ff.col.rationale": Msg("Rationale", "理由"),
    "ff.col.evidence": Msg("Evidence", "证据"),
    "ff.r.mean": Msg(" (mean {m}, rounded half up)", "（平均 {m}，四舍五入）"),
    "ff.r.coded": Msg("coded assessment {p}: {c}", "分析师编码评估 {p} 分：{c}"),
    "ff.r.none": Msg("no evidence for this factor: scored 0", "该因素没有证据：记 0 分"),
    "ff.loo_na": Msg("Out-of-sample test not available: {reason}.", "样本外检验暂无：{reason}。"),
    "ff.loo_yes": Msg("reaches the threshold: called a bubble", "达到临界值：判定为泡沫"),
    "ff.loo_no": Msg("stays below the threshold: not called a bubble", "低于临界值：不判定为泡沫"),
    "ff.loo": Msg(
        "<strong>Out of sample.</strong> Leave-one-out over {n} labelled episodes: accuracy {acc}, AUC {auc} ({tb} "
        "bubbles called, {mb} missed, {fa} false alarms, {tn} non-bubbles cleared). Bubble call: total at least "
        "{k}/8; this episode {verdict}. Most points of the comparison set are coded by bubblescope from the sources "
        "named, with the outcome known, so this measures consistency, not a blind forecast.",
        "<strong>样本外检验。</strong>对 {n} 个已标注案例做留一法检验：准确率 {acc}，AUC {auc}（识别出泡沫 {tb} 个，"
        "漏报 {mb} 个，误报 {fa} 个，正确排除非泡沫 {tn} 个）。泡沫判定：总分至少 {k}/8；本案例{verdict}。"
        "比较集中的大多数分数由 bubblescope 依据所列来源编码，且编码时结果已知，因此这衡量的是一致性，而不是盲测预测。"),
    "ff.fig_title": Msg("Four-factor score: {name} {total}/8", "四因素得分：{name} {total}/8"),
    "ff.rubric_override": Msg(" (override)", "（人工调整）"),
    "ff.fig_computed": Msg("computed", "计算值"),
    "ff.unit.years": Msg("years", "年"),
    "ff.unit.families": Msg("families", "类"),
    # ---- the rubric's criteria (framework/rubric.yaml), shown in a coded factor's rationale
    "ff.crit.uncertainty.0": Msg('The way to make money is known and proven; revenue covers the investment; profits come within ~3 years.',
                          '盈利方式已知且已被验证；收入足以覆盖投资；约 3 年内实现盈利。'),
    "ff.crit.uncertainty.1": Msg('Part of the business model is proven; revenue covers a fair share of what the investment needs, or profits are 3-6 years away.',
                          '商业模式部分得到验证；收入覆盖了投资所需的相当一部分，或距盈利还有 3–6 年。'),
    "ff.crit.uncertainty.2": Msg('Commercial value is vague; revenue covers under ~15% of what the investment needs, or profits are 6+ years away.',
                          '商业价值模糊；收入覆盖不到投资所需的约 15%，或距盈利还有 6 年以上。'),
    "ff.crit.pure_plays.0": Msg('No listed or fundable firm rests mainly on the technology; it sits inside diversified incumbents.',
                          '没有主要依赖该技术的上市或可融资公司；该技术存在于多元化的现有企业内部。'),
    "ff.crit.pure_plays.1": Msg('Some pure plays exist but hold a small share of market value or of risk capital.',
                          '存在一些纯概念公司，但其在市值或风险资本中的占比很小。'),
    "ff.crit.pure_plays.2": Msg('Pure plays are numerous or large - at least ~3% of stock-market value, ~30% of venture funding, or 100+ new pure-play companies in a year.',
                          '纯概念公司数量众多或规模很大——至少占股市市值的约 3%、风险投资的约 30%，或一年内新增 100 家以上纯概念公司。'),
    "ff.crit.novice_investors.0": Msg("Investment stays with specialists and incumbents' balance sheets; no retail or leverage surge.",
                          '投资仍集中在专业机构和现有企业的资产负债表上；散户和杠杆没有激增。'),
    "ff.crit.novice_investors.1": Msg('Some retail participation or leverage growth (margin debt up 20-50% in two years).',
                          '有一定散户参与或杠杆增长（融资余额两年内增长 20–50%）。'),
    "ff.crit.novice_investors.2": Msg('Retail money floods in; margin debt up 50%+ in two years, or easy-entry vehicles (small deposits, apps) bring in first-time investors.',
                          '散户资金大量涌入；融资余额两年内增长 50% 以上，或低门槛渠道（小额入金、应用程序）吸引首次投资者入市。'),
    "ff.crit.narratives.0": Msg("No investment story beyond the product's ordinary merits.",
                          '除产品本身的一般优点外，没有其他投资故事。'),
    "ff.crit.narratives.1": Msg('One or two narrative families (e.g. bubble talk, a new-era claim) circulate.',
                          '有一到两类叙事（如泡沫论、新时代论）在流传。'),
    "ff.crit.narratives.2": Msg('Four or more narrative families (inevitability, scaling, rival race, new era, world-changing promises, FOMO...) coordinate beliefs.',
                          '四类或更多叙事（必然性、规模定律、对手竞赛、新时代、改变世界的承诺、错失恐惧……）协同塑造市场信念。'),
    # ---- comparison section
    "cmp.title": Msg("Episode comparison", "案例比较"),
    "cmp.control": Msg("control", "对照组"),
    "cmp.bubble": Msg("bubble", "泡沫"),
    "cmp.no_bubble": Msg("no bubble", "非泡沫"),
    "cmp.unlabelled": Msg("unlabelled", "未标注"),
    "cmp.col.rank": Msg("#", "排名"),
    "cmp.col.episode": Msg("Episode", "案例"),
    "cmp.col.outcome": Msg("Outcome", "结果"),
    "cmp.col.total": Msg("Total", "总分"),
    "cmp.col.sub": Msg("Sub-score", "次级得分"),
    "cmp.col.unc": Msg("Unc.", "不确定性"),
    "cmp.col.pure": Msg("Pure", "纯概念"),
    "cmp.col.novice": Msg("Novice", "新手"),
    "cmp.col.narr": Msg("Narr.", "叙事"),
    "cmp.col.measured": Msg("Measured", "实测比例"),
    "cmp.intro": Msg(
        "Ranked by total, then by the sub-score (mean percentile of the factors among the compared episodes); equal "
        "total and sub-score share a rank. * marks an analyst override. Outcome labels are coded by bubblescope from "
        "the sources named in the evidence base.",
        "按总分排序，其次按次级得分（各因素在比较案例中的平均百分位）；总分与次级得分都相同者并列。* 表示分析师人工调整。"
        "结果标签由 bubblescope 依据证据库中所列来源编码。"),
    "cmp.fig_title": Msg("Four-factor score by episode (0–8)", "各案例的四因素得分（0–8）"),
    "cmp.points": Msg("points", "分"),
    "cmp.coded_from": Msg("{outcome} coded by bubblescope from {v_src}", "{outcome}，由 bubblescope 依据 {v_src} 编码"),
    # ---- falsifiers (packaged conditions of evidence/falsifiers/*.yaml, and their notes)
    "fal.revenue": Msg("AI revenue covers at least half of the revenue needed for a return on the capex",
                       "AI 收入至少覆盖资本开支获得回报所需收入的一半"),
    "fal.ocf": Msg("The hyperscalers fund their capex from operating cash flow (share of capex funded by OCF at least "
                   "{p})", "超大规模云厂商以经营现金流支撑资本开支（由经营现金流支撑的资本开支比例至少 {p}）"),
    "fal.gpu": Msg("GPU rental prices hold up (H100 rental price down no more than {p} over {m} months)",
                   "GPU 租赁价格保持稳定（H100 租赁价格 {m} 个月内跌幅不超过 {p}）"),
    "fal.power": Msg("The power gap closes (planned AI data-centre load covered by contracted supply, share at least "
                     "{x})", "电力缺口收窄（已签约供电覆盖规划中的 AI 数据中心负荷，比例至少 {x}）"),
    "fal.cape": Msg("The market's valuation falls back to a level seen outside bubbles (Shiller CAPE at most {q_x})",
                    "市场估值回落到泡沫之外常见的水平（Shiller 周期调整市盈率不超过 {q_x}）"),
    "fal.no_signal": Msg("no such signal in this run", "本次运行中没有该信号"),
    "fal.no_value": Msg("the signal has no value", "该信号没有数值"),
    "fal.dated_after": Msg("the evidence value is dated {d}, after {d2}", "该证据数值的日期为 {d}，晚于 {d2}"),
    "fal.unit.share": Msg("share", "比例"),
    "fal.unit.change": Msg("change", "变动"),
    "fal.unit.x": Msg("x", "倍"),
}
