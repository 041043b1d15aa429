from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigap.extract.numerals import parse_en_words, parse_number, parse_zh

PEER = Path(__file__).resolve().parents[1] / "data" / "peer-specs" / "cn2an" / "cn2an_cases.json"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十一亿", 3.1e9), ("两千亿", 2e11), ("十二", 12), ("一百零一", 101), ("5億1萬4千6百", 500014600),
        ("1.2万亿", 1.2e12), ("两万亿", 2e12), ("３１亿", 3.1e9), ("12,450", 12450), ("1.9bn", 1.9e9),
        ("百分之二十八", 28), ("四分之一", 25), ("壹佰捌拾壹", 181), ("负十一", -11), ("零点零一", 0.01),
        ("三万五", 35000), ("两千六", 2600), ("sixty-one", 61), ("a dozen", 12), ("two hundred and five", 205),
        ("three million", 3e6),
    ],
)
def test_constructions(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_unreadable_is_none() -> None:
    assert parse_number("") is None and parse_number("abc") is None and parse_zh("x十") is None
    assert parse_en_words("dozens") is None


def test_cn2an_cases() -> None:
    cases = json.loads(PEER.read_text(encoding="utf-8"))
    total = passed = 0
    for key in ("cn2an_strict", "cn2an_normal_only", "cn2an_smart_only"):
        for text, value in cases[key].items():
            total += 1
            got = parse_number(text)
            passed += got is not None and abs(got - value) <= 1e-6 * max(1, abs(value))
    print(f"cn2an: {passed}/{total}")
    assert passed / total >= 0.97
