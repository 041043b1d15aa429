"""Scope: whether an AI word modifies a cue ("AI unicorns", "unicorns in AI"), and whether a bare cue
("a substantial market size") takes the article's own subject."""

from __future__ import annotations

import re

from .cues import _Cue
from .rx import scanning

__all__ = ["_AI_WORDS", "_BARE_OK", "_ai_modifies", "_bare_cue"]

_AI_WORDS = re.compile(r"(?<![a-z])(?:ai|a\.i\.|artificial intelligence|genai|llms?|machine learning)(?![a-z])"
                       r"|人工智能|智能|大模型|机器学习")
_AI_WORDS = scanning(_AI_WORDS)  # searched in every number's sentence: the engine skips to its first letters


# "unicorns in AI", "AI-related unicorns", "独角兽中的AI企业": an AI word just after the noun, or
# (checked apart) one at most a few words before it ("AI独角兽", "与AI相关的独角兽", "AI and robotics unicorns")
_AI_AFTER = re.compile(r"\s?(?:in|of|from)\s(?:the\s)?(?:ai|artificial intelligence|generative ai)(?![a-z])|中的?(?:ai|人工智能)")
# punctuation that ends a phrase (a full stop, not the dots of "A.I." or "3.5")
_PHRASE_END = re.compile(r"[,，。;；:：!?！？、()（）《》]|(?<!\b[a-z])\.(?=\s|[\u4e00-\u9fff])")
# a bare market size or investment in an article about AI is AI's; a bare "unicorns" is every sector's
_BARE_OK = frozenset({"ai_market_size", "ai_investment_total"})
_AI_REACH = 16  # two words: "AI computing industry revenue", "AI and robotics unicorns", "人工智能领域的独角兽"


def _ai_modifies(cues: tuple[_Cue, ...], text: str) -> bool:
    """Does an AI word modify one of ``cues`` where it occurs in ``text`` (just before or after it)?"""
    for cue in cues:
        for a, b in cue.spans(text, 0, len(text)):
            # the AI word before the noun (in its phrase: no punctuation between), inside the cue itself
            # ("core AI industry") or just after it
            lo = max(0, a - _AI_REACH)
            lo += max((m.end() for m in _PHRASE_END.finditer(text, lo, a)), default=lo) - lo
            if _AI_WORDS.search(text, lo, b) or _AI_AFTER.match(text, b):
                return True
    return False


# A bare cue names the article's own subject: in an article about AI, "a substantial market size" or
# "China's total investment" is AI's. A cue is bare when only size words stand between it and the
# determiner, possessive or amount that opens its noun phrase, and no complement after it names another
# domain ("the cloud computing market", "an investment in steel mills", 软硬件设备投资 are not bare).
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those"})
_SIZE_WORDS = frozenset({"total", "overall", "substantial", "large", "larger", "huge", "big", "entire", "whole",
                         "combined", "annual", "cumulative", "estimated", "current"})
_DETERMINER_TOKEN = re.compile(r"[\w.-]+'s|[$€£¥]?[\d.,]+|(?:million|billion|trillion)")
_OTHER_COMPLEMENT = re.compile(r"\s(?:in|for|of|into|on)\s(?!(?:the\s)?(?:ai|a\.i\.|artificial intelligence|generative ai)(?![a-z]))[a-z]")


def _bare_cue(cues: tuple[_Cue, ...], text: str) -> bool:
    """Walking back from the cue over size words, does its noun phrase open with a determiner, a
    possessive or an amount (or the phrase's start), with no other word modifying it?"""
    for cue in cues:
        for a, b in cue.spans(text, 0, len(text)):
            lo = max(0, a - 60)
            lo += max((m.end() for m in _PHRASE_END.finditer(text, lo, a)), default=lo) - lo
            if any("\u4e00" <= ch <= "\u9fff" for ch in text[max(lo, a - 1) : a]):
                continue  # a Chinese cue right after another word: that word modifies it
            words = [w for w in text[lo:a].split() if w not in _SIZE_WORDS]
            opened = not words or words[-1] in _DETERMINERS or bool(_DETERMINER_TOKEN.fullmatch(words[-1]))
            if opened and not _OTHER_COMPLEMENT.match(text, b):
                return True
    return False
