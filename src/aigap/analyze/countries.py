"""Country codes: which are real (ISO 3166-1 alpha-2, from the CLDR territory list babel ships) and
their names in English and Chinese, so tables show names, not only codes."""

from __future__ import annotations

from functools import cache

from babel import Locale

from aigap.errors import InputError

__all__ = ["check_countries", "country_name", "known_countries"]

# CLDR lists a few two-letter codes that are not countries: unknown, pseudo-locales, groupings.
_NOT_COUNTRIES = {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}


@cache
def known_countries() -> frozenset[str]:
    terr = Locale("en").territories
    return frozenset(k for k in map(str, terr) if len(k) == 2 and k.isalpha() and k not in _NOT_COUNTRIES)


@cache
def country_name(code: str, lang: str = "en") -> str:
    """The country's name (``US`` -> ``United States``; ``zh``: 美国); the code itself when unknown."""
    name = Locale("zh" if lang == "zh" else "en").territories.get(code.upper())
    return str(name) if name else code


def check_countries(codes: tuple[str, ...], given: str | None = None) -> tuple[str, ...]:
    """The codes, or an error naming every one that is not an ISO 3166 country code."""
    bad = [c for c in codes if c not in known_countries()]
    if bad:
        what = f"--countries {given!r}: " if given is not None else ""
        raise InputError(f"{what}unknown country code{'s' if len(bad) > 1 else ''} {', '.join(bad)} "
                         "(ISO 3166 alpha-2, e.g. US, CN, IN)")
    return codes
