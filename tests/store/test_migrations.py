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


def test_upgrade_from_0001_keeps_documents_and_claims(db_url: str) -> None:
    """0002 (input hash, explorer indexes) on a database that already holds data."""
    import datetime as dt

    import sqlalchemy as sa
    from alembic import command

    from aigap.store import create_engine
    from aigap.store.engine import _alembic_config

    engine = create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(sa.text(
            "insert into documents (doc_id, source_uri, content_hash, text, status, created_at) "
            "values ('a', 'file:///a.txt', 'h', '美国投资31亿美元。', 'stored', :now)"), {"now": dt.datetime.now(dt.UTC)})
        conn.execute(sa.text(
            "insert into claims (document_id, start, \"end\", number_text, quote, value, qualifier, unit, metric, "
            "aspect, extractor_version) values (1, 4, 10, '31亿美元', '美国投资31亿美元', 3.1e9, 'exact', 'USD', "
            "'gov_ai_rd_funding', 'level', '1')"))
    engine.dispose()
    store = Store.open(db_url)
    assert store.migrated and current_revision(store.engine) == head_revision()
    assert [c.claim.number_text for c in store.claims(indicator="gov_ai_rd_funding")] == ["31亿美元"]
    assert store.known_content(["h"]) == {"h": 1} and store.known_inputs(["h"]) == {}
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    store.close()
