"""A process killed in the middle of the first migration leaves a database the next command opens
(and migrates): the migration is one transaction on SQLite too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from aigap.store import Store, current_revision, head_revision

# Kills its own process (SIGKILL: no cleanup, like a power cut) right after the migration's third
# CREATE TABLE, then tries to open the database.
_KILL_MID_MIGRATION = """
import os, signal, sys
from alembic.operations import Operations
made = []
real = Operations.create_table
def create_table(self, *args, **kwargs):
    out = real(self, *args, **kwargs)
    made.append(args[0])
    if len(made) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return out
Operations.create_table = create_table
from aigap.store import Store
Store.open(sys.argv[1])
"""


def _aigap(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env, timeout=120)


def _crash_first_migration(tmp_path: Path, script: str) -> tuple[str, list[str]]:
    """Run ``script`` on a new database under tmp_path/home until it SIGKILLs itself mid-migration:
    the database's URL and the tables the crash left."""
    db = tmp_path / "home" / "aigap.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    crashed = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, timeout=120)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        tables = conn.execute(sa.text("select name from sqlite_master where type = 'table'")).scalars().all()
    eng.dispose()
    return url, list(tables)


def test_sigkill_during_the_first_sqlite_migration_leaves_an_openable_database(tmp_path: Path) -> None:
    url, tables = _crash_first_migration(tmp_path, _KILL_MID_MIGRATION)
    assert tables == []  # nothing half-made survives the crash: no table, no version
    status = _aigap(tmp_path / "home", "db", "status")
    assert status.returncode == 0, status.stderr
    assert "already exists" not in status.stderr
    with Store.open(url) as store:
        assert current_revision(store.engine) == head_revision()
        assert store.counts().documents == 0


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    code = "import sys; from aigap.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with Store.open(url) as store:
        assert current_revision(store.engine) == head_revision()


# As aigap did before the migration was one transaction: the sqlite3 driver commits each CREATE TABLE
# on its own, so the SIGKILL leaves three tables and an empty schema-version table.
_KILL_MID_OLD_MIGRATION = _KILL_MID_MIGRATION.replace("""from aigap.store import Store
Store.open(sys.argv[1])
""", """from alembic import command
from aigap.store.engine import _alembic_config, create_engine
with create_engine(sys.argv[1]).connect() as conn:
    command.upgrade(_alembic_config(conn), "head")
""")


def test_a_database_half_made_by_an_older_aigap_is_repaired(tmp_path: Path) -> None:
    """Tables of aigap's own, all empty, and no schema version: what a crash of the first migration
    left before it was atomic. The next command migrates it (nothing is lost: the tables are empty)."""
    url, tables = _crash_first_migration(tmp_path, _KILL_MID_OLD_MIGRATION)
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        assert conn.execute(sa.text("select count(*) from alembic_version")).scalar_one() == 0
    eng.dispose()
    assert sorted(tables) == ["alembic_version", "datasets", "documents", "runs"]
    docs = _aigap(tmp_path / "home", "docs")
    assert docs.returncode == 0, docs.stderr
    assert docs.stderr == ""
    with Store.open(url) as store:
        assert current_revision(store.engine) == head_revision()


def test_a_database_with_data_but_no_version_is_left_alone(tmp_path: Path) -> None:
    """aigap's table names holding rows (someone else's, or a damaged copy): never dropped."""
    db = tmp_path / "home" / "aigap.db"
    db.parent.mkdir()
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.begin() as conn:
        conn.execute(sa.text("create table documents (id integer primary key, text varchar)"))
        conn.execute(sa.text("insert into documents (text) values ('kept')"))
    eng.dispose()
    up = _aigap(tmp_path / "home", "db", "upgrade")
    assert up.returncode == 1 and "not an aigap database" in up.stderr, up.stderr
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.connect() as conn:
        assert conn.execute(sa.text("select text from documents")).scalars().all() == ["kept"]
    eng.dispose()
