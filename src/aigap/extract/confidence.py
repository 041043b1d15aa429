"""Confidence per claim: the probability that a claim is real and has its subject and metric right.

A logistic model over features of the evidence the attribution used (is the subject named in the
clause, how many countries the sentence names, how strong the winning cue was and by how much it
won, the kind of number, a table or a list) and of the whole document (is the subject the country it
names most, how many of its claims share the indicator). Its weights ship as ``tables/confidence.json``, fitted
on the evaluation corpus's ``tune`` and ``calib`` splits (calib: documents no rule was written from),
and are rebuilt by

    python -m aigap.extract.train_confidence [--extra GOLD.jsonl --extra-docs DIR] [--output FILE] [--cv]

(``--extra`` adds reviewed claims, e.g. ``aigap review export``). ``aigap eval --split test`` prints
how well it is calibrated on documents it never saw.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from aigap.records import Quantity

from .attribute import Attribution
from .context import Context

__all__ = ["FEATURES", "DocEvidence", "confidence", "doc_evidence", "features"]

MODEL = Path(__file__).parent / "tables" / "confidence.json"
# Fitted on `tune` and `calib`. `calib` holds documents no rule was written from: on `tune` alone, where
# the rules were corrected until they got its sentences right, the model learns how reliable the rules
# are on text they have memorised and promises too much on new text. Leave-one-document-out fits
# (--cv) measure it on calib's documents. A document weighs at most as much as DOC_WEIGHT predictions,
# so that one long table does not set the model.
DEFAULT_SPLITS = ("tune", "calib")
DOC_WEIGHT = 30.0
# The ridge on every weight but the bias. 5 beat 1 in leave-one-document-out Brier score on both held-out
# sets measured (the 16 documents of the second round and the 19 of the third): with a few dozen
# documents, a weaker ridge lets one document's quirks set a weight.
L2 = 5.0
FEATURES = (
    "bias", "subject_in_clause", "subject_in_sentence", "subject_none", "subject_world", "countries_in_sentence",
    "entity_subject", "metric_other", "metric_score", "metric_margin", "unit_currency", "unit_percent",
    "unit_rank", "unit_other", "kind_vague", "kind_multiple", "kind_cell", "in_list", "numbers_in_sentence",
    "source_in_sentence", "zh", "subject_is_doc_top", "metric_doc_share",
)
_CURRENCIES = {"USD", "CNY", "EUR", "JPY", "GBP", "HKD"}


@dataclass(frozen=True, slots=True)
class DocEvidence:
    """What the whole document says about a claim's attribution, across its claims.

    ``top``: the country the document names most. A figure credited to it is more often right than
    one credited to a country named in passing, where a wrong clause or a source outlet's country
    more often won. ``metric_share``: per indicator, the share of the document's claims given it. An
    indicator the document keeps reporting (a leaderboard, a series of funding rounds) is more often
    right than one given to a single number by a lone cue."""

    top: str | None
    metric_share: dict[str, float]


def doc_evidence(ctx: Context, attrs: Sequence[Attribution]) -> DocEvidence:
    named = Counter(m.code for m in ctx.places if m.kind == "country" and m.code not in ("WORLD", "NONE"))
    metrics = Counter(a.metric for a in attrs)
    n = max(len(attrs), 1)
    return DocEvidence(named.most_common(1)[0][0] if named else None, {k: v / n for k, v in metrics.items()})


def features(ctx: Context, q: Quantity, a: Attribution, language: str | None,
             doc: DocEvidence | None = None) -> list[float]:
    c0, _c1 = ctx.clause(q.start)
    s0, s1 = ctx.sentence(q.start)
    sentence = ctx.places_in(s0, s1)
    clause = [m for m in ctx.places_in(c0, q.start) if m.end <= q.start]
    countries = {m.code for m in sentence if m.kind == "country" and m.code not in ("WORLD", "NONE")}
    numbers = sum(1 for d in ctx.norm[s0:s1].split() if any(map(str.isdigit, d)))  # map: no frame per character
    line_start = ctx.line_start(q.start)
    in_list = ctx.norm[line_start : line_start + 2].lstrip()[:1] in ("-", "*", "|", "•", "#")
    return [
        1.0,
        float(any(m.code == a.subject for m in clause)),
        float(any(m.code == a.subject for m in sentence)),
        float(a.subject is None),
        float(a.subject == "WORLD"),
        min(len(countries), 4) / 4.0,
        float(a.entity is not None and any(m.kind == "entity" and m.text == a.entity for m in clause)),
        float(a.metric == "other"),
        min(a.metric_score, 6.0) / 6.0,
        min(a.metric_score - a.metric_runner_up, 6.0) / 6.0,
        float(q.unit in _CURRENCIES),
        float(q.unit == "percent"),
        float(q.unit == "rank"),
        float(q.unit.startswith("other:")),
        float(q.qualifier == "vague"),
        float(q.kind == "multiple"),
        float(q.kind == "cell"),
        float(in_list),
        min(numbers, 10) / 10.0,
        float(any(m.source for m in sentence)),
        float(language == "zh"),
        float(doc is not None and a.subject is not None and a.subject == doc.top),
        doc.metric_share.get(a.metric, 0.0) if doc is not None else 0.0,
    ]


@cache
def _weights() -> np.ndarray | None:
    if not MODEL.is_file():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None  # a model for other features: no confidence rather than a wrong one
    return np.asarray(data["weights"], dtype=np.float64)


def confidence(x: list[float]) -> float | None:
    w = _weights()
    if w is None:
        return None
    z = float(np.dot(w, np.asarray(x, dtype=np.float64)))
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 4)


def _doc_weights(groups: list[str]) -> np.ndarray:
    counts: dict[str, int] = {}
    for g in groups:
        counts[g] = counts.get(g, 0) + 1
    return np.asarray([min(1.0, DOC_WEIGHT / counts[g]) for g in groups])


def _fit(x: np.ndarray, y: np.ndarray, sw: np.ndarray | None = None, l2: float = L2, steps: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (a few dozen features); ``sw`` weighs rows."""
    sw = np.ones(len(y)) if sw is None else sw
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sw * (p - y)) + reg * w
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def _training_rows(gold_path: Path, docs: Path, split: str | None, reviewed: bool = False,
                   groups: list[str] | None = None) -> tuple[list[list[float]], list[float]]:
    """Features and labels of every prediction on the gold documents: 1 when it matches a gold claim
    with subject and metric right, 0 otherwise (false alarms included).

    ``reviewed``: the gold is an analyst's review (``aigap review export``), which covers only the
    claims someone looked at: a prediction no gold claim overlaps is a label only when its characters
    were rejected (the ``rejected`` spans of the export's ``index.jsonl``), never a false alarm by default.
    ``groups``, when given, receives the document id of each row (for cross-validation by document)."""
    from aigap.sources.metadata import detect_language, text_metadata

    from . import pipeline
    from .evaluate import _field_ok, _find_index, gold_span, load_gold

    gold = load_gold(gold_path)
    index = _find_index(gold_path, docs)
    if split is not None:
        gold = [g for g in gold if index.get(str(g["doc"]), {}).get("split") == split]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(str(g["doc"]), []).append(g)
    if reviewed:  # a document whose only review is a rejection still teaches
        for doc, r in index.items():
            if r.get("rejected"):
                by_doc.setdefault(doc, [])
    xs: list[list[float]] = []
    ys: list[float] = []
    paths = {p.stem: p for p in docs.rglob("*.txt") if p.stem in by_doc}
    for doc, path in sorted(paths.items()):
        text = path.read_text(encoding="utf-8-sig")
        row = index.get(doc, {})
        lang = detect_language(text)[0]
        published = row.get("published") or text_metadata(text).published
        claims, feats = pipeline.extract_with_features(text, doc, published=published, language=lang)
        spans = [(g, gold_span(g, text)) for g in by_doc[doc]]
        used: set[int] = set()
        label = [0.0] * len(claims)
        for g, span in spans:
            if span is None:
                continue
            best, best_ov = None, 0
            for i, c in enumerate(claims):
                ov = min(span[1], c.end) - max(span[0], c.start)
                if i not in used and ov > best_ov:
                    best, best_ov = i, ov
            if best is not None:
                used.add(best)
                c = claims[best]
                label[best] = float(_field_ok("subject", c, g) and _field_ok("metric", c, g))
        if reviewed:
            rejected = [tuple(r) for r in row.get("rejected") or []]
            keep = [i in used or any(min(b, c.end) - max(a, c.start) > 0 for a, b in rejected)
                    for i, c in enumerate(claims)]
            feats = [f for f, k in zip(feats, keep, strict=True) if k]
            label = [v for v, k in zip(label, keep, strict=True) if k]
        xs.extend(feats)
        ys.extend(label)
        if groups is not None:
            groups.extend([doc] * len(label))
    return xs, ys


