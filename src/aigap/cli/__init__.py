"""The ``aigap`` command line: a thin skin over the Python API.

Each stage's commands live in a module of this package and register themselves on ``app``:
``platform`` (up, serve, db), ``extract`` (extract, eval), ``sources`` (ingest, docs),
``evidence`` (claims, conflicts, export, data), ``analyze`` (gap, trend, lag), ``report``.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import typer
from rich.text import Text

from aigap.errors import AigapError
from aigap.store.failures import DatabaseFailure, connection_lost

from ._app import app
from ._common import PipeClosed, configure_output, err_console, silence_stdout, state, terminal_text

__all__ = ["app", "main"]

# Command modules, in pipeline order; a module that is missing (a stage not built yet) is skipped.
COMMAND_MODULES = ("platform", "sources", "extract", "evidence", "analyze", "report", "scale", "review")
for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise


def _error_line(message: str) -> Text:
    # The message may quote user input (a path, a title): it is text, never markup.
    return Text.assemble(("error:", "red"), " ", terminal_text(message, one_line=True))


def _database_error(exc: DatabaseFailure) -> NoReturn:
    """A database failure in the middle of a command: one line with the driver's reason (never the
    SQL or its parameters), and the runs this command started marked failed."""
    orig = getattr(exc, "orig", None)
    reason = (str(orig if orig is not None else exc).strip().splitlines() or [type(exc).__name__])[0]
    lost = connection_lost(exc)
    where = state.database_label()
    message = (f"lost the connection to the database {where}: {reason}" if lost
               else f"database error on {where}: {reason}")
    failed = state.fail_open_runs(message)
    err_console.print(_error_line(message + (f" (run {', '.join(map(str, failed))} marked failed)" if failed else "")),
                      soft_wrap=True)
    sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one-line errors unless ``--debug``."""
    args = sys.argv[1:] if argv is None else argv
    with configure_output():
        _main(args)


def _main(args: list[str]) -> None:
    try:
        rc = app(args=args, standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)  # typer.Exit(code) inside a command comes back as a return value here
    except PipeClosed:
        silence_stdout()  # the reader (head, less) has what it wanted: not an error
        sys.exit(0)
    except AigapError as exc:
        if state.debug or "--debug" in args:
            raise
        err_console.print(_error_line(exc.message), soft_wrap=True)
        if exc.hint:
            err_console.print(f"hint: {exc.hint}", soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except DatabaseFailure as exc:
        if state.debug or "--debug" in args:
            raise
        _database_error(exc)
    except Exception as exc:  # usage errors (typer's bundled click) and unexpected failures
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        if state.debug or "--debug" in args:
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        err_console.print(
            _error_line(f"unexpected {type(exc).__name__}: {first} (run with --debug for the traceback)"),
            soft_wrap=True,
        )
        sys.exit(1)
    finally:
        state.close()
