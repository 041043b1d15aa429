"""The migrations build exactly the schema in store/schema.py, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from aigap.store import Store, current_revision, head_revision
from aigap.store.schema import metadata


def test_schema_matches_migrations(db_url: str) -> None:
    store = Store.open(db_url)
    assert store.migrated
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_upgrade_is_idempotent(db_url: str) -> None:
    Store.open(db_url).close()
    again = Store.open(db_url)
    assert not again.migrated
    again.close()


def test_sqlite_uses_wal_and_busy_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    store.close()
