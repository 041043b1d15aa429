"""The dashboard's parts besides the answer itself: the country picker (every country with data,
with its coverage) and the published composites beside aigap's (anchors), in the page's language."""

from __future__ import annotations

from typing import Any

from aigap.analyze.countries import country_name as cldr_name
from aigap.report.numbers import fmt_num
from aigap.report.robustness import edition_in, split_edition
from aigap.report.sentences import Writer
from aigap.store import Store

from .headline import country_name
from .service import Cache, country_coverage_of

__all__ = ["anchors_view", "country_picker", "picker_name"]


def picker_name(code: str, lang: str) -> str:
    """A country's name in a list: "United States", "UK", "印度"; the label tables first (the names
    the rest of the site uses), CLDR's for any other country."""
    name = country_name(code, lang)
    if name == code:
        name = cldr_name(code, lang)
    if lang != "zh" and name.startswith("the "):
        name = name[4:]
    return name[:1].upper() + name[1:]


def country_picker(store: Store, cache: Cache, chosen: list[str], lang: str) -> dict[str, Any]:
    """Every country with data (the chosen ones first, in the view's order, so that a form sent
    without JavaScript keeps that order), each with how many of the comparable indicators it has."""
    cov = country_coverage_of(store, cache)
    used = {c.country: c.used for c in cov.countries}
    rest = sorted((c for c in used if c not in chosen), key=lambda c: (-used[c], picker_name(c, lang)))
    rows = [{"code": c, "name": picker_name(c, lang), "used": used.get(c, 0), "chosen": c in chosen}
            for c in [*chosen, *rest]]
    return {"of": cov.of, "countries": rows}


def anchors_view(g: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The published composites (AI Index Global Vibrancy Tool, Tortoise GAII) for the compared
    countries: publisher, edition, each score, the second-over-first ratio as published and as
    aigap's composite has it, and why aigap's differs. None when the gap names none."""
    anchors = g.get("anchors") or []
    cs = list(g.get("countries") or [])
    if not anchors or len(cs) < 2:
        return None
    w = Writer(lang)
    c0, c1 = cs[:2]
    first, second = picker_name(c0, lang), picker_name(c1, lang)
    rows = []
    for a in anchors:
        # "GVT 2025 (data 2024)": the edition's own name, then aigap's gloss, said in the page's language
        name, gloss = split_edition(edition_in(str(a.get("edition") or ""), lang))
        values = a.get("values") or {}
        rows.append({"publisher": str(a.get("publisher") or ""), "index": str(a.get("index") or ""),
                     "edition": name, "edition_gloss": gloss,
                     "scores": [fmt_num(values[c], 2) if c in values else w.label("anchors_missing") for c in cs],
                     "ratio": fmt_num(a["ratio"], 2) if a.get("ratio") is not None else "–",
                     "aigap_ratio": fmt_num(a["aigap_ratio"], 2) if a.get("aigap_ratio") is not None else "–"})
    both = sum(1 for i in g.get("indicators") or [] if c0 in i.get("values", {}) and c1 in i.get("values", {})
               and not i.get("set_aside"))
    return {"columns": [w.label("anchors_edition"), *[picker_name(c, lang) for c in cs],
                        w.label("anchors_ratio", first=first, second=second),
                        w.label("anchors_aigap", first=first, second=second)],
            "rows": rows, "title": w.label("anchors"),
            "why": w.label("anchors_why", n=both, weights=w.weights_label(g.get("weights") or {}))}
