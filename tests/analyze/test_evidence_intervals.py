"""Uncertainty from evidence in the gap answer (issue 14, item 6), end to end on a real database
(SQLite and PostgreSQL): a publisher's "Speculative" widens its indicator, five agreeing independent
sources narrow it, two disagreeing ones widen it, and the draws stay centred on the point estimate."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from aigap.analyze import GapOptions, gap
from aigap.analyze.answer import GapAnswer, IndicatorRow
from aigap.records import Claim, Document
from aigap.sources import content_hash
from aigap.store import Store


def _answer(store: Store) -> GapAnswer:
    return gap(store, GapOptions(draws=4000, seed=3, benchmarks=False, trends=False)).answer()


def _row(a: GapAnswer, ind: str) -> IndicatorRow:
    return next(r for r in a.indicators if r.id == ind)


def _band(r: IndicatorRow) -> float:
    assert r.gap is not None
    b = r.gap.score_difference
    assert b.high is not None and b.low is not None
    return float(b.high - b.low)


def _epoch(store: Store, us_label: str | None, cn_label: str | None) -> None:
    rows = [("US", 5e26, us_label), ("CN", 1.5e25, cn_label)]
    store.put_dataset({"id": "epoch", "title": "Epoch AI models", "source": "Epoch AI", "kind": "reference",
                       "content_hash": hashlib.sha256(f"{us_label}{cn_label}".encode()).hexdigest()},
                      [{"indicator": "frontier_training_compute", "country": c, "period": "2025", "value": v,
                        "unit": "FLOP", "aspect": "level", "source_class": "reference", "source": "Epoch AI",
                        "uncertainty": label, "rule": "any-org", "row_locator": f"notable.csv#row={n}"}
                       for n, (c, v, label) in enumerate(rows)])


def test_a_speculative_epoch_row_widens_its_indicator_against_a_confident_one(store: Store) -> None:
    _epoch(store, None, None)
    unlabelled = _row(_answer(store), "frontier_training_compute")
    assert _band(unlabelled) == pytest.approx(0.0, abs=1e-3)  # rows without a label stay point figures
    _epoch(store, "Confident", "Confident")
    confident = _answer(store)
    _epoch(store, "Speculative", "Confident")
    speculative = _answer(store)
    c, s = _row(confident, "frontier_training_compute"), _row(speculative, "frontier_training_compute")
    assert c.values["US"].value == s.values["US"].value == 5e26  # the figure itself is unchanged
    assert s.values["US"].high / s.values["US"].low > 100 * c.values["US"].high / c.values["US"].low
    assert s.values["CN"].low == pytest.approx(c.values["CN"].low)
    assert _band(s) > 1.5 * _band(c) > 0  # each row errs on its own, though both come from one file
    assert s.values["US"].reliability["uncertainty"][0]["label"] == "Speculative"
    # drawn on the log scale: the draws' median stays at the point estimate, however wide the range
    for r in (c, s):
        assert r.gap is not None
        point = r.scores["US"].point - r.scores["CN"].point  # type: ignore[operator]
        assert r.gap.score_difference.median == pytest.approx(point, abs=1.5)
    assert speculative.leader == confident.leader


def _claim_doc(store: Store, name: str, outlet: str, value: float) -> None:
    number = f"{value:,.0f}"
    text = f"China has about {number} AI researchers, {outlet} reports."
    start = text.index(number)
    claim = Claim(doc=name, start=start, end=start + len(number), number_text=number, quote=text, value=value,
                  unit="people", subject="CN", metric="ai_researchers", period="2024", qualifier="approx")
    store.add_document(Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name, outlet=outlet,
                                content_hash=content_hash(text), language="en"), [claim], "test")


def _us_researchers(store: Store) -> None:
    store.put_dataset({"id": "stats", "title": "Statistics", "source": "Statistics office", "kind": "reference",
                       "content_hash": "stats"},
                      [{"indicator": "ai_researchers", "country": "US", "period": "2024", "value": 250000.0,
                        "unit": "people", "aspect": "level", "source_class": "primary", "row_locator": "r1"}])


OUTLETS = ["Reuters", "Bloomberg", "Financial Times", "The New York Times", "The Wall Street Journal"]


def test_five_agreeing_sources_narrow_the_gap_interval_of_one(store: Store) -> None:
    _us_researchers(store)
    _claim_doc(store, "d0", OUTLETS[0], 500000)
    one = _row(_answer(store), "ai_researchers")
    for n, o in enumerate(OUTLETS[1:], 1):
        _claim_doc(store, f"d{n}", o, 500000)
    five = _row(_answer(store), "ai_researchers")
    assert five.values["CN"].reliability["n_independent"] == 5 and five.values["CN"].pooled
    w1 = one.values["CN"].high - one.values["CN"].low
    w5 = five.values["CN"].high - five.values["CN"].low
    assert w5 == pytest.approx(w1 / np.sqrt(5), rel=0.01)
    assert _band(five) < 0.6 * _band(one)


def test_two_disagreeing_sources_widen_the_gap_interval_of_either(store: Store) -> None:
    _us_researchers(store)
    _claim_doc(store, "a", "Reuters", 500000)
    alone = _row(_answer(store), "ai_researchers")
    _claim_doc(store, "b", "Bloomberg", 300000)
    both = _row(_answer(store), "ai_researchers")
    cn = both.values["CN"]
    assert cn.conflicting and cn.pooled and cn.reliability["pooled"]["tau2"] > 0
    assert cn.high - cn.low > alone.values["CN"].high - alone.values["CN"].low
    assert _band(both) > _band(alone)
