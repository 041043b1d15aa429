"""Exports of the evidence with its provenance: claims, observations and consensus as CSV,
Parquet or a Frictionless data package. Every observation row names its source: a document and
character span, or a dataset and row."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pandas as pd

from aigap.errors import ConfigError, ValidationError
from aigap.format import csv_cell
from aigap.store import Store

from .consensus import evidence, reconcile
from .datasets import attribution

__all__ = ["FORMATS", "export", "tables"]

FORMATS = ("csv", "parquet", "datapackage")


def tables(store: Store) -> dict[str, pd.DataFrame]:
    """The three exported tables, as DataFrames with provenance columns."""
    claims = pd.DataFrame([
        {**c.claim.to_json(), "claim_id": c.id, "document_id": c.document_id, "extractor_version": c.extractor_version}
        for c in store.claims()
    ])
    rows: list[dict[str, Any]] = []
    for e in evidence(store):
        if e.source.startswith("claim:"):
            rows.append({**{k: v for k, v in e.to_json().items() if k not in ("span", "also", "also_quotes")},
                         "span_start": e.span[0] if e.span else None, "span_end": e.span[1] if e.span else None,
                         "also": ";".join(e.also), "also_quotes": " | ".join(e.also_quotes), "dataset": None,
                         "row": None})
    for o in store.observations():
        rows.append({"indicator": o["indicator"], "country": o["country"], "period": o["period"],
                     "aspect": o["aspect"], "measure": o["measure"], "entity": o["entity"], "value": o["value"],
                     "low": o["low"], "high": o["high"], "unit": o["unit"], "source_class": o["source_class"],
                     "source": f"dataset:{o['dataset_id']}#{o['row_locator']}", "publisher": o["source"],
                     "vintage": o["vintage"], "note": o["note"], "rule": o["rule"], "dataset": o["dataset_id"],
                     "row": o["row_locator"]})
    observations = pd.DataFrame(rows)
    for col in ("span_start", "span_end", "story"):
        if col in observations:
            observations[col] = observations[col].astype("Int64")  # integers with gaps, not floats
    consensus = pd.DataFrame([
        {"indicator": g.indicator, "country": g.country, "period": g.period, "aspect": g.aspect,
         "value": g.estimate.value, "low": g.estimate.low, "high": g.estimate.high, "unit": g.estimate.unit,
         "conflicting": g.estimate.conflicting, "sources": ";".join(g.estimate.sources),
         "revised": ";".join(e.source for e in g.revised)}
        for g in reconcile(evidence(store)) if g.estimate is not None
    ])
    return {"claims": claims, "observations": observations, "consensus": consensus}


def _descriptor(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    def field_type(dtype: Any) -> str:
        kind = getattr(dtype, "kind", "O")
        return {"i": "integer", "f": "number", "b": "boolean"}.get(kind, "string")

    return {
        "name": "aigap-evidence",
        "title": "aigap evidence: claims, observations and consensus with provenance",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "x-attribution": attribution(),
        "resources": [
            {"name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
             "schema": {"fields": [{"name": str(c), "type": field_type(df[c].dtype)} for c in df.columns]}}
            for name, df in frames.items()
        ],
    }


def _csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula (a quote or title starting with "=") get a
    leading quote; numeric columns are left alone."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(csv_cell)
    return out.rename(columns={c: csv_cell(c) for c in out.columns})


def export(store: Store, fmt: str, out_dir: Path) -> list[Path]:
    """Write the tables to ``out_dir``; returns the files written."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise ConfigError("Parquet export needs pyarrow, which is not installed",
                          hint="pip install 'aigap[parquet]' (or use --format csv)")
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = tables(store)
    written = []
    for name, df in frames.items():
        if fmt == "parquet":
            path = out_dir / f"{name}.parquet"
            df.astype({c: "string" for c in df.columns if df[c].dtype == object}).to_parquet(path, index=False)
        else:
            path = out_dir / f"{name}.csv"
            _csv_safe(df).to_csv(path, index=False)
        written.append(path)
    note = out_dir / "ATTRIBUTION.txt"
    note.write_text("Data attribution (required by the data's licences):\n" + "\n".join(attribution()) + "\n",
                    encoding="utf-8")
    written.append(note)
    if fmt == "datapackage":
        dp = out_dir / "datapackage.json"
        dp.write_text(json.dumps(_descriptor(frames), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(dp)
    return written
