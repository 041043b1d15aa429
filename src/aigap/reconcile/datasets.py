"""The bundled reference datasets: the registry (``datasets.yaml``) and loading them into the store.

    load     the registry and each file (package data under aigap/data/reference)
    process  rows -> observations through the dataset's loader
    save     Store.put_dataset, replaced only when the file's content hash changed (idempotent)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from aigap.store import Store

from .loaders import LOADERS, LOADERS_REVISION

__all__ = ["DatasetSpec", "LoadReport", "attribution", "dataset_specs", "extra_resources", "load_reference", "reference_dir"]


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    id: str
    path: str
    loader: str
    title: str
    producer: str
    licence: str
    attribution: str
    url: str | None
    vintage: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class LoadReport:
    datasets_loaded: int = 0
    datasets_unchanged: int = 0
    observations: int = 0
    per_dataset: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"datasets_loaded": self.datasets_loaded, "datasets_unchanged": self.datasets_unchanged,
                "observations": self.observations, "per_dataset": self.per_dataset}


def reference_dir() -> Path:
    return Path(str(resources.files("aigap").joinpath("data/reference")))


@cache
def dataset_specs() -> tuple[DatasetSpec, ...]:
    raw = yaml.safe_load(Path(__file__).with_name("datasets.yaml").read_text(encoding="utf-8"))
    out: list[DatasetSpec] = []
    for d in raw["datasets"]:
        known = {k: d.pop(k) for k in ("id", "path", "loader", "title", "producer", "licence", "attribution", "url",
                                       "vintage")}
        out.append(DatasetSpec(**known, options=d))
    return tuple(out)


@cache
def extra_resources() -> tuple[dict[str, str], ...]:
    """Shipped files that are not loaded as observations (lookup tables, raw snapshots)."""
    raw = yaml.safe_load(Path(__file__).with_name("datasets.yaml").read_text(encoding="utf-8"))
    return tuple(dict(r) for r in raw.get("extra_resources", []))


def attribution() -> list[str]:
    """The attributions the bundled datasets' licences ask for, once each."""
    seen: list[str] = []
    for s in dataset_specs():
        if s.attribution not in seen and s.licence.startswith("CC-BY"):
            seen.append(s.attribution)
    return seen


def _sha256(path: Path) -> str:
    """The file's content and the loaders' revision: a file read in more detail than before reloads."""
    return hashlib.sha256(path.read_bytes() + f"\0loaders:{LOADERS_REVISION}".encode()).hexdigest()


def load_reference(store: Store, progress: Callable[[int], None] | None = None) -> LoadReport:
    """Load every bundled dataset whose file changed since the last load."""
    ref = reference_dir()
    report = LoadReport()
    for spec in dataset_specs():
        path = ref / spec.path
        digest = _sha256(path)
        meta = {
            "id": spec.id, "title": spec.title, "source": spec.producer, "url": spec.url, "licence": spec.licence,
            "attribution": spec.attribution, "vintage": spec.vintage, "content_hash": digest, "kind": "reference",
            "descriptor": {"path": spec.path, "loader": spec.loader, **spec.options},
        }
        options = {**spec.options, "vintage": spec.vintage}
        rows = ({**r, "vintage": r.get("vintage") or spec.vintage,
                 "source": r.get("source") or spec.producer}
                for r in LOADERS[spec.loader](path, options, ref))
        changed, n = store.put_dataset(meta, rows)
        if changed:
            report.datasets_loaded += 1
            report.observations += n
            report.per_dataset[spec.id] = n
        else:
            report.datasets_unchanged += 1
        if progress:
            progress(1)
    return report
