"""Opening the database: engine options, SQLite pragmas, Alembic migrations, version checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command as _alembic_command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from aigap.errors import DatabaseUnavailable, SchemaTooNew

__all__ = ["create_engine", "current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 0x61696761  # "aiga": PostgreSQL advisory lock key of aigap's migrations


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the dashboard read while an ingest writes; busy_timeout makes writers wait, not fail.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            parent = Path(path).expanduser().parent
            if not parent.exists():
                raise DatabaseUnavailable(f"cannot open database {url!r}: folder {str(parent)!r} does not exist")
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _alembic_config(connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the schema to this aigap's head. Returns True when a migration ran."""
    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"cannot reach database {safe_url}: {reason}",
            hint="check the URL, that the server runs, and your credentials",
        ) from None
    script = ScriptDirectory(str(MIGRATIONS))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"database {safe_url} was created by a newer aigap (schema revision {current})",
            hint="upgrade aigap (pip install -U aigap) or point --db at another database",
        )
    if current == script.get_current_head():
        return False
    try:
        with engine.connect() as conn:
            _lock_for_migration(conn)
            # Under the lock: another process may have migrated while this one waited.
            if MigrationContext.configure(conn).get_current_revision() == script.get_current_head():
                conn.rollback()
                return False
            _alembic_command.upgrade(_alembic_config(conn), "head")
            conn.commit()
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"cannot migrate database {safe_url}: {exc}") from None
    return True


def _lock_for_migration(conn: sa.Connection) -> None:
    """Begin the migration's one transaction, holding the database's migration lock.

    SQLite: the sqlite3 driver opens transactions only before INSERT/UPDATE/DELETE, so each CREATE
    TABLE committed on its own and a crash mid-migration left tables without a schema version ("table
    datasets already exists" ever after). BEGIN IMMEDIATE makes the DDL one transaction (SQLite's
    DDL is transactional) and takes the write lock, so concurrent first opens migrate once.
    PostgreSQL: DDL is transactional already; an advisory lock serialises concurrent migrators.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
