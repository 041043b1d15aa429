"""Which countries have data, and on how many of the comparable indicators (the dashboard's country
picker), on both backends: an indicator one country alone has counts for no one; an unranked
indicator, a grouping ("WORLD") and nothing at all count for nothing."""

from __future__ import annotations

from aigap.analyze import GapOptions, country_coverage, gap
from aigap.records import Claim, Document
from aigap.sources import content_hash
from aigap.store import Store


def _claims(store: Store, rows: list[tuple[str, str, float, str]]) -> None:
    text = " ".join(f"{c} {m} {v}." for c, m, v, _ in rows)
    doc = Document(doc_id="cov", text=text, source_uri="https://example.org/cov", title="coverage",
                   content_hash=content_hash(text))
    claims = [Claim(doc="cov", start=i, end=i + 1, number_text=str(v), quote=text, value=v, unit=u, subject=c,
                    metric=m, period="2024") for i, (c, m, v, u) in enumerate(rows)]
    store.add_document(doc, claims, "t")


def test_country_coverage_counts_indicators_two_countries_have(store: Store) -> None:
    _claims(store, [
        ("US", "ai_researchers", 250_000, "people"), ("CN", "ai_researchers", 500_000, "people"),
        ("IN", "ai_researchers", 100_000, "people"),
        ("US", "ai_unicorns", 100, "companies"), ("CN", "ai_unicorns", 70, "companies"),
        ("FR", "genai_startups", 40, "companies"),  # France alone: comparable with no one
        ("US", "market_cap", 3e12, "USD"), ("JP", "market_cap", 1e12, "USD"),  # not ranked (better: none)
        ("WORLD", "ai_researchers", 2_000_000, "people"),  # the world total: no country to pick
        ("WORLD", "ai_patents", 60_000, "count"), ("DE", "ai_patents", 3_000, "count"),  # nor to compare with
    ])
    cov = country_coverage(store)
    assert cov.of == 2
    assert [(c.country, c.used) for c in cov.countries] == [("CN", 2), ("US", 2), ("IN", 1)]
    # the counts of the compared countries are the gap's own coverage of figures (with the comparisons
    # that rest on this one unknown outlet counted: the picker counts data, not its reliability)
    res = gap(store, GapOptions(countries=("US", "IN"), draws=50, trends=False, benchmarks=False,
                                weak_evidence=True)).to_json()
    assert res["composite"]["IN"]["coverage"]["used"] == 1 and res["composite"]["US"]["coverage"]["used"] == 1


def test_country_coverage_of_an_empty_store(store: Store) -> None:
    cov = country_coverage(store)
    assert cov.of == 0 and cov.countries == []
