from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from aigap.errors import NotFound
from aigap.records import Claim, Document
from aigap.store import ClaimFilter, Store


def _doc(h: str = "h1", uri: str = "file:///a.txt") -> Document:
    return Document(doc_id="a", text="美国投资31亿美元。", source_uri=uri, content_hash=h, language="zh")


def _claim() -> Claim:
    return Claim(doc="a", start=4, end=10, number_text="31亿美元", quote="美国投资31亿美元", value=3.1e9,
                 unit="USD", subject="US", metric="gov_ai_rd_funding")


def test_add_document_is_idempotent_and_records_second_source(store: Store) -> None:
    first = store.add_document(_doc(), [_claim()], "1")
    again = store.add_document(_doc(uri="https://example.org/a"), [_claim()], "1")
    assert first.new and not again.new and again.id == first.id
    assert store.counts().documents == 1 and store.counts().claims == 1
    assert store.document_sources(first.id) == ["file:///a.txt", "https://example.org/a"]


def test_claims_round_trip_with_filters(store: Store) -> None:
    store.add_document(_doc(), [_claim()], "1")
    got = store.claims(ClaimFilter(indicator="gov_ai_rd_funding", country="US"))
    assert [c.claim for c in got] == [_claim()]
    assert store.claims(ClaimFilter(country="CN")) == []
    assert store.count_claims(ClaimFilter(language="zh")) == 1


def test_document_transaction_rolls_back_whole(store: Store) -> None:
    bad = Claim(doc="a", start=0, end=1, number_text="x", quote="x", value=1.0, unit="count")
    bad.metric = None  # type: ignore[assignment]  # violates NOT NULL: the whole document must roll back
    with pytest.raises(IntegrityError):
        store.add_document(_doc(), [_claim(), bad], "1")
    assert store.counts().documents == 0 and store.counts().claims == 0


def test_replace_claims_swaps_atomically(store: Store) -> None:
    res = store.add_document(_doc(), [_claim()], "1")
    store.replace_claims(res.id, [], "2")
    assert store.counts().claims == 0
    assert store.document(res.id).n_claims == 0
    with pytest.raises(NotFound):
        store.document(999)


def test_datasets_replace_only_when_hash_changes(store: Store) -> None:
    meta = {"id": "d1", "title": "T", "content_hash": "x1", "kind": "reference"}
    row = {"indicator": "ai_papers", "country": "US", "period": "2023", "value": 1.0, "unit": "papers",
           "aspect": "level", "source_class": "reference"}
    assert store.put_dataset(meta, [row, row]) == (True, 2)
    assert store.put_dataset(meta, [row]) == (False, 0)
    assert store.put_dataset({**meta, "content_hash": "x2"}, [row]) == (True, 1)
    assert store.counts().observations == 1


def test_observations_filtered_by_measure_and_left_out_indicators(store: Store) -> None:
    """The filters the analyses use to skip model-level scores select in SQL exactly what filtering
    every row in Python selects."""
    meta = {"id": "d1", "title": "T", "content_hash": "x1", "kind": "reference"}
    base = {"country": "US", "period": "2023", "value": 1.0, "unit": "u", "aspect": "level", "source_class": "reference",
            "measure": None}  # every row names every column: one INSERT takes the first row's
    rows = [{**base, "indicator": "ai_papers"}, {**base, "indicator": "model_benchmark_score", "measure": "eci"},
            {**base, "indicator": "other"}, {**base, "indicator": "ai_papers", "measure": "eci"},
            {**base, "indicator": "notable_ml_models", "country": "CN"}, {**base, "indicator": "model_benchmark_score"}]
    store.put_dataset(meta, rows)
    every = store.observations()
    assert len(every) == 6
    skip = ("other", "model_benchmark_score")
    assert store.observations(measured=False, not_indicators=skip) == \
        [o for o in every if o["measure"] is None and o["indicator"] not in skip]
    assert [o["indicator"] for o in store.observations(measured=False, not_indicators=skip)] == \
        ["ai_papers", "notable_ml_models"]
    assert store.observations(measured=True) == [o for o in every if o["measure"] is not None]
    assert store.observations(country="CN", measured=False, not_indicators=skip) == [every[4]]
    assert store.observations(measured=None, not_indicators=()) == every


def test_runs_are_recorded(store: Store) -> None:
    rid = store.start_run("ingest x")
    store.finish_run(rid, {"stored": 1}, [{"input": "y", "reason": "empty file"}])
    run = store.runs()[0]
    # A run that finished ends "done" (its rejections are its errors): done, failed or interrupted.
    assert run["status"] == "done" and run["counts"] == {"stored": 1}
    assert run["errors"] == [{"input": "y", "reason": "empty file"}]


