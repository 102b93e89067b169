"""Catalogue entries of the report's page chrome and of the CLI's score and verdict tables."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

PAGE: dict[str, Msg] = {
    # report page chrome
    "page.brand": Msg("bubblescope · how bubble-like is this boom?", "bubblescope · 这轮热潮有多像泡沫？"),
    "page.title": Msg("bubblescope report: {name}", "bubblescope 报告：{name}"),
    "page.episode": Msg("Episode {id} · generated {when} · bubblescope {version}",
                        "案例 {id} · 生成于 {when} · bubblescope {version}"),
    "page.data_counts": Msg(" · data: {counts}", " · 数据：{counts}"),
    "page.data_none": Msg(" · data: none (evidence base only)", " · 数据：无（仅证据库）"),
    "page.downloads": Msg("Downloads: {links}", "下载：{links}"),
    "page.json_link": Msg("{link} (every number with its provenance)", "{link}（每个数字及其出处）"),
    "page.csv_note": Msg("a CSV file above every table", "每张表格上方都有 CSV 文件"),
    "page.rebuilt": Msg("Rebuilt with: {command}", "重新生成命令：{command}"),
    "page.contents": Msg("Contents", "目录"),
    "page.na": Msg("n/a", "无"),
    "page.csv": Msg("CSV", "CSV"),
    "page.footer": Msg(
        "Every number on this page comes from code or from an evidence record with its source and date (see the "
        "evidence appendix); {json} beside this page holds them all with their provenance. Replace any "
        "record with your own YAML: {command}.",
        "本页每个数字都来自代码或带有来源和日期的证据记录（见证据附录）；本页旁的 {json} 收录了全部数字及其出处。"
        "可用你自己的 YAML 文件替换任何记录：{command}。"),
    # report sections: shared building blocks (report/sections/_html.py)
    "na.needs": Msg("Not available: needs {needs}.", "暂无：需要{needs}。"),
    "na.yes": Msg("yes", "是"),
    "na.no": Msg("no", "否"),
    "mode.local": Msg("local", "本地"),
    "mode.live": Msg("live", "在线"),
    "mode.cached": Msg("cached", "缓存"),
    "mode.packaged": Msg("packaged", "内置"),
    # CLI: the four-factor score table
    "score.title": Msg("{name} ({id}): {total}/8", "{name}（{id}）：{total}/8"),
    "score.title_overridden": Msg("{name} ({id}): {total}/8  (computed {computed}/8; overrides marked *)",
                                  "{name}（{id}）：{total}/8（计算值 {computed}/8；* 为人工调整）"),
    "score.factor": Msg("Factor", "因素"),
    "score.points": Msg("Points", "得分"),
    "score.basis": Msg("Basis", "依据"),
    "score.rationale": Msg("Rationale", "理由"),
    "score.evidence": Msg("Evidence ids", "证据编号"),
    "score.override": Msg("OVERRIDE: {reason}", "人工调整：{reason}"),
    "score.computed": Msg("computed {points}", "计算值 {points}"),
    "score.rubric": Msg("(rubric: {rationale})", "（规则：{rationale}）"),
    "factor.uncertainty": Msg("Uncertainty", "不确定性"),
    "factor.pure_plays": Msg("Pure plays", "纯概念公司"),
    "factor.novice_investors": Msg("Novice investors", "新手投资者"),
    "factor.narratives": Msg("Narratives", "叙事"),
    "basis.measured": Msg("measured", "实测"),
    "basis.coded": Msg("coded", "分析师编码"),
    "basis.override": Msg("override", "人工调整"),
    "basis.no evidence": Msg("no evidence", "无证据"),
    # CLI: the verdict (the paragraph and the rule are in i18n.verdict: jd.p.*, jd.why.*)
    "verdict.headline": Msg("Verdict: {verdict} (stage: {stage}), as of {as_of}",
                            "结论：{verdict}（阶段：{stage}），截至 {as_of}"),
    "verdict.families": Msg("Signal families", "信号类别"),
    "verdict.family": Msg("family", "类别"),
    "verdict.score": Msg("score", "得分"),
    "verdict.weight": Msg("weight", "权重"),
    "verdict.speaking": Msg("speaking", "有效信号"),
    "verdict.falsifiers": Msg("Falsifier watch", "证伪条件监测"),
    "verdict.condition": Msg("condition", "条件"),
    "verdict.reading": Msg("reading", "读数"),
    "verdict.threshold": Msg("threshold", "阈值"),
    "verdict.status": Msg("status", "状态"),
    "verdict.not_measured": Msg("not measured", "未测定"),
    "v.no boom": Msg("no boom", "无热潮"),
    "v.boom": Msg("boom", "热潮"),
    "v.bubble-like boom": Msg("bubble-like boom", "类泡沫热潮"),
    "v.bubble": Msg("bubble", "泡沫"),
    "v.bust": Msg("bust", "破裂"),
    "stage.displacement": Msg("displacement", "触发期"),
    "stage.boom": Msg("boom", "繁荣期"),
    "stage.euphoria": Msg("euphoria", "狂热期"),
    "stage.distress": Msg("distress", "困境期"),
    "stage.revulsion": Msg("revulsion", "厌恶期"),
    "status.holding": Msg("holding", "维持"),
    "status.weakening": Msg("weakening", "减弱"),
    "status.triggered": Msg("triggered", "已触发"),
    "status.not available": Msg("not available", "无数据"),
}

