"""The analysis reads claims pooled per figure (one GROUP BY, ``claim_figures``); it must reach the
same consensus as reading them one by one (``claim_evidence``) under the story rule."""

from __future__ import annotations

import pytest

from aigap.reconcile import claim_evidence, claim_figures, reconcile
from aigap.records import Claim, Document
from aigap.store import Store

IND = "private_ai_investment"


def _doc(store: Store, name: str, figures: list[tuple[float, str, str, float | None]]) -> int:
    doc = Document(doc_id=name, text="x" * 200, source_uri=f"file:///{name}", content_hash=name * 8, language="en")
    claims = [Claim(doc=name, start=10 * k, end=10 * k + 5, number_text="n", quote=f"{name} q{k}", value=v,
                    value_high=hi, qualifier="exact" if hi is None else "range", unit=unit, subject="CN", metric=IND,
                    period=period)
              for k, (v, unit, period, hi) in enumerate(figures)]
    return store.add_document(doc, claims, "1").id


def _groups(items: list) -> dict:  # type: ignore[type-arg]
    out = {}
    for g in reconcile(items):
        e = g.estimate
        assert e is not None
        out[(g.indicator, g.country, g.period, g.aspect)] = (round(e.value, 3), round(e.low, 3), round(e.high, 3),
                                                             e.n_sources, e.conflicting)
    return out


def test_pooled_figures_reach_the_same_consensus(store: Store) -> None:
    _doc(store, "a", [(100.0, "USD", "2024", None), (100.0, "USD", "2024", None)])  # says it twice: one source
    _doc(store, "b", [(100.0, "USD", "2024", None)])
    _doc(store, "c", [(100.0, "USD", "2024", None), (7.2e9, "CNY", "2023", None)])
    _doc(store, "d", [(300.0, "USD", "2024", None)])  # disagrees
    e_id = _doc(store, "e", [(100.0, "USD", "2024", None)])  # e and f: one story, one source
    f_id = _doc(store, "f", [(100.0, "USD", "2024", None)])
    store.set_story([e_id, f_id], e_id)
    _doc(store, "g", [(7.2e9, "CNY", "2023", None)])
    one_by_one, pooled = claim_evidence(store), claim_figures(store)
    assert len(one_by_one) == 9 and len(pooled) == 5  # 100 (a, b, c) + 300 + e + f + 7.2e9 CNY (c, g)
    assert sorted(e.count for e in pooled) == [1, 1, 1, 2, 3]
    assert _groups(one_by_one) == _groups(pooled)
    got = _groups(pooled)[(IND, "CN", "2024", "level")]
    assert got[3] == 5 and got[4] is True  # a, b, c, d and the e/f story; 100 against 300
    cny = next(e for e in pooled if e.period == "2023")
    assert cny.unit == "USD" and cny.value == pytest.approx(1e9, rel=0.05) and cny.count == 2


def test_a_zero_foreign_figure_converts_its_range(store: Store) -> None:
    _doc(store, "z", [(0.0, "CNY", "2024", 7.2e9)])
    for items in (claim_evidence(store), claim_figures(store)):
        (e,) = items
        assert e.value == 0.0 and e.unit == "USD" and e.high == pytest.approx(1e9, rel=0.01)
