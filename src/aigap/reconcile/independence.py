"""Independent sources behind a consensus: figures relaying one primary (or one outlet) count once,
and the reliability summary every estimate carries (its best class, tier, independent sources,
the chains from outlet to primary, and the flags)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .reliability import class_info, source_weight
from .uncertainty import label_reason

if TYPE_CHECKING:
    from .evidence import Evidence

__all__ = ["TIERS", "n_independent", "reliability_summary", "share_origins"]

TIERS = ("low", "medium", "high")


def _rank(e: Evidence) -> int:
    return TIERS.index(class_info(e.source_class).tier)


def share_origins(items: list[Evidence]) -> None:
    """Give the figures of one origin the weight of its most reliable one, split between them:
    five outlets repeating one primary weigh what that primary weighs, not five times it.
    Figures of unknown origin (no outlet, nothing cited) are independent, document by document."""
    by_origin: dict[str, list[Evidence]] = defaultdict(list)
    for e in items:
        e.share = 1.0
        if e.origin:
            by_origin[e.origin].append(e)
    for group in by_origin.values():
        if len(group) == 1 and group[0].count == 1:
            continue
        top = max(source_weight(e.source_class) for e in group)
        total = sum(e.weight for e in group)
        for e in group:
            e.share = top / total if total else 1.0


def n_independent(items: list[Evidence]) -> int:
    origins = {e.origin for e in items if e.origin}
    return len(origins) + sum(e.count for e in items if not e.origin)


def reliability_summary(items: list[Evidence], *, flags: list[str], revised: list[Evidence],
                        set_aside: list[tuple[Evidence, str]]) -> dict[str, Any]:
    """What an estimate rests on, for the gap answer and the report."""
    best = max(items, key=_rank)
    info = class_info(best.source_class)
    n = n_independent(items)
    flags = list(flags)
    if n == 1 and info.tier == "low":
        flags.append(f"rests on one low-reliability source ({info.label}: {best.publisher or best.source})")
    classes: dict[str, int] = defaultdict(int)
    for e in items:
        classes[e.source_class] += e.count
    chains = [e.chain for e in items if e.chain]
    labels = [{"source": e.source, "label": e.uncertainty, "reading": label_reason(e.uncertainty, e.publisher)}
              for e in items if e.uncertainty]
    return {
        "class": info.id, "tier": info.tier, "label": info.label, "reason": best.class_reason,
        "n_independent": n, "classes": dict(classes),
        "independent_sources": sorted({e.origin or (e.publisher or e.doc_id or e.source) for e in items}, key=str),
        "chains": [list(c) for c in dict.fromkeys(tuple(c) for c in chains)],
        "revisions": [{"value": e.value, "source": e.source, "publisher": e.publisher, "edition": e.edition}
                      for e in revised],
        "set_aside": [{"value": e.value, "source": e.source, "class": e.source_class, "reason": why}
                      for e, why in set_aside],
        "flags": flags,
        # the publishers' own uncertainty labels behind the figure, and what each is read as
        **({"uncertainty": labels} if labels else {}),
    }
