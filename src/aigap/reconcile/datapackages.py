"""Frictionless Data Package descriptors (``datapackage.json``) for the bundled reference data:
title, source, licence, attribution and the fields of every file. ``describe_folder`` builds them
from ``datasets.yaml`` and the files themselves; a test keeps the shipped JSON equal to it."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .datasets import dataset_specs, extra_resources, reference_dir

__all__ = ["LICENCES", "describe_folder", "folders"]

LICENCES = {
    "CC-BY-4.0": {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"},
    "Apache-2.0": {"name": "Apache-2.0", "path": "https://www.apache.org/licenses/LICENSE-2.0", "title": "Apache 2.0"},
}


def folders() -> list[str]:
    """Top folders of the bundled data that hold registered datasets."""
    return sorted({s.path.split("/")[0] for s in dataset_specs()})


def _fields(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    return [{"name": h, "type": "any"} for h in header]


def describe_folder(folder: str) -> dict[str, Any]:
    base = reference_dir()
    resources: list[dict[str, Any]] = []
    licences: dict[str, dict[str, str]] = {}
    for s in dataset_specs():
        if s.path.split("/")[0] != folder:
            continue
        rel = s.path.split("/", 1)[1]
        licences[s.licence] = LICENCES.get(s.licence, {"name": s.licence, "title": s.licence})
        resources.append({
            "name": s.id.replace("_", "-"),
            "path": rel,
            "title": s.title,
            "format": "csv",
            "mediatype": "text/csv",
            "sources": [{"title": s.producer, "path": s.url} if s.url else {"title": s.producer}],
            "licenses": [LICENCES.get(s.licence, {"name": s.licence})],
            "x-attribution": s.attribution,
            "x-vintage": s.vintage,
            "schema": {"fields": _fields(base / s.path)},
        })
    for extra in extra_resources():
        top, rel = extra["path"].split("/", 1)
        if top != folder:
            continue
        target = base / extra["path"]
        parts = sorted(p.relative_to(base / folder).as_posix() for p in target.glob("*.csv")) if target.is_dir() else rel
        extra_res: dict[str, Any] = {
            "name": rel.replace("/", "-").replace("_", "-").replace(".csv", "").lower(),
            "path": parts,
            "title": extra["title"],
            "format": "csv",
            "sources": [{"title": extra["producer"]}],
            "licenses": [LICENCES.get(extra["licence"], {"name": extra["licence"]})],
            "x-loaded": False,
        }
        if target.is_dir():
            extra_res["x-schema-note"] = "columns change between snapshots; see PROVENANCE.md"
        else:
            extra_res["schema"] = {"fields": _fields(target)}
        resources.append(extra_res)
    return {
        "name": f"aigap-reference-{folder}",
        "title": f"aigap reference data: {folder}",
        "description": f"Reference datasets shipped with aigap; provenance in {folder}/PROVENANCE.md.",
        "licenses": list(licences.values()),
        "resources": resources,
    }
