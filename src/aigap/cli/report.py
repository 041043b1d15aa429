"""The ``report`` command: a sourced briefing as HTML, PDF or Markdown, in English or Chinese."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from aigap.analyze import parse_countries
from aigap.report import FORMATS, LANGUAGES, charts_dir, write_report

from ._app import app
from ._common import console, state

__all__: list[str] = []


@app.command("report")
def report_cmd(
    lang: str = typer.Option("en", "--lang", "-l", help=f"Language: {' or '.join(LANGUAGES)}."),
    fmt: str = typer.Option("html", "--format", "-f", help=f"Format: {', '.join(FORMATS)}."),
    countries: str = typer.Option("US,CN", "--countries", "-c", help="Countries to compare, comma-separated."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Output file (default: AIGAP_HOME/reports/aigap-report-<countries>-<lang>.<ext>)."
    ),
) -> None:
    """Write a sourced briefing: the headline, each pillar with its chart and sentences, the model
    frontier lag, conflicts between sources, gaps in the evidence and the methodology, every figure
    footnoted to its sentence or dataset row. PDF needs chromium; Markdown writes its charts as SVG
    files in <name>_charts/ beside it."""
    cs = parse_countries(countries)
    lang, fmt = lang.strip().lower(), fmt.strip().lower()
    path = out or state.settings.reports_dir / f"aigap-report-{'-'.join(cs)}-{lang}.{fmt}"
    t0 = time.perf_counter()
    written = write_report(state.store(), lang=lang, fmt=fmt, countries=cs, out=path)
    extra = f" (charts in {charts_dir(written)})" if fmt == "md" else ""
    console.print(f"report: {written}{extra} in {time.perf_counter() - t0:.1f}s", highlight=False, soft_wrap=True)
