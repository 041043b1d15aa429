"""Analysts' corrections: a layer over the extractor's claims, applied to the claims table.

Every correction names the characters it is about (document, start, end) and keeps the machine values
it replaced, so the claims table always holds the *effective* claims (what analysis, conflicts,
exports and pages read, with no change of their own) while the layer can be re-applied after a
re-extraction replaces the machine claims (``reapply``, called by ``Store.replace_claims``).

    fix     update fields of the claim at those characters
    reject  remove the claim ("not a claim"); the layer keeps it in ``original``
    add     insert a claim the extractor missed (extractor_version "review")
    accept  mark the claim reviewed as it is

Each write also lands in ``audit_log``, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from aigap.errors import NotFound, ValidationError
from aigap.records import CLAIM_FIELDS

from . import schema as t

if TYPE_CHECKING:
    from .repository import Store

__all__ = ["ACTIONS", "ROLES", "Correction", "Review", "coerce_fields", "hash_token", "parse_assignments", "reapply"]

ROLES = ("reader", "reviewer", "admin")
ACTIONS = ("fix", "reject", "add", "accept")
REVIEW_VERSION = "review"  # extractor_version of claims an analyst added
EDITABLE = tuple(f for f in CLAIM_FIELDS if f != "doc")
_FLOATS = {"value", "value_high", "confidence"}
_INTS = {"start", "end"}
_NULLABLE = {"value_high", "subject", "entity", "period", "confidence", "note"}
_QUALIFIERS = ("exact", "approx", "over", "under", "at_least", "at_most", "range", "vague")
_ASPECTS = ("level", "change", "share")
_SUBJECT = re.compile(r"^[A-Z]{2,5}$")  # ISO alpha-2, EU, WORLD
# docs/spec/claims.md: 2024, 2024-08, 2023-H1, 2024-Q3, FY2024, a span 2013/2023 (or of months)
_PART = r"\d{4}(?:-(?:0[1-9]|1[0-2]|H[12]|Q[1-4]))?"
_PERIOD = re.compile(rf"^(?:FY\d{{4}}|{_PART}(?:/{_PART})?)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # terminal escapes have no place in a claim


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_token(token: str) -> str:
    """Tokens are 32 random bytes: a plain SHA-256 digest is enough to keep them unusable at rest."""
    return hashlib.sha256(token.encode()).hexdigest()


def parse_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """``["subject=CN", "value=3.1e9"]`` -> a dict; a pair without ``=`` is one clear error."""
    out: dict[str, str] = {}
    for p in pairs:
        name, sep, value = p.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{p!r}: expected FIELD=VALUE (fields: {', '.join(EDITABLE)})")
        out[name.strip()] = value.strip()
    return out


def coerce_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check and type claim fields given as text (CLI) or JSON (API): one error names the field."""
    from aigap.indicators import catalogue

    out: dict[str, Any] = {}
    for name, v in raw.items():
        if name not in EDITABLE:
            raise ValidationError(f"field {name!r}: not a claim field (choose from {', '.join(EDITABLE)})")
        if isinstance(v, str) and name in _NULLABLE and v.strip().lower() in ("", "null", "none"):
            v = None
        if v is None:
            if name not in _NULLABLE:
                raise ValidationError(f"field {name!r}: cannot be empty")
            out[name] = None
            continue
        try:
            if name in _FLOATS:
                v = float(v)
                if v != v or v in (float("inf"), float("-inf")):
                    raise ValueError
            elif name in _INTS:
                if isinstance(v, float) or (isinstance(v, str) and not v.strip().lstrip("-").isdigit()):
                    raise ValueError
                v = int(v)
        except (TypeError, ValueError):
            raise ValidationError(f"field {name!r}: {v!r} is not a {'number' if name in _FLOATS else 'whole number'}") from None
        if name not in _FLOATS | _INTS:
            v = str(v)
            if _CONTROL.search(v):
                raise ValidationError(f"field {name!r}: {v!r} holds control characters")
        if name == "confidence" and not 0 <= v <= 1:
            raise ValidationError(f"field 'confidence': {v} is not between 0 and 1")
        if name == "qualifier" and v not in _QUALIFIERS:
            raise ValidationError(f"field 'qualifier': {v!r} is not one of {', '.join(_QUALIFIERS)}")
        if name == "aspect" and v not in _ASPECTS:
            raise ValidationError(f"field 'aspect': {v!r} is not one of {', '.join(_ASPECTS)}")
        if name == "subject":
            v = v.upper()
            if not _SUBJECT.match(v):
                raise ValidationError(f"field 'subject': {v!r} is not a country code (US, CN, EU, WORLD ...)")
        if name == "period" and not _PERIOD.match(v):
            raise ValidationError(f"field 'period': {v!r} is not a period (2024, 2024-08, 2023-H1, 2024-Q3, FY2024, "
                                  "2013/2023)")
        if name == "metric" and v != "other" and v not in catalogue().indicators:
            raise ValidationError(f"field 'metric': unknown indicator {v!r}", hint="see aigap data indicators")
        if name in ("number_text", "quote", "unit") and not v:
            raise ValidationError(f"field {name!r}: cannot be empty")
        out[name] = v
    return out


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    document_id: int
    start: int
    end: int
    claim_id: int | None
    action: str
    fields: dict[str, Any]
    original: dict[str, Any] | None
    user: str
    why: str | None
    created_at: dt.datetime
    status: str

    @classmethod
    def of(cls, r: Any) -> Correction:
        return cls(r.id, r.document_id, r.start, r.end, r.claim_id, r.action, dict(r.fields or {}),
                   dict(r.original) if r.original else None, r.user, r.why, r.created_at, r.status)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "document_id": self.document_id, "start": self.start, "end": self.end,
                "claim_id": self.claim_id, "action": self.action, "fields": self.fields, "original": self.original,
                "user": self.user, "why": self.why, "at": self.created_at.isoformat(), "status": self.status}

    @property
    def provenance(self) -> str:
        """What a figure's provenance says about this review."""
        return self.said("en")

    def said(self, lang: str) -> str:
        """The provenance in a page's language (en, zh)."""
        day = self.created_at.date().isoformat()
        return f"由 {self.user} 于 {day} 审核" if lang == "zh" else f"reviewed by {self.user} on {day}"


