"""The review queue's influence on a real database (SQLite and PostgreSQL): a claim has the influence of
the figure it is part of, and none when the analysis leaves it out."""

from __future__ import annotations

from aigap.analyze.gap import GapOptions, gap
from aigap.records import Claim, Document
from aigap.review import review_queue
from aigap.sources import content_hash
from aigap.store import Store


def _add(store: Store, name: str, text: str, claims: list[tuple[str, float, str, str, str]],
         story: bool = True, metric: str = "ai_investment_total") -> None:
    rows = []
    for needle, value, country, unit, aspect in claims:
        s = text.index(needle)
        rows.append(Claim(doc=name, start=s, end=s + len(needle), number_text=needle, quote=text, value=value, unit=unit,
                          subject=country, metric=metric, period="2024", aspect=aspect))
    res = store.add_document(Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name,
                                      outlet="Reuters", content_hash=content_hash(text), language="en"), rows, "test")
    if story:
        store.set_story([res.id], res.id)


def test_influence_is_the_figures_and_only_for_claims_in_it(store: Store) -> None:
    a = "The US invested $50 billion in AI while China invested $40 billion."
    _add(store, "a", a, [("$50 billion", 50e9, "US", "USD", "level"), ("$40 billion", 40e9, "CN", "USD", "level")])
    # two articles outside any story giving one figure: the analysis pools them under one label
    for name, text in (("b1", "China invested $45 billion in AI in 2024."),
                       ("b2", "In 2024 China invested $45 billion in AI.")):
        _add(store, name, text, [("$45 billion", 45e9, "CN", "USD", "level")],
             story=False)
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
