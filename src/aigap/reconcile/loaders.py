"""Reference-dataset loaders: one function per kind of file, each yielding observation rows.

Every row carries ``row_locator`` (``<file>#row=<n>``, n counting data rows from 1) so a figure
leads back to its dataset row. Column names are looked up through aliases because Epoch renames
columns between snapshots (System -> Model, "Country (from Organization)" -> "Country (of
organization)").
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .countries import country_code, split_countries

__all__ = ["ATTRIBUTION_RULES", "LOADERS", "LOADERS_REVISION", "org_countries"]

ATTRIBUTION_RULES = ("any-org", "fractional", "single-country")
_ALIASES = {
    "model": ("Model", "System", "Model version", "Display name"),
    "date": ("Publication date", "Release date", "First Operational Date"),
    "country": ("Country (of organization)", "Country (from Organization)", "Country"),
    "org": ("Organization", "Organisation"),
    "compute": ("Training compute (FLOP)",),
    "compute_low": ("Training compute lower bound",),
    "compute_high": ("Training compute upper bound",),
    "confidence": ("Confidence",),
}
# Bumped when a loader reads more of its files than before (a new column): a stored dataset's hash
# covers the file and this revision, so the next load replaces rows read by the older loaders.
LOADERS_REVISION = "2"
Row = dict[str, Any]


def _col(header: list[str], key: str) -> str | None:
    for name in _ALIASES.get(key, (key,)):
        if name in header:
            return name
    return None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from enumerate(csv.DictReader(fh), 1)


def _float(v: object) -> float | None:
    try:
        f = float(str(v).replace(",", ""))
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


@cache
def org_countries(reference: Path) -> dict[str, str]:
    """Organisation name -> ISO country from models/orgs.csv and arena_model_org.csv."""
    out: dict[str, str] = {}
    for _n, r in _rows(reference / "models" / "orgs.csv"):
        out[r["organization"].strip().lower()] = r["country"]
        out.setdefault(r["canonical_name"].strip().lower(), r["country"])
    return out


def model_counts(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """Models per country per year under each attribution rule (any-org, fractional, single-country)."""
    counts: dict[tuple[str, str, str], float] = defaultdict(float)
    rows_for: dict[tuple[str, str], list[int]] = defaultdict(list)
    header: list[str] = []
    for n, r in _rows(path):
        header = header or list(r)
        date = (r.get(_col(header, "date") or "", "") or "")[:4]
        countries = [c for c in split_countries(r.get(_col(header, "country") or "")) if c != "MULTI"]
        if not date.isdigit() or not countries:
            continue
        for c in countries:
            counts[("any-org", c, date)] += 1
            counts[("fractional", c, date)] += 1 / len(countries)
            rows_for[(c, date)].append(n)
        if len(countries) == 1:
            counts[("single-country", countries[0], date)] += 1
    for (rule, c, year), v in sorted(counts.items()):
        rows = rows_for[(c, year)]
        yield {
            "indicator": spec["indicator"], "country": c, "period": year, "aspect": "level",
            "value": round(v, 4), "unit": "models", "source_class": "reference", "rule": rule,
            "row_locator": f"{path.name}#rows={len(rows)} (first row={rows[0]})",
            "note": f"count of models whose organisation is in {c}, {rule} attribution",
        }


def model_scores(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """One row per model: its score on a benchmark, dated by release, with the developer's country."""
    orgs = org_countries(reference)
    for n, r in _rows(path):
        score = _float(r.get(spec["score_column"]))
        date = (r.get(spec["date_column"]) or "")[:10]
        if score is None or len(date) < 10:
            continue
        org = (r.get("Organization") or "").split(",")[0].strip()
        country = orgs.get(org.lower())
        if country is None:
            codes = [c for c in split_countries(r.get("Country")) if c != "MULTI"]
            country = codes[0] if len(codes) == 1 else None
        if country in (None, "AMBIGUOUS"):
            continue  # multi-country or unknown developers are left out of country frontiers
        yield {
            "indicator": "model_benchmark_score", "measure": spec["measure"], "entity": r.get(spec["model_column"]),
            "country": country, "period": date, "aspect": "level", "value": score, "unit": spec["unit"],
            "source_class": "reference", "row_locator": f"{path.name}#row={n}", "note": org or None,
        }


