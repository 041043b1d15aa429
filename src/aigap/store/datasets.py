"""The store's reference datasets and observations (a part of ``Store``): a dataset is replaced
with its observations in one transaction, and only when its content hash changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema as t

__all__ = ["DatasetsMixin"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DatasetsMixin:
    engine: Engine

    def dataset_hash(self, dataset_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(t.datasets.c.content_hash).where(t.datasets.c.id == dataset_id)
            ).scalar_one_or_none()

    def put_dataset(self, meta: dict[str, Any], rows: Iterable[dict[str, Any]]) -> tuple[bool, int]:
        """Replace a dataset and its observations in one transaction when its content hash changed.

        ``meta`` has the ``datasets`` columns (``id``, ``title``, ``content_hash`` ...); ``rows`` the
        ``observations`` columns. Returns (changed, number of observations written).
        """
        if self.dataset_hash(meta["id"]) == meta["content_hash"]:
            return False, 0
        batch: list[dict[str, Any]] = []
        n = 0
        with self.engine.begin() as conn:
            conn.execute(t.observations.delete().where(t.observations.c.dataset_id == meta["id"]))
            conn.execute(t.datasets.delete().where(t.datasets.c.id == meta["id"]))
            conn.execute(t.datasets.insert().values(**meta, loaded_at=_now()))
            for row in rows:
                batch.append({**row, "dataset_id": meta["id"]})
                if len(batch) >= 5000:
                    conn.execute(t.observations.insert(), batch)
                    n += len(batch)
                    batch = []
            if batch:
                conn.execute(t.observations.insert(), batch)
                n += len(batch)
        return True, n

    def datasets(self) -> list[dict[str, Any]]:
        counts = (
            sa.select(t.observations.c.dataset_id, sa.func.count().label("n"))
            .group_by(t.observations.c.dataset_id)
            .subquery()
        )
        q = (
            sa.select(t.datasets, sa.func.coalesce(counts.c.n, 0).label("observations"))
            .select_from(t.datasets.outerjoin(counts, counts.c.dataset_id == t.datasets.c.id))
            .order_by(t.datasets.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def row_sources(self, dataset_id: str, locators: list[str]) -> dict[str, str | None]:
        """The publisher (``source``) of each of a dataset's rows named by its locator."""
        out: dict[str, str | None] = {}
        o = t.observations.c
        with self.engine.connect() as conn:
            for k in range(0, len(locators), 500):  # bounded IN lists
                q = sa.select(o.row_locator, o.source).where(o.dataset_id == dataset_id,
                                                              o.row_locator.in_(locators[k : k + 500]))
                out.update({str(loc): src for loc, src in conn.execute(q)})
        return out

    def observations(
        self,
        *,
        indicator: str | None = None,
        country: str | None = None,
        dataset_id: str | None = None,
        measured: bool | None = None,
        not_indicators: Collection[str] = (),
    ) -> list[dict[str, Any]]:
        """Rows in id order. ``measured``: only the rows with (True) or without (False) a measure;
        ``not_indicators``: leave these out. Filtered in SQL: the model-level scores are most rows of
        the reference data, and the analyses that do not use them should not read them."""
        o = t.observations.c
        q = sa.select(t.observations).order_by(o.id)
        if indicator:
            q = q.where(o.indicator == indicator)
        if country:
            q = q.where(o.country == country)
        if dataset_id:
            q = q.where(o.dataset_id == dataset_id)
        if measured is not None:
            q = q.where(o.measure.is_not(None) if measured else o.measure.is_(None))
        if not_indicators:
            q = q.where(o.indicator.not_in(list(not_indicators)))
        with self.engine.connect() as conn:
            res = conn.execute(q)
            keys = list(res.keys())  # tuples zipped with the names: a third cheaper than dict(row._mapping)
            return [dict(zip(keys, row, strict=True)) for row in res]
