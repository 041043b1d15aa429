from __future__ import annotations

from aigap.format import short_number


def test_short_numbers_for_tables() -> None:
    assert [short_number(v) for v in (None, "n/a", 0.5, 999, 12345, 2.5e6, 1.2345e9, -3e9, 2e15)] == [
        "", "n/a", "0.5", "999", "12,345", "2.5 M", "1.234 bn", "-3 bn", "2e+15"]


def test_figures_as_the_text_stated_them() -> None:
    from aigap.format import figure, period_span

    assert figure(1e11, "USD", "en", "vague") == "$100 bn–1 tn"  # "several hundred billion"
    assert figure(1e11, "USD", "zh", "vague") == "1000亿–1万亿美元"  # 数千亿美元
    assert figure(1e11, "USD", "en", "range", 999.9999999e9) == "$100 bn–1 tn"
    assert figure(5e10, "USD", "en", "over") == "> $50 bn"
    assert figure(5e10, "USD", "zh", "over") == "超过500亿美元"
    assert figure(4e10, "USD", "en", "approx") == "≈ $40 bn"
    assert figure(4e10, "USD", "zh", "approx") == "约400亿美元"
    assert figure(117, "models", "en", "at_least") == "≥ 117" and figure(60, "seconds", "zh", "at_most") == "至多60"
    assert figure(10, "years", "en", "range", 20) == "10–20"
    assert figure(500000, "people", "zh") == "50万" and figure(12345, "count", "zh") == "1.23万"
    assert figure(12345, "count", "en") == "12,345" and figure(-3e9, "USD") == "$\u22123 bn"
    assert figure(5e26, "FLOP") == "5 × 10²⁶ FLOP" and figure(1.2633e21, "FLOPS", "zh") == "1.26 × 10²¹ FLOP/s"
    assert figure(35.0, "percent", "en", "approx") == "≈ 35%"
    assert all("e+" not in figure(10.0 ** k, "USD", lang) for k in range(0, 30) for lang in ("en", "zh"))
    assert figure(None) == "" and figure("n/a") == "n/a"
    assert period_span("2017-2023") == "2017–2023" == period_span("2017/2023") and period_span("2024-03") == "2024-03"
    assert period_span(None) == ""


def test_one_power_of_ten_for_tables_and_the_report() -> None:
    """aigap.format and the report write m × 10ⁿ with one function (they had two copies); each keeps
    its precision, a mantissa that rounds up to 10 moves the exponent, and a negative number keeps it."""
    import aigap.report.numbers as numbers
    from aigap.format import plain_number, power_of_ten
    from aigap.report.numbers import MINUS, fmt_value

    assert not hasattr(numbers, "_sci")  # no second copy
    assert plain_number(3.96e25) == "3.96 × 10²⁵" and fmt_value(3.96e25, "FLOP", "en") == "4 × 10²⁵ FLOP"
    assert plain_number(9.999e25) == "1 × 10²⁶" and fmt_value(9.97e25, "FLOPS", "zh") == "1 × 10²⁶ FLOP/s"
    assert fmt_value(1.26e21, "FLOP", "en") == "1.3 × 10²¹ FLOP" and power_of_ten(0) == "0"
    assert power_of_ten(-9.999e3) == "-1 × 10⁴" and power_of_ten(-2.5e-3, 1, MINUS) == MINUS + "2.5 × 10⁻³"
