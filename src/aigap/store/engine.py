"""Opening the database: engine options, SQLite pragmas, Alembic migrations, version checks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command as _alembic_command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from aigap.errors import DatabaseUnavailable, NotAigapDatabase, SchemaTooNew, StoreError

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


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _unwritable(path: Path) -> bool:
    """The file, or the folder its journal files (-wal, -shm) would go into, cannot be written."""
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def create_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode and a busy timeout. With ``read_only``, an
    existing SQLite file that cannot be written (a read-only folder or mount) is opened read-only
    and immutable: SQLite could not create its WAL index beside it, and nobody can write it."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            parent = Path(path).expanduser().parent
            if not parent.exists():
                raise DatabaseUnavailable(f"cannot open database {url!r}: folder {str(parent)!r} does not exist")
            file = Path(path).expanduser()
            if read_only and file.is_file() and _unwritable(file):
                ro = sa.create_engine(f"sqlite:///file:{quote(str(file))}?mode=ro&immutable=1&uri=true")
                sa.event.listen(ro, "connect", _sqlite_read_only_pragmas)
                return ro
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


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's message, first line only: no SQL, no parameters, no link to SQLAlchemy's docs."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0]


def _foreign_tables(engine: Engine) -> list[str]:
    """Tables in a database without aigap's schema version (an empty list for a new database)."""
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
    return sorted(n for n in names if not n.startswith("sqlite_"))


def _half_made(engine: Engine, names: list[str]) -> bool:
    """Only aigap's own tables, every one empty, and no schema version: what a crash in the first
    migration left before the migration was one transaction. Dropping them loses nothing."""
    from .schema import metadata

    if not names or not set(names) <= {*metadata.tables, "alembic_version"}:
        return False
    with engine.connect() as conn:
        return all(conn.execute(sa.select(sa.func.count()).select_from(sa.table(n))).scalar_one() == 0 for n in names)


def upgrade(engine: Engine) -> bool:
    """Bring the schema to this aigap's head. Returns True when a migration ran."""
    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        current = current_revision(engine)
        foreign = [] if current is not None else _foreign_tables(engine)
        leftovers, foreign = (foreign, []) if _half_made(engine, foreign) else ([], foreign)
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot reach database {safe_url}: {_reason(exc)}",
            hint="check the URL, that the server runs, and your credentials",
        ) from None
    except DatabaseError as exc:  # e.g. SQLite's "file is not a database"
        raise NotAigapDatabase(
            f"cannot open database {safe_url}: {_reason(exc)} (not an aigap database)",
            hint="point --db or AIGAP_DATABASE_URL at an aigap database, or move the file away",
        ) from None
    if foreign:
        # Never migrate into someone else's tables: the first CREATE would fail halfway, leaving
        # aigap tables behind in their database.
        raise NotAigapDatabase(
            f"database {safe_url} is not an aigap database (it holds other tables: {', '.join(foreign[:5])})",
            hint="point --db or AIGAP_DATABASE_URL at an empty or an aigap database",
        )
    script = ScriptDirectory(str(MIGRATIONS))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"database {safe_url} was created by a newer aigap (schema revision {current})",
            hint="upgrade aigap (pip install -U aigap) or point --db at another database",
        )
    if current == script.get_current_head():
        return False
    if engine.url.query.get("mode") == "ro":  # a read-only SQLite file (create_engine)
        raise StoreError(
            f"database {safe_url} is read-only and at schema revision {current}; this aigap needs "
            f"{script.get_current_head()}",
            hint="run aigap db upgrade once where the database can be written",
        )
    try:
        with engine.connect() as conn:
            _lock_for_migration(conn)
            # Under the lock: another process may have migrated while this one waited.
            if MigrationContext.configure(conn).get_current_revision() == script.get_current_head():
                conn.rollback()
                return False
            for name in leftovers:  # aigap's own table names (_half_made), so quoting them is safe
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
            _alembic_command.upgrade(_alembic_config(conn), "head")
            conn.commit()
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"cannot migrate database {safe_url}: {_reason(exc)}") from None
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
