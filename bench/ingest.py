"""Corpus-scale ingestion on Dask, measured: throughput at 1 and 2 workers, scaling efficiency,
peak RSS per worker, and the time to load 1,000,000 claims into PostgreSQL.

The corpus: >= 100,000 news-like documents (--quick: 4,000) recombined from the paragraphs of the
bundled articles (src/aigap/data/corpus), written as JSON Lines to a temporary folder. It is
ingested twice, by 1 and by 2 local Dask workers (one process, one thread each; workers warmed
up, cluster start-up not timed; story linking off, it is a separate stage), each into a fresh SQLite
database written by the main process only. Then stored documents with their claims are loaded
into a fresh PostgreSQL schema with the batched writer until 1,000,000 claims (--quick: 150,000,
the 1,000,000 figure extrapolated); the first 20,000 documents go again as new content until there
are enough, and only the time spent writing is timed. The claims explorer's queries are timed on
the result. The headline figure is printed last.

    python bench/ingest.py [--quick] [--docs N] [--postgres URL]   # default URL: AIGAP_TEST_POSTGRES_URL
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import sqlalchemy as sa  # noqa: E402

from aigap.extract import EXTRACTOR_VERSION  # noqa: E402
from aigap.records import Claim, Document  # noqa: E402
from aigap.sources import ingest_parallel  # noqa: E402
from aigap.sources.parallel import dask_client  # noqa: E402
from aigap.store import ClaimFilter, NewDocument, Store  # noqa: E402
from aigap.store import schema as t  # noqa: E402

CORPUS = ROOT / "src" / "aigap" / "data" / "corpus"
OUTLETS = {"zh": ["新华网", "澎湃新闻", "财新", "虎嗅", "中国经营报", "36氪"],
           "en": ["Reuters", "Bloomberg", "The Information", "CODE IS PLAY", "South China Morning Post"]}


def is_zh(text: str) -> bool:
    return sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) * 0.1


def paragraphs() -> dict[str, list[str]]:
    """Body paragraphs of the bundled articles by language (each article's title block left out)."""
    out: dict[str, list[str]] = {"zh": [], "en": []}
    for p in sorted(CORPUS.glob("*.txt")):
        paras = [x.strip() for x in re.split(r"\n\s*\n", p.read_text(encoding="utf-8")) if x.strip()]
        for para in paras[3:]:
            if len(para) >= 12:
                out["zh" if is_zh(para) else "en"].append(para)
    return out


def headlines(pool: dict[str, list[str]]) -> dict[str, list[str]]:
    """Short paragraphs without a final stop read like headlines."""
    return {lang: [p for p in ps if len(p) <= (40 if lang == "zh" else 110) and not p.endswith(("。", ".", ":", "："))]
            for lang, ps in pool.items()}


def make_corpus(path: Path, n: int, seed: int = 20261201) -> tuple[int, float]:
    """``n`` distinct documents as JSON Lines; returns the file's size in bytes and the mean
    characters of text per document."""
    rng = random.Random(seed)
    pool = paragraphs()
    heads = headlines(pool)
    seen: set[int] = set()
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        i = 0
        while i < n:
            lang = "zh" if rng.random() < 0.75 else "en"
            k = rng.randint(6, 12) if lang == "zh" else rng.randint(3, 6)
            body = rng.sample(pool[lang], k)
            title = rng.choice(heads[lang])
            text = title + "\n\n" + "\n\n".join(body) + "\n"
            key = hash(text)
            if key in seen:
                continue
            seen.add(key)
            chars += len(text)
            day = rng.randrange(0, 3 * 365)
            published = time.strftime("%Y-%m-%d", time.gmtime(1672531200 + day * 86400))
            rec = {"id": f"bench-{i:07d}", "url": f"https://news.example/{lang}/{i}", "title": title, "text": text,
                   "published": published, "outlet": rng.choice(OUTLETS[lang]), "lang": lang}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            i += 1
    return path.stat().st_size, chars / n


def _peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM, not ru_maxrss, which a spawned worker inherits from the
    process it was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil  # not Linux: the current RSS, sampled at the end

    return float(psutil.Process().memory_info().rss) / 2**20


def run(corpus: Path, db: Path, workers: int) -> tuple[float, int, int, list[float]]:
    """Ingest ``corpus`` with ``workers`` Dask workers; (seconds, documents, claims, peak RSS MB per worker)."""
    store = Store.open(f"sqlite:///{db}")
    with dask_client(workers) as client:  # the cluster `aigap ingest --workers N` starts
        client.wait_for_workers(workers)
        client.run(lambda: __import__("aigap.sources.work"))  # warm workers: imports are start-up, not work
        t0 = time.perf_counter()
        rep = ingest_parallel(store, [], jsonl=str(corpus), client=client, link=False)
        elapsed = time.perf_counter() - t0
        rss = sorted(client.run(_peak_rss_mb).values())
    store.close()
    if rep.rejected:
        raise SystemExit(f"bench corpus had rejected inputs: {rep.rejected[:3]}")
    return elapsed, rep.stored, rep.claims, rss


def batches(db: Path, docs_per_batch: int = 500) -> Iterator[list[NewDocument]]:
    """The stored documents with their claims, as the batched writer takes them."""
    eng = sa.create_engine(f"sqlite:///{db}")
    cols = [c for c in t.claims.c if c.name not in ("id", "document_id", "extractor_version")]
    with eng.connect() as conn:
        last = 0
        while True:
            docs = conn.execute(sa.select(t.documents).where(t.documents.c.id > last)
                                .order_by(t.documents.c.id).limit(docs_per_batch)).all()
            if not docs:
                break
            last = docs[-1].id
            claims: dict[int, list[Claim]] = {}
            q = sa.select(t.claims.c.document_id, *cols).where(t.claims.c.document_id.in_([d.id for d in docs]))
            for r in conn.execute(q.order_by(t.claims.c.id)):
                claims.setdefault(r.document_id, []).append(Claim(doc="", **{c.name: getattr(r, c.name) for c in cols}))
            yield [NewDocument(Document(doc_id=d.doc_id, text=d.text, source_uri=d.source_uri, title=d.title,
                                        outlet=d.outlet, published=d.published, language=d.language,
                                        script=d.script, content_hash=d.content_hash, raw=d.raw,
                                        media_type=d.media_type, furniture=[tuple(s) for s in d.furniture or []]),
                               claims.get(d.id, []))
                   for d in docs]
    eng.dispose()


def postgres_schema(base: str) -> tuple[str, str] | str:
    """(URL of a fresh schema, schema name), or the reason PostgreSQL cannot be used."""
    try:
        eng = sa.create_engine(base, connect_args={"connect_timeout": 3})
        schema = "bench_" + uuid.uuid4().hex[:10]
        with eng.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        eng.dispose()
    except Exception as exc:
        return str(exc).strip().splitlines()[0]
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}", schema


