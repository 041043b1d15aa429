r"""Regular expressions that reject impossible starting positions cheaply.

A pattern that opens with optional groups (a qualifier, a sign, a direction word) makes the regex
engine enter every alternative at every character of the text. ``fast`` computes, from the parsed
pattern, the set of characters a match can begin with and prefixes the pattern with a lookahead on
that set: the matches are exactly the same (the lookahead only restates what the pattern already
requires), but a position that cannot start one costs one character test.

A pattern that opens with zero-width assertions and then one character (``(?<!\d)\d{6}``,
``\b\d{3}-``) is turned around instead: the character first, the assertions after it in a one-character
lookbehind (``\d(?<=(?<!\d)\d)\d{5}``). Same matches; the engine then finds the candidates itself,
with a scan for the character, without entering the pattern at every position.

``finditer`` skips a pass altogether when the text holds none of the strings every match must
contain (``may_match``; 个/%/亿 for a Chinese measure, "percent" for "percent of").
"""

from __future__ import annotations

import functools
import importlib
import re
import re._constants as C  # the regex parser's opcodes (stable since 3.11)
import re._parser as P
import sys
from collections.abc import Iterator
from typing import Any

from .patcache import per_pattern

__all__ = ["fast", "finditer", "first_chars", "may_match", "scanning"]

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
            if av[1] == re.IGNORECASE and not av[2]:
                # (?i:...): its opening letters in both cases (ASCII only: other letters fold oddly)
                inner: list[str] = []
                nullable = _first(av[3], inner)
                chars = [item[-1] for item in inner if len(item) == 1 or (len(item) == 2 and item[0] == "\\")]
                if len(chars) != len(inner) or not all(ch.isascii() for ch in chars):
                    raise _Unknown
                out.extend(re.escape(c) for ch in chars for c in (ch.lower(), ch.upper()))
                if not nullable:
                    return False
                continue
            if av[1] or av[2]:
                raise _Unknown  # another scoped flag would change what the class means
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


def _has_groups(items: Any) -> bool:
    """Whether a subpattern holds a capturing group or a back reference."""
    for op, av in items:
        if (op is C.SUBPATTERN and av[0] is not None) or op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return True
        subs = [x for x in (av if isinstance(av, (tuple, list)) else (av,)) if isinstance(x, P.SubPattern)]
        if op is C.BRANCH:
            subs = list(av[1])
        if any(_has_groups(sub) for sub in subs):
            return True
    return False


def _char_first(items: Any, state: Any, zero: list[Any]) -> list[Any] | None:
    """``items`` (after the zero-width assertions ``zero``) with their first character moved ahead
    of those assertions, or None when the sequence does not open with one character."""
    i = 0
    zero = list(zero)
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        zero.append(items[i])
        i += 1
    if i == len(items) or _has_groups(zero):
        return None
    op, av = items[i]
    rest = list(items[i + 1 :])
    if op in (C.LITERAL, C.IN):
        char, tail = (op, av), []
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1 \
            and av[2][0][0] in (C.LITERAL, C.IN):
        # X{m,n} is X then X{m-1,n-1}: one character cannot be matched in two ways
        char = av[2][0]
        tail = [(op, (av[0] - 1, av[1] if av[1] == C.MAXREPEAT else av[1] - 1, av[2]))]
    elif op is C.SUBPATTERN and not (av[1] or av[2]):
        inner = _char_first(av[3], state, zero)  # the group still starts at the character
        return None if inner is None else [(op, (av[0], 0, 0, P.SubPattern(state, inner))), *rest]
    else:
        return None
    behind = (C.ASSERT, (-1, P.SubPattern(state, [*zero, char])))
    return [char, behind, *tail, *rest]


def _turned(pattern: str, flags: int) -> re.Pattern[str] | None:
    """The pattern compiled with its first character ahead of its opening assertions, or None."""
    parsed = P.parse(pattern, flags)
    if not parsed.data or parsed.data[0][0] not in _ZERO_WIDTH or flags & re.IGNORECASE \
            or parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # (under re.I the engine's character scan takes no cased class anyway)
    items = _char_first(parsed.data, parsed.state, [])
    if items is None:
        return None
    tree = P.SubPattern(parsed.state, items)
    try:
        # what re.compile does after parsing, with the turned tree (the engine's own modules)
        compiler, sre = importlib.import_module("re._compiler"), importlib.import_module("_sre")
        code = compiler._code(tree, flags)
        groups = parsed.state.groupdict
        index: list[str | None] = [None] * parsed.state.groups
        for name, i in groups.items():
            index[i] = name
        compiled: re.Pattern[str] = sre.compile(pattern, flags | parsed.state.flags, code,
                                                parsed.state.groups - 1, groups, tuple(index))
        return compiled
    except Exception:  # another Python's engine internals: the plain pattern is as right, only slower
        return None


def fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with its first character ahead of its opening assertions or
    with a lookahead on the possible first characters, unless the pattern opens with something the
    engine skips by already."""
    turned = _turned(pattern, flags)
    if turned is not None:
        return turned
    parsed = P.parse(pattern, flags)
    first = first_chars(pattern, flags)
    if first is not None and _has_prefix(parsed, flags) and not _narrower(first, parsed.data[0], flags):
        first = None
    return re.compile(pattern if first is None else f"(?={first})(?:{pattern})", flags)


def _narrower(first: str, lead: Any, flags: int) -> bool:
    """Whether the class ``first`` admits fewer characters than the pattern's own opening lookahead
    (one written by hand may list more than the pattern can start with)."""
    op, av = lead
    if op is not C.ASSERT or av[0] != 1 or len(av[1].data) != 1 or av[1].data[0][0] is not C.IN:
        return False
    try:
        own = "[" + "".join(_set_item(o, a) for o, a in av[1].data[0][1]) + "]"
    except _Unknown:
        return False
    return set(re.findall(first, _bmp(), flags)) < set(re.findall(own, _bmp(), flags))


@functools.cache
def _bmp() -> str:
    """Every character of the basic multilingual plane (surrogates aside), to compare classes on."""
    return "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)


# -- a pass over a text that cannot match it is skipped ------------------------------------------------

_SMALL_CLASS = 8  # a class of up to this many plain characters is a choice of literals


def _pick(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two sets of required strings (longer shortest string, then fewer)."""
    if a is None or b is None:
        return a if b is None else b
    return min(a, b, key=lambda s: (-min(map(len, s)), len(s)))


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the sequence ``items`` holds, or None if none is known."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _pick(best, frozenset(["".join(run)]))
            run = []
        cand: frozenset[str] | None = None
        if op is C.SUBPATTERN and not (av[1] or av[2]):
            cand = _required(av[3])
        elif op is C.ATOMIC_GROUP:
            cand = _required(av)
        elif op is C.BRANCH:
            alts = [_required(alt) for alt in av[1]]
            cand = None if any(a is None for a in alts) else frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            cand = _required(av[2])
        elif op is C.IN and len(av) <= _SMALL_CLASS and all(o is C.LITERAL for o, _ in av):
            cand = frozenset(chr(a) for _, a in av)
        best = _pick(best, cand)
    return best


@functools.cache
def _folds() -> re.Pattern[str]:
    """Characters other than ASCII letters that an ASCII letter matches under re.I (ſ for s, ı for
    i, the Kelvin sign for k): where a text holds one, lower-casing it does not find every match."""
    found = sorted({ch for ch in re.findall("[a-z]", _bmp(), re.IGNORECASE) if not ch.isascii()})
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]") if found else re.compile("(?!)")


@per_pattern
def _needs(pattern: re.Pattern[str]) -> tuple[frozenset[str], bool] | None:
    """The strings one of which every match holds (lower-cased under re.I), and whether they can
    be looked for in the lower-cased text (ASCII or without case: 倍 matches only itself)."""
    if pattern.flags & re.VERBOSE:
        return None
    found = _required(P.parse(pattern.pattern, pattern.flags & re.IGNORECASE))
    if found is None or not all(found):
        return None
    if not pattern.flags & re.IGNORECASE:
        return found, True
    caseless = all(ch.isascii() or ch.lower() == ch.upper() == ch for s in found for ch in s)
    return frozenset(s.lower() for s in found), caseless


