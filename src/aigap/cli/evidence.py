"""Evidence commands: ``claims`` (every figure with its source), ``conflicts``, ``data`` (datasets)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from pathlib import Path

import typer

from aigap.errors import NotFound, ValidationError
from aigap.reconcile import attribution, evidence, reconcile
from aigap.reconcile import conflicts as find_conflicts
from aigap.reconcile.loaders import ATTRIBUTION_RULES
from aigap.reconcile.userdata import add_user_dataset
from aigap.store import Store

from ._app import app
from ._common import OutputFormat, console, emit, state

__all__ = ["data_app"]

data_app = typer.Typer(help="Reference datasets: list, show, and the indicator catalogue.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(data_app, name="data")


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


def _reviews(store: Store, labels: Iterable[str]) -> dict[str, str]:
    """claim label -> "reviewed by NAME on DATE", for the claims an analyst reviewed."""
    ids = {int(s[6:]) for s in labels if s.startswith("claim:") and s[6:].isdigit()}
    return {f"claim:{k}": m.provenance for k, m in store.review.marks(ids).items()} if ids else {}


@app.command()
def claims(
    indicator: str | None = typer.Option(None, "--indicator", "-i", help="An indicator id (see aigap data indicators)."),
    country: str | None = typer.Option(None, "--country", "-c", help="An ISO country code, e.g. US or CN."),
    period: str | None = typer.Option(None, "--period", "-p", help="A period or its prefix: 2024, 2024-08, FY2024."),
    rule: str = typer.Option("any-org", "--attribution", help="Model counts: any-org, fractional or single-country."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Every figure for an indicator (claims and reference data) with its source; a story's
    translations count once, with every quote reachable. Model counts say their attribution rule."""
    if rule not in ATTRIBUTION_RULES:
        raise ValidationError(f"unknown attribution rule {rule!r}", hint=f"use one of {', '.join(ATTRIBUTION_RULES)}")
    store = state.store(read_only=True)
    found = evidence(store, indicator=indicator, country=country.upper() if country else None, attribution=rule)
    items = [e for g in reconcile(found) for e in g.items if not period or (e.period or "").startswith(period)]
    reviewed = _reviews(store, (e.source for e in items))
    emit([{**e.to_json(), "reviewed": reviewed.get(e.source)} for e in items], fmt,
         columns=["indicator", "country", "period", "value", "unit", "source", "title / publisher", "date", "quote"],
         rows=[[e.indicator, e.country, e.period, _fmt(e.value), e.unit, e.source + (f" (+{len(e.also)})" if e.also else "")
                + (f" ({reviewed[e.source]})" if e.source in reviewed else ""),
                e.title or e.publisher, e.published or e.vintage,
                " / ".join([e.quote, *e.also_quotes]) if e.quote else (e.url or e.note)] for e in items])


@app.command()
def conflicts(
    indicator: str | None = typer.Option(None, "--indicator", "-i", help="Only this indicator."),
    country: str | None = typer.Option(None, "--country", "-c", help="Only this country."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Figures from different sources that disagree on the same indicator, country and period."""
    store = state.store(read_only=True)
    found = find_conflicts(store, indicator=indicator, country=country.upper() if country else None)
    data = [c.to_json() for c in found]
    reviewed = _reviews(store, (str(f["source"]) for c in data for f in c["figures"]))
    for c in data:
        for f in c["figures"]:
            f["reviewed"] = reviewed.get(str(f["source"]))
    emit(data, fmt,
         columns=["indicator", "country", "period", "figure A", "source A", "figure B", "source B", "consensus"],
         rows=[[c.indicator, c.country, c.period, _fmt(c.a.value),
                (c.a.publisher or c.a.source) + (f" (+{len(c.a_same)})" if c.a_same else ""), _fmt(c.b.value),
                (c.b.publisher or c.b.source) + (f" (+{len(c.b_same)})" if c.b_same else ""), f"{_fmt(c.consensus.value)} [{_fmt(c.consensus.low)}, {_fmt(c.consensus.high)}]"]
               for c in found])


@app.command("export")
def export_cmd(
    out_dir: Path = typer.Argument(..., help="Folder to write into."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, parquet or datapackage."),
) -> None:
    """Write claims, observations and consensus with their provenance (document and span, or
    dataset and row) and the data's attribution."""
    from aigap.reconcile.export import export

    for path in export(state.store(read_only=True), fmt, out_dir):
        console.print(str(path), highlight=False)


@data_app.command("list")
def data_list(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")) -> None:
    """The reference datasets in the database, with their licence and number of observations."""
    rows = state.store(read_only=True).datasets()
    emit([{k: v for k, v in r.items() if k != "descriptor"} for r in rows], fmt,
         columns=["id", "title", "licence", "vintage", "observations"],
         rows=[[r["id"], r["title"], r["licence"], r["vintage"], r["observations"]] for r in rows])


@data_app.command("show")
def data_show(
    dataset_id: str = typer.Argument(..., help="A dataset id from aigap data list."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """One dataset: its provenance, the attribution its licence asks for, and its observations."""
    store = state.store(read_only=True)
    meta = next((d for d in store.datasets() if d["id"] == dataset_id), None)
    if meta is None:
        raise NotFound(f"no dataset {dataset_id!r}", hint="see aigap data list")
    obs = store.observations(dataset_id=dataset_id)
    if fmt is OutputFormat.json:
        emit({"dataset": {k: v for k, v in meta.items()}, "observations": obs}, fmt)
        return
    for key in ("id", "title", "source", "url", "licence", "vintage", "attribution", "observations"):
        console.print(f"{key}: {meta.get(key)}", highlight=False)
    emit(None, OutputFormat.table if fmt is OutputFormat.table else fmt,
         columns=["indicator", "measure", "entity", "country", "period", "value", "unit", "rule", "row"],
         rows=[[o["indicator"], o["measure"], o["entity"], o["country"], o["period"], _fmt(o["value"]), o["unit"],
                o["rule"], o["row_locator"]] for o in obs[:50]], title=f"first {min(50, len(obs))} of {len(obs)}")


@data_app.command("add")
def data_add(
    path: Path = typer.Argument(..., help="A CSV: indicator, country, period, value (unit, low, high, measure, entity optional)."),
    meta: Path | None = typer.Option(None, "--meta", help="Metadata YAML (default: the CSV's name with .yaml)."),
) -> None:
    """Add your own dataset; every row is checked (indicator ids, country codes, numbers, duplicates)
    and nothing is stored unless all rows are good."""
    store = state.store()
    dataset_id, n, changed = add_user_dataset(store, path, meta)
    if changed:  # a person's figures enter the analysis: in the audit log like the other writes
        store.review.log(os.environ.get("USER") or getpass.getuser(), "datasets.add", f"dataset:{dataset_id}",
                         {"observations": n}, via="cli")
    console.print(f"{dataset_id}: {n} observations stored" if changed else f"{dataset_id}: unchanged, nothing stored")


@data_app.command("indicators")
def data_indicators(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")) -> None:
    """The indicator catalogue: id, pillar, unit, direction, names in English and Chinese."""
    from aigap.indicators import catalogue

    inds = list(catalogue().indicators.values())
    emit([{**i.model_dump(), "cues": i.cues} for i in inds], fmt, columns=["id", "pillar", "unit", "better", "en", "zh"],
         rows=[[i.id, i.pillar, i.unit, i.better, i.en, i.zh] for i in inds])


@data_app.command("attribution")
def data_attribution() -> None:
    """The attributions the bundled datasets' licences require."""
    for line in attribution():
        console.print(line, highlight=False, soft_wrap=True)
