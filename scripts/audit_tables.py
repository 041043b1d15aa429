#!/usr/bin/env python3
"""Which entries of the extractor's rule tables earn their place?

usage: scripts/audit_tables.py [--all] [--check] [--tables DIR]

Counts, for every cue word, country word and gazetteer name in aigap/extract/tables, how often it
occurs in the evaluation corpus's `tune` documents (tests/data/eval) and in the seed articles. An
entry that occurs only in the seeds ("seed-only") or nowhere ("unused") is listed: it goes unless a
general reason is written beside it in its table (a `# reason` comment on its line keeps it, and the
report shows it as "kept: reason"). `test` documents are never read. Matching is on the extractor's
normalised text (simplified, lower-cased), on word boundaries for entries written in letters.
`--check` exits 1 when an entry is flagged (tests/extract/test_tables.py runs it); `--tables DIR`
audits the tables in DIR instead of the shipped ones.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "src" / "aigap" / "extract" / "tables"
EVAL = ROOT / "tests" / "data" / "eval"
SEEDS = ROOT / "src" / "aigap" / "data" / "corpus"


def _texts(folder: Path, ids: set[str] | None) -> str:
    from aigap.extract.normalize import normalize

    out = []
    for p in sorted(folder.rglob("*.txt")):
        if ids is None or p.stem in ids:
            out.append(normalize(p.read_text(encoding="utf-8-sig")).lower())
    return "\n".join(out)


def _count(entry: str, text: str) -> int:
    e = entry.lower()
    if re.match(r"[a-z0-9]", e) or re.search(r"[a-z0-9]$", e):
        return len(re.findall(rf"(?<![a-z0-9]){re.escape(e)}(?![a-z0-9])", text))
    return text.count(e)


def _entries() -> list[tuple[str, str, str]]:
    """(table, group, entry) for every cue, country word and gazetteer name."""
    out: list[tuple[str, str, str]] = []
    for ind, spec in yaml.safe_load((TABLES / "cues.yaml").read_text(encoding="utf-8")).items():
        for kind in ("cues", "strong"):
            out += [("cues.yaml", f"{ind}.{kind}", str(c)) for c in spec.get(kind, [])]
    for table in ("countries.yaml", "entities.yaml"):
        for code, words in yaml.safe_load((TABLES / table).read_text(encoding="utf-8")).items():
            out += [(table, str(code), str(w)) for w in words]
    return out


def _reasons(table: str) -> dict[str, str]:
    """entry -> the reason written in a comment on the line that holds it."""
    reasons: dict[str, str] = {}
    for line in (TABLES / table).read_text(encoding="utf-8").splitlines():
        if "#" in line and not line.lstrip().startswith("#"):
            body, _, why = line.partition("#")
            for word in re.findall(r"[^\s\[\],:{}]+(?: [^\s\[\],:{}]+)*", body):
                reasons[word.strip()] = why.strip()
    return reasons


def main(argv: list[str]) -> int:
    global TABLES
    if "--tables" in argv:
        TABLES = Path(argv[argv.index("--tables") + 1])
    index = [json.loads(x) for x in (EVAL / "index.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    tune_ids = {r["doc_id"] for r in index if r["split"] == "tune"}
    tune = _texts(EVAL / "docs", tune_ids)
    seeds = _texts(SEEDS, None)
    rows = []
    reasons = {t: _reasons(t) for t in ("cues.yaml", "countries.yaml", "entities.yaml")}
    for table, group, entry in _entries():
        n_tune, n_seed = _count(entry, tune), _count(entry, seeds)
        if n_tune == 0 or "--all" in argv:
            status = "used" if n_tune else ("seed-only" if n_seed else "unused")
            why = reasons[table].get(entry)
            rows.append((table, group, entry, n_tune, n_seed, status if not why or n_tune else f"kept: {why}"))
    for r in rows:
        print(f"{r[0]:15} {r[1]:38} {r[2]!r:32} tune={r[3]:<4} seeds={r[4]:<4} {r[5]}")
    flagged = [r for r in rows if r[5] in ("seed-only", "unused")]
    print(f"{len(_entries())} entries, {len(tune_ids)} tune documents: {len(flagged)} with no reason to stay "
          f"({sum(r[5] == 'seed-only' for r in flagged)} seed-only, {sum(r[5] == 'unused' for r in flagged)} unused)")
    return 1 if flagged and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
