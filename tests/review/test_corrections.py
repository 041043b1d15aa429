"""Corrections over machine claims, end to end on a real database (SQLite and PostgreSQL): the
analysis, conflicts and exports see the corrected claims; re-extraction keeps what still applies."""

from __future__ import annotations

import math
import threading

import pytest
import sqlalchemy as sa

from aigap.analyze.gap import GapOptions, gap
from aigap.errors import NotFound, ValidationError
from aigap.extract import extract_claims
from aigap.reconcile import conflicts, estimates
from aigap.reconcile.export import tables
from aigap.records import Claim, Document
from aigap.report.citations import Citations
from aigap.review import export_gold, review_queue
from aigap.sources import content_hash, reextract_stale
from aigap.store import ClaimFilter, Store
from aigap.store import schema as t
from aigap.web.service import Cache, conflicts_json


def _doc(store: Store, name: str, text: str, claims: list[Claim]) -> int:
    # a news agency (outlets.yaml): one article from an unknown outlet is set aside from the gap
    doc = Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name, outlet="Reuters",
                   content_hash=content_hash(text), language="en")
    res = store.add_document(doc, claims, "test")
    store.set_story([res.id], res.id)
    return res.id


def _claim(doc: str, text: str, needle: str, value: float, country: str, metric: str, unit: str = "USD") -> Claim:
    s = text.index(needle)
    return Claim(doc=doc, start=s, end=s + len(needle), number_text=needle, quote=text, value=value, unit=unit,
                 subject=country, metric=metric, period="2024")


def _one(store: Store, **kw: object) -> int:
    (c,) = store.claims(ClaimFilter(**kw))  # type: ignore[arg-type]
    return c.id


def _gap_point(store: Store) -> float | None:
    return gap(store, GapOptions(draws=50, trends=False, benchmarks=False)).composite_gap()["point"]


def test_correcting_a_claims_country_changes_the_gap(store: Store) -> None:
    a = "The US invested $50 billion in AI while China invested $40 billion."
    b = "There are 300 AI unicorns in China and 100 AI unicorns in the US."
    _doc(store, "a", a, [_claim("a", a, "$50 billion", 50e9, "US", "ai_investment_total"),
                         _claim("a", a, "$40 billion", 40e9, "CN", "ai_investment_total")])
    _doc(store, "b", b, [_claim("b", b, "300 AI unicorns", 300, "CN", "ai_unicorns", "companies"),
                         _claim("b", b, "100 AI unicorns", 100, "US", "ai_unicorns", "companies")])
    before = _gap_point(store)
    queue = review_queue(store)
    keys = [(-r["influence"], -r["pillar_influence"]) for r in queue]
    assert len(queue) == 4 and keys == sorted(keys) and all(r["influence"] > 0 for r in queue)
    # each pillar has one indicator: without it the pillar has no gap, so its whole gap is the shift
    # (unicorns, a count, on a ratio scale: 100 vs 100*100/300; money on a log scale: 100 vs
    # 100 - 50*log10(50/40))
    assert {r["metric"]: r["pillar_influence"] for r in queue} == {
        "ai_unicorns": pytest.approx(100 - 100 / 3, abs=1e-3),
        "ai_investment_total": pytest.approx(50 * math.log10(50 / 40), abs=1e-3)}
    cid = _one(store, indicator="ai_unicorns", country="US")
    c = store.review.fix(cid, {"subject": "CN", "value": "120"}, user="alice", why="the 100 are Chinese firms")
    assert c.action == "fix" and c.original is not None and c.original["subject"] == "US"
    (fixed,) = store.claims(ClaimFilter(ids=[cid]))
    assert (fixed.claim.subject, fixed.claim.value) == ("CN", 120.0)
    assert {e.country for e in estimates(store, ["US", "CN"]) if e.indicator == "ai_unicorns"} == {"CN"}
    after = _gap_point(store)
    assert before is not None and after is not None and after != pytest.approx(before, abs=1e-3)
    # exports and the API's claims show the corrected claim, and say who reviewed it
    exported = tables(store)
    assert exported["claims"].set_index("claim_id").loc[cid, "subject"] == "CN"
    obs = exported["observations"]
    assert set(obs[obs["indicator"] == "ai_unicorns"]["country"]) == {"CN"}
    (row,) = [r for r in review_queue(store) if r["id"] == cid]
    assert row["status"] == "corrected" and row["reviewed"].startswith("reviewed by alice on ")
    assert [e["action"] for e in store.review.audit()] == ["review.fix"]
    again = store.review.fix(cid, {"subject": "CN", "value": "120"}, user="alice", why="the 100 are Chinese firms")
    assert again.id == c.id and len(store.review.corrections()) == 1  # a rerun records nothing twice
    # a report's footnote for the figure says who reviewed it and when
    cites = Citations()
    cites.cite(f"claim:{cid}", indicator="ai_unicorns")
    (fn,) = cites.resolve(store)
    assert fn.resolved and fn.note and fn.note.startswith("reviewed by alice on ")
    zh = Citations(lang="zh")  # a Chinese report says it in Chinese
    zh.cite(f"claim:{cid}", indicator="ai_unicorns")
    (fn,) = zh.resolve(store)
    assert fn.note == f"由 alice 于 {c.created_at.date().isoformat()} 审核"


