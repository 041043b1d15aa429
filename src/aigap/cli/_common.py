"""What every command shares: global options, opening the store, output formats, errors.

Commands stay thin: parse arguments, call one library function, render the result with ``emit``.

Terminal output is text, never markup: both consoles have Rich markup off, and every string they
print loses its control characters (escape sequences, C1 codes, bidi overrides), so a title like
``[/]`` or ``\x1b]8;;…`` in an article prints as itself. Style comes only from ``Text`` objects.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from aigap.format import csv_cell
from aigap.store import Store

if TYPE_CHECKING:
    from aigap.analyze.answer import GapAnswer

__all__ = [
    "Advance",
    "FormatOption",
    "OutputFormat",
    "PipeClosed",
    "State",
    "composite_line",
    "configure_output",
    "console",
    "emit",
    "err_console",
    "progress",
    "state",
    "terminal_text",
]

# C0 controls but tab/newline, DEL, C1 controls, and the bidi overrides/isolates that reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Width for output that is not a terminal (a pipe, a file): wide enough that nothing wraps.
PIPE_WIDTH = 100_000


def terminal_text(value: object, *, one_line: bool = False) -> str:
    """``value`` as text safe to print on a terminal: control characters removed (an ESC sequence
    cannot recolour, retitle or hyperlink the terminal); with ``one_line``, tabs and newlines become
    spaces (a table cell, a rejection line)."""
    text = "" if value is None else str(value)
    if one_line:
        text = text.replace("\r\n", " ").translate({9: " ", 10: " ", 13: " "})
    return _CONTROL.sub("", text)


class PipeClosed(Exception):
    """The reader of our output went away (``aigap docs | head -1``): stop quietly, exit 0."""


class _SafeConsole(Console):
    """A console that prints strings as plain text (markup is off) without control characters, and
    reports a closed pipe as ``PipeClosed`` (Rich's default exits with status 1)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(terminal_text(o) if isinstance(o, str) else o for o in objects), **kwargs)

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise PipeClosed


console = _SafeConsole(markup=False, highlight=False)
err_console = _SafeConsole(stderr=True, markup=False, highlight=False)


class _PipeGuard:
    """Wraps sys.stdout/sys.stderr during a command: a write to a closed pipe raises ``PipeClosed``
    (typer would turn the BrokenPipeError into exit status 1)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        try:
            return int(self._stream.write(s))
        except BrokenPipeError:
            raise PipeClosed from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def configure_output() -> Iterator[None]:
    """For one CLI run: guard stdout/stderr against closed pipes, and let output that goes to a pipe
    or a file run as wide as it is (no wrapping at 80 columns) unless COLUMNS says otherwise."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PipeGuard(sys.stdout), _PipeGuard(sys.stderr)
    widths = [(c, c._width) for c in (console, err_console)]
    try:
        for c in (console, err_console):
            if not c.is_terminal and not os.environ.get("COLUMNS"):
                c.width = PIPE_WIDTH
        yield
    finally:
        sys.stdout, sys.stderr = saved
        for c, w in widths:
            c._width = w


def silence_stdout() -> None:
    """After the reader closed the pipe: point stdout at /dev/null so the interpreter's final flush
    does not fail (and print 'Exception ignored ... BrokenPipeError')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # no real file descriptor (captured output): nothing will be flushed to a pipe


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

    def store(self, *, read_only: bool = False) -> Store:
        """Open (create or upgrade) the configured database. ``read_only`` commands (listing,
        analysing) also work on an existing database in a folder they cannot write."""
        if read_only and self._settings is None:
            settings = load_settings(self.db, need_home=False)
            # Only an existing database spares the home check: otherwise one would be created there.
            path = settings.database_url.split("///", 1)[1] if settings.is_sqlite and "///" in settings.database_url else ""
            if not settings.is_sqlite or (path and Path(path).expanduser().is_file()):
                self._settings = settings
        store = Store.open(self.settings.database_url, read_only=read_only)
        self._stores.append(store)
        return store

    def close(self) -> None:
        for s in self._stores:
            s.close()
        self._stores.clear()

    def database_label(self) -> str:
        """The database URL without its password, for messages."""
        for s in self._stores:
            return s.engine.url.render_as_string(hide_password=True)
        return "(not opened)"

    def fail_open_runs(self, reason: str) -> list[int]:
        """Mark the runs the command started and did not finish as failed; returns their ids."""
        return [run for s in self._stores for run in s.fail_open_runs(reason)]


state = State()


def composite_line(a: GapAnswer) -> str | None:
    """The composite in one line, as `aigap up` and `aigap gap` both print it:
    "composite index (0-100, 90% interval): US 85 [73-92], CN 66 [53-77]; US ahead in 93% of draws"."""
    parts = ", ".join(f"{c} {v.median:.0f} [{v.low:.0f}-{v.high:.0f}]" for c, v in a.composite.items()
                      if v.median is not None and v.low is not None and v.high is not None)
    if not parts:
        return None
    lead, between = a.composite_gap.probability_first_leads, a.composite_gap.between
    ahead = f"; {between[0]} ahead in {lead:.0%} of draws" if lead is not None and between else ""
    when = f" (as of {a.as_of})" if a.as_of else ""
    return f"composite index (0-100, 90% interval): {parts}{ahead}{when}"


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
        writer.writerow([csv_cell(c) for c in columns])
        writer.writerows(["" if v is None else csv_cell(v) for v in row] for row in rows)
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=terminal_text(title, one_line=True) if title else None, show_lines=False)
    for c in columns:
        table.add_column(Text(terminal_text(c, one_line=True)), overflow="fold")
    for row in rows:
        table.add_row(*[Text(terminal_text(v, one_line=True)) for v in row])
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
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if unit:
        columns.append(_Rate(unit))
    columns += [TimeElapsedColumn(), TimeRemainingColumn()]
    bar = Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal)
    with bar:
        yield Advance(bar, bar.add_task(description, total=total))