def load_postgres(base: str, sqlite_db: Path, target: int) -> None:
    made = postgres_schema(base)
    if isinstance(made, str):
        print(f"PostgreSQL load: skipped, no usable server at {sa.make_url(base).render_as_string()}: {made}")
        return
    url, schema = made
    store = Store.open(url)
    try:
        written = docs = 0
        spent = 0.0
        rounds = 0
        sample = list(itertools.islice(batches(sqlite_db), 40))  # 20,000 documents, read once
        while written < target:  # they go again and again, as new content each round
            for batch in sample:
                for item in batch:
                    item.doc.content_hash = f"{item.doc.content_hash[:56]}{rounds:08d}"
                t0 = time.perf_counter()
                store.add_documents(batch, EXTRACTOR_VERSION)
                spent += time.perf_counter() - t0
                written += sum(len(i.claims) for i in batch)
                docs += len(batch)
                if written >= target:
                    break
            rounds += 1
        per_million = spent * 1_000_000 / written
        label = f"{per_million:.1f} s" if written >= 1_000_000 else f"{per_million:.1f} s (extrapolated)"
        print(f"PostgreSQL load: {written:,} claims in {docs:,} documents, {spent:.1f} s writing = "
              f"{written / spent:,.0f} claims/s; 1,000,000 claims: {label} (goal < 120 s)")
        explorer_queries(store)
    finally:
        store.close()
        eng = sa.create_engine(base)
        with eng.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        eng.dispose()


