"""Units of pipe-table cells from their column's header.

A cell says "128k" or "1M" and leaves the noun to the header ("上下文 Token 长度", "Context window
(tokens)", "Parameters", "GPUs"): a bare count in such a column counts what the header names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from aigap.records import Quantity

from .patterns import unit_tables
from .scan_en import _noun_unit

__all__ = ["table_units"]

# Chinese header words: the measure words that name a unit of their own (token, 参数, 汉字)
_ZH_MEASURE_KINDS = ("measure",)


@cache
def _zh_header_nouns() -> list[tuple[re.Pattern[str], str]]:
    t = unit_tables()
    out = [(re.compile(re.escape(w), re.I), str(spec["unit"])) for w, spec in t["zh_measures"].items()
           if spec["kind"] in _ZH_MEASURE_KINDS and len(w) >= 2 and spec["unit"] not in ("percent", "score")]
    out += [(re.compile(str(n["pattern"]).replace("^", "")), str(n["unit"])) for n in t["context_nouns"]]
    return out


def _header_unit(cell: str) -> str | None:
    """The one unit a header cell names, or None when it names none or several (a header such as
    "models and parameters" says nothing certain about one cell)."""
    low = cell.lower()
    found = {u for w in re.findall(r"[a-z][a-z\-]+", low) if (u := _noun_unit(w)) is not None}
    found |= {u for rx, u in _zh_header_nouns() if rx.search(cell)}
    found.discard("count")
    if len(found) != 1:
        return None
    return found.pop()


# A column titled by the bare (singular) noun of who or what a row is lists names: a number in it is a
# name (the maker 360, the model 01), not a count; "Models", "公司数量" would count
_NAME_HEADER = re.compile(r"\s*(?:company|vendor|developer|maker|organi[sz]ation|lab|model|product|firm|institution|"
                          r"name|厂商|机构|公司|企业|模型|产品|开发者|名称|模型名称|开发机构)\s*", re.I)


def _cells(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a pipe-table row, relative to the line."""
    bars = [i for i, c in enumerate(line) if c == "|"]
    return [(a + 1, b) for a, b in pairwise(bars)]


def table_units(norm: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """Give a bare count in a table cell the unit its column's header names (in place); the
    quantities kept (a number in a column of names is none)."""
    names: set[int] = set()
    headers: dict[int, tuple[str, list[tuple[int, int]]]] = {}  # a table's top line -> (header, cells)
    tops: dict[int, int] = {}  # a row's line start -> its table's top line
    for q in quantities:
        if q.unit != "count":
            continue
        ls = norm.rfind("\n", 0, q.start) + 1
        if not norm[ls:q.start].lstrip().startswith("|"):
            continue
        if ls not in tops:
            chain = [ls]
            top = ls
            while top > 0:
                prev = norm.rfind("\n", 0, top - 1) + 1
                if prev in tops:
                    top = tops[prev]
                    break
                if not norm[prev:top].lstrip().startswith("|"):
                    break
                top = prev
                chain.append(top)
            for line in chain:
                tops[line] = top
        top = tops[ls]
        if top == ls:
            continue  # a number in the header row itself
        if top not in headers:
            le = norm.find("\n", top)
            header = norm[top : le if le >= 0 else len(norm)]
            headers[top] = (header, _cells(header))
        header, hcells = headers[top]
        le = norm.find("\n", ls)
        row = norm[ls : le if le >= 0 else len(norm)]
        col = row.count("|", 0, q.start - ls) - 1  # the cell's index among the row's cells
        rcells = _cells(row)
        if not 0 <= col < len(hcells) or len(rcells) != len(hcells):
            continue  # a ragged row: its cells do not line up with the header's
        cell = row[rcells[col][0] : rcells[col][1]]
        if not re.fullmatch(r"\s*[~≈约]?\s*[\d.,]+\s*[kKmMbB万亿]?\+?\s*", cell):
            continue  # the cell holds more than the number: its own words decide
        a, b = hcells[col]
        if _NAME_HEADER.fullmatch(header[a:b]):
            names.add(id(q))
            continue
        unit = _header_unit(header[a:b])
        if unit is not None:
            q.unit = unit
    return [q for q in quantities if id(q) not in names] if names else list(quantities)
