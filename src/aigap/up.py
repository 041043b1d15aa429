"""The main job behind ``aigap up``: build the evidence database from what ships in the package.

    load   the bundled demo corpus (package data ``data/corpus``) and reference datasets
    build  ingest + extract the corpus, load the reference observations (both idempotent)
    save   the summary and the HTML report under AIGAP_HOME/reports
"""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigap.analyze.answer import GapAnswer, PillarHeadline, plain
from aigap.config import Settings
from aigap.corpus import bundled_corpus
from aigap.errors import ConfigError
from aigap.extract import EXTRACTOR_VERSION
from aigap.store import Counts, Store

__all__ = ["UpReport", "bundled_corpus", "check_port", "run_up"]


@dataclass(slots=True)
class UpReport:
    """What one ``aigap up`` did, and the state of the database after it."""

    database: str
    new_documents: int
    new_claims: int
    duplicates: int
    rejected: list[tuple[str, str]]
    datasets_loaded: int
    new_observations: int
    counts: Counts
    headline: list[PillarHeadline] = field(default_factory=list)
    answer: GapAnswer | None = None  # the typed gap answer the summary prints
    report_path: Path | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "new_documents": self.new_documents,
            "new_claims": self.new_claims,
            "duplicates": self.duplicates,
            "rejected": [{"input": i, "reason": r} for i, r in self.rejected],
            "datasets_loaded": self.datasets_loaded,
            "new_observations": self.new_observations,
            "counts": {
                "documents": self.counts.documents,
                "claims": self.counts.claims,
                "datasets": self.counts.datasets,
                "observations": self.counts.observations,
                "indicators": self.counts.indicators,
            },
            "headline": plain(self.headline),
            "composite": _composite_json(self.answer) if self.answer is not None else {},
            "report": str(self.report_path) if self.report_path else None,
            "seconds": round(self.seconds, 2),
        }


def _composite_json(a: GapAnswer) -> dict[str, Any]:
    """The summary's composite: the answer's leader, scores, gap and robustness, as `aigap gap` gives them."""
    rob = a.robustness
    return {"leader": a.leader, "scores": plain(a.composite), "gap": plain(a.composite_gap), "as_of": a.as_of,
            "robustness": {"biggest_mover": plain(rob.biggest_mover),
                           "composite_gap_fixed_weights": plain(rob.composite_gap_fixed_weights),
                           "leave_one_source_out": plain(rob.leave_one_source_out)}}


def check_port(host: str, port: int) -> None:
    """Fail early, before any work, when the dashboard cannot listen on ``host:port``: a port out
    of range, a port another server holds, an address that is not this machine's."""
    if not 0 <= port <= 65535:
        raise ConfigError(f"invalid port {port}: a port is a number from 1 to 65535", hint="pass --port N")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # As uvicorn binds: with SO_REUSEADDR, so connections of a server just stopped (TIME_WAIT)
        # do not make the port look taken; a live listener still does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"port {port} on {host} is already in use ({reason})",
                    hint="stop the other server or pass --port N (or --no-serve)",
                ) from None
            raise ConfigError(
                f"cannot bind {host}:{port}: {reason}",
                hint="pass --host with an address of this machine (127.0.0.1, 0.0.0.0 or ::)",
            ) from None


def run_up(
    store: Store,
    settings: Settings,
    *,
    say: Callable[[str], None] = lambda _msg: None,
    write_report: bool = True,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> UpReport:
    """Build (or bring up to date) the evidence database and write the report."""
    from aigap.analyze import GapOptions, gap
    from aigap.reconcile import dataset_specs, load_reference
    from aigap.report import write_report as render_report
    from aigap.sources import ingest, reextract_stale

    t0 = time.perf_counter()
    # build: the corpus first (documents and claims), then reference datasets
    files = bundled_corpus()
    say("ingesting the demo corpus")
    ing = ingest(store, [str(p) for p in files], progress=progress("corpus", len(files)) if progress else None)
    reextracted = reextract_stale(store)  # claims of an older extractor version are replaced
    if reextracted:
        say(f"re-extracted {reextracted} documents with extractor {EXTRACTOR_VERSION}")
        stale = len(store.review.corrections(status="stale"))
        if stale:
            say(f"{stale} review corrections no longer match their characters: see aigap review list --stale")
    say("loading reference datasets")
    ref = load_reference(store, progress=progress("reference data", len(dataset_specs())) if progress else None)
    # aigap gap's own defaults (draws, seed, weights): the summary prints what `aigap gap` prints.
    res = gap(store, GapOptions(countries=("US", "CN")))
    headline = res.headline()
    ans = res.answer()
    # save: the HTML report
    report_path = None
    if write_report:
        say("writing the report")
        report_path = settings.reports_dir / "aigap-report.html"
        report_path.parent.mkdir(parents=True, exist_ok=True)
        render_report(store, lang="en", fmt="html", countries=("US", "CN"), out=report_path)
    return UpReport(
        database=store.engine.url.render_as_string(hide_password=True),
        new_documents=ing.stored,
        new_claims=ing.claims,
        duplicates=ing.duplicates,
        rejected=list(ing.rejected),
        datasets_loaded=ref.datasets_loaded,
        new_observations=ref.observations,
        counts=store.counts(),
        headline=headline,
        answer=ans,
        report_path=report_path,
        seconds=time.perf_counter() - t0,
    )
