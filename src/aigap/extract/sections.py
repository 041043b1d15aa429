"""The layout a subject is read from: parentheses, list items, table columns and section headings.

A number in a pipe table takes its column's country; a list under a heading that names one company or
country is that section's; a list in a parenthesis splits no clause.
"""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention

__all__ = ["_clause_start", "_column_header", "_heading_above", "_heads_section", "_in_list", "_in_parens",
           "_open_paren"]


def _in_parens(text: str, lo: int, pos: int) -> bool:
    """Is ``pos`` inside a parenthesis opened after ``lo``?"""
    seg = text[lo:pos]
    return seg.count("(") > seg.count(")")


_LIST_LINE = re.compile(r"\s*(?:[-*•·]\s|#{1,6}\s|\d{1,2}[.)、]\s?|\||\*\*[^*\n]{1,40}\*\*\s?[:：])")


def _in_list(ctx: Context, pos: int) -> bool:
    """Is ``pos`` on a bullet, numbered, table or bold-labelled line (a section's item)?"""
    line_start = ctx.line_start(pos)
    return bool(_LIST_LINE.match(ctx.norm, line_start))


def _open_paren(ctx: Context, lo: int, pos: int) -> int | None:
    """Where the parenthesis holding ``pos`` opened, if it opened after ``lo``."""
    depth = 0
    for i in range(pos - 1, lo - 1, -1):
        ch = ctx.norm[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return i
            depth -= 1
    return None


def _column_header(ctx: Context, q: Quantity) -> Mention | None:
    """For a number in a pipe-table cell: the one country its column's header cell names
    ("| 指标 | 中国 | 美国 |" over "| 专利数 | 38210 | 6276 |")."""
    line_start = ctx.line_start(q.start)
    if not ctx.norm[line_start : q.start].lstrip().startswith("|"):
        return None
    top = line_start
    for _ in range(200):  # up a table's rows to its header
        if top == 0:
            break
        prev = ctx.line_start(top - 1)
        if not ctx.norm[prev:top].lstrip().startswith("|"):
            break
        top = prev
    if top == line_start:
        return None  # the number is in the header itself
    column = ctx.norm.count("|", line_start, q.start)
    header_end = ctx.norm.find("\n", top)
    bars = [i for i in range(top, header_end if header_end > 0 else len(ctx.norm)) if ctx.norm[i] == "|"]
    if column >= len(bars):
        return None
    lo, hi = bars[column - 1], bars[column] if column < len(bars) else len(ctx.norm)
    named = {m.code: m for m in ctx.places_in(lo, hi) if m.kind == "country" and m.code not in ("WORLD", "NONE")}
    return next(iter(named.values())) if len(named) == 1 else None


def _heads_section(ctx: Context, m: Mention) -> bool:
    """Is ``m`` on a heading or a lead-in line ("China's investment is vast:") that opens a section?"""
    start = ctx.line_start(m.start)
    end = ctx.norm.find("\n", m.end)
    line = ctx.norm[start : end if end >= 0 else len(ctx.norm)].strip()
    return line.startswith(("#", "**")) or line.endswith((":", "：")) or len(line) < 40


def _heading_above(ctx: Context, p0: int) -> Mention | None:
    """The one country or company a heading right above the paragraph names ("## Huawei", "**Reflection AI**"):
    a section headed by a company holds that company's figures."""
    end = p0
    while end > 0 and ctx.norm[end - 1].isspace():
        end -= 1
    start = ctx.line_start(end)
    line = ctx.norm[start:end].strip()
    if not (line.startswith("#") or (line.startswith("**") and line.endswith("**"))) or len(line) > 60:
        return None
    named = {m.code: m for m in ctx.places_in(start, end) if m.end <= end and not m.source and m.code != "WORLD"}
    return next(iter(named.values())) if len(named) == 1 else None


def _clause_start(ctx: Context, q: Quantity) -> int:
    """Where the number's clause starts; a list in a parenthesis before it ("全球Top4云厂商(AWS、Azure、
    阿里云)2025年资本开支…") or a list of places ("印度、英国等") does not split the clause."""
    c0 = ctx.clause(q.start)[0]
    seg = ctx.norm[c0 : q.start]
    if seg.count(")") + seg.count("）") > seg.count("(") + seg.count("（"):
        close = max(seg.rfind(")"), seg.rfind("）")) + c0
        opened = _open_paren(ctx, max(0, c0 - 200), close)
        if opened is not None:
            return ctx.clause(opened)[0]
    for _ in range(8):  # "印度、英国等国家独角兽企业超60家": a list's enumeration commas end no clause either
        before = ctx.places_in(max(0, c0 - 40), c0)
        if not before or before[-1].end > c0 or not re.fullmatch(r"\s?、\s?", ctx.norm[before[-1].end : c0]):
            break
        c0 = ctx.clause(before[-1].start)[0]
    return c0
