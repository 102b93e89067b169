"""Catalogue entries of the methodology notes under the verdict (``report/methodology.py``): for each card
its name, how it is computed, how it is validated and its limits (keys ``meth.<card>.<part>``)."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

METHODOLOGY_TEXT: dict[str, Msg] = {
    "meth.verdict.card": Msg("Verdict", "结论"),
    "meth.verdict.how": Msg(
        "The aggregation rule weighs the bubble readings (0 to 1) of every signal family with stated weights; "
        "bands on the overall score give the verdict, the main index's run-up and fall give the stage.",
        "汇总规则按事先写明的权重，对每个信号族的泡沫读数（0 到 1）加权；总分落在哪个区间决定结论，"
        "主要指数的涨幅与跌幅决定所处阶段。"),
    "meth.verdict.validation": Msg(
        "Backtested on the historical catalogue with the families that exist historically (market tests and "
        "valuation): docs/validation.md, section 'The verdict rule', with Wilson intervals.",
        "只用历史上存在的信号族（市场检验与估值）在历史案例目录上回测：见 docs/validation.md 中讲结论规则的一节，"
        "附 Wilson 置信区间。"),
    "meth.verdict.limits": Msg(
        "The weights are judgement. Families without history (four factors, froth, economics, stress) are not "
        "in the backtest. Evidence records are not cut by date when a past episode is judged as of a date.",
        "权重出自判断。没有历史数据的信号族（四因素、过热迹象、投资经济学、压力测试）不在回测之内。"
        "按某一日期评判过去的案例时，证据记录并不按该日期截断。"),
    "meth.four_factor.card": Msg("Four-factor score", "四因素评分"),
    "meth.four_factor.how": Msg(
        "Goldfarb and Kirsch's four factors (uncertainty, pure plays, novice investors, narratives), 0 to 2 "
        "points each, from dated evidence records with the rubric in docs/four-factors.md.",
        "Goldfarb 与 Kirsch 提出的四个因素（不确定性、纯概念公司、新手投资者、叙事），每项 0 到 2 分，"
        "按 docs/four-factors.md 中的评分细则，由带日期的证据记录得出。"),
    "meth.four_factor.validation": Msg(
        "tests/test_framework_score.py checks the rubric on every packaged episode.",
        "tests/test_framework_score.py 在每个随包提供的案例上检查评分细则。"),
    "meth.four_factor.limits": Msg(
        "Most factor points are the project's own coding of published sources; the comparison set is small.",
        "大部分因素得分是本项目依据公开来源自行编码的；可比较的案例不多。"),
    "meth.tests.card": Msg("Bubble tests (PSY, LPPLS)", "泡沫检验（PSY、LPPLS）"),
    "meth.tests.how": Msg(
        "PSY: the backward sup-ADF statistic against Monte Carlo critical values, date-stamped episodes. "
        "LPPLS: fits of the log-periodic power law over many windows ending at each date.",
        "PSY：倒向上确界 ADF（BSADF）统计量与蒙特卡洛临界值比较，并标出各段泡沫的起止日期。"
        "LPPLS：在截至每个日期的许多窗口上拟合对数周期幂律模型。"),
    "meth.tests.validation": Msg(
        "PSY equals the R package exuber (through pyexuber) to 1e-10 (tests/test_psy_reference.py); LPPLS fits "
        "match the lppls package's SSE (tests/test_lppls_reference.py); real-time hit and false-alarm rates "
        "in docs/validation.md.",
        "PSY 与 R 包 exuber（经由 pyexuber）的结果一致，误差不超过 1e-10（tests/test_psy_reference.py）；"
        "LPPLS 拟合的残差平方和与 lppls 包一致（tests/test_lppls_reference.py）；实时命中率与误报率见 "
        "docs/validation.md。"),
    "meth.tests.limits": Msg(
        "Explosive-root tests react to price acceleration, not to valuation; LPPLS confidence is counted only "
        "when calibrated against a null.",
        "爆炸性根检验反映的是价格加速，而不是估值；LPPLS 置信度只有在相对零假设校准之后才计入。"),
    "meth.gauges.card": Msg("Gauge lights", "指标信号灯"),
    "meth.gauges.how": Msg(
        "Valuation and concentration gauges placed against their own history (percentile among all earlier "
        "observations) with the light rule stated on each gauge.",
        "估值与集中度指标同其自身历史比较（在此前全部观测值中的百分位），每个指标都写明其信号灯规则。"),
    "meth.gauges.validation": Msg(
        "Gauge inputs are read from the data folder or the evidence base with their source and as-of date "
        "(tests/test_gauges_*.py).",
        "指标的输入取自数据文件夹或证据库，附有来源与截至日期（tests/test_gauges_*.py）。"),
    "meth.gauges.limits": Msg(
        "Percentiles use the history available for each series, which differs in length between gauges.",
        "百分位基于每个序列现有的历史数据，不同指标的历史长度并不相同。"),
    "meth.economics.card": Msg("Revenue gap", "收入缺口"),
    "meth.economics.how": Msg(
        "Revenue needed a year for a return on the AI capex (the scenario's headline method) against AI "
        "revenue, both from the economics scenario and its sourced inputs.",
        "让 AI 资本开支获得回报每年所需的收入（情景的主要算法）与 AI 实际收入相比，两者都来自投资经济学情景"
        "及其有出处的输入。"),
    "meth.economics.validation": Msg(
        "Sequoia's $200bn and $600bn figures are reproduced exactly (tests/test_economics.py).",
        "红杉资本的 2,000 亿美元与 6,000 亿美元两个数字被精确复现（tests/test_economics.py）。"),
    "meth.economics.limits": Msg(
        "The figure depends on the capex total, the chips' useful life and the required margin; see the "
        "economics section's sensitivity table.",
        "这个数字取决于资本开支总额、芯片的使用寿命和所要求的利润率；见投资经济学一节的敏感性分析表。"),
    "meth.stress.card": Msg("Stress loss", "压力损失"),
    "meth.stress.how": Msg(
        "Losses propagated through the exposure network of the episode under packaged shock scenarios.",
        "在随包提供的冲击情景下，损失沿该案例的风险敞口网络传导。"),
    "meth.stress.validation": Msg("Hand-solved networks in tests/test_stress_*.py.",
                                  "用可手工求解的网络检验（tests/test_stress_*.py）。"),
    "meth.stress.limits": Msg(
        "Exposures come from public disclosures and reports; private credit and off-balance-sheet vehicles "
        "are partly unobserved.",
        "风险敞口来自公开披露与研究报告；私募信贷和表外融资工具有一部分无法观测。"),
}