def test_claims_page_by_id_with_every_explorer_filter(store: Store) -> None:
    """Keyset pages (id > after_id, in id order) under each filter the claims explorer offers."""
    for i in range(5):
        doc = Document(doc_id=f"d{i}", text="美国投资31亿美元。", source_uri=f"file:///{i}.txt", content_hash=f"h{i}",
                       language="zh" if i % 2 else "en")
        c = _claim()
        store.add_document(doc, [Claim(**{**c.to_json(), "doc": f"d{i}", "period": f"202{i}-0{i + 1}",
                                          "subject": "US" if i < 3 else "CN"}) for _ in range(2)], "1")
    ids = [c.id for c in store.claims(ClaimFilter(after_id=0))]
    assert ids == sorted(ids) and len(ids) == 10
    pages, after = [], 0
    while page := store.claims(ClaimFilter(indicator="gov_ai_rd_funding", after_id=after, limit=3)):
        pages.append([c.id for c in page])
        after = page[-1].id
    assert [len(p) for p in pages] == [3, 3, 3, 1] and [i for p in pages for i in p] == ids
    assert [c.claim.period for c in store.claims(ClaimFilter(period="2022", after_id=0))] == ["2022-03"] * 2
    assert len(store.claims(ClaimFilter(country="CN", after_id=ids[6]))) == 3
    assert {c.claim.doc for c in store.claims(ClaimFilter(language="zh", after_id=0))} == {"d1", "d3"}
    first = store.documents()[0].id
    assert len(store.claims(ClaimFilter(document_id=first, after_id=ids[0]))) == 1
    assert store.count_claims(ClaimFilter(period="202")) == 10


def test_pillar_pages_match_a_plain_filter(store: Store) -> None:
    """A page over several indicators (merged per-indicator index ranges) is exactly the claims a
    plain filter gives, in id order, under every combination of the other filters and page sizes."""
    metrics = ["gov_ai_rd_funding", "private_ai_investment", "ai_papers", "other"]
    for i in range(12):
        doc = Document(doc_id=f"p{i}", text="x" * 40, source_uri=f"file:///p{i}.txt", content_hash=f"ph{i}",
                       language="zh" if i % 3 else "en")
        claims = [Claim(doc=f"p{i}", start=k, end=k + 1, number_text="1", quote="q", value=1.0 + k * 0.1,
                        value_high=None if k % 2 else 5.0 + k, unit="USD", subject=("US", "CN", None)[(i + k) % 3],
                        metric=metrics[(i * 7 + k) % 4], period=f"202{k % 3}") for k in range(5)]
        store.add_document(doc, claims, "1")
    everything = store.claims(ClaimFilter(after_id=0))
    wanted = metrics[:3]
    for country in (None, "US", "CN"):
        for language in (None, "zh"):
            for period in (None, "2021"):
                expect = [c.id for c in everything if c.claim.metric in wanted
                          and (country is None or c.claim.subject == country)
                          and (period is None or (c.claim.period or "").startswith(period))
                          and (language is None or c.claim.doc not in {f"p{i}" for i in range(0, 12, 3)})]
                for limit in (1, 4, 50):
                    got, after = [], 0
                    while page := store.claims(ClaimFilter(indicators=wanted, country=country, language=language,
                                                           period=period, after_id=after, limit=limit)):
                        assert len(page) <= limit
                        got += [c.id for c in page]
                        after = page[-1].id
                    assert got == expect, (country, language, period, limit)
    rows = store.claims_with_documents(ClaimFilter(indicators=wanted, after_id=0, limit=3))
    assert [d["language"] for _, d in rows] and all(set(d) == {"title", "language", "published", "outlet"}
                                                    for _, d in rows)


def test_claim_values_round_trip_exactly(store: Store) -> None:
    """Figures come back bit for bit (SQLite pages travel as JSON with 17-digit floats)."""
    values = [583681921.1473519, 0.1 + 0.2, 1e300, 5e-324, 0.0, -2.5]
    doc = Document(doc_id="v", text="x" * 20, source_uri="file:///v.txt", content_hash="vh", language="en")
    store.add_document(doc, [Claim(doc="v", start=k, end=k + 1, number_text="n", quote="q", value=v,
                                   value_high=None if k % 2 else v * 2, metric="ai_papers", subject="US")
                             for k, v in enumerate(values)], "1")
    for f in (ClaimFilter(after_id=0), ClaimFilter(), ClaimFilter(indicators=["ai_papers", "other"], after_id=0, limit=9)):
        got = store.claims(f)
        assert [c.claim.value for c in got] == values
        assert [c.claim.value_high for c in got] == [None if k % 2 else v * 2 for k, v in enumerate(values)]


def test_period_filter_wildcards_are_literal(store: Store) -> None:
    """``%`` and ``_`` in a period filter are characters: ``period=%`` matched every claim."""
    periods = ["2024", "2024-08", "2023", "FY2024", "20_4", "50%/x"]
    for i, p in enumerate(periods):
        doc = Document(doc_id=f"p{i}", text="美国投资31亿美元。", source_uri=f"file:///p{i}.txt", content_hash=f"p{i}",
                       language="zh")
        store.add_document(doc, [Claim(**{**_claim().to_json(), "doc": f"p{i}", "period": p})], "1")
    for after in (None, 0):  # both statement shapes: ordered by document, and keyset pages
        def got(prefix: str, after: int | None = after) -> list[str]:
            return sorted(c.claim.period or "" for c in store.claims(ClaimFilter(period=prefix, after_id=after)))

        assert got("%") == []
        assert got("_") == []
        assert got("202_") == []
        assert got("20_") == ["20_4"]
        assert got("50%") == ["50%/x"]
        assert got("50%/") == ["50%/x"]
        assert got("2024") == ["2024", "2024-08"]
    assert store.count_claims(ClaimFilter(period="%")) == 0
    assert store.count_claims(ClaimFilter(period="2024-0")) == 1
