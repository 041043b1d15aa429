"""A number in a pipe-table row: where its row and its table's header start, the header and the
lines above the table (the table's context), and the cell's own words, column header and row label."""

from __future__ import annotations

import functools

from .context import Context

__all__ = ["_cell_words", "_table_context"]


def _table_top(ctx: Context, pos: int) -> tuple[int, int] | None:
    """For a number in a pipe-table row: where its row and the table's header row start."""
    line_start = ctx.line_start(pos)
    if not ctx.norm.startswith("|", line_start) and not ctx.norm[line_start:pos].lstrip().startswith("|"):
        return None
    return line_start, _header_start(ctx.norm, line_start)


@functools.lru_cache(maxsize=4096)
def _header_start(norm: str, line_start: int) -> int:
    """Where the table holding the row at ``line_start`` starts (its header row), walked up once per
    row: its cells' numbers share the answer (a str caches its hash, so the key is cheap)."""
    top = line_start
    while top > 0 and line_start - top < 20000:  # a table's rows, up to its header
        nl = norm.rfind("\n", max(0, top - 1 - 2000), top - 1)
        prev = nl + 1 if nl >= 0 else max(0, top - 1 - 2000)
        if not norm[prev:top].lstrip().startswith("|"):
            break
        top = prev
    return top


def _table_context(ctx: Context, pos: int) -> str:
    """For a number in a pipe-table row: the table's header row and the lines just above the table."""
    rows = _table_top(ctx, pos)
    if rows is None:
        return ""
    top = rows[1]
    header_end = ctx.norm.find("\n", top)
    return ctx.lower[max(0, top - 300) : header_end if header_end > 0 else top]


def _cells(line: str) -> list[str]:
    """A pipe-table row's cells (the text between its bars; the outer bars open and close it)."""
    return line.strip().strip("|").split("|")


def _cell_words(ctx: Context, pos: int) -> tuple[str, str, str] | None:
    """For a number in a pipe-table body cell: its own cell, its column's header and its row's label
    (the first cell), the words that say what the cell measures. The other columns' headers label
    the other cells ("| 价格 | 上下文长度 | 最大输出 |": a figure under 最大输出 is no context length)."""
    rows = _table_top(ctx, pos)
    if rows is None or rows[0] == rows[1]:
        return None  # a number in the header row itself is read like running text
    row, top = rows
    row_end = ctx.norm.find("\n", pos)
    line = ctx.lower[row : row_end if row_end >= 0 else len(ctx.norm)]
    col = ctx.norm.count("|", row, pos) - (1 if ctx.norm[row:pos].lstrip().startswith("|") else 0)
    header_end = ctx.norm.find("\n", top)
    header = _cells(ctx.lower[top : header_end if header_end >= 0 else len(ctx.norm)])
    cells = _cells(line)
    if not 0 <= col < len(cells) or len(header) != len(cells):
        return None  # a ragged row: which header is the cell's is not known
    return cells[col], header[col], cells[0]
