"""Report section titles and episode names in Chinese."""

from __future__ import annotations

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


