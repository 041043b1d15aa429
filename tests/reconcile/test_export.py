from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import aigap
from aigap.errors import ValidationError
from aigap.reconcile import load_reference
from aigap.reconcile.export import export
from aigap.sources import ingest
from aigap.store import Store


@pytest.fixture
def filled(store: Store, corpus_dir: Path) -> Store:
    ingest(store, [str(p) for p in sorted(corpus_dir.glob("*.txt"))])
    load_reference(store)
    return store


@pytest.mark.parametrize("fmt", ["csv", "parquet", "datapackage"])
def test_every_exported_observation_carries_its_source(filled: Store, tmp_path: Path, fmt: str) -> None:
    files = export(filled, fmt, tmp_path)
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    ext = "parquet" if fmt == "parquet" else "csv"
    obs = read(tmp_path / f"observations.{ext}")
    assert len(obs) > 15_000
    from_claims = obs[obs["source"].str.startswith("claim:")]
    from_data = obs[obs["source"].str.startswith("dataset:")]
    assert len(from_claims) > 50 and len(from_data) > 15_000
    assert from_claims["doc"].notna().all() and from_claims["span_start"].notna().all()
    assert from_data["dataset"].notna().all() and from_data["row"].notna().all()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (Path(aigap.__file__).parent / "data" / "corpus").glob("*.txt")}
    for _, r in from_claims.head(20).iterrows():
        assert texts[r["doc"]][int(r["span_start"]) : int(r["span_end"])] == r["number_text"]
    assert "Epoch AI" in (tmp_path / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    if fmt == "datapackage":
        dp = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
        assert [r["path"] for r in dp["resources"]] == ["claims.csv", "observations.csv", "consensus.csv"]
        assert any("Epoch AI" in a for a in dp["x-attribution"])
    assert all(f.exists() for f in files)


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="unknown export format"):
        export(store, "xls", tmp_path)


def test_notebook_api(filled: Store, db_url: str) -> None:
    obs = aigap.open(db_url)
    claims = obs.claims(indicator="ai_researchers", country="CN")
    assert list(claims["value"]) == [500_000.0] and {"source", "quote", "doc", "span"} <= set(claims.columns)
    conflicts = obs.conflicts()
    assert {"value_a", "source_a", "value_b", "source_b", "consensus"} <= set(conflicts.columns)
    assert len(obs.observations(country="CN")) > 100
    obs.close()


def test_csv_export_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    """A document's title or quote starting with = + - @ would run as a formula in a spreadsheet."""
    from aigap.extract import EXTRACTOR_VERSION, extract_claims
    from aigap.records import Document

    text = "=HYPERLINK(\"http://evil.example\",\"x\") In 2024 the US invested 5 billion dollars in AI research."
    claims = extract_claims(text, "evil", language="en")
    assert claims
    store.add_document(Document(doc_id="evil", text=text, source_uri="file:///evil", title="@SUM(A1:A9)",
                                language="en", content_hash="evil"), claims, EXTRACTOR_VERSION)
    export(store, "csv", tmp_path)
    cells = [c for name in ("claims", "observations") for c in
             pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False).to_numpy().ravel()]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") for c in cells) or any(c.startswith("'@SUM") for c in cells)
    assert "5000000000.0" in cells  # numbers are left as numbers
