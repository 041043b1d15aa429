"""The store's runs and summaries (a part of ``Store``): runs started and closed, the revision
fingerprint, counts, and the documents re-extraction reads."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import runs as _runs
from . import schema as t

__all__ = ["Counts", "ReextractItem", "RunsMixin"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    claims: int
    datasets: int
    observations: int
    indicators: int
    runs: int


@dataclass(frozen=True, slots=True)
class ReextractItem:
    """A stored document as re-extraction needs it."""

    id: int
    doc_id: str
    text: str
    published: str | None
    language: str | None
    furniture: list[tuple[int, int]]


class RunsMixin:
    engine: Engine
    _open_runs: set[int]  # started here, not finished: failed if the process errs

    def start_run(self, command: str) -> int:
        """Record a run as ``running`` with this process's pid and host, closing first the runs of
        this host whose process is gone (as ``interrupted``)."""
        run_id = _runs.start_run(self.engine, command)
        self._open_runs.add(run_id)  # failed by fail_open_runs if the database goes away
        return run_id

    def finish_run(
        self, run_id: int, counts: dict[str, Any], errors: Sequence[dict[str, Any]] = (), status: str = "done"
    ) -> None:
        """Close a run: ``done`` (its rejections in ``errors``), ``failed`` or ``interrupted``."""
        _runs.finish_run(self.engine, run_id, counts, errors, status)
        self._open_runs.discard(run_id)  # only once closed: a failed close leaves it to fail_open_runs

    def close_stale_runs(self) -> int:
        return _runs.close_stale_runs(self.engine)

    def fail_open_runs(self, reason: str, *, attempts: int = 5, wait: float = 1.0) -> list[int]:
        """Mark the runs this Store started and did not finish as failed (the process is ending on
        an error). After a lost connection the server may take a moment to come back: a few
        attempts on fresh connections. Returns the runs marked."""
        if not self._open_runs:
            return []
        for attempt in range(attempts):
            try:
                self.engine.dispose()  # drop pooled connections the server has closed
                with self.engine.begin() as conn:
                    conn.execute(t.runs.update().where(t.runs.c.id.in_(sorted(self._open_runs)))
                                 .values(finished_at=_now(), status="failed", errors=[{"reason": reason}]))
            except sa.exc.SQLAlchemyError:
                if attempt + 1 < attempts:
                    time.sleep(wait)
                continue
            done = sorted(self._open_runs)
            self._open_runs.clear()
            return done
        return []

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            q = sa.select(t.runs).order_by(t.runs.c.id.desc()).limit(limit)
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- summary ---------------------------------------------------------------------------------

    def revision(self) -> tuple[Any, ...]:
        """A fingerprint that changes with every write, read from indexes and small tables only
        (milliseconds at 10 million claims): new documents and claims raise their largest ids,
        every ingest and re-extraction run records its end (story links and claims that reuse
        freed ids included), and loading a dataset stamps it."""
        parts = [sa.select(sa.func.max(t.documents.c.id)), sa.select(sa.func.max(t.claims.c.id)),
                 sa.select(sa.func.max(t.runs.c.id)), sa.select(sa.func.max(t.runs.c.finished_at)),
                 sa.select(sa.func.count()).select_from(t.datasets), sa.select(sa.func.max(t.datasets.c.loaded_at)),
                 sa.select(sa.func.max(t.corrections.c.id))]  # every review write adds a correction
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(*(p.scalar_subquery() for p in parts))).one())

    def counts(self) -> Counts:
        with self.engine.connect() as conn:

            def n(table: sa.Table) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

            claim_ind = sa.select(t.claims.c.metric).where(t.claims.c.metric != "other")
            obs_ind = sa.select(t.observations.c.indicator).where(t.observations.c.indicator != "other")
            union = sa.union(claim_ind, obs_ind).subquery()
            indicators = int(conn.execute(sa.select(sa.func.count()).select_from(union)).scalar_one())
            return Counts(
                documents=n(t.documents),
                claims=n(t.claims),
                datasets=n(t.datasets),
                observations=n(t.observations),
                indicators=indicators,
                runs=n(t.runs),
            )

    def documents_to_reextract(self, current_version: str | None) -> list[ReextractItem]:
        """The documents whose claims another extractor than ``current_version`` wrote (every
        document when it is None), in id order, with what extraction needs."""
        d = t.documents.c
        q = sa.select(d.id, d.doc_id, d.text, d.published, d.language, d.furniture).order_by(d.id)
        if current_version is not None:
            q = q.where(sa.or_(d.extractor_version.is_(None), d.extractor_version != current_version))
        with self.engine.connect() as conn:
            return [ReextractItem(r.id, r.doc_id, r.text, r.published, r.language,
                                  [(int(a), int(b)) for a, b in (r.furniture or [])]) for r in conn.execute(q)]

    def iter_documents_text(self) -> Iterator[tuple[int, str, str]]:
        """(id, doc_id, text) of every document, for re-extraction."""
        with self.engine.connect() as conn:
            yield from conn.execute(
                sa.select(t.documents.c.id, t.documents.c.doc_id, t.documents.c.text).order_by(t.documents.c.id)
            ).tuples()
