"""Words the pages show besides the i18n table: unit names, indicator names for ids, the dataset-row
labels and the analysis's notes, in both languages, so that a 中文 page shows no stray English and no
raw id. Kept apart from i18n.yaml because they are generated per value, not per template."""

from __future__ import annotations

import re
from typing import Any

from aigap.indicators import catalogue

__all__ = ["LABELS", "indicator_name", "note", "unit_name"]

_UNITS_ZH = {"FLOP": "次浮点运算", "FLOPS": "次浮点运算/秒", "USD": "美元", "CNY": "人民币", "companies": "家企业",
             "count": "个", "models": "个模型", "papers": "篇论文", "parameters": "个参数", "people": "人",
             "percent": "%", "rank": "名次", "score": "分", "tokens": "个词元", "other": "其他", "seconds": "秒",
             "years": "年", "months": "个月", "days": "天", "ECI points": "ECI分", "percent correct": "正确率（%）",
             "percent resolved": "解决率（%）", "Elo": "Elo分", "points (100-point scale)": "分（百分制）",
             "points": "分", "percentage points": "个百分点", "GW": "吉瓦", "MW": "兆瓦", "units": "件",
             "characters": "字符", "chars": "字符", "chips": "颗芯片", "times": "倍", "yuan": "元"}
_UNITS_EN = {"percent": "%", "other": "", "FLOPS": "FLOP/s"}

LABELS: dict[str, dict[str, str]] = {
    "en": {"dataset": "dataset", "source": "source", "licence": "licence", "vintage": "vintage", "row": "row",
           "measure": "measure", "entity": "entity", "note": "note", "id": "id", "url": "URL", "zh": "Chinese",
           "en": "English", "data_package": "data package", "no_indicator": "(counts for no indicator)"},
    "zh": {"dataset": "数据集", "source": "来源", "licence": "许可", "vintage": "版本", "row": "行", "measure": "度量",
           "entity": "实体", "note": "备注", "id": "编号", "url": "网址", "zh": "中文", "en": "英文", "data_package": "数据包", "no_indicator": "（不计入任何指标）"},
}

# The analysis's notes (aigap.analyze.gap) by what they start with; a 中文 page says them in Chinese.
_NOTES_ZH = (
    ("normalisation: ratio", "归一化：比值法（各国数值除以最佳值，再乘以100）"),
    ("normalisation:", "归一化方法见方法说明"),
    ("weights:", "权重：见上方各支柱的滑块"),
    ("uncertainty:", "不确定性：对每个数值的区间、相互冲突的来源以及权重进行蒙特卡洛模拟；区间为第5至第95百分位"),
    ("missing figures", "缺失的数值不计入（绝不当作零）：支柱得分取该国已有指标的平均；覆盖率说明有多少项"),
)


def unit_name(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    return _UNITS_ZH.get(unit, unit) if lang == "zh" else _UNITS_EN.get(unit, unit)


def indicator_name(indicator_id: str | None, lang: str, names: dict[str, Any] | None = None) -> str:
    """A catalogue name for an id ("gov_ai_rd_funding" -> "政府AI研发投入"); benchmark rows
    ("best_model:eci") take the gap's names when given; an unknown id is shown as given."""
    if not indicator_id:
        return ""
    ind = catalogue().indicators.get(indicator_id)
    if ind is not None:
        return ind.zh if lang == "zh" else ind.en
    if names and indicator_id in names:
        return str(names[indicator_id])
    # "other", "chips": a claim the catalogue does not count; say so instead of showing an internal id
    return LABELS["zh" if lang == "zh" else "en"]["no_indicator"]


def note(text: str, lang: str) -> str | None:
    """A note of the analysis in the page's language; None for one with no Chinese yet (a 中文 page
    leaves it out rather than show English)."""
    if lang != "zh":
        return text
    for prefix, zh in _NOTES_ZH:
        if text.startswith(prefix):
            return zh
    return None if re.search(r"[A-Za-z]{3,}", text) else text
