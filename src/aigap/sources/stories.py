"""Linking documents: near duplicates (MinHash over character shingles, same language) and
translation pairs (different languages, the same figures, author and date). Linked documents share
a story id, so the analysis counts a story's claim once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aigap.store import Store

if TYPE_CHECKING:  # imported where used: datasketch imports scipy, a second of every command's start
    from datasketch import MinHash

__all__ = ["NEAR_DUPLICATE_THRESHOLD", "Story", "link_stories", "number_signature", "stories"]

NEAR_DUPLICATE_THRESHOLD = 0.8
TRANSLATION_THRESHOLD = 0.6
_MAX_LINK_DOCUMENTS = 50_000  # beyond this, linking needs the scale pipeline's persistent index

_ZH_NUM = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?")
_EN_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|m)?\b", re.I)
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "trillion": 1e12, "billion": 1e9, "bn": 1e9,
          "million": 1e6, "m": 1e6, "thousand": 1e3}


@dataclass(slots=True)
class _Candidate:
    id: int
    lang: str | None
    author: str | None
    published: str | None
    text: str
    numbers: set[float]


@dataclass(frozen=True, slots=True)
class Story:
    story: int
    documents: list[str]

    def to_json(self) -> dict[str, object]:
        return {"story": self.story, "documents": self.documents}


def number_signature(text: str, language: str | None) -> set[float]:
    """The distinct scaled numbers of a text, ignoring years: a language-neutral fingerprint."""
    pat = _EN_NUM if language == "en" else _ZH_NUM
    out: set[float] = set()
    for m in pat.finditer(text):
        try:
            v = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        if 1900 <= v <= 2100 and not m.group(2):
            continue  # years are dates, not figures
        v *= _SCALE.get((m.group(2) or "").lower() if language == "en" else (m.group(2) or ""), 1.0)
        if v >= 2:
            out.add(round(v, 6))
    return out


def _minhash(text: str) -> MinHash:
    from datasketch import MinHash

    mh = MinHash(num_perm=64)
    norm = re.sub(r"\s+", " ", text)
    for i in range(0, max(1, len(norm) - 4)):
        mh.update(norm[i : i + 5].encode("utf-8"))
    return mh


def _translation_score(a: _Candidate, b: _Candidate) -> float:
    """Shared figures weigh most; the same author and date confirm."""
    if len(a.numbers) < 3 or len(b.numbers) < 3:
        return 0.0
    overlap = len(a.numbers & b.numbers) / min(len(a.numbers), len(b.numbers))
    score = 0.6 * overlap
    score += 0.2 if a.author and a.author == b.author else 0.0
    score += 0.2 if a.published and a.published == b.published else 0.0
    return score


def link_stories(store: Store) -> int:
    """(Re)compute near-duplicate and translation links and story ids; returns new links."""
    docs: list[_Candidate] = []
    for row in store.documents():
        if len(docs) >= _MAX_LINK_DOCUMENTS:
            break
        text = store.document(row.id).text or ""
        docs.append(_Candidate(row.id, row.language, row.author, row.published, text,
                               number_signature(text, row.language)))
    from datasketch import MinHashLSH

    new = 0
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=64)
    by_id = {d.id: d for d in docs}
    hashes: dict[int, MinHash] = {}
    for d in docs:
        mh = _minhash(d.text)
        hashes[d.id] = mh
        for other in lsh.query(mh):
            if by_id[other].lang == d.lang:
                new += store.link_documents(other, d.id, "near_duplicate", mh.jaccard(hashes[other]))
        lsh.insert(d.id, mh)
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if a.lang != b.lang and "other" not in (a.lang, b.lang):
                score = _translation_score(a, b)
                if score >= TRANSLATION_THRESHOLD:
                    new += store.link_documents(a.id, b.id, "translation", score)
    store.assign_stories(by_id)  # under a lock: concurrent linkers agree
    return new


def stories(store: Store) -> list[Story]:
    """Documents grouped by story, each group listing its documents' ids."""
    groups: dict[int, list[str]] = {}
    for d in store.documents():
        groups.setdefault(d.story_id or d.id, []).append(d.doc_id)
    return [Story(k, v) for k, v in sorted(groups.items())]
