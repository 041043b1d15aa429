"""Modules stay under ~400 lines: the store and the report were split by what they do, and the names
callers import stay importable from where they were."""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aigap"
MAX_LINES = 400


@pytest.mark.parametrize("package", ["store", "report"])
def test_modules_stay_small(package: str) -> None:
    long = {p.name: n for p in sorted((SRC / package).glob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"aigap/{package} modules past {MAX_LINES} lines: {long}"


def test_public_names_stay_where_they_were() -> None:
    from aigap.report import model
    from aigap.store import repository

    for name in ("AddResult", "ClaimFilter", "Counts", "DocumentRefused", "ReextractItem", "Store"):
        assert hasattr(repository, name), name
    for name in model.__all__:
        assert hasattr(model, name), name
    store = repository.Store
    for method in ("add_document", "claims", "count_claims", "evidence_claim_rows", "start_run", "finish_run",
                   "counts", "revision", "put_dataset", "documents_to_reextract", "dialect"):
        assert hasattr(store, method), method
