"""Claim evidence is selected in the database (indicator, country) and a foreign-currency figure
takes the text's own USD conversion only from one of the next two claims, within 6 characters."""

from __future__ import annotations

from aigap.reconcile import claim_evidence
from aigap.records import Claim, Document
from aigap.store import Store


def _c(start: int, end: int, value: float, unit: str, metric: str = "other", subject: str | None = None) -> Claim:
    return Claim(doc="d", start=start, end=end, number_text="n", quote="q", value=value, unit=unit, subject=subject,
                 metric=metric, period="2024")


def _store(store: Store, name: str, claims: list[Claim]) -> None:
    doc = Document(doc_id=name, text="x" * 100, source_uri=f"file:///{name}", content_hash=name * 8, language="zh")
    store.add_document(doc, claims, "1")


def test_own_conversion_and_filters_in_sql(store: Store) -> None:
    cny = "private_ai_investment"
    _store(store, "own", [_c(0, 8, 42e8, "CNY", cny, "CN"), _c(10, 18, 5.892e8, "USD")])
    _store(store, "third", [_c(0, 8, 42e8, "CNY", cny, "CN"), _c(9, 10, 1, "count"), _c(11, 12, 2, "count"),
                            _c(13, 20, 5.892e8, "USD")])
    _store(store, "far", [_c(0, 8, 42e8, "CNY", cny, "CN"), _c(20, 28, 5.892e8, "USD")])
    _store(store, "noise", [_c(0, 4, 1, "count", "other", "CN"), _c(5, 9, 1, "count", "ai_papers", ""),
                            _c(10, 14, 1, "count", "no_such_indicator", "CN"), _c(15, 19, 3, "papers", "ai_papers", "US")])
    got = {(e.doc_id, e.indicator): e for e in claim_evidence(store)}
    assert sorted(got) == [("far", cny), ("noise", "ai_papers"), ("own", cny), ("third", cny)]
    assert got[("own", cny)].value == 5.892e8 and got[("own", cny)].note == "converted by the text itself"
    for name in ("third", "far"):  # the USD figure is the third claim on, or too far: the FX table converts
        assert got[(name, cny)].note != "converted by the text itself" and got[(name, cny)].value != 5.892e8
    assert [e.doc_id for e in claim_evidence(store, country="US")] == ["noise"]
    assert [e.doc_id for e in claim_evidence(store, indicator=cny, country="CN")] == ["own", "third", "far"]
    assert claim_evidence(store, indicator="no_such_indicator") == []
