"""Extraction speed and accuracy, aigap against its peers, in one run.

Speed: characters per second of aigap's extraction over the seed corpus repeated to >= 20 MB
(--quick: 2 MB) on one core, and of Microsoft Recognizers-Text's Python port (number-with-unit
models, both languages) and quantulum3 (English text) on a slice of the same text. Accuracy: each
tool's number detection and values scored against the dev gold. Peak RSS of the aigap run.
The speed ratio to Recognizers-Text is printed last.

Speeds are CPU time of this process (one thread: per core), so a loaded machine does not halve them;
wall time is printed beside. MB are 10^6 bytes of the text as UTF-8. Loading the tables and
compiling the patterns happens once, on a first call on one document of each language timed apart
("startup"): the stages load their tables when first reached (the metric cues only once a number is
attributed), so a short text left part of the loading to the first timed document. The corpus is
repeated, so the extractor's caches keyed by text are emptied before each document: a repetition
must not be served from the round before.

    pip install -e '.[bench]'      # quantulum3, recognizers-text-suite, emoji==1.7.0
    python bench/extract.py [--quick]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aigap.extract import extract_claims  # noqa: E402
from aigap.extract.evaluate import gold_span, load_gold  # noqa: E402

CORPUS = ROOT / "src" / "aigap" / "data" / "corpus"
GOLD = ROOT / "tests" / "data" / "gold" / "seeds.jsonl"


def docs() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def is_zh(text: str) -> bool:
    return sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) * 0.1


def rt_spans(text: str) -> list[tuple[int, int, float]]:
    from recognizers_suite import Culture, recognize_currency, recognize_number, recognize_percentage

    culture = Culture.Chinese if is_zh(text) else Culture.English
    out = []
    for fn in (recognize_currency, recognize_percentage, recognize_number):
        try:
            results = fn(text, culture)
        except Exception:  # the port gives up on whole documents (e.g. on "Yi-34B")
            results = []
        for r in results:
            v = r.resolution.get("value") if r.resolution else None
            try:
                val = float(str(v).rstrip("%").replace(",", ""))
            except (TypeError, ValueError):
                continue
            out.append((r.start, r.end + 1, val))
    return out


def q3_spans(text: str) -> list[tuple[int, int, float]]:
    import quantulum3.parser as qp

    return [(q.span[0], q.span[1], float(q.value)) for q in qp.parse(text)]


def _text_caches() -> list[Any]:
    """The extractor's caches keyed by text (bounded ``lru_cache``s: a clause's cue hits, ...), not its
    table loaders (unbounded ``cache``s)."""
    import aigap.extract as pkg

    found = []
    for name in sorted(sys.modules):
        if name.startswith(pkg.__name__ + "."):
            for obj in vars(sys.modules[name]).values():
                info = getattr(obj, "cache_info", None)
                if callable(info) and info().maxsize is not None:
                    found.append(obj)
    return found


def aigap_spans(text: str) -> list[tuple[int, int, float]]:
    return [(c.start, c.end, c.value) for c in extract_claims(text, "d")]


def score(tool: Any, texts: dict[str, str], only_en: bool = False) -> tuple[float, float]:
    """Detection F1 and value accuracy on the dev gold (span overlap, 0.5% on the value)."""
    gold = load_gold(GOLD)
    tp = fp_total = g_total = v_ok = 0
    for doc, text in texts.items():
        if only_en and is_zh(text):
            continue
        golds = [(gold_span(g, text), g["value"]) for g in gold if g["doc"] == doc]
        preds = tool(text)
        used: set[int] = set()
        g_total += len(golds)
        fp_total += len(preds)
        for span, value in golds:
            if span is None:
                continue
            best = max(((i, min(span[1], e) - max(span[0], s)) for i, (s, e, _v) in enumerate(preds) if i not in used),
                       key=lambda x: x[1], default=(None, 0))
            if best[0] is not None and best[1] > 0:
                used.add(best[0])
                tp += 1
                v_ok += abs(preds[best[0]][2] - value) <= 0.005 * abs(value)
    p = tp / fp_total if fp_total else 0.0
    r = tp / g_total if g_total else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), (v_ok / tp if tp else 0.0)


def speed(tool: Any, texts: list[str], budget_chars: int) -> float:
    """Characters per CPU second."""
    tool(texts[0][:200])  # the tool's own startup (models, tables) is not its speed
    done, t0 = 0, time.process_time()
    while done < budget_chars:
        for t in texts:
            tool(t)
            done += len(t)
    return done / (time.process_time() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2 MB instead of 20 MB (under a minute)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    texts = docs()
    corpus = list(texts.values())
    size_mb = 2 if args.quick else 20
    per_round = sum(len(t.encode("utf-8")) for t in corpus)
    rounds = max(1, size_mb * 1024 * 1024 // per_round)
    big = corpus * rounds
    c0 = time.process_time()
    for first in {is_zh(t): t for t in reversed(corpus)}.values():  # the first document of each language
        extract_claims(first, "warm-up")
    startup = time.process_time() - c0
    caches = _text_caches()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in big:
        for c in caches:
            c.cache_clear()  # the corpus repeats: a text met in an earlier round must cost what a new one does
        extract_claims(t, "d")
    elapsed, wall = time.process_time() - c0, time.perf_counter() - t0
    chars = sum(len(t) for t in big)
    mb = sum(len(t.encode("utf-8")) for t in big) / 1e6
    aigap_cps = chars / elapsed
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"aigap: {mb:.1f} MB ({chars:,} chars) in {elapsed:.1f} s CPU = {mb / elapsed:.2f} MB/s per core, "
          f"{aigap_cps:,.0f} chars/s (wall {wall:.1f} s, {mb / wall:.2f} MB/s); startup {startup:.2f} s; "
          f"peak RSS {rss_mb:.0f} MB")
    f1, val = score(aigap_spans, texts)
    print(f"aigap accuracy on the dev gold: detection F1 {f1:.3f}, value {val:.3f}")
    peer_budget = 60_000 if args.quick else 200_000
    rt_cps = speed(rt_spans, corpus, peer_budget)
    f1, val = score(rt_spans, texts)
    print(f"Recognizers-Text (python port): {rt_cps:,.0f} chars/s; dev gold detection F1 {f1:.3f}, value {val:.3f}")
    en = [t for t in corpus if not is_zh(t)]
    q3_cps = speed(q3_spans, en, peer_budget // 2)
    f1, val = score(q3_spans, texts, only_en=True)
    a_en = speed(aigap_spans, en, peer_budget // 2)
    print(f"quantulum3 (English): {q3_cps:,.0f} chars/s vs aigap {a_en:,.0f} on the same text "
          f"({a_en / q3_cps:.1f}x); dev gold (en) detection F1 {f1:.3f}, value {val:.3f}")
    print(f"speed ratio aigap / Recognizers-Text: {aigap_cps / rt_cps:.1f}x")


if __name__ == "__main__":
    main()
