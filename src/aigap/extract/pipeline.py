"""Interim extractor (to be replaced by the scanner + attribution cascade of the extraction issue)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigap.records import Claim

__all__ = ["EXTRACTOR_VERSION", "extract_claims"]

EXTRACTOR_VERSION = "0.0.1"

_NUM = re.compile(r"(\d+(?:\.\d+)?)(亿美元|亿元|万人|%)")
_SCALE = {"亿美元": (1e8, "USD"), "亿元": (1e8, "CNY"), "万人": (1e4, "people"), "%": (1.0, "percent")}


def extract_claims(
    text: str,
    doc_id: str,
    *,
    published: str | None = None,
    language: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    out = []
    for m in _NUM.finditer(text):
        scale, unit = _SCALE[m.group(2)]
        out.append(
            Claim(
                doc=doc_id,
                start=m.start(),
                end=m.end(),
                number_text=m.group(0),
                quote=text[max(0, m.start() - 20) : m.end() + 5],
                value=float(m.group(1)) * scale,
                unit=unit,
            )
        )
    return out