def test_rejecting_a_claim_removes_it_from_the_conflicts(store: Store) -> None:
    a, b = "China has 500,000 AI researchers.", "China has 200,000 AI researchers."
    _doc(store, "a", a, [_claim("a", a, "500,000 AI researchers", 5e5, "CN", "ai_researchers", "people")])
    _doc(store, "b", b, [_claim("b", b, "200,000 AI researchers", 2e5, "CN", "ai_researchers", "people")])
    (found,) = conflicts(store)
    assert {found.a.value, found.b.value} == {5e5, 2e5}
    store.review.accept(_one(store, doc_id="a"), user="bob")
    store.review.accept(_one(store, doc_id="a"), user="bob")
    assert [a["action"] for a in store.review.audit()] == ["review.accept"]
    (shown,) = conflicts_json(store, Cache())  # what the conflicts page and API show
    assert sorted(str(f["reviewed"])[:15] for f in shown["figures"]) == ["None", "reviewed by bob"]
    cid = _one(store, doc_id="b")
    store.review.reject(cid, user="bob", why="a 2019 figure quoted as history")
    assert conflicts(store) == []
    assert store.claims(ClaimFilter(ids=[cid])) == []
    (est,) = estimates(store, ["CN"])
    assert est.value == 5e5
    with pytest.raises(ValidationError, match="why"):
        store.review.reject(_one(store, doc_id="a"), user="bob", why=" ")
    a_id = _one(store, doc_id="a")
    with pytest.raises(ValidationError, match="not '500,000 AI researchers'"):
        store.review.fix(a_id, {"start": "0", "number_text": "500,000 AI researchers"}, user="bob", why="moved")
    s = a.index("500,000")
    store.review.fix(a_id, {"start": str(s), "end": str(s + 7)}, user="bob", why="the number only")
    (moved,) = store.claims(ClaimFilter(ids=[a_id]))
    assert (moved.claim.start, moved.claim.end, moved.claim.number_text) == (s, s + 7, "500,000")
    with pytest.raises(NotFound, match=f"no claim {cid}"):
        store.review.accept(cid, user="bob")


