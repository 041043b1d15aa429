"""Country names in reference datasets -> ISO 3166-1 alpha-2 codes (``countries.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

__all__ = ["country_code", "split_countries"]


@cache
def _table() -> dict[str, str]:
    raw = yaml.safe_load(Path(__file__).with_name("countries.yaml").read_text(encoding="utf-8"))
    return {str(k).strip().lower(): str(v) for k, v in raw.items()}


def country_code(name: str) -> str | None:
    """The ISO code of one country name, or None when it is not in the table."""
    s = name.strip()
    if len(s) == 2 and s.isupper():
        return s
    return _table().get(s.lower())


def split_countries(cell: object) -> list[str]:
    """Distinct ISO codes of a comma-separated country cell, in order; unknown names dropped."""
    if not isinstance(cell, str):
        return []
    out: list[str] = []
    for part in cell.split(","):
        code = country_code(part)
        if code and code not in out:
            out.append(code)
    return out
