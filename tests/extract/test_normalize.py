"""The matching copy's fast paths give exactly what the plain conversions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aigap.extract.normalize import _table, _translate, normalize

_TABLE_CHARS = "".join(chr(k) for k in _table())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TABLE_CHARS + "ab1,. 中国美國\n"), max_size=60))
def test_translate_is_str_translate(text: str) -> None:
    assert _translate(text) == text.translate(_table())


def test_normalize_maps_full_width_forms_and_keeps_length() -> None:
    text = "美國投資１２３億美元，佔３５％。"
    out = normalize(text)
    assert out == "美国投资123亿美元,占35%."
    assert len(out) == len(text)
