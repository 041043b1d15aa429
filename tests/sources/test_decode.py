from __future__ import annotations

import codecs

import pytest

from aigap.errors import InputError
from aigap.sources.decode import decode_bytes, looks_binary
from aigap.sources.formats import parse_bytes

ZH = "据统计，中国从事人工智能研究与开发的人员超过50万人，美国约为25万人。" * 3
ZH_HANT = "據統計，中國從事人工智慧研究與開發的人員超過50萬人，美國約為25萬人。" * 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ZH.encode("utf-8"), ZH),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), ZH),
        (ZH.encode("utf-16"), ZH),
        (ZH.encode("utf-16-le"), ZH),
        (ZH.encode("gbk"), ZH),
        (ZH.encode("gb18030"), ZH),
        (ZH_HANT.encode("big5"), ZH_HANT),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "gbk", "gb18030", "big5"],
)
def test_encodings_decode_to_the_same_text(data: bytes, expected: str) -> None:
    assert decode_bytes(data).text == expected


def test_gb2312_subset() -> None:
    text = "中美人工智能竞争：美国投资超过500亿美元。" * 5
    assert decode_bytes(text.encode("gb2312")).text == text


def test_binary_named_txt_is_rejected() -> None:
    blob = bytes(range(256)) * 40
    assert looks_binary(blob)
    with pytest.raises(InputError, match="binary"):
        parse_bytes("photo.txt", blob)


def test_empty_file_is_rejected() -> None:
    with pytest.raises(InputError, match="empty"):
        parse_bytes("empty.txt", b"")
