"""The review queue's influence on a real database (SQLite and PostgreSQL): a claim has the influence of
the figure it is part of, and none when the analysis leaves it out."""

from __future__ import annotations

from aigap.analyze.gap import GapOptions, gap
from aigap.records import Claim, Document
from aigap.review import review_queue
from aigap.sources import content_hash
from aigap.store import Store


def _add(store: Store, name: str, text: str, claims: list[tuple[str, float, str, str, str]],
         story: bool = True, metric: str = "ai_investment_total", confidence: float | None = None) -> None:
    rows = []
    for needle, value, country, unit, aspect in claims:
        s = text.index(needle)
        rows.append(Claim(doc=name, start=s, end=s + len(needle), number_text=needle, quote=text, value=value, unit=unit,
                          subject=country, metric=metric, period="2024", aspect=aspect, confidence=confidence))
    res = store.add_document(Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name,
                                      outlet="Reuters", content_hash=content_hash(text), language="en"), rows, "test")
    if story:
        store.set_story([res.id], res.id)


def test_influence_is_the_figures_and_only_for_claims_in_it(store: Store) -> None:
    a = "The US invested $50 billion in AI while China invested $40 billion."
    _add(store, "a", a, [("$50 billion", 50e9, "US", "USD", "level"), ("$40 billion", 40e9, "CN", "USD", "level")])
    # two articles outside any story giving one figure: the analysis pools them under one label
    for name, text, conf in (("b1", "China invested $45 billion in AI in 2024.", 0.9),
                             ("b2", "In 2024 China invested $45 billion in AI.", 0.3)):
        _add(store, name, text, [("$45 billion", 45e9, "CN", "USD", "level")], story=False, confidence=conf)
    # the same indicator, country and year, but a growth rate: not part of the level figure
    _add(store, "c", "China's AI investment grew 40 percent in 2024.", [("40 percent", 40, "CN", "percent", "change")])
    u = "There are 300 AI unicorns in China and 100 AI unicorns in the US."
    _add(store, "u", u, [("300 AI unicorns", 300, "CN", "companies", "level"),
                         ("100 AI unicorns", 100, "US", "companies", "level")], metric="ai_unicorns")
    res = gap(store, GapOptions(draws=50, trends=False, benchmarks=False))
    (fig,) = [d.figures["CN"] for d in res.data if d.id == "ai_investment_total"]
    assert len(fig.sources) == 2  # the article a and the pooled pair b1/b2 (one label for both)
    rows = {(r["doc"], r["number_text"]): r for r in review_queue(store)}
    assert rows[("c", "40 percent")]["influence"] == 0.0 and rows[("c", "40 percent")]["pillar_influence"] == 0.0
    pooled = [rows[(n, "$45 billion")] for n in ("b1", "b2")]
    assert all(r["influence"] > 0 for r in pooled)
    assert pooled[0]["influence"] == pooled[1]["influence"] == rows[("a", "$40 billion")]["influence"]
    assert rows[("a", "$50 billion")]["influence"] > 0
    # the order: composite influence, then pillar influence, then the least confident first
    queue = review_queue(store)
    keys = [(-r["influence"], -r["pillar_influence"], 0.5 if r["confidence"] is None else r["confidence"]) for r in queue]
    assert keys == sorted(keys)
    assert [r["doc"] for r in queue].index("b2") < [r["doc"] for r in queue].index("b1")  # 0.3 before 0.9


def test_queue_filters_and_review_status(store: Store) -> None:
    a = "The US invested $50 billion in AI while China invested $40 billion."
    _add(store, "a", a, [("$50 billion", 50e9, "US", "USD", "level"), ("$40 billion", 40e9, "CN", "USD", "level")])
    u = "There are 300 AI unicorns in China and 100 AI unicorns in the US."
    _add(store, "u", u, [("300 AI unicorns", 300, "CN", "companies", "level"),
                         ("100 AI unicorns", 100, "US", "companies", "level")], metric="ai_unicorns")
    every = review_queue(store)
    assert len(every) == 4 and {r["status"] for r in every} == {"unreviewed"}
    assert {r["number_text"] for r in review_queue(store, indicator="ai_unicorns")} == {"300 AI unicorns",
                                                                                      "100 AI unicorns"}
    assert {r["number_text"] for r in review_queue(store, country="us")} == {"$50 billion", "100 AI unicorns"}
    by_doc = review_queue(store, document="u")
    assert {r["doc"] for r in by_doc} == {"u"} and len(by_doc) == 2
    assert review_queue(store, document=str(by_doc[0]["document_id"])) == by_doc
    ids = {r["number_text"]: r["id"] for r in every}
    store.review.accept(ids["$50 billion"], user="ann")  # accepted as it is: reviewed
    store.review.fix(ids["$40 billion"], {"value": "41e9"}, user="ann", why="the table says 41")
    assert [r["id"] for r in review_queue(store, status="reviewed")] == [ids["$50 billion"]]
    assert [r["id"] for r in review_queue(store, status="corrected")] == [ids["$40 billion"]]
    assert {r["id"] for r in review_queue(store, status="unreviewed")} == {ids["300 AI unicorns"], ids["100 AI unicorns"]}
    assert [r["id"] for r in review_queue(store, status="unreviewed", country="CN", indicator="ai_unicorns")] == [
        ids["300 AI unicorns"]]
