"""The root Typer app and its global options; command modules register on ``app``."""

from __future__ import annotations

import typer

from aigap import __version__

from ._common import state

__all__ = ["app"]

app = typer.Typer(
    name="aigap",
    help="aigap: who leads the AI race, by how much, and is the gap closing? Evidence-traced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: Rich help shows "<bool>" after every flag and reads "[scale]" in a help
    # text as markup (and drops it).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aigap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: str | None = typer.Option(
        None, "--db", help="Database URL (sqlite:///path.db or postgresql+psycopg://...); default AIGAP_DATABASE_URL."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Global options."""
    if db != state.db:
        state._settings = None  # a second main() in one process (tests, notebooks) with another --db
    state.db = db
    state.debug = debug