def _arguments(argv: list[str]) -> Any:
    import argparse

    p = argparse.ArgumentParser(prog="python -m aigap.extract.train_confidence",
                                description="Rebuild the confidence model (tables/confidence.json).")
    p.add_argument("--split", action="append", default=[], metavar="NAME",
                   help=f"Fit on this split of tests/data/eval; repeatable (default: {' and '.join(DEFAULT_SPLITS)}).")
    p.add_argument("--extra", type=Path, action="append", default=[], metavar="GOLD",
                   help="Reviewed claims as gold JSON Lines (aigap review export -o GOLD --docs DIR); repeatable.")
    p.add_argument("--extra-docs", type=Path, action="append", default=[], metavar="DIR",
                   help="The documents of each --extra (default: the gold file's folder).")
    p.add_argument("--output", "-o", type=Path, default=MODEL, help="Where to write the model (default: the shipped one).")
    p.add_argument("--cv", action="store_true",
                   help="Also print the calibration of leave-one-document-out fits on each split's documents.")
    return p.parse_args(argv)


def _brier_of_the_mean(scored: list[tuple[float | None, bool]]) -> float:
    mean = sum(ok for _, ok in scored) / len(scored)
    return mean * (1 - mean)


def _cross_validated(x: np.ndarray, y: np.ndarray, groups: list[str],
                     only: set[str]) -> list[tuple[float | None, bool]]:
    """The rows of each document in ``only`` scored by a model fitted without that document."""
    docs, sw = np.asarray(groups), _doc_weights(groups)
    out: list[tuple[float | None, bool]] = []
    for doc in sorted(only):
        held = docs == doc
        w = _fit(x[~held], y[~held], sw[~held])
        z = np.clip(x[held] @ w, -30, 30)
        out += [(float(c), bool(v)) for c, v in zip(1.0 / (1.0 + np.exp(-z)), y[held], strict=True)]
    return out


