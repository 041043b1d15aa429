"""The ``aigap`` command line: a thin skin over the Python API.

Each stage's commands live in a module of this package and register themselves on ``app``:
``platform`` (up, serve, db), ``extract`` (extract, eval), ``sources`` (ingest, docs),
``evidence`` (claims, conflicts, export, data), ``analyze`` (gap, trend, lag), ``report``.
"""

from __future__ import annotations

import importlib
import sys

import typer

from aigap.errors import AigapError

from ._app import app
from ._common import err_console, state

__all__ = ["app", "main"]

# Command modules, in pipeline order; a module that is missing (a stage not built yet) is skipped.
COMMAND_MODULES = ("platform", "sources", "extract", "evidence", "analyze", "report", "scale", "review")
for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one-line errors unless ``--debug``."""
    args = sys.argv[1:] if argv is None else argv
    try:
        rc = app(args=args, standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)  # typer.Exit(code) inside a command comes back as a return value here
    except AigapError as exc:
        if state.debug or "--debug" in args:
            raise
        err_console.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True)
        if exc.hint:
            err_console.print(f"hint: {exc.hint}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # usage errors (typer's bundled click) and unexpected failures
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        if state.debug or "--debug" in args:
            raise
        err_console.print(
            f"[red]error:[/red] unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
    finally:
        state.close()
