"""Interface language: English or Chinese, chosen by ?lang= and kept in a cookie."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from fastapi import Request

__all__ = ["LANGS", "pick_lang", "strings"]

LANGS = ("en", "zh")


@cache
def _table() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        resources.files("aigap.web").joinpath("i18n.yaml").read_text(encoding="utf-8"))
    return data


def strings(lang: str) -> dict[str, str]:
    return _table()[lang if lang in LANGS else "en"]


def pick_lang(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return str(q)
    c = request.cookies.get("lang")
    return c if c in LANGS else "en"


def tr(lang: str) -> Any:
    """A lookup for templates: t('key', n=3) formats the string."""
    table = strings(lang)

    def t(key: str, **kw: Any) -> str:
        s = table.get(key, key)
        return s.format(**kw) if kw else s

    return t
