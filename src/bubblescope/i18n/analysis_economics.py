"""Catalogue entries of the investment-economics section (``eco.``) and of its figures (``chart.eco_``):
its sentences, the published estimates (``eco.pub.<name>.label`` / ``.note``, economics.published), the
summaries and units the economics package writes in English (read by ``report.sections._analysis_zh.known``)."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

ECONOMICS: dict[str, Msg] = {
    "eco.needs_scenario": Msg(
        "an investment-economics scenario for this episode (the packaged base/bear/bull scenarios describe the AI "
        "boom; see bubblescope capex FILE)",
        "本轮热潮的投资经济学情景（随包提供的三个情景（基准、悲观、乐观）描述的是 AI 热潮；参见 bubblescope capex FILE）"),
    "eco.needs_complete": Msg(
        "the revenue-needed range and the published estimates (economics.complete_assessment was not run)",
        "所需收入区间与已发表的估算（未运行 economics.complete_assessment）"),
    "eco.headline": Msg(
        "Revenue needed in {year}: <b>{central} USD bn a year</b> (range {low} to {high}: scenarios {s0} / {s1} / "
        "{s2}), against {actual} of AI revenue: coverage {coverage}. Each year's capex from 2023 earns the target "
        "return over its own lives (chips over their economic life, buildings over the facility life). Change any "
        "input with <code>bubblescope capex --set name=value</code>.",
        "{year} 年所需收入：<b>每年 {central}</b>（区间 {low} 至 {high}：分别对应 {s0} / {s1} / {s2} 情景），而 AI 实际"
        "收入为 {actual}：覆盖率 {coverage}。自 2023 年起每年的资本开支都要在其各自的使用年限内（芯片按经济寿命，"
        "建筑按设施寿命）赚取目标回报。用 <code>bubblescope capex --set name=value</code> 可修改任一输入。"),
    "eco.scen.bull": Msg("bull", "乐观"),
    "eco.scen.base": Msg("base", "基准"),
    "eco.scen.bear": Msg("bear", "悲观"),
    "eco.whole": Msg(
        "The whole $5trn treated as invested at once (method {method}) would need {required} a year; it is shown "
        "among the methods below, not as the headline.",
        "若把全部 5 万亿美元视为一次性投入（方法 {method}），每年需要 {required}；它列在下方各方法之中，不作为主要结论。"),
    "eco.published_title": Msg("Published estimates, each redone by its own method (USD bn/yr unless stated)",
                               "已发表的估算，各按其自身方法重算（除另有说明外，单位为十亿美元/年）"),
    "eco.th.estimate": Msg("Estimate", "估算"),
    "eco.th.method": Msg("Method", "方法"),
    "eco.th.result": Msg("Result", "重算结果"),
    "eco.th.paper": Msg("Paper", "原文数值"),
    "eco.th.difference": Msg("Difference", "差异"),
    "eco.th.note": Msg("Note", "说明"),
    "eco.by_method_title": Msg("Revenue needed by method (USD bn/yr)", "各方法所需收入（十亿美元/年）"),
    "eco.th.required": Msg("Required", "所需收入"),
    "eco.th.gap": Msg("Gap", "缺口"),
    "eco.inputs_summary": Msg("Every input with its source", "每项输入及其来源"),
    "eco.th.input": Msg("Input", "输入"),
    "eco.th.value": Msg("Value", "数值"),
    "eco.th.unit": Msg("Unit", "单位"),
    "eco.th.source": Msg("Source", "来源"),
    "eco.headline_badge": Msg("headline", "主要结论"),
    # published estimates (economics.published SPECS), by name
    "eco.pub.sequoia_2023.label": Msg("Sequoia 2023 ($200B question)", "红杉资本 2023（“2000 亿美元之问”）"),
    "eco.pub.sequoia_2024.label": Msg("Sequoia 2024 ($600B question)", "红杉资本 2024（“6000 亿美元之问”）"),
    "eco.pub.sequoia_2025.label": Msg("Sequoia 2025 update (~$840B)", "红杉资本 2025 年更新（约 8400 亿美元）"),
    "eco.pub.sequoia_2025.note": Msg(
        "Cahn's run-rate is not published: Nvidia's data-centre revenue of the quarter to October 2025 x 4.",
        "Cahn 的年化收入未公开：取英伟达截至 2025 年 10 月当季的数据中心收入 × 4。"),
    "eco.pub.jpmorgan_iphone.label": Msg("JPMorgan: $34.72 a month from every iPhone user",
                                         "摩根大通：每位 iPhone 用户每月 34.72 美元"),
    "eco.pub.jpmorgan_iphone.note": Msg(
        "JPMorgan's own restatement of its 650: a consistency check of the framing, not of the 10% model.",
        "摩根大通对其 6500 亿美元的另一种表述：检验的是这一表述的自洽性，而不是 10% 回报模型本身。"),
    "eco.pub.jpmorgan_netflix.label": Msg("JPMorgan: $180 a month from every Netflix subscriber",
                                          "摩根大通：每位 Netflix 订阅者每月 180 美元"),
    "eco.pub.jpmorgan_netflix.note": Msg("As above, the second framing.", "同上，第二种表述。"),
    "eco.pub.jpmorgan_roic.label": Msg("JPMorgan 10% return, perpetuity on the article's $5trn",
                                       "摩根大通 10% 回报，按文章的 5 万亿美元作永续年金"),
    "eco.pub.jpmorgan_roic.note": Msg(
        "JPMorgan's modelled investment and margin are not published; I = $5trn and m = the scenario's operating "
        "margin.",
        "摩根大通模型中的投资额与利润率未公开；取 I = 5 万亿美元，m = 情景中的营业利润率。"),
    "eco.pub.bain_2030.label": Msg("Bain: $2trn of revenue by 2030", "贝恩：到 2030 年需 2 万亿美元收入"),
    "eco.pub.economist_gdp.label": Msg("The Economist: a dotcom-style crash costs 1.6% of GDP",
                                       "《经济学人》：一次互联网泡沫式崩盘将造成 GDP 的 1.6%"),
    "eco.pub.economist_gdp.note": Msg(
        "The article does not print the crash; the S&P 500's 2000-2002 fall (49.1%) is used, not one back-solved "
        "from 1.6%.",
        "文章未给出跌幅；此处采用标普 500 在 2000–2002 年的跌幅（49.1%），而不是由 1.6% 反推的跌幅。"),
    "eco.pub.morgan_stanley_gap.label": Msg("Morgan Stanley: $1.5trn financing gap 2025-2028",
                                            "摩根士丹利：2025–2028 年 1.5 万亿美元融资缺口"),
    "eco.method.run_rate": Msg("run-rate x 2 x 2", "年化收入 × 2 × 2"),
    "eco.method.per_user": Msg("payment x 12 x users", "月付 × 12 × 用户数"),
    "eco.method.bain": Msg("capex / (capex / revenue)", "资本开支 / （资本开支 / 收入）"),
    "eco.method.wealth": Msg("wealth x crash x MPC / GDP", "财富 × 跌幅 × 边际消费倾向 / GDP"),
    "eco.method.financing": Msg("capex - cash-flow cover", "资本开支 − 现金流覆盖"),
    # summaries (economics.depreciation, chips, power)
    "eco.sum.dep_share": Msg(
        "Depreciation at a {econ}-year economic life vs the reported {rep} years: understated by {gap} USD bn over "
        "{period} ({share} of reported pre-tax income)",
        "按 {econ} 年经济寿命而非报告的 {rep} 年计提折旧：{period} 期间折旧少计 {gap} 十亿美元（占报告税前利润的 {share}）"),
    "eco.sum.dep": Msg(
        "Depreciation at a {econ}-year economic life vs the reported {rep} years: understated by {gap} USD bn over "
        "{period}",
        "按 {econ} 年经济寿命而非报告的 {rep} 年计提折旧：{period} 期间折旧少计 {gap} 十亿美元"),
    "eco.sum.chips_be": Msg(
        "At {gain}x performance per dollar every {cadence} years a chip loses half its value in {half} years; idle "
        "{idle} years it loses {loss} USD ({share} of cost); break-even utilisation {be}",
        "若每 {cadence} 年单位美元性能提升 {gain} 倍，芯片 {half} 年即损失一半价值；闲置 {idle} 年损失 {loss} 美元"
        "（占成本的 {share}）；盈亏平衡利用率 {be}"),
    "eco.sum.chips": Msg(
        "At {gain}x performance per dollar every {cadence} years a chip loses half its value in {half} years; idle "
        "{idle} years it loses {loss} USD ({share} of cost)",
        "若每 {cadence} 年单位美元性能提升 {gain} 倍，芯片 {half} 年即损失一半价值；闲置 {idle} 年损失 {loss} 美元"
        "（占成本的 {share}）"),
    "eco.sum.power_range": Msg(
        "{capex} USD bn a year of capex implies {gw} GW a year; each year of delay idles {idle} USD bn of equipment "
        "(cost {cost} USD bn a year); with {q} year queues idle capex is {lo}-{hi} USD bn",
        "每年 {capex} 十亿美元的资本开支意味着每年 {gw} GW 的用电需求；每延误一年就有 {idle} 十亿美元设备闲置"
        "（每年成本 {cost} 十亿美元）；若并网排队 {q} 年，闲置资本开支为 {lo}–{hi} 十亿美元"),
    "eco.sum.power_one": Msg(
        "{capex} USD bn a year of capex implies {gw} GW a year; each year of delay idles {idle} USD bn of equipment "
        "(cost {cost} USD bn a year); with a {q}-year queue idle capex is {lo} USD bn",
        "每年 {capex} 十亿美元的资本开支意味着每年 {gw} GW 的用电需求；每延误一年就有 {idle} 十亿美元设备闲置"
        "（每年成本 {cost} 十亿美元）；若并网排队 {q} 年，闲置资本开支为 {lo} 十亿美元"),
    "eco.sum.power": Msg(
        "{capex} USD bn a year of capex implies {gw} GW a year; each year of delay idles {idle} USD bn of equipment "
        "(cost {cost} USD bn a year)",
        "每年 {capex} 十亿美元的资本开支意味着每年 {gw} GW 的用电需求；每延误一年就有 {idle} 十亿美元设备闲置"
        "（每年成本 {cost} 十亿美元）"),
    # units of the scenario's inputs
    "eco.unit.usd_bn": Msg("USD bn", "十亿美元"),
    "eco.unit.usd": Msg("USD", "美元"),
    "eco.unit.usd_bn_gw": Msg("USD bn/GW", "十亿美元/GW"),
    "eco.unit.usd_h": Msg("USD/h", "美元/小时"),
    "eco.unit.year": Msg("year", "年"),
    "eco.unit.years": Msg("years", "年"),
    # figures (economics.charts)
    "eco.fig_source": Msg("bubblescope economics, scenario {name!r}; every input with its source: bubblescope capex {name}",
                          "bubblescope 投资经济学，情景 {name!r}；每项输入及其来源可用 capex 命令查看"),
    "eco.chip_x": Msg("economic life of AI chips (years)", "AI 芯片的经济寿命（年）"),
    "eco.chip_y": Msg("revenue gap, USD bn/yr", "收入缺口，十亿美元/年"),
    "eco.chip_title": Msg("Depreciation sensitivity: gap vs chip life", "折旧敏感性：缺口与芯片寿命"),
    "chart.eco_gap_title": Msg("Revenue gap (headline method)", "收入缺口（主要方法）"),
    "chart.eco_usd_bn_year": Msg("USD bn per year", "十亿美元/年"),
    "chart.eco_usd_bn": Msg("USD bn", "十亿美元"),
    "chart.eco_actual": Msg("actual AI revenue", "AI 实际收入"),
    "chart.eco_gap": Msg("gap", "缺口"),
    "chart.eco_required": Msg("required ({method})", "所需收入（{method}）"),
    "chart.eco_revenue_gap": Msg("revenue_gap", "收入缺口"),
    "chart.eco_capex_need": Msg("capex need", "资本开支需求"),
    "chart.eco_ocf": Msg("operating cash flow", "经营现金流"),
    "chart.eco_private_credit": Msg("private_credit", "私募信贷"),
    "chart.eco_corporate_bonds": Msg("corporate_bonds", "公司债"),
    "chart.eco_abs": Msg("abs", "资产支持证券"),
    "chart.eco_pe_sovereign": Msg("pe_sovereign", "私募股权与主权基金"),
    "chart.eco_spv": Msg("spv", "特殊目的实体"),
    "chart.eco_financing": Msg("Financing {when}: capex, cash flow and external sources (gap {gap} = {share})",
                               "融资 {when}：资本开支、现金流与外部来源（缺口 {gap} = {share}）"),
    "chart.eco_financing_all": Msg("Financing: capex, cash flow and external sources (gap {gap} = {share})",
                                   "融资：资本开支、现金流与外部来源（缺口 {gap} = {share}）"),
}
