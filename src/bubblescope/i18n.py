"""The message catalogue: every user-visible sentence of the report's page chrome and the CLI's score table
in English and Simplified Chinese, as one small typed table (no gettext files, no global state).

``tr(key, lang)`` gives the text of a key; ``section_title(section_id, english, lang)`` the title of a
report section (English: the section's own title); ``episode_name(episode_id, english, lang)`` an
episode's name. English is the default; a key with no Chinese text is a ``KeyError`` when asked in
Chinese (the tests ask for every key), so a new string cannot silently stay English on the zh page.
Entries are whole sentences or labels (never fragments glued together), with ``{name}`` fields for
``str.format``. Light: stdlib and ``bubblescope.errors`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bubblescope.errors import InputError

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
#: The ``<html lang>`` attribute of each language.
HTML_LANG: dict[Lang, str] = {"en": "en", "zh": "zh-CN"}


@dataclass(frozen=True)
class Msg:
    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


CATALOGUE: dict[str, Msg] = {
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
        "evidence appendix); report.json beside this page holds them all with their provenance. Replace any "
        "record with your own YAML: {command}.",
        "本页每个数字都来自代码或带有来源和日期的证据记录（见证据附录）；本页旁的 report.json 收录了全部数字及其出处。"
        "可用你自己的 YAML 文件替换任何记录：{command}。"),
    "page.untranslated": Msg(
        "", "说明：各节正文中的部分术语、数据来源和规则说明暂为英文原文。"),
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
    # CLI: the verdict (the paragraph itself is generated in English by bubblescope.verdict)
    "verdict.headline": Msg("Verdict: {verdict} (stage: {stage}), as of {as_of}",
                            "结论：{verdict}（阶段：{stage}），截至 {as_of}"),
    "verdict.paragraph_note": Msg("", "以下段落为英文原文："),
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

#: Report section titles by section id (English: whatever title the section module gives).
SECTION_TITLES: dict[str, str] = {
    "verdict": "结论",
    "four_factor": "四因素泡沫评分",
    "comparison": "历史案例比较",
    "market": "市场诊断",
    "gauges": "估值与集中度指标",
    "economics": "投资经济学",
    "stress": "压力测试：谁会受损",
    "validation": "验证：这些信号有效吗？",
    "scan": "市场扫描：哪些序列目前呈爆炸性",
    "narratives": "文本中的叙事",
    "evidence": "证据附录",
}

#: Episode names by episode id (English: the evidence base's own name).
EPISODE_NAMES: dict[str, str] = {
    "ai-2023": "生成式人工智能热潮",
    "dotcom-1995": "互联网泡沫",
    "railways-1845": "英国铁路狂热",
    "lighting-1882": "电气照明热潮",
    "radio-1925": "无线电热潮",
    "aviation-1929": "航空热潮",
    "insulin-1922": "胰岛素",
    "barcode-1974": "条形码",
    "bicycles-1896": "自行车狂热",
    "cleantech-2006": "清洁技术热潮",
    "cloud-2010": "云计算",
    "containers-1956": "集装箱化",
    "crypto-2017": "2017 年加密货币热潮",
    "crypto-2021": "2021 年加密货币热潮",
    "hybrid-corn-1935": "杂交玉米",
    "lithium-ion-1991": "锂离子电池",
    "nylon-1939": "尼龙",
    "penicillin-1943": "青霉素",
    "polio-vaccine-1955": "脊髓灰质炎疫苗",
    "smartphones-2007": "智能手机",
    "spac-ev-2020": "SPAC 与电动车热潮",
    "statins-1987": "他汀类药物",
    "telephone-1880": "电话",
    "television-1948": "电视",
    "tronics-1959": "电子股新股发行热潮",
}


def check_lang(lang: str) -> Lang:
    """The language code, or InputError naming the choices."""
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r} (choose from {', '.join(LANGS)})")
    return lang


def tr(key: str, lang: Lang = "en", **fields: object) -> str:
    """The catalogue text of ``key`` in ``lang``, formatted with ``fields``."""
    text = CATALOGUE[key].get(lang)
    return text.format(**fields) if fields else text


def section_title(section_id: str, english: str, lang: Lang = "en") -> str:
    return SECTION_TITLES[section_id] if lang == "zh" else english


def episode_name(episode_id: str, english: str, lang: Lang = "en") -> str:
    return EPISODE_NAMES.get(episode_id, english) if lang == "zh" else english


def word(kind: str, text: str | None, lang: Lang = "en") -> str:
    """A verdict (``kind="v"``), stage or falsifier status word in ``lang``; None → "not measured"."""
    if text is None:
        return tr("verdict.not_measured", lang)
    key = f"{kind}.{text}"
    return tr(key, lang) if key in CATALOGUE else text


def mode_name(mode: str, lang: Lang = "en") -> str:
    """local / live / cached / packaged in ``lang`` (an unknown mode as given)."""
    key = f"mode.{mode}"
    return tr(key, lang) if key in CATALOGUE else mode
