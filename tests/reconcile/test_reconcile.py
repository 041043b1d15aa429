from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aigap.reconcile import conflicts, estimates, evidence, load_reference, reconcile, to_usd
from aigap.records import Claim, Document
from aigap.sources import ingest
from aigap.store import Store


def _doc(store: Store, name: str, text: str, claims: list[Claim], story: int | None = None) -> int:
    from aigap.sources import content_hash

    doc = Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name, outlet=f"outlet-{name}",
                   content_hash=content_hash(text), language="zh")
    res = store.add_document(doc, claims, "test")
    store.set_story([res.id], story or res.id)
    return res.id


def _claim(doc: str, value: float, unit: str = "people", metric: str = "ai_researchers", qualifier: str = "exact",
           country: str = "CN", period: str = "2024", text: str = "x") -> Claim:
    return Claim(doc=doc, start=0, end=len(text), number_text=text, quote=text, value=value, unit=unit,
                 qualifier=qualifier, subject=country, metric=metric, period=period)  # type: ignore[arg-type]


def test_two_sources_that_disagree_yield_exactly_that_conflict(store: Store) -> None:
    _doc(store, "a", "中国AI研究人员超过50万人", [_claim("a", 500_000, qualifier="over")])
    _doc(store, "b", "中国AI研究人员约20万人", [_claim("b", 200_000, qualifier="approx")])
    _doc(store, "c", "美国AI研究人员约25万人", [_claim("c", 250_000, country="US")])
    found = conflicts(store)
    assert len(found) == 1
    c = found[0]
    assert (c.indicator, c.country, c.period) == ("ai_researchers", "CN", "2024")
    assert {c.a.value, c.b.value} == {500_000, 200_000} and {c.a.quote, c.b.quote} == {"x"}
    assert c.consensus.low <= 200_000 * 0.9 and c.consensus.high >= 500_000 and c.consensus.conflicting


def test_agreeing_sources_yield_none(store: Store) -> None:
    _doc(store, "a", "中国AI研究人员约50万人", [_claim("a", 500_000, qualifier="approx")])
    _doc(store, "b", "中国AI研究人员52万人", [_claim("b", 520_000)])
    assert conflicts(store) == []
    (est,) = estimates(store, ["CN"])
    assert 500_000 <= est.value <= 520_000 and len(est.sources) == 2


def test_yuan_and_dollars_compare_after_conversion(store: Store) -> None:
    # 2023 average: 7.0809 CNY per USD, so 2631亿元 is about 37.2 billion dollars
    _doc(store, "a", "融资总金额达2631亿元人民币",
         [_claim("a", 2.631e11, unit="CNY", metric="ai_funding_amount", period="2023")])
    _doc(store, "b", "AI funding reached $37 billion",
         [_claim("b", 3.7e10, unit="USD", metric="ai_funding_amount", period="2023")])
    assert conflicts(store) == []
    _doc(store, "c", "AI funding reached $3.7 billion",
         [_claim("c", 3.7e9, unit="USD", metric="ai_funding_amount", period="2023")])
    assert len(conflicts(store)) == 2  # the tenfold-smaller figure disagrees with both
    conv = to_usd(2.631e11, "CNY", "2023")
    assert conv is not None and conv.value == pytest.approx(2.631e11 / 7.0809)


def test_the_texts_own_conversion_wins(store: Store) -> None:
    text = "百度在AI方面的总投资额达42亿元人民币(约5.892亿美元)"
    a = Claim(doc="d", start=14, end=21, number_text="42亿元人民币", quote=text, value=4.2e9, unit="CNY", subject="CN",
              metric="big_tech_ai_capex", period="2024-H1", entity="百度")
    b = Claim(doc="d", start=22, end=30, number_text="约5.892亿美元", quote=text, value=5.892e8, unit="USD",
              subject="CN", metric="big_tech_ai_capex", period="2024-H1", entity="百度", qualifier="approx")
    _doc(store, "d", text, [a, b])
    (item,) = [e for g in reconcile(evidence(store)) for e in g.items]  # one figure, said twice in one text
    assert item.value == pytest.approx(5.892e8)


def test_a_revision_is_not_a_conflict(store: Store) -> None:
    meta = {"id": "ai_index", "title": "AI Index", "content_hash": "1", "kind": "reference"}
    row = {"indicator": "private_ai_investment", "country": "CN", "period": "2023", "aspect": "level",
           "unit": "USD", "source_class": "official", "source": "Stanford HAI AI Index"}
    store.put_dataset(meta, [{**row, "value": 7.76e9, "vintage": "AI Index 2024", "row_locator": "r1"},
                             {**row, "value": 7.26e9, "vintage": "AI Index 2025", "row_locator": "r2"}])
    groups = reconcile(evidence(store))
    assert conflicts(store) == []
    (g,) = groups
    assert [e.value for e in g.items] == [7.26e9] and [e.value for e in g.revised] == [7.76e9]


