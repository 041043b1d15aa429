"""Other projects' published number/unit test data (licences beside it in tests/data/peer-specs).

Scored as ``spec/claims.md`` asks: CNY/USD currency amounts and percentages, right value and an
overlapping span. Recognizers-Text cases its maintainers mark NotSupported for Python are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigap.extract.scanner import scan

SPECS = Path(__file__).resolve().parents[1] / "data" / "peer-specs"
SUITES = {
    "rt-zh-currency": ("recognizers-text/Specs/NumberWithUnit/Chinese/CurrencyModel.json", True),
    "rt-en-currency": ("recognizers-text/Specs/NumberWithUnit/English/CurrencyModel.json", True),
    "rt-zh-percent": ("recognizers-text/Specs/Number/Chinese/PercentModel.json", False),
    "rt-en-percent": ("recognizers-text/Specs/Number/English/PercentModel.json", False),
}


def _rt_cases(path: str, currency: bool) -> list[tuple[str, int, int, float]]:
    out = []
    for case in json.loads((SPECS / path).read_text(encoding="utf-8-sig")):
        if "python" in str(case.get("NotSupported", "")).lower():
            continue
        for r in case.get("Results", []):
            res = r["Resolution"]
            if currency and res.get("isoCurrency") not in ("CNY", "USD"):
                continue
            if res.get("value") in (None, ""):
                continue
            out.append((case["Input"], r["Start"], r["End"] + 1, float(str(res["value"]).rstrip("%"))))
    return out


def _hit(text: str, start: int, end: int, value: float) -> bool:
    return any(q.start < end and start < q.end and abs(q.value - value) <= 1e-6 * max(1.0, abs(value))
               for q in scan(text))


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_recognizers_text_suite(suite: str) -> None:
    path, currency = SUITES[suite]
    cases = _rt_cases(path, currency)
    passed = sum(_hit(*c) for c in cases)
    print(f"{suite}: {passed}/{len(cases)}")
    assert cases and passed / len(cases) >= 0.90


def test_all_currency_and_percent_suites_together() -> None:
    cases = [c for path, cur in SUITES.values() for c in _rt_cases(path, cur)]
    q3 = json.loads((SPECS / "quantulum3" / "quantities.json").read_text(encoding="utf-8"))
    for case in q3:
        for r in case["res"]:
            if r["unit"] in ("dollar", "percentage") and r["surface"] in case["req"]:
                s = case["req"].index(r["surface"])
                cases.append((case["req"], s, s + len(r["surface"]), float(r["value"])))
    passed = sum(_hit(*c) for c in cases)
    print(f"pooled: {passed}/{len(cases)}")
    assert passed / len(cases) >= 0.90