def _claim_values(r: Any) -> dict[str, Any]:
    return {k: getattr(r, k) for k in EDITABLE}


def _sentence(text: str, start: int, end: int) -> str:
    """The clause around a selection, for an added claim without a quote."""
    stops = "。！？；!?;\n"
    a = max((text.rfind(ch, 0, start) for ch in stops), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in stops) if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    return text[a:b].strip() or text[start:end]


def _apply(conn: sa.Connection, c: Any, spans: dict[tuple[int, int], int], text: str) -> tuple[bool, int | None]:
    """Apply one correction to the effective claims. Returns (still applies, claim id it now names)."""
    key = (c.start, c.end)
    fields = dict(c.fields or {})
    cid = spans.get(key)
    if c.action == "add":
        if text[c.start:c.end] != fields.get("number_text", text[c.start:c.end]) or c.end > len(text):
            return False, None
        if cid is not None:  # the extractor now finds it too: the analyst's values win, no duplicate
            conn.execute(t.claims.update().where(t.claims.c.id == cid).values(**fields))
            return True, cid
        row = {"number_text": text[c.start:c.end], "quote": _sentence(text, c.start, c.end), "value_high": None,
               "qualifier": "exact", "unit": "count", "metric": "other", "aspect": "level", **fields,
               "start": fields.get("start", c.start), "end": fields.get("end", c.end),
               "document_id": c.document_id, "extractor_version": REVIEW_VERSION}
        new = conn.execute(t.claims.insert().values(**row)).inserted_primary_key
        assert new is not None
        spans[key] = int(new[0])
        return True, int(new[0])
    if cid is None:
        return False, None
    if c.action == "fix" and fields:
        conn.execute(t.claims.update().where(t.claims.c.id == cid).values(**fields))
    elif c.action == "reject":
        conn.execute(t.claims.delete().where(t.claims.c.id == cid))
        del spans[key]
        return True, None
    return True, cid


def reapply(conn: sa.Connection, document_id: int) -> list[int]:
    """After a document's machine claims were replaced: apply its corrections again, oldest first, to
    the claims at the same characters. Returns the ids of corrections that no longer apply (stale)."""
    text = conn.execute(sa.select(t.documents.c.text).where(t.documents.c.id == document_id)).scalar_one()
    spans: dict[tuple[int, int], int] = {}
    for r in conn.execute(sa.select(t.claims.c.id, t.claims.c.start, t.claims.c.end)
                          .where(t.claims.c.document_id == document_id).order_by(t.claims.c.id)):
        spans.setdefault((r.start, r.end), r.id)
    stale: list[int] = []
    rows = conn.execute(sa.select(t.corrections).where(t.corrections.c.document_id == document_id)
                        .order_by(t.corrections.c.id)).all()
    for c in rows:
        ok, cid = _apply(conn, c, spans, text)
        if not ok:
            stale.append(c.id)
        conn.execute(t.corrections.update().where(t.corrections.c.id == c.id)
                     .values(claim_id=cid, status="active" if ok else "stale"))
    return stale


