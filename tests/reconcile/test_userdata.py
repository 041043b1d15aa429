from __future__ import annotations

from pathlib import Path

import pytest

from aigap.errors import InputError, ValidationError
from aigap.reconcile import conflicts
from aigap.reconcile.userdata import add_user_dataset
from aigap.store import Store

META = "title: My survey\nsource: Example Institute\nlicence: CC-BY-4.0\nvintage: '2025'\n"


def _write(tmp_path: Path, body: str, meta: str | None = META) -> Path:
    p = tmp_path / "survey.csv"
    p.write_text(body, encoding="utf-8")
    if meta is not None:
        (tmp_path / "survey.yaml").write_text(meta, encoding="utf-8")
    return p


def test_a_good_dataset_is_stored_once_and_reconciled(store: Store, tmp_path: Path) -> None:
    p = _write(tmp_path, "indicator,country,period,value\nai_researchers,CN,2024,300000\nai_researchers,US,2024,250000\n")
    assert add_user_dataset(store, p) == ("survey", 2, True)
    assert add_user_dataset(store, p)[2] is False  # unchanged: nothing stored twice
    obs = store.observations(dataset_id="survey")
    assert {o["row_locator"] for o in obs} == {"survey.csv#row=2", "survey.csv#row=3"}
    assert conflicts(store) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("indicator,country,period,value\nai_magic,CN,2024,1\n", "unknown indicator 'ai_magic'"),
        ("indicator,country,period,value\nai_researchers,China,2024,1\n", "bad country code 'China'"),
        ("indicator,country,period,value\nai_researchers,CN,2024,lots\n", "non-numeric value 'lots'"),
        ("indicator,country,period,value\nai_researchers,CN,2024,1\nai_researchers,CN,2024,2\n", "duplicate of line 2"),
        ("indicator,country,value\nai_researchers,CN,1\n", "missing column(s) period"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_stored(store: Store, tmp_path: Path, body: str, message: str) -> None:
    p = _write(tmp_path, body)
    with pytest.raises(ValidationError) as info:
        add_user_dataset(store, p)
    assert message in info.value.message and "survey.csv" in info.value.message
    assert store.datasets() == []


def test_metadata_is_required(store: Store, tmp_path: Path) -> None:
    p = _write(tmp_path, "indicator,country,period,value\nai_researchers,CN,2024,1\n", meta=None)
    with pytest.raises(InputError, match=r"no metadata file survey\.yaml"):
        add_user_dataset(store, p)
