"""The extraction cascade, in order:

    1. furniture  skip navigation, contact blocks, footers, phone numbers, codes (furniture.py)
    2. scan       every quantity with span, value, unit, qualifier (scanner.py)
    3. context    clause/sentence/paragraph bounds and mentions, once per document (context.py)
    4. attribute  subject and entity, aspect, metric, period for each quantity (attribute.py)
    5. claim      the ``spec/claims.md`` record, its quote the clause around the number
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigap.records import Claim, Quantity

from .attribute import Attribution, attribute
from .confidence import confidence, doc_evidence, features
from .context import build_context
from .dates import find_dates
from .discourse import distribute, inherit_parts, note_for
from .furniture import furniture_spans
from .normalize import normalize
from .scanner import scan

__all__ = ["EXTRACTOR_VERSION", "extract_claims", "extract_with_features"]

EXTRACTOR_VERSION = "2.0.0"


_TITLE_DAY = re.compile(r"(?:19|20)\d\d\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
                        r"|[A-Z][a-z]{2,8}\.?\s\d{1,2},?\s(?:19|20)\d\d|\d{1,2}\s[A-Z][a-z]{2,8}\s(?:19|20)\d\d")


def _title_year(text: str) -> str | None:
    """The one year a document's title names ("AI Industry Review in 2024"), if any."""
    lines = [ln for ln in text[:4000].splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    if first.strip() == "---":  # YAML front matter: the title is its `title:` field
        block = lines[1 : next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 1)]
        first = next((ln.split(":", 1)[1].strip().strip("\"'") for ln in block
                      if ln.lower().startswith("title:")), "")
    if len(first) > 120:
        return None  # not a title
    # a day's date in a title ("每日AI新闻摘要 - 2025年10月11日") is a dateline, not the year it is about
    first = _TITLE_DAY.sub(" ", first)
    # the years the date patterns read as years (not "2000PFLOPS", a link's digits, "the 2022 H100")
    years = {d.code[:4] for d in find_dates(first) if d.kind == "date" and re.fullmatch(r"\d{4}(?:-H\d|-Q\d)?", d.code)}
    return years.pop() if len(years) == 1 else None


def _quote(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    lo, hi = bounds  # already bounded to a few hundred characters around the number
    return text[lo:hi].strip(" \t\r\n,，;；。") or text[start:end]


def extract_claims(
    text: str,
    doc_id: str,
    *,
    published: str | None = None,
    language: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """Every quantitative claim in ``text``; offsets index ``text`` as given."""
    return extract_with_features(text, doc_id, published=published, language=language, skip=skip)[0]


def extract_with_features(
    text: str,
    doc_id: str,
    *,
    published: str | None = None,
    language: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> tuple[list[Claim], list[list[float]]]:
    """The claims and, for each, the features its confidence was computed from."""
    if not text or not text.strip():
        return [], []
    skip_spans: list[tuple[int, int]] = sorted({*((a, b) for a, b in skip), *furniture_spans(text)})
    norm = normalize(text)
    quantities = scan(text, skip=skip_spans, norm=norm)
    if not quantities:
        return [], []
    ctx = build_context(norm)
    default_year = _title_year(text)
    # the claim before of the same unit: a parallel figure takes its indicator ("the US ... 35%; China
    # ... 28%") even with a rank or a count between them
    previous: dict[str, tuple[Quantity, Attribution]] = {}
    attrs: list[Attribution] = []
    for q in quantities:
        a = attribute(ctx, q, published, default_year, previous.get(q.unit))
        attrs.append(a)
        if not (q.kind == "rank" and q.unit == "percent"):  # 前20% defines, it is not a parallel figure
            previous[q.unit] = (q, a)
    distribute(ctx, quantities, attrs)
    inherit_parts(ctx, quantities, attrs)
    claims = []
    feats = []
    doc = doc_evidence(ctx, attrs)
    for q, a in zip(quantities, attrs, strict=True):
        x = features(ctx, q, a, language, doc)
        feats.append(x)
        claims.append(
            Claim(
                doc=doc_id,
                start=q.start,
                end=q.end,
                number_text=q.number_text,
                quote=_quote(text, q.start, q.end, ctx.sentence(q.start)),
                value=q.value,
                value_high=q.value_high,
                qualifier=q.qualifier,
                unit=q.unit,
                subject=a.subject,
                entity=a.entity,
                metric=a.metric,
                aspect=a.aspect,  # type: ignore[arg-type]
                period=a.period,
                confidence=confidence(x),
                note=note_for(ctx, q, a.metric),
            )
        )
    return claims, feats