def _audit(conn: sa.Connection, user: str, action: str, target: str, detail: dict[str, Any] | None, via: str) -> None:
    conn.execute(t.audit_log.insert().values(at=_now(), user=user, action=action, target=target, detail=detail,
                                             via=via))


class Review:
    """Corrections, users and the audit log of one store (``Store.review``)."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    # -- corrections -----------------------------------------------------------------------------

    def fix(self, claim_id: int, fields: Mapping[str, Any], *, user: str, why: str, via: str = "cli") -> Correction:
        values = coerce_fields(fields)
        if not values:
            raise ValidationError(f"claim {claim_id}: name at least one FIELD=VALUE to fix")
        return self._on_claim("fix", claim_id, values, user=user, why=why, via=via)

    def reject(self, claim_id: int, *, user: str, why: str, via: str = "cli") -> Correction:
        return self._on_claim("reject", claim_id, {}, user=user, why=why, via=via)

    def accept(self, claim_id: int, *, user: str, why: str | None = None, via: str = "cli") -> Correction:
        return self._on_claim("accept", claim_id, {}, user=user, why=why, via=via)

    def _on_claim(self, action: str, claim_id: int, fields: dict[str, Any], *, user: str, why: str | None,
                  via: str) -> Correction:
        if action in ("fix", "reject") and not (why or "").strip():
            raise ValidationError(f"claim {claim_id}: say why (--why TEXT; \"why\" in the API)")
        with self.engine.connect() as conn:
            doc = conn.execute(sa.select(t.claims.c.document_id).where(t.claims.c.id == claim_id)).scalar_one_or_none()
        if doc is None:
            raise NotFound(f"no claim {claim_id}", hint="aigap review list shows the claims to review")
        with self.engine.begin() as conn:
            # A write on the document row first: concurrent reviews of a document queue here (row lock
            # on PostgreSQL, the write lock on SQLite), so correction ids follow the order writes land
            # in and re-applying them in id order gives what the last writer saw.
            conn.execute(t.documents.update().where(t.documents.c.id == doc).values(id=t.documents.c.id))
            row = conn.execute(sa.select(t.claims).where(t.claims.c.id == claim_id)).first()
            if row is None:
                raise NotFound(f"no claim {claim_id} (another reviewer rejected it just now)")
            key = conn.execute(sa.select(t.corrections)
                               .where(t.corrections.c.claim_id == claim_id, t.corrections.c.status == "active",
                                      t.corrections.c.document_id == doc)
                               .order_by(t.corrections.c.id.desc()).limit(1)).first()
            unchanged = all(getattr(row, k) == v for k, v in fields.items())
            if key is not None and key.user == user and (
                    (action == "accept" and key.action == "accept")
                    or (action == "fix" and key.action in ("fix", "add") and unchanged)):
                return Correction.of(key)  # the same reviewer's rerun: already so, nothing new to record
            start, end = (key.start, key.end) if key else (row.start, row.end)
            if {"start", "end", "number_text"} & set(fields):
                # a moved span must still be the number's characters in the stored text
                text = conn.execute(sa.select(t.documents.c.text).where(t.documents.c.id == doc)).scalar_one()
                s, e = fields.get("start", row.start), fields.get("end", row.end)
                nt = fields.get("number_text", row.number_text if "start" not in fields and "end" not in fields
                                else text[s:e])
                if not 0 <= s < e <= len(text) or text[s:e] != nt:
                    raise ValidationError(f"claim {claim_id}: characters {s}-{e} are not {nt!r} in its document "
                                          f"(they are {text[s:e]!r})")
                fields = {**fields, "number_text": nt}
            return self._record(conn, action, doc, start, end, fields, _claim_values(row), user, why, via,
                                {(start, end): claim_id})

    def add(self, document_id: int, start: int, end: int, fields: Mapping[str, Any], *, user: str, why: str,
            via: str = "cli") -> Correction:
        if not (why or "").strip():
            raise ValidationError(f"document {document_id}: say why (--why TEXT; \"why\" in the API)")
        values = coerce_fields(fields)
        if "value" not in values:
            raise ValidationError(f"document {document_id} {start}-{end}: an added claim needs value=NUMBER")
        with self.engine.begin() as conn:
            conn.execute(t.documents.update().where(t.documents.c.id == document_id).values(id=t.documents.c.id))
            text = conn.execute(sa.select(t.documents.c.text).where(t.documents.c.id == document_id)).scalar_one_or_none()
            if text is None:
                raise NotFound(f"no document {document_id}")
            if not 0 <= start < end <= len(text):
                raise ValidationError(f"document {document_id}: characters {start}-{end} are outside its text "
                                      f"(0-{len(text)})")
            values.setdefault("number_text", text[start:end])
            if values["number_text"] != text[start:end]:
                raise ValidationError(f"document {document_id} {start}-{end}: number_text {values['number_text']!r} "
                                      f"is not the selected characters {text[start:end]!r}")
            spans = {(r.start, r.end): r.id for r in conn.execute(
                sa.select(t.claims.c.id, t.claims.c.start, t.claims.c.end)
                .where(t.claims.c.document_id == document_id, t.claims.c.start == start, t.claims.c.end == end))}
            return self._record(conn, "add", document_id, start, end, values, None, user, why, via, spans, text)

    def _record(self, conn: sa.Connection, action: str, doc: int, start: int, end: int, fields: dict[str, Any],
                original: dict[str, Any] | None, user: str, why: str | None, via: str,
                spans: dict[tuple[int, int], int], text: str = "") -> Correction:
        new = conn.execute(t.corrections.insert().values(
            document_id=doc, start=start, end=end, action=action, fields=fields, original=original, user=user,
            why=why, created_at=_now(), status="active")).inserted_primary_key
        assert new is not None
        row = conn.execute(sa.select(t.corrections).where(t.corrections.c.id == int(new[0]))).one()
        _, cid = _apply(conn, row, spans, text)
        conn.execute(t.corrections.update().where(t.corrections.c.id == row.id).values(claim_id=cid))
        _audit(conn, user, f"review.{action}", f"claim:{cid}" if cid else f"document:{doc}#{start}-{end}",
               {"correction": row.id, "fields": fields, "why": why}, via)
        return Correction.of(conn.execute(sa.select(t.corrections).where(t.corrections.c.id == row.id)).one())

    def corrections(self, *, status: str | None = None, document_id: int | None = None,
                    claim_ids: Iterable[int] | None = None) -> list[Correction]:
        q = sa.select(t.corrections).order_by(t.corrections.c.id)
        if status:
            q = q.where(t.corrections.c.status == status)
        if document_id is not None:
            q = q.where(t.corrections.c.document_id == document_id)
        if claim_ids is not None:
            q = q.where(t.corrections.c.claim_id.in_(list(claim_ids)))
        with self.engine.connect() as conn:
            return [Correction.of(r) for r in conn.execute(q)]

    def marks(self, claim_ids: Iterable[int] | None = None) -> dict[int, Correction]:
        """The latest active correction of each claim (its review status and provenance)."""
        out: dict[int, Correction] = {}
        ids = None if claim_ids is None else list(claim_ids)
        if ids == []:
            return out
        for c in self.corrections(status="active", claim_ids=ids):
            if c.claim_id is not None:
                out[c.claim_id] = c
        return out

    def extraction_input(self, document_id: int) -> tuple[str, str | None, str | None, list[tuple[int, int]]]:
        """(text, published, language, furniture spans) of a document: what re-extraction reads."""
        d = t.documents.c
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(d.text, d.published, d.language, d.furniture).where(d.id == document_id)).first()
        if r is None:
            raise NotFound(f"no document {document_id}")
        return r.text, r.published, r.language, [(int(a), int(b)) for a, b in (r.furniture or [])]

    # -- users and audit -------------------------------------------------------------------------

    def add_user(self, name: str, role: str, *, by: str, via: str = "cli") -> str:
        """Create a user; returns its token (shown once, stored hashed)."""
        if role not in ROLES:
            raise ValidationError(f"role {role!r}: choose one of {', '.join(ROLES)}")
        if not re.fullmatch(r"[\w.@-]{1,64}", name):
            raise ValidationError(f"user name {name!r}: letters, digits, . @ - _ only, at most 64")
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            if conn.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).first():
                raise ValidationError(f"user {name!r} exists already")
            conn.execute(t.users.insert().values(name=name, role=role, token_hash=hash_token(token), created_at=_now()))
            _audit(conn, by, "users.add", f"user:{name}", {"role": role}, via)
        return token

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [{"name": r.name, "role": r.role, "created_at": r.created_at}
                    for r in conn.execute(sa.select(t.users).order_by(t.users.c.name))]

    def user_for_token(self, token: str) -> tuple[str, str] | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(t.users.c.name, t.users.c.role)
                             .where(t.users.c.token_hash == hash_token(token))).first()
        return (r.name, r.role) if r else None

    def log(self, user: str, action: str, target: str, detail: dict[str, Any] | None = None, via: str = "api") -> None:
        with self.engine.begin() as conn:
            _audit(conn, user, action, target, detail, via)

    def audit(self, limit: int | None = None) -> list[dict[str, Any]]:
        q = sa.select(t.audit_log).order_by(t.audit_log.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]