def train(argv: list[str]) -> int:
    """The rebuild command. Bad input is one line naming it (exit 1), not a traceback."""
    from aigap.errors import AigapError, InputError

    from .calibration import calibration_table

    args = _arguments(argv)
    root = Path(__file__).resolve().parents[3]
    gold_dir, docs_dir = root / "tests" / "data" / "eval" / "gold", root / "tests" / "data" / "eval" / "docs"
    splits = args.split or list(DEFAULT_SPLITS)
    if len(args.extra_docs) > len(args.extra):
        print("error: --extra-docs without its --extra GOLD", file=sys.stderr)
        return 1
    extras = [(g, args.extra_docs[i] if i < len(args.extra_docs) else g.parent) for i, g in enumerate(args.extra)]
    xs: list[list[float]] = []
    ys: list[float] = []
    groups: list[str] = []
    split_docs: dict[str, set[str]] = {}
    n_extra = 0
    try:
        if not gold_dir.exists() or not docs_dir.is_dir():
            raise InputError(f"{gold_dir}: the training corpus is missing (rebuild from a source checkout)")
        for gold, docs in extras:
            if not gold.exists():
                raise InputError(f"--extra {gold}: no such file")
            if not docs.is_dir():
                raise InputError(f"--extra-docs {docs}: no such folder (aigap review export --docs DIR writes it)")
        for split in splits:
            before = len(groups)
            x, y = _training_rows(gold_dir, docs_dir, split, groups=groups)
            split_docs[split] = set(groups[before:])
            if not y:
                raise InputError(f"--split {split}: no documents of that split in {docs_dir.parent / 'index.jsonl'}")
            xs += x
            ys += y
        for gold, docs in extras:
            x, y = _training_rows(gold, docs, None, reviewed=True, groups=groups)
            xs += x
            ys += y
            n_extra += len(y)
        # One more column while fitting: 1 on the documents the rules were written from. It takes up
        # how much more often the rules are right there than on new text; the shipped model leaves
        # it out, so every claim it scores is treated as new text.
        tuned = split_docs.get("tune", set())
        x_arr = np.hstack([np.asarray(xs), np.asarray([[float(g in tuned)] for g in groups])])
        y_arr = np.asarray(ys)
        w_all = _fit(x_arr, y_arr, _doc_weights(groups))
        w, tuned_offset = w_all[:-1], float(w_all[-1])
        trained_on = "tests/data/eval (split " + ", ".join(splits) + ")"
        if extras:
            trained_on += " and reviewed claims (" + ", ".join(g.name for g, _ in extras) + ")"
        args.output.write_text(json.dumps({
            "about": "Logistic weights for aigap.extract.confidence; rebuild: python -m aigap.extract.train_confidence",
            "trained_on": trained_on,
            "n": len(ys), "positives": int(y_arr.sum()), "features": list(FEATURES),
            "weights": [round(float(v), 6) for v in w],
            "rules_tuned_offset": round(tuned_offset, 6)}, indent=1) + "\n", encoding="utf-8")
    except AigapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {args.output}: cannot write ({exc.strerror})", file=sys.stderr)
        return 1
    _weights.cache_clear()
    extra = f", {n_extra} of them on reviewed claims" if extras else ""
    print(f"trained on {len(ys)} predictions ({int(y_arr.sum())} right{extra}): {args.output}")
    for split, docs in split_docs.items() if args.cv else ():
        print(f"leave-one-document-out on the {len(docs)} {split} documents (bin, claims, right, accuracy):")
        scored = _cross_validated(x_arr, y_arr, groups, docs)
        for b in calibration_table(scored):
            acc = "-" if b.accuracy is None else f"{b.accuracy:.3f}"
            print(f"  {b.label:>8} {b.n:6d} {b.right:6d} {acc:>7}")
        brier = sum((float(c or 0.0) - ok) ** 2 for c, ok in scored) / len(scored)
        print(f"  Brier score {brier:.4f} (always saying the share right, {sum(ok for _, ok in scored) / len(scored):.3f}: "
              f"{_brier_of_the_mean(scored):.4f})")
    return 0
