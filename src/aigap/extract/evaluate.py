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

__all__ = ["FIELDS", "EvalResult", "Scores", "evaluate", "gold_span", "load_gold", "load_index", "score"]

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
    by_document: dict[str, Scores] = field(default_factory=dict)
    # (confidence or None, subject and metric both right) per prediction; false alarms count as wrong.
    confidences: list[tuple[float | None, bool]] = field(default_factory=list)

    def confusions(self, name: str, top: int = 15) -> list[tuple[str, str, int]]:
        """The most frequent (predicted, gold) pairs of a wrong field, most frequent first."""
        counts: dict[tuple[str, str], int] = {}
        for e in self.errors:
            if e["kind"] == "wrong" and e["field"] == name:
                key = (str(e["predicted"]), str(e["gold"]))
                counts[key] = counts.get(key, 0) + 1
        return [(p, g, n) for (p, g), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]

    def to_json(self, with_errors: bool = False) -> dict[str, Any]:
        from .calibration import calibration_table

        out: dict[str, Any] = {lang: s.to_json() for lang, s in sorted(self.by_language.items())}
        out["overall"] = self.overall.to_json()
        out["documents"] = {doc: s.to_json() for doc, s in sorted(self.by_document.items())}
        out["confusions"] = {name: [list(x) for x in self.confusions(name)] for name in ("subject", "metric")}
        out["calibration"] = [b.to_json() for b in calibration_table(self.confidences)]
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
    by_doc: dict[str, Scores] = {}
    confidences: list[tuple[float | None, bool]] = []
    for doc in sorted(set(gold_by_doc) | set(preds_by_doc)):
        if doc not in texts:
            continue
        lang = languages.get(doc, "other")
        sc = by_lang.setdefault(lang, Scores())
        ds = by_doc.setdefault(doc, Scores())
        preds = preds_by_doc.get(doc, [])
        used: set[int] = set()
        golds = gold_by_doc.get(doc, [])
        for s in (sc, overall, ds):
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
            for s in (sc, overall, ds):
                s.matched += 1
            confidences.append((p.confidence, _field_ok("subject", p, g) and _field_ok("metric", p, g)))
            for name in FIELDS:
                if _field_ok(name, p, g):
                    for s in (sc, overall, ds):
                        s.correct[name] += 1
                else:
                    errors.append({"kind": "wrong", "field": name, "doc": doc, "number_text": p.number_text,
                                   "predicted": getattr(p, name) if name != "value" else [p.value, p.value_high],
                                   "gold": g.get(name) if name != "value" else [g["value"], g.get("value_high")],
                                   "quote": g["quote"]})
        for i, p in enumerate(preds):
            if i not in used:
                confidences.append((p.confidence, False))
                errors.append({"kind": "false_alarm", "doc": doc, "number_text": p.number_text, "quote": p.quote})
    return EvalResult(by_lang, overall, errors, by_doc, confidences)


def load_index(path: Path) -> dict[str, dict[str, Any]]:
    """doc_id -> its row of an evaluation corpus's ``index.jsonl`` (empty when there is none)."""
    if not path.is_file():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
            out[str(row["doc_id"])] = row
    return out


def _find_index(gold_path: Path, docs_dir: Path) -> dict[str, dict[str, Any]]:
    for base in (gold_path if gold_path.is_dir() else gold_path.parent, docs_dir):
        for cand in (base / "index.jsonl", base.parent / "index.jsonl"):
            index = load_index(cand)
            if index:
                return index
    return {}


def evaluate(gold_path: Path, docs_dir: Path, split: str | None = None) -> EvalResult:
    """Extract every gold document found as ``<doc id>.txt`` under ``docs_dir`` and score it.

    An ``index.jsonl`` beside the gold or the documents (an evaluation corpus) gives each document's
    publication date, language and split; ``split`` keeps only that split's documents.
    """
    from aigap.sources.metadata import detect_language, text_metadata

    from .pipeline import extract_claims

    gold = load_gold(gold_path)
    index = _find_index(gold_path, docs_dir)
    if split is not None:
        if not index:
            raise InputError(f"--split {split}: no index.jsonl beside {gold_path} or {docs_dir} gives splits")
        gold = [g for g in gold if index.get(str(g["doc"]), {}).get("split") == split]
        if not gold:
            raise InputError(f"--split {split}: no gold claims in documents of that split")
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
        row = index.get(doc, {})
        detected = detect_language(text)[0]
        languages[doc] = str(row.get("lang") or detected)
        published = row.get("published") or text_metadata(text).published
        preds.extend(extract_claims(text, doc, published=published, language=detected))
    return score(preds, gold, texts, languages)
