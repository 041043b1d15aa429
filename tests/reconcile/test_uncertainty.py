"""Uncertainty from evidence (issue 14, item 6): publishers' uncertainty labels become intervals, and
independent sources pool (agreement narrows, disagreement widens). The maths as units, then each
scenario end to end on a real database (SQLite and PostgreSQL) through the store and reconciliation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from aigap.reconcile import estimates, load_reference
from aigap.reconcile.uncertainty import label_interval, pool, triangular_sd
from aigap.records import Claim, Document, Estimate
from aigap.sources import content_hash
from aigap.store import Store

# -- the pooling maths -------------------------------------------------------------------------


def test_n_agreeing_sources_narrow_by_root_n() -> None:
    one = (100.0, 90.0, 110.0)
    for n in (2, 5, 20):
        p = pool([one] * n, 100.0, log=False)
        assert p is not None and p.tau2 == 0.0 and p.mean == pytest.approx(100.0)
        assert p.sd == pytest.approx(triangular_sd(90.0, 100.0, 110.0) / math.sqrt(n))
        assert (p.high - p.low) == pytest.approx(20.0 / math.sqrt(n))  # the triangular support, 1/sqrt(n) as wide


def test_two_disagreeing_sources_widen_by_the_between_source_variance() -> None:
    a, b = (100.0, 90.0, 110.0), (200.0, 190.0, 210.0)
    p = pool([a, b], 150.0, log=False)
    assert p is not None
    v = triangular_sd(90.0, 100.0, 110.0) ** 2
    # DerSimonian-Laird for two equal variances: tau^2 = d^2 / 2 - v, the mean's variance (v + tau^2) / 2
    assert p.tau2 == pytest.approx(100.0**2 / 2 - v)
    assert p.sd == pytest.approx(math.sqrt((v + p.tau2) / 2))
    assert p.high - p.low > 20.0 and p.low < 100.0 < 200.0 < p.high  # wider than either, covering both


def test_the_pool_is_centred_on_the_consensus_and_covers_its_distance_to_the_pooled_mean() -> None:
    a, b = (100.0, 99.0, 101.0), (100.0, 99.0, 101.0)
    centred = pool([a, b], 100.0, log=False)
    off = pool([a, b], 103.0, log=False)
    assert centred is not None and off is not None
    assert (off.low + off.high) / 2 == pytest.approx(103.0) and off.low < 100.0  # reaches the pooled mean


def test_money_and_compute_pool_on_the_log_scale() -> None:
    a, b = (1e9, 0.9e9, 1.1e9), (1e12, 0.9e12, 1.1e12)
    p = pool([a, b], math.sqrt(1e9 * 1e12), log=True)
    assert p is not None and p.log and p.mean == pytest.approx(math.sqrt(1e21), rel=1e-6)  # the geometric mean
    assert p.low * p.high == pytest.approx(1e21, rel=1e-6)  # symmetric on the log scale
    assert pool([a, (0.0, 0.0, 1.0)], 1e9, log=True) is None  # no log of zero
    assert pool([a], 1e9, log=True) is None  # one source: nothing to pool


def test_exact_agreeing_sources_stay_a_point_and_exact_disagreeing_ones_do_not() -> None:
    same = pool([(5.0, 5.0, 5.0)] * 3, 5.0, log=False)
    assert same is not None and same.high - same.low < 1e-4
    apart = pool([(5.0, 5.0, 5.0), (7.0, 7.0, 7.0)], 6.0, log=False)
    assert apart is not None and apart.low < 5.0 and apart.high > 7.0


def test_labels_read_as_factor_ranges_covering_ninety_percent() -> None:
    conf, spec = label_interval(1e25, "Confident", "Epoch AI"), label_interval(1e25, "Speculative", "Epoch AI")
    assert conf is not None and spec is not None
    assert spec[0] < conf[0] < 1e25 < conf[1] < spec[1]
    assert label_interval(1e25, "Unknown", "Epoch AI") is None and label_interval(1e25, "Unverified", "Epoch AI") is None
    assert label_interval(1e25, None, "Epoch AI") is None
    assert label_interval(1e25, "Likely", "Some other publisher") is None  # a vocabulary is its publisher's
    # 90% of the triangular law on the log scale falls within the factor (30x for Speculative)
    lo, hi = math.log(spec[0]), math.log(spec[1])
    u = np.random.default_rng(0).triangular(lo, math.log(1e25), hi, 200_000)
    inside = np.mean(np.abs(u - math.log(1e25)) <= math.log(30))
    assert inside == pytest.approx(0.90, abs=0.005)


# -- end to end on a real database -------------------------------------------------------------


def _doc(store: Store, name: str, outlet: str, sentence: str, number: str, value: float, metric: str,
         period: str) -> None:
    country, metric = metric.split(":")
    start = sentence.index(number)
    claim = Claim(doc=name, start=start, end=start + len(number), number_text=number, quote=sentence, value=value,
                  unit="people", subject=country, metric=metric, period=period, qualifier="approx")
    store.add_document(Document(doc_id=name, text=sentence, source_uri=f"file:///{name}.txt", title=name, outlet=outlet,
                                content_hash=content_hash(sentence), language="en"), [claim], "test")


def _one(store: Store, indicator: str, country: str, period: str) -> Estimate:
    (e,) = [e for e in estimates(store, [country]) if e.indicator == indicator and e.period == period]
    return e


OUTLETS = ["Reuters", "Bloomberg", "Financial Times", "The New York Times", "The Wall Street Journal"]


def test_five_agreeing_independent_sources_give_a_narrower_interval_than_one(store: Store) -> None:
    for n, o in enumerate(OUTLETS):
        _doc(store, f"five{n}", o, f"China has about 500,000 AI researchers, {o} reports.", "500,000", 5e5,
             "CN:ai_researchers", "2024")
    _doc(store, "one", "Reuters", "China had about 500,000 AI researchers, Reuters reports.", "500,000", 5e5,
         "CN:ai_researchers", "2023")
    five, one = _one(store, "ai_researchers", "CN", "2024"), _one(store, "ai_researchers", "CN", "2023")
    assert five.n_independent == 5 and one.n_independent == 1
    assert five.value == one.value == pytest.approx(5e5)
    # one source's interval is its own; five alike pool to a triangular law 1/sqrt(5) as spread
    assert (five.high - five.low) == pytest.approx(2 * math.sqrt(6) * triangular_sd(one.low, one.value, one.high)
                                                   / math.sqrt(5), rel=1e-6)
    assert (five.high - five.low) < 0.5 * (one.high - one.low)
    assert five.pooled and not one.pooled and five.reliability["pooled"]["independent_sources"] == 5


def test_outlets_relaying_one_primary_narrow_nothing(store: Store) -> None:
    for n, o in enumerate(OUTLETS):
        _doc(store, f"relay{n}", o, f"According to the AI Index, China has about 500,000 AI researchers ({o}).",
             "500,000", 5e5, "CN:ai_researchers", "2024")
    _doc(store, "one", "Reuters", "According to the AI Index, China had about 500,000 AI researchers.", "500,000", 5e5,
         "CN:ai_researchers", "2023")
    relays, one = _one(store, "ai_researchers", "CN", "2024"), _one(store, "ai_researchers", "CN", "2023")
    assert relays.n_independent == 1 and not relays.pooled
    assert (relays.low, relays.high) == pytest.approx((one.low, one.high))


def test_two_disagreeing_sources_give_a_wider_interval_than_either_alone(store: Store) -> None:
    _doc(store, "a_alone", "Reuters", "China has about 500,000 AI researchers.", "500,000", 5e5, "CN:ai_researchers", "2022")
    _doc(store, "b_alone", "Bloomberg", "China has about 200,000 AI researchers.", "200,000", 2e5, "CN:ai_researchers", "2023")
    _doc(store, "a", "Reuters", "China had about 500,000 AI researchers.", "500,000", 5e5, "CN:ai_researchers", "2024")
    _doc(store, "b", "Bloomberg", "China had about 200,000 AI researchers.", "200,000", 2e5, "CN:ai_researchers", "2024")
    a, b = _one(store, "ai_researchers", "CN", "2022"), _one(store, "ai_researchers", "CN", "2023")
    both = _one(store, "ai_researchers", "CN", "2024")
    assert both.conflicting and both.pooled and both.reliability["pooled"]["tau2"] > 0
    width = both.high - both.low
    assert width > a.high - a.low and width > b.high - b.low
    assert both.low < 2e5 and both.high > 5e5 and both.low >= 0  # covers both, and a count stays >= 0


def test_epoch_confidence_labels_are_kept_on_the_stored_rows(store: Store) -> None:
    load_reference(store)
    rows = {(o["country"], o["period"]): o for o in store.observations(indicator="frontier_training_compute")}
    grok, qwen = rows[("US", "2025")], rows[("CN", "2025")]
    # the largest 2025 runs in the notable-models file: Grok 4 and Qwen3-Max, both labelled Speculative
    assert (grok["entity"], grok["uncertainty"]) == ("Grok 4", "Speculative")
    assert (qwen["entity"], qwen["uncertainty"]) == ("Qwen3-Max", "Speculative")
    assert rows[("US", "2024")]["uncertainty"] == "Confident"  # Llama 3.1-405B
    est = _one(store, "frontier_training_compute", "US", "2025")
    assert est.low == pytest.approx(grok["value"] / 145, rel=0.05) and est.high == pytest.approx(grok["value"] * 145, rel=0.05)
    assert est.reliability["uncertainty"][0]["label"] == "Speculative"
    # rows without a label stay as they are: model counts are counts, not estimates
    counts = _one(store, "notable_ml_models", "US", "2024")
    assert counts.low == counts.high == counts.value and "uncertainty" not in counts.reliability


def test_a_database_loaded_by_older_loaders_gets_the_labels_on_the_next_load(store: Store) -> None:
    """Datasets stored before the loaders read `Confidence` (their hash: the file's alone) reload,
    though the files did not change; a second load stores nothing twice."""
    import hashlib

    from aigap.reconcile.datasets import reference_dir

    first = load_reference(store)
    again = load_reference(store)
    assert again.datasets_loaded == 0 and again.datasets_unchanged == first.datasets_loaded
    meta = next(d for d in store.datasets() if d["id"] == "epoch_training_compute")
    path = reference_dir() / "epoch/epoch_notable_ai_models_2026-01-26.csv"
    store.put_dataset({**{k: v for k, v in meta.items() if k not in ("loaded_at", "observations")},
                       "content_hash": hashlib.sha256(path.read_bytes()).hexdigest()},
                      [{"indicator": "frontier_training_compute", "country": "US", "period": "2025", "aspect": "level",
                        "value": 5e26, "unit": "FLOP", "source_class": "reference", "row_locator": "as stored before"}])
    reloaded = load_reference(store)
    assert reloaded.per_dataset.get("epoch_training_compute", 0) > 1 and reloaded.datasets_loaded == 1
    labels = {o["uncertainty"] for o in store.observations(indicator="frontier_training_compute")}
    assert {"Confident", "Likely", "Speculative"} <= labels


def test_explicit_bounds_are_used_before_the_label(store: Store, tmp_path: Path) -> None:
    """Epoch's older schema gives `Training compute lower/upper bound`: a row with them keeps them (the
    label stays on the row); a row without them takes its label's range."""
    from aigap.reconcile.datasets import reference_dir
    from aigap.reconcile.loaders import training_compute

    csv_path = tmp_path / "all_models.csv"
    csv_path.write_text(
        "Model,Publication date,Country (from Organization),Training compute (FLOP),Training compute lower bound,"
        "Training compute upper bound,Confidence\n"
        "Big,2024-05-01,United States of America,2e25,1e25,5e25,Likely\n"
        "Other,2024-06-01,China,1e25,,,Likely\n", encoding="utf-8")
    rows = list(training_compute(csv_path, {"indicator": "frontier_training_compute"}, reference_dir()))
    store.put_dataset({"id": "older", "title": "older schema", "source": "Epoch AI", "kind": "reference",
                       "content_hash": "older"}, [{**r, "source": "Epoch AI"} for r in rows])
    us, cn = _one(store, "frontier_training_compute", "US", "2024"), _one(store, "frontier_training_compute", "CN", "2024")
    assert (us.low, us.high) == (1e25, 5e25) and us.reliability["uncertainty"][0]["label"] == "Likely"
    likely = label_interval(1e25, "Likely", "Epoch AI")
    assert likely is not None and (cn.low, cn.high) == pytest.approx(likely)
