"""The accuracy gate: extraction on the dev gold stays at or above the pinned floors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from aigap.extract.evaluate import evaluate

HERE = Path(__file__).resolve().parent
GOLD = HERE.parents[0] / "data" / "gold" / "seeds.jsonl"
CORPUS = HERE.parents[1] / "src" / "aigap" / "data" / "corpus"
FLOORS = json.loads((HERE / "eval_floors.json").read_text(encoding="utf-8"))


def test_corpus_is_the_pinned_one() -> None:
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(CORPUS.glob("*.txt")))).hexdigest()
    pinned = FLOORS["corpus_sha256"]
    assert pinned is None or pinned == digest


def test_extraction_meets_the_floors() -> None:
    result = evaluate(GOLD, CORPUS).to_json()
    print(json.dumps(result, indent=1))
    for lang in ("zh", "en"):
        for name, floor in FLOORS["per_language"].items():
            assert result[lang][name] >= floor, (lang, name, result[lang][name])
    for name, floor in FLOORS["overall"].items():
        assert result["overall"][name] >= floor, (name, result["overall"][name])
