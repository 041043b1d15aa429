"""Mechanical validation of gold claims (step 4 of ``spec/annotation.md``).

Every quote occurs exactly once in its document, number_text lies in its quote, spans do not overlap,
units, qualifiers, aspects, subjects, periods and metric ids are allowed values, and value_high is set
exactly for range and vague. ``python -m aigap.extract.goldcheck GOLD DOCS`` prints one line per
problem and exits 1 when there is any.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["UNITS", "check_gold", "main"]

UNITS = frozenset({
    "USD", "CNY", "HKD", "EUR", "JPY", "GBP", "TWD", "KRW", "count", "percent", "people", "papers",
    "models", "chips", "companies", "chars", "tokens", "parameters", "seconds", "years", "months",
    "rank", "score", "FLOPS",
})
QUALIFIERS = frozenset({"exact", "approx", "over", "under", "at_least", "at_most", "range", "vague"})
ASPECTS = frozenset({"level", "change", "share"})
_PERIOD = re.compile(r"^(?:FY)?\d{4}(?:-(?:0[1-9]|1[0-2])|-H[12]|-Q[1-4])?(?:/\d{4}(?:-(?:0[1-9]|1[0-2]))?)?$")
_SUBJECT = re.compile(r"^(?:[A-Z]{2}|EU|WORLD)$")
_REQUIRED = ("doc", "quote", "number_text", "value", "qualifier", "unit", "metric", "aspect")


def _metric_ids() -> set[str]:
    from aigap.indicators import catalogue

    return set(catalogue().indicators) | {"other"}


def check_gold(rows: Iterable[dict[str, Any]], texts: dict[str, str]) -> list[str]:
    """Problems found, one line each naming the document and the claim."""
    metrics = _metric_ids()
    problems: list[str] = []
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for n, g in enumerate(rows, 1):
        where = f"claim {n} ({g.get('doc')!s}, {g.get('number_text')!r})"
        missing = [k for k in _REQUIRED if k not in g]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        text = texts.get(g["doc"])
        if text is None:
            problems.append(f"{where}: no document text")
            continue
        quote, nt = g["quote"], g["number_text"]
        if not quote or not nt:
            problems.append(f"{where}: empty quote or number_text")
            continue
        count = text.count(quote)
        if count != 1:
            problems.append(f"{where}: quote occurs {count} times in the document (must be exactly once)")
        if nt not in quote:
            problems.append(f"{where}: number_text is not in its quote")
        elif count >= 1:
            q = text.find(quote)
            s = text.find(nt, q, q + len(quote))
            spans.setdefault(g["doc"], []).append((s, s + len(nt), nt))
        if not isinstance(g["value"], int | float) or isinstance(g["value"], bool):
            problems.append(f"{where}: value is not a number")
        vh = g.get("value_high")
        if g["qualifier"] not in QUALIFIERS:
            problems.append(f"{where}: qualifier {g['qualifier']!r} not allowed")
        elif (g["qualifier"] in ("range", "vague")) != (vh is not None):
            problems.append(f"{where}: value_high must be set exactly for range and vague")
        if vh is not None and isinstance(g["value"], int | float) and vh < g["value"]:
            problems.append(f"{where}: value_high below value")
        unit = g["unit"]
        if unit not in UNITS and not (isinstance(unit, str) and re.fullmatch(r"other:\S+", unit)):
            problems.append(f"{where}: unit {unit!r} not allowed")
        if g["aspect"] not in ASPECTS:
            problems.append(f"{where}: aspect {g['aspect']!r} not allowed")
        if g["metric"] not in metrics:
            problems.append(f"{where}: metric {g['metric']!r} is not an indicator id")
        subj = g.get("subject")
        if subj is not None and not _SUBJECT.match(str(subj)):
            problems.append(f"{where}: subject {subj!r} is not ISO alpha-2, EU, WORLD or null")
        period = g.get("period")
        if period is not None and not _PERIOD.match(str(period)):
            problems.append(f"{where}: period {period!r} not of an allowed form")
    for doc, items in spans.items():
        items.sort()
        for (s1, e1, t1), (s2, _e2, t2) in itertools.pairwise(items):
            if s2 < e1:
                problems.append(f"{doc}: spans overlap: {t1!r} at {s1} and {t2!r} at {s2}")
    return problems


def main(argv: list[str] | None = None) -> int:
    from .evaluate import load_gold

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m aigap.extract.goldcheck GOLD_FILE_OR_DIR DOCS_DIR")
        return 2
    rows = load_gold(Path(args[0]))
    wanted = {str(g.get("doc")) for g in rows}
    texts = {p.stem: p.read_text(encoding="utf-8-sig") for p in Path(args[1]).rglob("*.txt") if p.stem in wanted}
    problems = check_gold(rows, texts)
    for p in problems:
        print(p)
    print(f"{len(rows)} claims in {len(texts)} documents checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
