"""Scoring extraction against gold claims, as ``spec/claims.md`` defines it.

A prediction matches a gold claim when both are in the same document and their ``number_text``
spans overlap; each gold claim takes at most one prediction (the largest overlap). Detection is
precision/recall/F1 over matches; field accuracies are over matched pairs: value (and value_high
when gold has one) within 0.5%, the rest exact, period by year when gold gives a year alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigap.errors import InputError
from aigap.records import Claim

__all__ = ["FIELDS", "EvalResult", "Scores", "evaluate", "gold_span", "load_gold", "score"]

FIELDS = ("value", "unit", "qualifier", "subject", "metric", "aspect", "period")


@dataclass(slots=True)
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.matched if self.matched else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            **{name: round(self.accuracy(name), 4) for name in FIELDS},
        }


@dataclass(slots=True)
class EvalResult:
    by_language: dict[str, Scores]
    overall: Scores
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, with_errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {lang: s.to_json() for lang, s in sorted(self.by_language.items())}
        out["overall"] = self.overall.to_json()
        if with_errors:
            out["errors"] = self.errors
        return out


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold claims from a JSON Lines file or every ``*.jsonl`` under a folder."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"{path}: no gold *.jsonl files")
    rows: list[dict[str, Any]] = []
    for f in files:
        try:
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{f}:{n}: invalid JSON ({exc.msg})") from None
        except OSError as exc:
            raise InputError(f"{f}: cannot read ({exc.strerror})") from None
    return rows


def gold_span(g: dict[str, Any], text: str) -> tuple[int, int] | None:
    """Gold's span: its start/end, else the first number_text inside the first quote."""
    if isinstance(g.get("start"), int) and isinstance(g.get("end"), int):
        return g["start"], g["end"]
    q = text.find(g["quote"])
    if q < 0:
        return None
    n = text.find(g["number_text"], q, q + len(g["quote"]))
    return None if n < 0 else (n, n + len(g["number_text"]))


def _value_ok(pred: float | None, gold: float | None) -> bool:
    if gold is None:
        return pred is None or True
    if pred is None:
        return False
    return abs(pred - gold) <= 0.005 * abs(gold) if gold else abs(pred) < 1e-9


def _field_ok(name: str, p: Claim, g: dict[str, Any]) -> bool:
    if name == "value":
        ok = _value_ok(p.value, g["value"])
        if g.get("value_high") is not None:
            ok = ok and _value_ok(p.value_high, g["value_high"])
        return ok
    if name == "period":
        gp = g.get("period")
        if gp is not None and len(str(gp)) == 4 and str(gp).isdigit():
            return (p.period or "")[:4] == gp
        return p.period == gp
    return bool(getattr(p, name) == g.get(name))


def score(
    predictions: Sequence[Claim], gold: Iterable[dict[str, Any]], texts: dict[str, str], languages: dict[str, str]
) -> EvalResult:
    by_lang: dict[str, Scores] = {}
    overall = Scores()
    errors: list[dict[str, Any]] = []
    preds_by_doc: dict[str, list[Claim]] = {}
    for p in predictions:
        preds_by_doc.setdefault(p.doc, []).append(p)
    gold_by_doc: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        gold_by_doc.setdefault(g["doc"], []).append(g)
    for doc in sorted(set(gold_by_doc) | set(preds_by_doc)):
        if doc not in texts:
            continue
        lang = languages.get(doc, "other")
        sc = by_lang.setdefault(lang, Scores())
        preds = preds_by_doc.get(doc, [])
        used: set[int] = set()
        golds = gold_by_doc.get(doc, [])
        for s in (sc, overall):
            s.gold += len(golds)
            s.predicted += len(preds)
        for g in golds:
            span = gold_span(g, texts[doc])
            best, best_ov = None, 0
            if span:
                for i, p in enumerate(preds):
                    ov = min(span[1], p.end) - max(span[0], p.start)
                    if i not in used and ov > best_ov:
                        best, best_ov = i, ov
            if best is None:
                errors.append({"kind": "miss", "doc": doc, "number_text": g["number_text"], "quote": g["quote"]})
                continue
            used.add(best)
            p = preds[best]
            for s in (sc, overall):
                s.matched += 1
            for name in FIELDS:
                if _field_ok(name, p, g):
                    for s in (sc, overall):
                        s.correct[name] += 1
                else:
                    errors.append({"kind": "wrong", "field": name, "doc": doc, "number_text": p.number_text,
                                   "predicted": getattr(p, name) if name != "value" else [p.value, p.value_high],
                                   "gold": g.get(name) if name != "value" else [g["value"], g.get("value_high")],
                                   "quote": g["quote"]})
        for i, p in enumerate(preds):
            if i not in used:
                errors.append({"kind": "false_alarm", "doc": doc, "number_text": p.number_text, "quote": p.quote})
    return EvalResult(by_lang, overall, errors)


def evaluate(gold_path: Path, docs_dir: Path) -> EvalResult:
    """Extract every gold document found as ``<doc id>.txt`` under ``docs_dir`` and score it."""
    from aigap.sources.metadata import detect_language

    from .pipeline import extract_claims

    gold = load_gold(gold_path)
    wanted = {g["doc"] for g in gold}
    if not docs_dir.is_dir():
        raise InputError(f"{docs_dir}: not a directory")
    found = {p.stem: p for p in docs_dir.rglob("*.txt") if p.stem in wanted}
    missing = sorted(wanted - set(found))
    if missing:
        raise InputError(f"{docs_dir}: no text for gold documents {', '.join(missing[:5])}")
    texts: dict[str, str] = {}
    languages: dict[str, str] = {}
    preds: list[Claim] = []
    for doc, path in sorted(found.items()):
        text = path.read_text(encoding="utf-8-sig")
        texts[doc] = text
        languages[doc] = detect_language(text)[0]
        from aigap.sources.metadata import text_metadata

        meta = text_metadata(text)
        preds.extend(extract_claims(text, doc, published=meta.published, language=languages[doc]))
    return score(preds, gold, texts, languages)
