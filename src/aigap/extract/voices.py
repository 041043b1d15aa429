"""Who speaks and who acts in a clause: a company's first person, and a coordinated clause's own subject.

Split from subject.py (which calls these) to keep both modules short.
"""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention

__all__ = ["_coordinated_owner", "_respondents", "_speaker"]

# A company's letter or earnings call speaks in the first person: "our gross margin rose to 59.5%", "we
# repurchased US$11.9 billion of our shares", "我们的营收增长20%". Not a generic "us" ("let us"): the
# possessive or the subject "we" only.
_FIRST_PERSON = re.compile(r"\b(?:we|our)\b|我们|我司|本公司", re.I)
# how far back the speaker may have been named (a transcript quotes a few paragraphs after naming it)
_SPEAKER_REACH = 1500


def _speaker(ctx: Context, q: Quantity, s0: int) -> Mention | None:
    """In a first-person sentence naming no one, the company last named before it is the speaker whose
    figure it is (annotation.md: a company's figure takes its home country)."""
    if not _FIRST_PERSON.search(ctx.norm, s0, q.start):
        return None
    for m in reversed(ctx.places_in(max(0, s0 - _SPEAKER_REACH), s0)):
        if m.end <= s0 and not m.source and m.code not in ("WORLD", "NONE"):  # not "overseas fabs", "global boom"
            return m if m.kind == "entity" else None  # a country named since: the "we" may be that nation's
    return None


# "The US leads with 758 and China follows with 343": after a figure, "and" opens a clause of its own
# whose subject owns the figures after it (a comma-less coordination the clause bounds do not split).
_AND_AFTER_FIGURE = re.compile(r"\d[^,;:.，；：。\n]{0,60}?\s(?:and|but|while|whereas)\s(?:the\s)?$", re.I)


def _coordinated_owner(ctx: Context, first: Mention, q: Quantity) -> Mention | None:
    """The subject of a coordinated clause between ``first`` and the number, if one opens after a figure."""
    owner = None
    for m in ctx.places_in(first.end, q.start):
        if m.end <= q.start and not m.source and m.code != "WORLD" \
                and _AND_AFTER_FIGURE.search(ctx.norm, first.end, m.start):
            owner = m
    return owner


# "70% of respondents", "26%的受访者": a survey's share of the people it asked; when its sentence names no
# country the text credits it to none (annotation.md: null), whatever the paragraph or the document is about.
_RESPONDENTS_AFTER = re.compile(r"\s?(?:的\s?)?(?:受访者|受访企业|受访人|受调查者|被调查者|"
                                r"of (?:the\s)?(?:[a-z]+\s){0,2}(?:respondents|those (?:surveyed|polled|asked)))", re.I)


def _respondents(ctx: Context, q: Quantity) -> bool:
    return q.unit == "percent" and _RESPONDENTS_AFTER.match(ctx.norm, q.end) is not None
