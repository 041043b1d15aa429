"""Platform commands: ``up`` (the main job), ``serve`` (the web app), ``db`` (migrations)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

import typer
from rich.table import Table
from rich.text import Text

from aigap.store import current_revision, head_revision
from aigap.up import UpReport, check_port, run_up

from ._app import app
from ._common import OutputFormat, composite_line, console, dumps, progress, state, terminal_text
from ._gap_view import biggest_mover_line, fixed_weights_line

__all__ = ["db_app"]

db_app = typer.Typer(help="Database schema: upgrade and status.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(db_app, name="db")


def _print_summary(rep: UpReport) -> None:
    nothing_new = rep.new_documents == 0 and rep.new_claims == 0
    console.print(Text.assemble(("aigap", "bold"), f" database: {terminal_text(rep.database, one_line=True)}"))
    console.print(
        f"corpus: {rep.new_documents} new documents, {rep.new_claims} new claims"
        + (f", {rep.duplicates} already stored" if rep.duplicates else "")
        + (" (nothing new: already up to date)" if nothing_new else "")
    )
    for inp, reason in rep.rejected:
        console.print(terminal_text(f"  rejected {inp}: {reason}", one_line=True), soft_wrap=True)
    console.print(f"reference data: {rep.datasets_loaded} datasets (re)loaded, {rep.new_observations} observations")
    c = rep.counts
    console.print(
        f"in the database: {c.documents} documents, {c.claims} claims, {c.datasets} datasets, "
        f"{c.observations} observations, {c.indicators} indicators covered"
    )
    if rep.answer is not None:
        # the same lines as `aigap gap` prints, from the same answer
        for line in (composite_line(rep.answer), fixed_weights_line(rep.answer), biggest_mover_line(rep.answer)):
            if line:
                console.print(line, highlight=False, soft_wrap=True)
    if rep.headline:
        table = Table(title="US vs China, per pillar (score 0-100, 90% interval)", show_lines=False)
        for col in ("pillar", "leader", "gap", "coverage"):
            table.add_column(col)
        for h in rep.headline:
            table.add_row(h.pillar, h.leader or "n/a", h.gap_text, h.coverage_text)
        console.print(table)
    if rep.report_path:
        console.print(f"report: {rep.report_path}")
    console.print(f"done in {rep.seconds:.1f}s")


@app.command()
def up(
    host: str = typer.Option("127.0.0.1", "--host", help="Address the dashboard binds to."),
    port: int = typer.Option(8000, "--port", help="Port of the dashboard."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build and report, then exit without serving."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Summary format (table or json)."),
    json_out: bool = typer.Option(False, "--json", help="Same as --format json."),
) -> None:
    """Build the evidence database from the bundled corpus and reference data, print a summary,
    write the HTML report, then serve the dashboard."""
    if not no_serve:
        check_port(host, port)
    store = state.store()
    as_json = json_out or fmt is OutputFormat.json
    with ExitStack() as bars:

        def bar(label: str, total: int) -> Callable[[int], None]:
            return bars.enter_context(progress(label, total))

        rep = run_up(store, state.settings, progress=bar)
    if as_json:
        typer.echo(dumps(rep.to_json()))
    else:
        _print_summary(rep)
    if not no_serve:
        from aigap.web import serve as serve_web

        serve_web(state.settings, host=host, port=port)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_private_urls: bool = typer.Option(
        False, "--allow-private-urls", help="Let URL ingestion through the API reach loopback/private addresses."
    ),
    allow_url_host: list[str] = typer.Option(
        None, "--allow-url-host", help="Trust one host on a private address (repeatable); other hops stay checked."
    ),
) -> None:
    """Serve the web dashboard and REST API (FastAPI under uvicorn)."""
    check_port(host, port)
    state.store()  # create or upgrade the schema before serving; fails fast on a bad database
    from aigap.web import serve as serve_web

    serve_web(state.settings, host=host, port=port, allow_private_urls=allow_private_urls,
              allowed_url_hosts=frozenset(allow_url_host or ()))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to this aigap's schema."""
    store = state.store()
    rev = current_revision(store.engine)
    msg = "migrated to" if store.migrated else "already at"
    console.print(f"{msg} schema revision {rev} ({store.engine.url.render_as_string(hide_password=True)})")


@db_app.command("status")
def db_status(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Show the schema revision and what the database holds."""
    store = state.store(read_only=True)
    c = store.counts()
    data = {
        "database": store.engine.url.render_as_string(hide_password=True),
        "revision": current_revision(store.engine),
        "head": head_revision(),
        "documents": c.documents,
        "claims": c.claims,
        "datasets": c.datasets,
        "observations": c.observations,
        "runs": c.runs,
    }
    if fmt is OutputFormat.json:
        typer.echo(dumps(data))
    else:
        for k, v in data.items():
            console.print(f"{k}: {v}", highlight=False)
