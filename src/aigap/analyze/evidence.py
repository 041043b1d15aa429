"""Which comparisons are too weakly evidenced to enter the composite.

A comparison is only as strong as its weaker side: when one country's figure rests on one
low-reliability source alone (a self-published blog, an unknown outlet, a company's own claim: two
independent ones corroborate each other), or the figure is flagged
as impossible by a consistency rule ("total below private alone"), the indicator is still shown
with its figures and flags but is set aside from the pillars, the composite and the rank
probabilities, so that no headline rests on one such article (``GapOptions.weak_evidence`` keeps
them in).
"""

from __future__ import annotations

from .inputs import IndicatorData

__all__ = ["set_aside_reason"]

# A consistency rule's flag (aigap.reconcile) that says the figure cannot be true as stated.
IMPOSSIBLE = "cannot be true"


def set_aside_reason(d: IndicatorData, countries: list[str]) -> str | None:
    """Why the indicator stays out of the composite, or None when its evidence is good enough."""
    for c in countries:
        f = d.figures.get(c)
        if f is None:
            continue
        rel = f.reliability or {}
        bad = next((x for x in rel.get("flags", []) if str(x).startswith(IMPOSSIBLE)), None)
        if bad:
            return f"{c}: {bad}"
        if rel.get("tier") == "low" and int(rel.get("n_independent") or 1) < 2:
            label = rel.get("label") or "low-reliability source"
            who = ", ".join(rel.get("independent_sources") or []) or "one source"
            return f"{c}: rests on one low-reliability source ({label}: {who})"
    return None
