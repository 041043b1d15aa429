from __future__ import annotations

from aigap.format import short_number


def test_short_numbers_for_tables() -> None:
    assert [short_number(v) for v in (None, "n/a", 0.5, 999, 12345, 2.5e6, 1.2345e9, -3e9, 2e15)] == [
        "", "n/a", "0.5", "999", "12,345", "2.5 M", "1.234 bn", "-3 bn", "2e+15"]