def test_adding_a_missed_claim_from_a_selection(store: Store) -> None:
    text = "Officials said China trained 12,000 AI engineers last year."
    doc = _doc(store, "a", text, [])
    s = text.index("12,000 AI engineers")
    e = s + len("12,000 AI engineers")
    c = store.review.add(doc, s, e, {"value": "12000", "unit": "people", "subject": "cn", "metric": "ai_researchers",
                                     "period": "2024"}, user="carol", why="missed by the scanner")
    (added,) = store.claims(ClaimFilter(document_id=doc))
    assert added.id == c.claim_id and added.extractor_version == "review"
    assert (added.claim.start, added.claim.end, added.claim.number_text) == (s, e, text[s:e])
    assert added.claim.subject == "CN" and added.claim.quote == text
    assert [x.value for x in estimates(store, ["CN"])] == [12000.0]
    with pytest.raises(ValidationError, match="outside its text"):
        store.review.add(doc, 10, 999, {"value": "1"}, user="carol", why="x")
    with pytest.raises(ValidationError, match="'qualifier'"):
        store.review.add(doc, s, e, {"value": "1", "qualifier": "roughly"}, user="carol", why="x")
    with pytest.raises(ValidationError, match="needs value"):
        store.review.add(doc, s, e, {"unit": "people"}, user="carol", why="x")
    assert len(store.claims(ClaimFilter(document_id=doc))) == 1  # refused adds store nothing


ZH = "2024年,美国在AI领域投资超过500亿美元,而中国全年投资约400亿美元。中国AI企业数量达到4500家。"


def test_reextraction_keeps_the_corrections_that_still_apply(store: Store) -> None:
    claims = extract_claims(ZH, "z", published="2024-12-01", language="zh")
    assert len(claims) >= 3
    doc = Document(doc_id="z", text=ZH, source_uri="file:///z.txt", content_hash=content_hash(ZH), language="zh",
                   published="2024-12-01")
    pk = store.add_document(doc, claims, "0.9").id
    by_text = {c.claim.number_text: c.id for c in store.claims(document_id=pk)}
    usd, cn, firms = by_text["超过500亿美元"], by_text["约400亿美元"], next(i for k, i in by_text.items() if "4500" in k)
    store.review.fix(usd, {"period": "2023", "note": "calendar 2023 in the source table"}, user="alice", why="period")
    store.review.reject(cn, user="bob", why="duplicate of another story")
    store.review.accept(firms, user="alice")
    s = ZH.index("2024年")
    store.review.add(pk, s, s + 4, {"value": "2024", "unit": "years", "metric": "other"}, user="carol", why="test")
    n_before = len(store.claims(document_id=pk))

    # a new extractor version: the document is extracted again and every machine claim replaced
    assert reextract_stale(store) == 1
    now = {c.claim.number_text: c for c in store.claims(document_id=pk)}
    assert len(now) == n_before
    assert now["超过500亿美元"].claim.period == "2023" and now["超过500亿美元"].claim.note
    assert "约400亿美元" not in now
    assert now["2024"].extractor_version == "review"
    assert store.review.corrections(status="stale") == []
    marks = store.review.marks()
    assert {m.action for m in marks.values()} == {"fix", "accept", "add"}
    assert all(m.claim_id in {c.id for c in now.values()} for m in marks.values())

    # an extractor that reads the first amount's span differently: that fix no longer applies
    moved = []
    for c in extract_claims(ZH, "z", published="2024-12-01", language="zh"):
        if c.number_text == "超过500亿美元":
            c.start, c.number_text = c.start + 2, c.number_text[2:]
        moved.append(c)
    store.replace_claims(pk, moved, "2.0")
    (stale,) = store.review.corrections(status="stale")
    assert stale.action == "fix" and stale.claim_id is None
    now = {c.claim.number_text: c for c in store.claims(document_id=pk)}
    assert now["500亿美元"].claim.period == "2024"  # the machine's value, the correction is reported stale
    assert "约400亿美元" not in now and "2024" in now