def test_figures_for_different_periods_are_a_series(store: Store) -> None:
    _doc(store, "a", "截至2024年3月,至少117款", [_claim("a", 117, unit="models", metric="approved_genai_services",
                                                    period="2024-03")])
    _doc(store, "b", "截至2024年8月,超过180个", [_claim("b", 180, unit="models", metric="approved_genai_services",
                                                    period="2024-08")])
    assert conflicts(store) == []
    assert len(estimates(store, ["CN"])) == 2


def test_seed_story_counts_once_with_both_quotes(store: Store, corpus_dir: Path) -> None:
    ingest(store, [str(p) for p in sorted(corpus_dir.glob("*.txt"))])
    groups = [g for g in reconcile(evidence(store, indicator="ai_researchers", country="CN"))]
    items = [e for g in groups for e in g.items]
    assert len(items) == 1 and len(items[0].also) == 1
    assert items[0].value == 500_000


def test_reference_counts_and_attribution_rules(store: Store) -> None:
    load_reference(store)

    def count(rule: str, country: str) -> float:
        return next(o["value"] for o in store.observations(indicator="notable_ml_models", country=country,
                                                            dataset_id="epoch_notable_models")
                    if o["period"] == "2023" and o["rule"] == rule)

    assert (count("any-org", "US"), count("any-org", "CN")) == (84, 23)
    assert (count("single-country", "US"), count("single-country", "CN")) == (50, 19)
    # the older Epoch schema ("Country (from Organization)") loads too
    assert store.observations(dataset_id="epoch_all_models")
    # The AI Index's notable-model counts are Epoch data (issue 14): Epoch's newer file replaces
    # them as revisions, no longer a conflict between the two.
    found = {(c.a.publisher, c.b.publisher) for c in conflicts(store, indicator="notable_ml_models", country="CN")}
    assert not any("Stanford HAI AI Index" in pair for pair in found)
    cn23 = next(g for g in reconcile(evidence(store, indicator="notable_ml_models", country="CN")) if g.period == "2023")
    assert [e.value for e in cn23.revised] == [15] and cn23.revised[0].publisher == "Stanford HAI AI Index"


def test_claims_cli_shows_the_seed_figure_once(tmp_path: Path, corpus_dir: Path) -> None:
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                              timeout=120)

    assert run("ingest", *[str(p) for p in sorted(corpus_dir.glob("*.txt"))]).returncode == 0
    rows = json.loads(run("claims", "--indicator", "ai_researchers", "--country", "CN", "--format", "json").stdout)
    assert len(rows) == 1 and rows[0]["value"] == 500_000 and len(rows[0]["also"]) == 1
    assert "50万人" in rows[0]["quote"] or "500,000" in rows[0]["quote"]
    assert run("conflicts", "--format", "json").returncode == 0
    missing = run("data", "show", "nope")
    assert missing.returncode == 1 and "no dataset 'nope'" in missing.stderr


def test_claims_cli_offers_every_attribution_rule(tmp_path: Path) -> None:
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                              timeout=120)

    assert run("up", "--no-serve").returncode == 0
    seen = {}
    for rule in ("any-org", "single-country", "fractional"):
        rows = json.loads(run("claims", "-i", "notable_ml_models", "-c", "CN", "-p", "2023", "--attribution", rule,
                              "--format", "json").stdout)
        epoch = [r for r in rows if r["source"].startswith("dataset:epoch_notable_models")]
        assert len(epoch) == 1 and epoch[0]["note"] == rule  # the rule is stated next to the number
        seen[rule] = epoch[0]["value"]
    assert seen == {"any-org": 23, "single-country": 19, "fractional": 21}


def test_a_figure_repeated_by_many_documents_is_one_conflict() -> None:
    from aigap.reconcile.consensus import Conflict, _figure_key, reconcile
    from aigap.reconcile.evidence import Evidence

    def ev(v: float, n: int) -> Evidence:
        return Evidence(indicator="notable_ml_models", country="US", period="2023", aspect="level", value=v, low=v,
                        high=v, unit="models", source_class="news", source=f"claim:{n}", story=n)

    items = [ev(61, n) for n in range(400)] + [ev(84, 1000 + n) for n in range(400)]
    (g,) = reconcile(items)
    assert len(g.conflicts) == 1  # distinct figures are compared, not 800 x 800 documents
    assert g.estimate is not None and len(g.estimate.alternatives) == 2  # sources of one figure pool their weight
    assert abs(sum(a[3] for a in g.estimate.alternatives) - 1) < 1e-9
    a, _b = g.conflicts[0]
    same = [e.source for e in g.items if e is not a and _figure_key(e) == _figure_key(a)]
    assert len(same) == 399 and isinstance(Conflict, type)