def explorer_queries(store: Store) -> None:
    """First and a deep page (50 claims, keyset by id) of each explorer filter, median of 3."""
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
        top = conn.execute(sa.select(sa.func.max(t.claims.c.id))).scalar_one()
        doc = conn.execute(sa.select(t.documents.c.id).order_by(t.documents.c.id.desc()).limit(1)).scalar_one()
    filters = {"indicator": ClaimFilter(indicator="ai_investment"), "country": ClaimFilter(country="CN"),
               "period": ClaimFilter(period="2024"), "language": ClaimFilter(language="en"),
               "document": ClaimFilter(document_id=doc), "indicator+country": ClaimFilter(indicator="ai_investment", country="US")}
    parts = []
    for name, f in filters.items():
        times = []
        for after in (0, top * 9 // 10):
            f.after_id, f.limit = after, 50
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                store.claims(f)
                runs.append(time.perf_counter() - t0)
            times.append(sorted(runs)[1] * 1000)
        parts.append(f"{name} {times[0]:.1f}/{times[1]:.1f}")
    print("claims explorer, ms for the first/a deep page of 50: " + ", ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="4,000 documents and 150,000 claims (under a minute)")
    ap.add_argument("--docs", type=int, help="corpus size (default 100,000; --quick 4,000)")
    ap.add_argument("--postgres", default=os.environ.get("AIGAP_TEST_POSTGRES_URL", ""),
                    help="PostgreSQL URL for the load figure (default AIGAP_TEST_POSTGRES_URL)")
    args = ap.parse_args()
    n = args.docs or (4_000 if args.quick else 100_000)
    target = 150_000 if args.quick else 1_000_000
    tmp = Path(tempfile.mkdtemp(prefix="aigap-bench-"))
    try:
        corpus = tmp / "corpus.jsonl"
        t0 = time.perf_counter()
        size, mean_chars = make_corpus(corpus, n)
        print(f"corpus: {n:,} documents ({mean_chars:,.0f} characters each on average), {size / 1e6:.1f} MB of "
              f"JSON Lines, recombined from {sum(map(len, paragraphs().values()))} paragraphs of the bundled "
              f"articles ({time.perf_counter() - t0:.1f} s)")
        rates = {}
        for workers in (1, 2):
            elapsed, stored, claims, rss = run(corpus, tmp / f"w{workers}.db", workers)
            rates[workers] = stored / elapsed
            print(f"{workers} worker{'s' if workers > 1 else ' '}: {stored:,} documents ({claims:,} claims) in {elapsed:.1f} s "
                  f"= {rates[workers]:,.0f} docs/s; peak RSS per worker {', '.join(f'{r:.0f}' for r in rss)} MB "
                  f"(goal <= 500); main process {_peak_rss_mb():.0f} MB")
        if args.postgres:
            load_postgres(args.postgres, tmp / "w2.db", target)
        else:
            print("PostgreSQL load: skipped, no server named (--postgres URL or AIGAP_TEST_POSTGRES_URL)")
        efficiency = rates[2] / (2 * rates[1])
        print(f"scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x, efficiency {efficiency:.2f} (goal >= 0.8; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
        print(f"headline: {rates[2]:,.0f} documents/s with 2 workers = {rates[2] * 86400 / 1e6:.1f} million documents/day "
              f"on this machine")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
