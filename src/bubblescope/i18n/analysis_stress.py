"""Catalogue entries of the stress section (``sts.``): its sentences, the packaged scenarios' titles
(``sts.scen.<id>``), the packaged AI network's node names (``sts.node.<id>``; firm names stay as they are,
marked ``translate='no'``) and node types, the wealth-effect summary lines and the figures' texts."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

_NT = "<span translate='no'>{}</span>"

STRESS: dict[str, Msg] = {
    "sts.needs_network": Msg("an exposure network for {episode} (bubblescope stress --network FILE takes your own)",
                             "{episode} 的风险敞口网络（bubblescope stress --network FILE 可使用你自己的网络）"),
    "sts.amounts": Msg(
        "Amounts in {unit}. Each edge of the network has a source and date (hover the graph's edge midpoints; full "
        "list in report.json).",
        "金额单位：{unit}。网络中的每条边都有来源和日期（将鼠标悬停在图中边的中点上查看；完整列表见 <span translate='no'>report.json</span>）。"),
    "sts.default_title": Msg("What default means here.", "这里的“违约”是什么意思。"),
    "sts.default_rest": Msg(
        "A creditor loses the unpaid share of its funded claims; a supplier loses the profit on contracts that are "
        "not paid (margin times lost revenue, discounted), not the revenue; letters of intent and up-to investments "
        "lapse.",
        "债权人损失其已出资债权中未获偿付的部分；供应商损失的是未获付款合同的利润（利润率乘以损失的收入，再折现），"
        "而不是收入本身；意向书和“最高可达”式投资承诺随之失效。"),
    "sts.default_meaning": Msg(
        "A node defaults when its losses in the scenario reach its equity (book capital), or, in Eisenberg-Noe "
        "clearing, when its liquid assets plus the payments it receives do not cover the funded claims it owes. Lost "
        "future profit on contracts is a loss of equity value, not a missed payment; unfunded commitments lapse and "
        "cost nothing.",
        "当一个节点在情景中的损失达到其权益（账面资本）时即视为违约；在艾森伯格–诺伊清算模型中，当其流动资产加上收到的"
        "付款不足以偿付其所欠的已出资债权时也视为违约。合同未来利润的损失是权益价值的损失，而不是付款违约；未出资的"
        "承诺随之失效，不产生成本。"),
    "sts.scenarios_title": Msg("Scenarios on this network", "该网络上的各情景"),
    "sts.th.scenario": Msg("Scenario", "情景"),
    "sts.th.total": Msg("Total loss", "总损失"),
    "sts.th.direct": Msg("Direct", "直接损失"),
    "sts.th.contagion": Msg("Contagion", "传染损失"),
    "sts.th.defaults": Msg("Defaults", "违约数"),
    "sts.losses_title": Msg("Losses: {scenario}", "损失：{scenario}"),
    "sts.th.node": Msg("Node", "节点"),
    "sts.th.type": Msg("Type", "类型"),
    "sts.th.loss": Msg("Loss", "损失"),
    "sts.th.loss_equity": Msg("Loss/equity", "损失/权益"),
    "sts.default": Msg("default", "违约"),
    "sts.nd": Msg("n/d", "无数据"),
    "sts.wealth_title": Msg("Wealth effect", "财富效应"),
    "sts.unit.USD bn": Msg("USD bn", "十亿美元"),
    "sts.network_title": Msg("{scenario} — losses by node ({method}, {unit})", "{scenario}——各节点损失（{method}，{unit}）"),
    # packaged scenarios (stress/scenarios/*.yaml), by id
    "sts.scen.ai-bust": Msg("AI bust: OpenAI pays 70%, GPUs −50%, AI equities −50%",
                            "AI 泡沫破裂：OpenAI 仅支付 70%，GPU 贬值 50%，AI 股票下跌 50%"),
    "sts.scen.ai-equities-halve": Msg("AI equities −50%", "AI 股票下跌 50%"),
    "sts.scen.dotcom-crash-sp500": Msg("Dotcom-size crash of all US stocks (−49.1%, the S&P 500's 2000–2002 fall)",
                                       "全部美股发生互联网泡沫规模的崩盘（−49.1%，即标普 500 在 2000–2002 年的跌幅）"),
    "sts.scen.dotcom-style-crash": Msg("Dotcom-style crash of all US stocks (−37%)", "全部美股发生互联网泡沫式崩盘（−37%）"),
    "sts.scen.gpu-value-halves": Msg("GPU value −50%", "GPU 价值下跌 50%"),
    "sts.scen.openai-shortfall": Msg("OpenAI revenue 30% below plan", "OpenAI 收入比计划低 30%"),
    # node types (stress networks)
    "sts.type.ai_lab": Msg("ai_lab", "AI 实验室"),
    "sts.type.asset_manager": Msg("asset_manager", "资产管理人"),
    "sts.type.bank": Msg("bank", "银行"),
    "sts.type.bondholders": Msg("bondholders", "债券持有人"),
    "sts.type.chipmaker": Msg("chipmaker", "芯片制造商"),
    "sts.type.cloud": Msg("cloud", "云服务商"),
    "sts.type.data_centre_developer": Msg("data_centre_developer", "数据中心开发商"),
    "sts.type.equity_market": Msg("equity_market", "股票市场"),
    "sts.type.households": Msg("households", "居民部门"),
    "sts.type.hyperscaler": Msg("hyperscaler", "超大规模云厂商"),
    "sts.type.investor": Msg("investor", "投资者"),
    "sts.type.neocloud": Msg("neocloud", "新兴云厂商"),
    "sts.type.private_credit": Msg("private_credit", "私募信贷"),
    "sts.type.spv": Msg("spv", "特殊目的实体"),
    # node names of the packaged AI network (stress/networks), by id
    "sts.node.us-households": Msg("US households", "美国居民部门"),
    "sts.node.microsoft": Msg("Microsoft", "微软"),
    "sts.node.oracle-bondholders": Msg("Oracle bondholders", "甲骨文债券持有人"),
    "sts.node.amazon": Msg("Amazon (AWS)", "亚马逊（AWS）"),
    "sts.node.softbank": Msg("SoftBank Group", "软银集团"),
    "sts.node.meta": Msg("Meta Platforms", "Meta 公司"),
    "sts.node.oracle": Msg("Oracle", "甲骨文"),
    "sts.node.nvidia": Msg("Nvidia", "英伟达"),
    "sts.node.beignet": Msg("Beignet Investor LLC (Hyperion data-centre JV)",
                            _NT.format("Beignet Investor LLC") + "（Hyperion 数据中心合资企业）"),
    "sts.node.blue-owl": Msg("Blue Owl Capital funds", _NT.format("Blue Owl Capital") + " 旗下基金"),
    "sts.node.pimco": Msg("PIMCO (client funds)", "PIMCO（客户资金）"),
    "sts.node.hyperion-noteholders": Msg("Other Hyperion noteholders (e.g. BlackRock funds)",
                                         "Hyperion 的其他票据持有人（如贝莱德旗下基金）"),
    "sts.node.vantage": Msg("Vantage Data Centers (Oracle-leased campuses)",
                            _NT.format("Vantage Data Centers") + "（租给甲骨文的园区）"),
    "sts.node.vantage-lenders": Msg("Bank syndicate led by JPMorgan and MUFG", "摩根大通与三菱日联牵头的银团"),
    "sts.node.coreweave-lenders": Msg("Blackstone and Magnetar-led private-credit lenders",
                                      "黑石与 Magnetar 牵头的私募信贷机构"),
    "sts.node.ai-equities": Msg("AI-linked US stocks (20 largest S&P 500 firms)", "AI 相关美股（标普 500 中市值最大的 20 家公司）"),
    "sts.node.other-us-equities": Msg("Other US stocks", "其他美股"),
    # the wealth effect's summary lines (stress.macro.WealthEffect.summary)
    "sts.sum.wealth": Msg("Stock wealth {w} × drawdown {d} = wealth loss {loss}", "股票财富 {w} × 跌幅 {d} = 财富损失 {loss}"),
    "sts.sum.drop": Msg("Consumption drop at MPC {mpc}: {drop} (range {lo}–{hi} for MPC {mlo}–{mhi})",
                        "边际消费倾向为 {mpc} 时消费减少 {drop}（边际消费倾向 {mlo}–{mhi} 对应区间 {lo}–{hi}）"),
    "sts.sum.gdp": Msg("= {share} of GDP (range {lo}–{hi})", "= GDP 的 {share}（区间 {lo}–{hi}）"),
    "sts.sum.household": Msg("Wealth loss = {share} of household wealth", "财富损失 = 居民财富的 {share}"),
    "sts.sum.spill": Msg("Largest trade spill-over: {country} ({share} of its GDP)", "最大的贸易溢出：{country}（占其 GDP 的 {share}）"),
    # hover texts of the network graph (stress.result.StressResult.plot)
    "chart.sts_hover_edge": Msg("{id} ({type}): {obligor} → {holder} {amt} {unit}<br>loss {loss}<br>{source} (as of {as_of})",
                                "{id}（{type}）：{obligor} → {holder} {amt} {unit}<br>损失 {loss}<br>{source}（截至 {as_of}）"),
    "chart.sts_hover_node": Msg("<b>{name}</b> ({type})<br>loss {loss} {unit}", "<b>{name}</b>（{type}）<br>损失 {loss} {unit}"),
    "chart.sts_hover_node_eq": Msg("<b>{name}</b> ({type})<br>loss {loss} {unit}<br>{share} of equity",
                                   "<b>{name}</b>（{type}）<br>损失 {loss} {unit}<br>占权益的 {share}"),
    "chart.sts_hover_node_def": Msg("<b>{name}</b> ({type})<br>loss {loss} {unit}<br>DEFAULT",
                                    "<b>{name}</b>（{type}）<br>损失 {loss} {unit}<br>违约"),
    "chart.sts_hover_node_eq_def": Msg("<b>{name}</b> ({type})<br>loss {loss} {unit}<br>{share} of equity<br>DEFAULT",
                                       "<b>{name}</b>（{type}）<br>损失 {loss} {unit}<br>占权益的 {share}<br>违约"),
    "chart.sts_hover_usd_bn": Msg("USD bn", "十亿美元"),
    "chart.sts_low": Msg("low MPC", "低边际消费倾向"),
    "chart.sts_central": Msg("central MPC", "中值边际消费倾向"),
    "chart.sts_high": Msg("high MPC", "高边际消费倾向"),
    "chart.sts_title": Msg("Consumption drop from the stock-wealth effect", "股票财富效应导致的消费下降"),
}