def test_two_reviewers_at_once_the_later_write_wins_and_both_are_audited(db_url: str) -> None:
    setup = Store.open(db_url)
    text = "China has 1,000 AI unicorns."
    cid = setup.add_document(Document(doc_id="a", text=text, source_uri="file:///a", content_hash=content_hash(text)),
                             [_claim("a", text, "1,000 AI unicorns", 1000, "US", "ai_unicorns", "companies")],
                             "test").id
    cid = _one(setup, document_id=cid)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def review(user: str, country: str) -> None:
        s = Store.open(db_url)
        try:
            barrier.wait()
            s.review.fix(cid, {"subject": country}, user=user, why=f"{user} thinks {country}")
        except BaseException as exc:  # reported below, in the test thread
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=review, args=a) for a in (("alice", "CN"), ("bob", "JP"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert errors == []
    fixes = setup.review.corrections()
    assert len(fixes) == 2
    last = max(fixes, key=lambda c: c.id)
    (now,) = setup.claims(ClaimFilter(ids=[cid]))
    assert now.claim.subject == last.fields["subject"]
    assert sorted(a["user"] for a in setup.review.audit()) == ["alice", "bob"]
    # the first write's original is the machine value, the second's is what the first wrote
    first = min(fixes, key=lambda c: c.id)
    assert first.original and first.original["subject"] == "US"
    assert last.original and last.original["subject"] == first.fields["subject"]
    setup.close()


def test_users_tokens_are_hashed_at_rest(store: Store) -> None:
    token = store.review.add_user("dana", "reviewer", by="admin")
    assert store.review.user_for_token(token) == ("dana", "reviewer")
    assert store.review.user_for_token(token + "x") is None
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(t.users.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64
    with pytest.raises(ValidationError, match="exists already"):
        store.review.add_user("dana", "admin", by="admin")
    with pytest.raises(ValidationError, match="role"):
        store.review.add_user("eve", "owner", by="admin")
    assert [a["action"] for a in store.review.audit()] == ["users.add"]


def test_gold_export_holds_the_reviewed_claims(store: Store) -> None:
    text = "The US invested $50 billion in AI while China invested $40 billion."
    pk = _doc(store, "a", text, [_claim("a", text, "$50 billion", 50e9, "US", "ai_investment_total"),
                                 _claim("a", text, "$40 billion", 40e9, "US", "ai_investment_total")])
    ids = [c.id for c in store.claims(document_id=pk)]
    store.review.accept(ids[0], user="a")
    store.review.fix(ids[1], {"subject": "CN"}, user="a", why="China's figure")
    rows = export_gold(store)
    assert [(r["doc"], r["number_text"], r["subject"], r["start"]) for r in rows] == [
        ("a", "$50 billion", "US", text.index("$50")), ("a", "$40 billion", "CN", text.index("$40"))]
    assert list(rows[0]) == ["doc", "start", "end", "number_text", "quote", "value", "value_high", "qualifier", "unit",
                             "subject", "entity", "metric", "aspect", "period", "confidence", "note"]


def test_a_corrections_period_and_text_are_checked(store: Store) -> None:
    """A period in the spec's shapes only, and no control characters (terminal escapes) in any text
    field: refused in one line naming the field, with nothing stored."""
    text = "China has 1,000 AI unicorns."
    pk = _doc(store, "a", text, [_claim("a", text, "1,000 AI unicorns", 1000, "CN", "ai_unicorns", "companies")])
    cid = _one(store, document_id=pk)
    for period in ("2024-08", "2023-H1", "2024-Q3", "FY2024", "2013/2023"):
        store.review.fix(cid, {"period": period}, user="ann", why="the table's period")
        (c,) = store.claims(ClaimFilter(ids=[cid]))
        assert c.claim.period == period
    n = len(store.review.corrections())
    for bad in ("last year", "2024-13", "2024年"):
        with pytest.raises(ValidationError, match=r"field 'period': .* is not a period"):
            store.review.fix(cid, {"period": bad}, user="ann", why="x")
    with pytest.raises(ValidationError, match=r"field 'period': .* control characters"):
        store.review.fix(cid, {"period": "20\x1b[31m24"}, user="ann", why="x")
    with pytest.raises(ValidationError, match=r"field 'note': .* control characters"):
        store.review.add(pk, 0, 5, {"value": "1", "note": "\x1b]0;owned\x07"}, user="ann", why="x")
    assert len(store.review.corrections()) == n and len(store.claims(ClaimFilter(document_id=pk))) == 1
    (c,) = store.claims(ClaimFilter(ids=[cid]))
    assert c.claim.period == "2013/2023"