def arena_history(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """Chatbot Arena ratings per model per snapshot date (duplicated (key, date) rows dropped)."""
    key_country: dict[str, str] = {}
    for _n, r in _rows(path.parent / "arena_model_org.csv"):
        key_country[r["model_key"]] = r["country"]
    orgs = org_countries(reference)
    seen: set[tuple[str, str]] = set()
    for n, r in _rows(path):
        key, date = r["key"], r["date"]
        rating = _float(r.get("rating"))
        if rating is None or (key, date) in seen or len(date) != 8:
            continue
        seen.add((key, date))
        country = key_country.get(key) or orgs.get((r.get("Organization") or "").strip().lower())
        if country in (None, "AMBIGUOUS"):
            continue
        yield {
            "indicator": "model_benchmark_score", "measure": spec["measure"], "entity": r.get("Model") or key,
            "country": country, "period": f"{date[:4]}-{date[4:6]}-{date[6:]}", "aspect": "level",
            "value": rating, "unit": spec["unit"], "source_class": "reference",
            "row_locator": f"{path.name}#row={n}",
            "note": "online Elo" if date <= "20240326" else "displayed rating",
        }


def supercomputers(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """Operational AI compute (16-bit OP/s) per country, of the systems in Epoch's standard analysis."""
    total: dict[str, float] = defaultdict(float)
    h100: dict[str, float] = defaultdict(float)
    nrows: dict[str, int] = defaultdict(int)
    for _n, r in _rows(path):
        if (r.get("Status") or "").strip() != "Existing":
            continue
        if (r.get("Include in Standard Analysis") or "").strip().lower() not in ("true", "yes", "1", "checked"):
            continue
        code = country_code(r.get("Country") or "")
        ops = _float(r.get("16-bit OP/s"))
        if not code or ops is None:
            continue
        total[code] += ops
        h100[code] += _float(r.get("H100 equivalents")) or 0.0
        nrows[code] += 1
    for code in sorted(total):
        yield {
            "indicator": spec["indicator"], "country": code, "period": str(spec["vintage"])[:4], "aspect": "level",
            "value": total[code], "unit": "FLOPS", "source_class": "reference",
            "row_locator": f"{path.name}#systems={nrows[code]}",
            "note": f"sum over {nrows[code]} existing systems; {h100[code]:.0f} H100-equivalents",
        }


# A row read from its publisher is primary; one read from a page relaying the publisher is a
# secondary report citing a primary (reliability.py gives each class its weight).
_EVIDENCE_CLASS = {"primary": "primary", "secondary": "secondary", "computed": "primary"}


def headline(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """Cited figures, each from its publisher (the source), with the page where it was read."""
    for n, r in _rows(path):
        value = _float(r.get("value"))
        if value is None or not r.get("country"):
            continue
        yield {
            "indicator": r["indicator"], "country": r["country"], "period": r.get("period") or None,
            "aspect": "level", "value": value, "unit": r.get("unit") or "count",
            "source_class": _EVIDENCE_CLASS.get(r.get("evidence_kind", ""), "secondary"),
            "source": r.get("source_org"), "vintage": r.get("source_title"),
            "row_locator": f"{path.name}#row={n}", "note": r.get("evidence_url") or None,
            "rule": r.get("qualifier") or None,
        }


def gap_anchors(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """Published US-CN model-gap figures (in their own units: percent, points, months)."""
    for n, r in _rows(path):
        gap = _float(r.get("gap_value"))
        if gap is None:
            continue
        yield {
            "indicator": "model_gap_published", "measure": r.get("metric"), "country": "US",
            "period": r.get("period") or None, "aspect": "level", "value": gap,
            "unit": r.get("gap_unit") or "other", "source_class": _EVIDENCE_CLASS.get(r.get("evidence_kind", ""), "secondary"),
            "source": r.get("publisher"), "vintage": r.get("published"),
            "row_locator": f"{path.name}#row={n}", "note": r.get("evidence_url") or None,
        }


def training_compute(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """The largest training compute (FLOP) of a country's models per year (any organisation), with the
    publisher's uncertainty for that row: its bounds where the file gives them, and its ``Confidence``
    label (Epoch's Confident / Likely / Speculative) kept as written."""
    best: dict[tuple[str, str], tuple[float, int, dict[str, str]]] = {}
    header: list[str] = []
    for n, r in _rows(path):
        header = header or list(r)
        flop = _float(r.get(_col(header, "compute") or ""))
        year = (r.get(_col(header, "date") or "", "") or "")[:4]
        if flop is None or not year.isdigit():
            continue
        for c in split_countries(r.get(_col(header, "country") or "")):
            if c != "MULTI" and flop > best.get((c, year), (0.0, 0, {}))[0]:
                best[(c, year)] = (flop, n, r)
    for (c, year), (flop, n, r) in sorted(best.items()):
        low, high = _float(r.get(_col(header, "compute_low") or "")), _float(r.get(_col(header, "compute_high") or ""))
        bounded = low is not None and high is not None and 0 < low <= flop <= high
        yield {"indicator": spec["indicator"], "country": c, "period": year, "aspect": "level", "value": flop,
               "low": low if bounded else None, "high": high if bounded else None,
               "uncertainty": (r.get(_col(header, "confidence") or "") or "").strip() or None,
               "unit": "FLOP", "source_class": "reference", "entity": str(r.get(_col(header, "model") or "") or ""),
               "rule": "any-org", "row_locator": f"{path.name}#row={n}", "note": "largest training compute of the year"}


def superclue(path: Path, spec: dict[str, Any], reference: Path) -> Iterator[Row]:
    """SuperCLUE boards: the best overseas and best Chinese model's total score per board."""
    orgs = org_countries(reference)
    for n, r in _rows(path):
        for side, default in (("overseas", None), ("cn", "CN")):
            score = _float(r.get(f"best_{side}_total"))
            org = (r.get(f"best_{side}_org") or "").strip()
            country = orgs.get(org.lower()) or default
            if score is None or country in (None, "AMBIGUOUS"):
                continue
            yield {"indicator": "model_benchmark_score", "measure": spec["measure"], "entity": r.get(f"best_{side}_model"),
                   "country": country, "period": r.get("published") or None, "aspect": "level", "value": score,
                   "unit": "score", "source_class": "secondary" if r.get("evidence_kind") == "secondary" else "primary",
                   "source": "SuperCLUE", "row_locator": f"{path.name}#row={n}", "note": r.get("board")}


LOADERS = {
    "training_compute": training_compute,
    "superclue": superclue,
    "model_counts": model_counts,
    "model_scores": model_scores,
    "arena_history": arena_history,
    "supercomputers": supercomputers,
    "headline": headline,
    "gap_anchors": gap_anchors,
}
