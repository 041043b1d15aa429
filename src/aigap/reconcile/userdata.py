"""A user's own dataset: a CSV of observations with a small metadata file beside it, validated.

CSV columns: ``indicator, country, period, value`` and optionally ``unit, low, high, aspect,
measure, entity, note``. Metadata (``<file>.yaml`` beside the CSV, or given): ``title`` and
``source`` required; ``id``, ``licence``, ``url``, ``vintage``, ``source_class`` optional.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from pathlib import Path
from typing import Any

import yaml

from aigap.errors import InputError, ValidationError
from aigap.indicators import catalogue
from aigap.store import Store

__all__ = ["REQUIRED_COLUMNS", "add_user_dataset"]

REQUIRED_COLUMNS = ("indicator", "country", "period", "value")
_COUNTRY = re.compile(r"^(?:[A-Z]{2}|EU|WORLD)$")
_CLASSES = ("primary", "peer_reviewed", "news", "secondary", "company", "blog",  # reliability.CLASSES
            "reference", "official", "opinion")  # older names, still read
_MAX_SHOWN = 5


def _meta(csv_path: Path, meta_path: Path | None) -> dict[str, Any]:
    path = meta_path or csv_path.with_suffix(".yaml")
    if not path.is_file():
        raise InputError(f"{csv_path}: no metadata file {path.name} beside it (title, source, licence)")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    missing = [k for k in ("title", "source") if not meta.get(k)]
    if missing:
        raise ValidationError(f"{path}: missing {', '.join(missing)}")
    if meta.get("source_class", "reference") not in _CLASSES:
        raise ValidationError(f"{path}: source_class must be one of {', '.join(_CLASSES)}")
    return dict(meta)


def _num(v: str | None) -> float | None:
    if v is None or not v.strip():
        return None
    f = float(v.replace(",", ""))
    if not math.isfinite(f):
        raise ValueError(v)
    return f


def add_user_dataset(store: Store, csv_path: Path, meta_path: Path | None = None) -> tuple[str, int, bool]:
    """Validate and store a user's dataset; returns (dataset id, observations, changed)."""
    if not csv_path.is_file():
        raise InputError(f"{csv_path}: no such file")
    meta = _meta(csv_path, meta_path)
    cat = catalogue()
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[tuple[str, ...], int] = {}
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(f"{csv_path}: missing column(s) {', '.join(missing)}")
        for n, r in enumerate(reader, 2):  # line numbers as a spreadsheet shows them
            where = f"{csv_path.name}:{n}"
            ind = (r.get("indicator") or "").strip()
            if ind not in cat.indicators:
                errors.append(f"{where}: unknown indicator {ind!r}")
                continue
            country = (r.get("country") or "").strip().upper()
            if not _COUNTRY.match(country):
                errors.append(f"{where}: bad country code {r.get('country')!r} (ISO 3166-1 alpha-2, EU or WORLD)")
                continue
            try:
                value = _num(r.get("value"))
                low, high = _num(r.get("low")), _num(r.get("high"))
            except ValueError:
                errors.append(f"{where}: non-numeric value {r.get('value')!r}")
                continue
            if value is None:
                errors.append(f"{where}: empty value")
                continue
            key = (ind, country, (r.get("period") or "").strip(), (r.get("measure") or "").strip(),
                   (r.get("entity") or "").strip(), (r.get("aspect") or "level").strip())
            if key in seen:
                errors.append(f"{where}: duplicate of line {seen[key]} ({ind}, {country}, {key[2]})")
                continue
            seen[key] = n
            rows.append({
                "indicator": ind, "country": country, "period": key[2] or None, "aspect": key[5],
                "measure": key[3] or None, "entity": key[4] or None, "value": value, "low": low, "high": high,
                "unit": (r.get("unit") or "").strip() or cat.indicators[ind].unit,
                "source_class": meta.get("source_class", "reference"), "source": meta["source"],
                "vintage": str(meta.get("vintage") or ""), "row_locator": f"{csv_path.name}#row={n}",
                "note": (r.get("note") or "").strip() or None,
            })
    if errors:
        shown = "; ".join(errors[:_MAX_SHOWN]) + (f"; and {len(errors) - _MAX_SHOWN} more" if len(errors) > _MAX_SHOWN else "")
        raise ValidationError(f"{csv_path}: {len(errors)} bad row(s): {shown}", hint="nothing was stored")
    if not rows:
        raise ValidationError(f"{csv_path}: no rows")
    dataset_id = str(meta.get("id") or re.sub(r"[^\w\-]+", "-", csv_path.stem))
    digest = hashlib.sha256(csv_path.read_bytes() + yaml.safe_dump(meta).encode()).hexdigest()
    changed, n = store.put_dataset({
        "id": dataset_id, "title": meta["title"], "source": meta["source"], "url": meta.get("url"),
        "licence": meta.get("licence"), "attribution": meta.get("attribution"), "vintage": str(meta.get("vintage") or ""),
        "content_hash": digest, "kind": "user", "descriptor": {"path": str(csv_path)},
    }, rows)
    return dataset_id, n, changed
