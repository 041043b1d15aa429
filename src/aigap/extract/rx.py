"""Regular expressions that reject impossible starting positions cheaply.

A pattern that opens with optional groups (a qualifier, a sign, a direction word) makes the regex
engine enter every alternative at every character of the text. ``fast`` computes, from the parsed
pattern, the set of characters a match can begin with and prefixes the pattern with a lookahead on
that set: the matches are exactly the same (the lookahead only restates what the pattern already
requires), but a position that cannot start one costs one character test.
"""

from __future__ import annotations

import re
import re._constants as C  # the regex parser's opcodes (stable since 3.11)
import re._parser as P
from typing import Any

__all__ = ["fast", "first_chars"]

_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


class _Unknown(Exception):
    """The first character of a match cannot be bounded (``.``, ``[^...]``, a back reference)."""


def _set_item(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is C.CATEGORY and av in _CATEGORY:
        return _CATEGORY[av]
    raise _Unknown


def _first(items: Any, out: list[str]) -> bool:
    """Add to ``out`` the classes a match of the sequence ``items`` can begin with; True when the
    whole sequence can match the empty string (then what follows it can begin the match too)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item holds the first character
        if op is C.LITERAL:
            out.append(re.escape(chr(av)))
            return False
        if op is C.IN:
            if any(o is C.NEGATE for o, _ in av):
                raise _Unknown
            out.extend(_set_item(o, a) for o, a in av)
            return False
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unknown  # a scoped flag (?i:...) would change what the class means
            if not _first(av[3], out):
                return False
            continue
        if op is C.ATOMIC_GROUP:
            if not _first(av, out):
                return False
            continue
        if op is C.BRANCH:
            nullable = False
            for alt in av[1]:
                nullable |= _first(alt, out)
            if not nullable:
                return False
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, body = av
            if not _first(body, out) and lo > 0:
                return False
            continue
        raise _Unknown  # ANY, NOT_LITERAL, GROUPREF, conditionals: no bound
    return True


def _has_prefix(items: Any, flags: int) -> bool:
    """Whether the engine already skips impossible positions itself: a pattern that opens with a
    lookahead, or (case-sensitive) with a literal, a class or a choice of literals."""
    while items and items[0][0] is C.SUBPATTERN and not (items[0][1][1] or items[0][1][2]):
        items = items[0][1][3]
    if not items:
        return False
    op, av = items[0]
    if op is C.ASSERT:
        return True
    if flags & re.IGNORECASE:
        return False
    if op in (C.LITERAL, C.IN):
        return True
    return op is C.BRANCH and all(alt and alt[0][0] is C.LITERAL for alt in av[1])


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class (``[...]``) holding every character a match of ``pattern`` can begin
    with, or None when that cannot be bounded or the pattern can match the empty string."""
    out: list[str] = []
    parsed = P.parse(pattern, flags)
    if parsed.state.flags & (re.VERBOSE | re.IGNORECASE) != flags & (re.VERBOSE | re.IGNORECASE):
        return None  # inline global flags, e.g. (?i) at the start, the wrapping would misplace
    if flags & re.VERBOSE:
        return None  # a trailing comment would swallow the wrapping's closing parenthesis
    try:
        nullable = _first(parsed, out)
    except _Unknown:
        return None
    if nullable or not out:
        return None
    return "[" + "".join(dict.fromkeys(out)) + "]"


def fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` with a lookahead on the possible first characters, unless
    the pattern opens with something the engine skips by already."""
    first = None if _has_prefix(P.parse(pattern, flags), flags) else first_chars(pattern, flags)
    return re.compile(pattern if first is None else f"(?={first})(?:{pattern})", flags)
