"""What every command shares: global options, opening the store, output formats, errors.

Commands stay thin: parse arguments, call one library function, render the result with ``emit``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from aigap.config import Settings, load_settings
from aigap.store import Store

__all__ = [
    "Advance",
    "FormatOption",
    "OutputFormat",
    "State",
    "console",
    "emit",
    "err_console",
    "progress",
    "state",
]

console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


FormatOption = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")


@dataclass
class State:
    """Global options, set by the root callback."""

    db: str | None = None
    debug: bool = False
    _settings: Settings | None = None
    _stores: list[Store] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.db)
        return self._settings

    def store(self) -> Store:
        """Open (create or upgrade) the configured database."""
        store = Store.open(self.settings.database_url)
        self._stores.append(store)
        return store

    def close(self) -> None:
        for s in self._stores:
            s.close()
        self._stores.clear()


state = State()


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return str(obj)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_jsonable, indent=2)


def emit(
    data: Any,
    fmt: OutputFormat,
    *,
    columns: Sequence[str] | None = None,
    rows: Sequence[Sequence[Any]] | None = None,
    title: str | None = None,
) -> None:
    """Print ``data`` as JSON/JSONL/CSV, or ``rows`` under ``columns`` as a Rich table."""
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(data) + "\n")
        return
    if fmt is OutputFormat.jsonl:
        items = data if isinstance(data, list) else [data]
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False, default=_jsonable) + "\n")
        return
    if columns is None or rows is None:
        raise ValueError("table and csv output need columns and rows")
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


class _Rate(ProgressColumn):
    """Items per second, e.g. "412 docs/s"."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else f"- {self.unit}/s", style="progress.data.speed")


class Advance:
    """What ``progress`` yields: ``advance(n)`` moves the bar; ``set_total(n)`` gives it a total (and
    an ETA) once known. Both may be called from another thread."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        self._bar, self._task = bar, task

    def __call__(self, n: int = 1) -> None:
        self._bar.advance(self._task, n)

    def set_total(self, total: int) -> None:
        self._bar.update(self._task, total=total)


@contextmanager
def progress(description: str, total: int | None = None, *, unit: str | None = None) -> Iterator[Advance]:
    """A progress bar on stderr; yields ``advance(n)``. Silent when stderr is not a terminal.
    With ``unit``, it also shows the rate (e.g. docs/s)."""
    columns: list[ProgressColumn] = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if unit:
        columns.append(_Rate(unit))
    columns += [TimeElapsedColumn(), TimeRemainingColumn()]
    bar = Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal)
    with bar:
        yield Advance(bar, bar.add_task(description, total=total))
