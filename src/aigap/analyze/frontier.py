"""Capability scores of models by country, read from the reference observations.

A measure (``eci``, ``arena_elo``, ...) is one leaderboard or benchmark; its rows are
``indicator=model_benchmark_score`` observations with ``measure`` set. ``release`` measures give one
score per model dated by release; ``snapshot`` measures re-rate every model at each date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from aigap.errors import InputError
from aigap.store import Store

__all__ = ["Measure", "ScorePoint", "measures", "parse_date", "resolve_measure", "score_points"]


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    en: str
    zh: str
    unit: str
    kind: str  # release | snapshot
    gap_unit: str
    source: str
    scale: float = 1.0  # multiplies the stored value into ``unit`` (fractions -> percent)
    span: float | None = None  # the range a score difference is read against (None: the data's range)
    lag: bool = True  # False when the data cannot date when a score was first reached
    published: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ScorePoint:
    date: dt.date
    country: str
    value: float
    model: str | None
    source: str  # dataset:<id>#<row locator>
    source_class: str = "primary"  # the row's source class (aigap.reconcile.reliability)
    publisher: str | None = None


@cache
def _table() -> dict[str, Any]:
    text = resources.files("aigap.analyze").joinpath("benchmarks.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def measures() -> dict[str, Measure]:
    t = _table()
    pub = t.get("published", {})
    return {k: Measure(id=k, published=tuple(pub.get(k, ())), **v) for k, v in t["measures"].items()}


def resolve_measure(name: str, extra: set[str] | None = None) -> str:
    """A measure id from an id or alias (``arena`` -> ``arena_elo``); user-added measures pass through."""
    key = name.strip().lower().replace("-", "_")
    key = _table().get("aliases", {}).get(key, key)
    if key in measures() or (extra and key in extra):
        return str(key)
    known = ", ".join(sorted({*measures(), *(extra or set())}))
    raise InputError(f"unknown benchmark {name!r}; known: {known}")


def parse_date(period: str | None) -> dt.date | None:
    """'2024-06-07', '2024-06' or '2024' as a date (first day of the month or year)."""
    if not period:
        return None
    p = period.strip()
    try:
        if len(p) >= 10:
            return dt.date.fromisoformat(p[:10])
        if len(p) == 7 and p[4] == "-":
            return dt.date(int(p[:4]), int(p[5:7]), 1)
        if len(p) == 4 and p.isdigit():
            return dt.date(int(p), 1, 1)
    except ValueError:
        return None
    return None


def score_points(store: Store, measure: str | None = None) -> dict[str, list[ScorePoint]]:
    """Per measure, every dated model score (all countries), oldest first."""
    out: dict[str, list[ScorePoint]] = {}
    scale = {k: m.scale for k, m in measures().items()}
    for o in store.observations(indicator="model_benchmark_score"):
        m = o.get("measure")
        if not m or (measure and m != measure):
            continue
        d = parse_date(o.get("period"))
        if d is None:
            continue
        out.setdefault(m, []).append(ScorePoint(
            date=d, country=o["country"], value=float(o["value"]) * scale.get(m, 1.0), model=o.get("entity") or o.get("note"),
            source=f"dataset:{o['dataset_id']}#{o['row_locator']}", source_class=str(o.get("source_class") or "primary"),
            publisher=o.get("source"),
        ))
    for pts in out.values():
        pts.sort(key=lambda p: (p.date, p.country, -p.value))
    return out
