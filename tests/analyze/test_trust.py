"""Trust scenarios on a real database (SQLite and PostgreSQL): a country with two indicators is not
ranked, one source that decides the answer is named, the published composites sit beside aigap's,
unknown countries and weights keys are errors, a pillar without data moves nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aigap.analyze import GapOptions, gap, load_weights
from aigap.analyze.answer import GapAnswer
from aigap.cli import main
from aigap.errors import InputError
from aigap.store import Store

UNITS = {"ai_papers": "papers", "ai_researchers": "people", "notable_ml_models": "models",
         "private_ai_investment": "USD", "frontier_training_compute": "FLOP", "ai_patents": "count"}


def _put(store: Store, did: str, title: str, rows: list[tuple[str, str, float]], year: str = "2023") -> None:
    store.put_dataset({"id": did, "title": title, "content_hash": hashlib.sha256(did.encode()).hexdigest(),
                       "kind": "reference"},
                      [{"indicator": i, "country": c, "period": year, "value": v, "unit": UNITS[i], "aspect": "level",
                        "source_class": "reference", "row_locator": f"r{n}"} for n, (i, c, v) in enumerate(rows)])


def _world(store: Store) -> None:
    """US and CN on five indicators from a primary dataset, India on two; a sixth from a "blog"."""
    primary = [("ai_papers", "US", 45000), ("ai_papers", "CN", 106000), ("ai_researchers", "US", 250000),
               ("ai_researchers", "CN", 500000), ("notable_ml_models", "US", 40), ("notable_ml_models", "CN", 15),
               ("private_ai_investment", "US", 109.1e9), ("private_ai_investment", "CN", 9.3e9),
               ("frontier_training_compute", "US", 5e26), ("frontier_training_compute", "CN", 4e25),
               ("ai_papers", "IN", 30000), ("ai_researchers", "IN", 100000)]
    _put(store, "primary", "A primary statistics table", primary)
    _put(store, "blog", "An unsourced blog's table", [("ai_patents", "US", 15000), ("ai_patents", "CN", 440000)])


def _answer(store: Store, countries: tuple[str, ...] = ("US", "CN"), **kw: object) -> GapAnswer:
    return gap(store, GapOptions(countries=countries, draws=400, benchmarks=False, **kw)).answer()  # type: ignore[arg-type]


def test_a_country_with_two_indicators_is_not_ranked(store: Store) -> None:
    _world(store)
    a = _answer(store, ("US", "CN", "IN"))
    inn = a.composite["IN"]
    assert inn.coverage.used == 2 and inn.coverage.of == 6  # 5 from the primary table + patents from the blog
    assert inn.ranked is False and "under half" in (inn.reason or "") and a.rank_probability["IN"] is None
    assert a.composite["US"].ranked and a.composite["CN"].ranked
    us, cn = a.rank_probability["US"], a.rank_probability["CN"]
    assert us is not None and cn is not None and set(us) == {"1", "2"}  # ranked among the two comparable
    assert abs(us["1"] + cn["1"] - 1.0) < 1e-9
    assert a.names["IN"] == "India" and a.composite["IN"].name == "India"
    j = a.to_json()
    assert j["composite"]["IN"]["ranked"] is False and j["rank_probability"]["IN"] is None


def test_leave_one_source_out_names_the_source_that_decides(store: Store) -> None:
    _world(store)
    a = _answer(store)
    loo = {r.source: r for r in a.robustness.leave_one_source_out}
    assert set(loo) == {"dataset:primary", "dataset:blog"}
    blog = loo["dataset:blog"]
    # without the blog, research is ai_papers alone: recompute the composite gap by hand from the answer
    assert blog.title == "An unsourced blog's table" and blog.figures == 2
    base = a.composite_gap.point
    assert base is not None and blog.composite_gap_without is not None and blog.change is not None
    assert abs(blog.change - (blog.composite_gap_without - base)) < 1e-3
    research = a.pillars["research"]
    papers = next(i for i in a.indicators if i.id == "ai_papers").scores
    # research without the blog is the papers score alone
    assert abs(blog.pillars["research"] - (papers["US"].point - papers["CN"].point)) < 1e-3  # type: ignore[operator]
    assert research["US"].point != papers["US"].point  # with the blog, patents entered research
    # leaving out the primary table leaves only patents: every other pillar has no figure
    assert set(loo["dataset:primary"].pillars) >= {"research"}
    assert a.robustness.biggest_mover is not None
    assert a.robustness.biggest_mover.source == a.robustness.leave_one_source_out[0].source
    j = a.to_json()["robustness"]["leave_one_source_out"][0]
    assert set(j) >= {"source", "title", "composite_gap_without", "change"}


def test_fixed_weights_interval_beside_the_sampled_one(store: Store) -> None:
    _world(store)
    a = _answer(store)
    f, s = a.robustness.composite_gap_fixed_weights, a.robustness.composite_gap_sampled_weights
    assert f is not None and s is not None
    # reference rows are point figures: with the weights fixed nothing varies; sampled weights do
    assert f.low == f.high == f.median and s.low is not None and s.high is not None and s.high - s.low > 1


def test_published_composites_beside_aigap(store: Store) -> None:
    _world(store)
    a = _answer(store)
    by = {x.edition: x for x in a.anchors}
    assert by["GVT 2025 (data 2024)"].ratio == 0.47 and by["Tortoise GAII 2024"].ratio == 0.53
    assert by["GVT 2024 (data 2023)"].ratio is None and "CN" not in by["GVT 2024 (data 2023)"].values
    us, cn = a.composite["US"].point, a.composite["CN"].point
    assert us and cn is not None and by["Tortoise GAII 2024"].aigap_ratio == round(cn / us, 2)
    assert "coverage" in a.anchors_note and "weights" in a.anchors_note


def test_policy_is_left_out_and_a_pillar_without_data_moves_nothing(store: Store, tmp_path: Path) -> None:
    _world(store)
    eq = _answer(store)
    assert "policy" not in eq.weights["pillars"] and any("policy pillar left out" in n for n in eq.notes)
    gaii = _answer(store, weights=load_weights("gaii"))
    assert any("policy" in n and "weight 2" in n for n in gaii.notes)
    # a pillar with weight and no data: the composite is what it is without that pillar
    with_policy = _answer(store, weights=load_weights("equal", {"policy": 5.0}), weight_spread=0.0)
    without = _answer(store, weight_spread=0.0)
    assert with_policy.composite["US"].point == without.composite["US"].point
    assert any("policy pillar has weight 5" in n for n in with_policy.notes)
    w = tmp_path / "policy.yaml"
    w.write_text("pillars: {policy: 1}\n", encoding="utf-8")
    only = _answer(store, weights=load_weights(str(w)))
    assert only.composite["US"].point is None and only.leader is None
    assert only.rank_probability == {"US": None, "CN": None}  # was "US rank 1 = 100%"


def test_weights_files_with_unknown_keys_are_errors(tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("pillars: {models: 1}\nindicator: {ai_papers: 2}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'indicator'"):
        load_weights(str(bad))
    bad.write_text("pillars: {models: 1}\nindicators: {ai_paperz: 2}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown indicator 'ai_paperz'"):
        load_weights(str(bad))
    bad.write_text("pillars: {models: 1}\nindicators: {ai_papers: 2, best_model:eci: 1}\n", encoding="utf-8")
    assert load_weights(str(bad)).indicator("best_model:eci") == 1.0


def test_unknown_country_codes_are_an_error_naming_them(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    proc = subprocess.run([sys.executable, "-m", "aigap", "--db", db, "gap", "--countries", "US,XX,QQ", "--draws", "5"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    line = proc.stderr.strip().splitlines()[0]
    assert line.startswith("error:") and "unknown country codes XX, QQ (" in line


def test_cli_table_shows_names_coverage_robustness_and_anchors(store: Store, db_url: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _world(store)
    main(["--db", db_url, "gap", "--countries", "US,CN,IN", "--draws", "200"])
    out = " ".join(capsys.readouterr().out.split())
    assert "United States (US)" in out and "India (IN)" in out and "not ranked" in out
    assert "India (IN) not ranked: covers 2 of 6 indicators" in out
    assert "with the weights sampled" in out and "with them fixed" in out and "biggest mover: without" in out
    assert "Tortoise" in out and "0.53" in out and "0.47" in out and "why aigap differs" in out
    main(["--db", db_url, "gap", "--draws", "50", "--format", "json"])
    j = json.loads(capsys.readouterr().out)
    assert j["as_of"] == "2023" and j["composite"]["US"]["as_of"] == "2023" and j["anchors"]
    assert j["robustness"]["leave_one_source_out"][0]["title"]


def test_figures_from_one_source_are_drawn_jointly() -> None:
    """Both countries' figures from one dataset err together: equal figures stay equal in every draw;
    from two independent sources they do not."""
    from aigap.analyze import Figure, IndicatorData, compute_gap

    def data(src_us: str, src_cn: str) -> list[IndicatorData]:
        figs = {c: Figure(100.0, 50.0, 150.0, "2024", [s], [(100.0, 50.0, 150.0, 1.0, s)])
                for c, s in (("US", src_us), ("CN", src_cn))}
        return [IndicatorData("ai_papers", "research", "p", "p", "papers", "higher", "2024", figs)]

    one = compute_gap(data("dataset:x#r1", "dataset:x#r2"), [], GapOptions(draws=500, seed=1))
    assert np.allclose(one.draws.scores[:, 0, 0], one.draws.scores[:, 0, 1])
    assert one.composite_gap()["probability_first_leads"] == 0.0
    two = compute_gap(data("claim:1", "claim:2"), [], GapOptions(draws=500, seed=1))
    p = two.composite_gap()["probability_first_leads"]
    assert p is not None and 0.4 < p < 0.6


def _put_rows(store: Store, did: str, title: str, source_class: str,
              rows: list[tuple[str, str, float, str | None]]) -> None:
    """A dataset whose rows may each name their publisher (``source``)."""
    store.put_dataset({"id": did, "title": title, "content_hash": hashlib.sha256(did.encode()).hexdigest(),
                       "kind": "reference"},
                      [{"indicator": i, "country": c, "period": "2023", "value": v, "unit": UNITS[i], "aspect": "level",
                        "source_class": source_class, "source": pub, "row_locator": f"{did}.csv#row={n}"}
                       for n, (i, c, v, pub) in enumerate(rows)])


def _primary_and_blog(store: Store) -> None:
    _put_rows(store, "primary", "A primary statistics table", "primary",
              [("ai_papers", "US", 45000, None), ("ai_papers", "CN", 106000, None),
               ("notable_ml_models", "US", 40, None), ("notable_ml_models", "CN", 15, None)])
    # the blog alone gives patents: China 30x the US, which would swing the research pillar
    _put_rows(store, "blog", "An unsourced blog's table", "blog",
              [("ai_patents", "US", 15000, None), ("ai_patents", "CN", 440000, None)])


def test_a_comparison_resting_on_a_blog_alone_is_shown_but_moves_nothing(store: Store) -> None:
    _primary_and_blog(store)
    a = _answer(store)
    patents = next(i for i in a.indicators if i.id == "ai_patents")
    assert patents.set_aside and "one low-reliability source" in patents.set_aside and patents.weight == 0
    assert patents.values["CN"].value == 440000  # still shown, with its figures
    assert a.pillars["research"]["US"].coverage.used == 1  # papers only
    assert "ai_patents" not in a.composite["US"].coverage.indicators
    assert any("kept out of the pillars" in n and "ai_patents" in n for n in a.notes)
    papers = next(i for i in a.indicators if i.id == "ai_papers").scores
    assert abs(a.pillars["research"]["US"].point - papers["US"].point) < 1e-6  # type: ignore[operator]
    loo = {r.source: r for r in a.robustness.leave_one_source_out}
    assert loo["dataset:blog"].change == 0  # the blog decides nothing
    assert a.to_json()["indicators"][[i.id for i in a.indicators].index("ai_patents")]["set_aside"]
    # asked to, the blog counts: research moves towards China
    weak = _answer(store, weak_evidence=True)
    assert next(i for i in weak.indicators if i.id == "ai_patents").set_aside is None
    assert weak.pillars["research"]["US"].point < a.pillars["research"]["US"].point  # type: ignore[operator]
    assert weak.composite_gap.point < a.composite_gap.point  # type: ignore[operator]


def test_an_impossible_figure_is_set_aside(store: Store) -> None:
    _put_rows(store, "primary", "A primary statistics table", "primary",
              [("ai_papers", "US", 45000, None), ("ai_papers", "CN", 106000, None),
               ("private_ai_investment", "US", 109.1e9, None), ("private_ai_investment", "CN", 9.3e9, None)])
    UNITS.setdefault("ai_investment_total", "USD")
    _put_rows(store, "news", "A newspaper's table", "news",  # total AI investment below private alone
              [("ai_investment_total", "US", 50e9, None), ("ai_investment_total", "CN", 40e9, None)])
    a = _answer(store)
    total = next(i for i in a.indicators if i.id == "ai_investment_total")
    assert total.set_aside is not None and "cannot be true" in total.set_aside and total.weight == 0


def test_a_compilation_counts_each_cited_publisher_as_a_source(store: Store) -> None:
    _put_rows(store, "compiled", "Figures cited from several publishers", "secondary",
              [("ai_papers", "US", 45000, "CSET"), ("ai_papers", "CN", 106000, "CSET"),
               ("notable_ml_models", "US", 40, "Stanford HAI"), ("notable_ml_models", "CN", 15, "Stanford HAI")])
    _put_rows(store, "epoch", "One publisher's own table", "primary",
              [("frontier_training_compute", "US", 5e26, "Epoch AI"), ("frontier_training_compute", "CN", 4e25, "Epoch AI"),
               ("ai_researchers", "US", 250000, "Epoch AI"), ("ai_researchers", "CN", 500000, "Epoch AI")])
    a = _answer(store)
    loo = {r.source: r for r in a.robustness.leave_one_source_out}
    assert set(loo) == {"dataset:compiled/CSET", "dataset:compiled/Stanford HAI", "dataset:epoch"}
    assert loo["dataset:compiled/CSET"].figures == 2 and loo["dataset:compiled/CSET"].title == "CSET"