_LOWER: list[Any] = [None, "", False]  # the last text asked about: its lower case, whether it holds a fold


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text``: none of the strings every
    match must hold occurs in it (a quick substring test instead of a pass of the engine)."""
    needs = _needs(pattern)
    if needs is None:
        return True
    strings, caseless = needs
    if not pattern.flags & re.IGNORECASE:
        return any(s in text for s in strings)
    if not caseless:
        return True
    if _LOWER[0] is not text:  # each pass asks again about the same text
        _LOWER[:] = [text, text.lower(), _folds().search(text) is not None]
    return bool(_LOWER[2]) or any(s in _LOWER[1] for s in strings)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, without the pass when the pattern cannot match the text, and
    with the engine skipping to the characters a match can start with (``scanning``)."""
    return scanning(pattern).finditer(text) if may_match(pattern, text) else iter(())


# -- the engine's own skip loop, given the characters a match can start with -----------------------
#
# A search tries the pattern at every position unless the compiled pattern's info block names a
# literal prefix or a set of first characters; then a tight loop in C skips to the next candidate.
# re derives that set only from a pattern opening with a plain class or literal, so a pattern that
# opens with an optional group or a lookahead (every ``fast`` pattern) is entered at every position
# (~30 ns each, a pass over a 30,000-character text ~1 ms, even when nothing matches). ``scanning``
# compiles the same pattern with ``first_chars`` as that set: the same code, the same matches (the
# set only says where no match can start), the candidates found by the engine's loop.


def _start_set(first: str, flags: int) -> list[tuple[Any, Any]] | None:
    r"""The class ``first`` as charset items the info block can hold: every character of the basic
    plane the class matches under ``flags`` (re.I included: "a" stands for "A" and "ſ" too), plus its
    categories (\d, \s, \w), which also cover characters beyond that plane. None when a literal
    or range lies beyond the basic plane (case folding there is not enumerated)."""
    (op, items), = P.parse(first, 0).data
    if op is not C.IN:
        return None
    categories = [(o, a) for o, a in items if o is C.CATEGORY]
    rest = [(o, a) for o, a in items if o is not C.CATEGORY]
    if any(o is C.NEGATE or (o is C.LITERAL and a > 0xFFFF) or (o is C.RANGE and a[1] > 0xFFFF) for o, a in rest):
        return None
    chars: set[str] = set()
    if rest:
        cls = "[" + "".join(_set_item(o, a) for o, a in rest) + "]"
        chars = set(re.findall(cls, _bmp(), flags & re.IGNORECASE))
    return [(C.LITERAL, ord(ch)) for ch in sorted(chars)] + categories


@per_pattern
def scanning(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, compiled with its possible first characters as the info block's start set when
    re found none itself; ``pattern`` unchanged where that cannot be done here (another Python's
    engine, a pattern whose first characters are not bounded)."""
    flags = pattern.flags
    if sys.version_info[:2] != (3, 11) or flags & (re.ASCII | re.LOCALE | re.VERBOSE | re.DEBUG):
        return pattern  # the info block's layout is 3.11's (re._compiler._compile_info)
    try:
        compiler = importlib.import_module("re._compiler")
        tree = P.parse(pattern.pattern, flags)
        all_flags = tree.state.flags | flags
        standard = compiler._code(tree, flags)
        if standard[0] != C.INFO or standard[2] != 0:
            return pattern  # re found a prefix or a start set itself
        body = standard[1 + standard[1] :]  # the pattern's own code after re's info block
        if body[0] is C.AT and body[1] in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
            return pattern  # an anchored pattern: re's search stops after the first position already
        lo, hi = tree.getwidth()
        first = first_chars(pattern.pattern, flags & re.IGNORECASE)
        items = _start_set(first, all_flags) if first is not None and lo > 0 else None
        if not items or all_flags & (re.ASCII | re.LOCALE | re.VERBOSE):
            return pattern
        charset, hascased = compiler._optimize_charset(items)
        if hascased:
            return pattern
        # the block _compile_info writes, with the start-set flag and the set
        code = [C.INFO, 0, C.SRE_INFO_CHARSET, min(lo, compiler.MAXCODE), min(hi, compiler.MAXCODE)]
        compiler._compile_charset(charset, all_flags, code)
        code[1] = len(code) - 1
        code.extend(body)
        groups = tree.state.groupdict
        index: list[str | None] = [None] * tree.state.groups
        for name, i in groups.items():
            index[i] = name
        compiled: re.Pattern[str] = importlib.import_module("_sre").compile(
            pattern.pattern, all_flags, code, tree.state.groups - 1, groups, tuple(index))
        return compiled
    except Exception:  # the engine's internals differ: the plain pattern is as right, only slower
        return pattern
