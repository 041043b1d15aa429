"""Shared fixtures.

``store`` runs each test that uses it twice: on a fresh SQLite file and on a fresh PostgreSQL schema
(``AIGAP_TEST_POSTGRES_URL``). Without a server PostgreSQL cases skip, except under ``CI=true``,
where they fail: CI must exercise both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from aigap.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "aigap" / "data" / "corpus"
POSTGRES_URL = os.environ.get("AIGAP_TEST_POSTGRES_URL", "")
CHROMIUM = "/usr/bin/chromium"

if os.environ.get("PYTEST_XDIST_WORKER"):
    # xdist's workers export COLUMNS=80 and LINES=24; the commands these tests start would then wrap
    # their piped output at 80 columns, which is what the CLI tests check they do not do by default.
    for _name in ("COLUMNS", "LINES"):
        os.environ.pop(_name, None)


def _postgres_available() -> str | None:
    """None when usable, else the reason."""
    if not POSTGRES_URL:
        return "AIGAP_TEST_POSTGRES_URL is not set"
    try:
        eng = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(sa.text("select 1"))
        eng.dispose()
    except Exception as exc:
        return f"PostgreSQL at AIGAP_TEST_POSTGRES_URL unreachable: {exc}"
    return None


_PG_REASON: str | None = None
_PG_CHECKED = False


def postgres_or_skip() -> str:
    """The base PostgreSQL URL, or skip (fail under CI=true) when there is no server."""
    global _PG_REASON, _PG_CHECKED
    if not _PG_CHECKED:
        _PG_REASON = _postgres_available()
        _PG_CHECKED = True
    if _PG_REASON is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is not usable: {_PG_REASON}")
        pytest.skip(_PG_REASON)
    return POSTGRES_URL


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a fresh, empty PostgreSQL schema (dropped afterwards)."""
    base = postgres_or_skip()
    schema = "t_" + uuid.uuid4().hex[:12]
    eng = sa.create_engine(base)
    with eng.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with eng.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'aigap.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, migrated Store on each backend."""
    s = Store.open(db_url)
    yield s
    s.close()


@pytest.fixture
def aigap_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty AIGAP_HOME for CLI tests, with no database URL from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("AIGAP_HOME", str(home))
    monkeypatch.delenv("AIGAP_DATABASE_URL", raising=False)
    return home


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled demo corpus (the five seed articles)."""
    return CORPUS


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database built as ``aigap up`` builds it (corpus and reference data), shared read-only."""
    from aigap.config import load_settings
    from aigap.up import run_up

    path = tmp_path_factory.mktemp("demo") / "aigap.db"
    url = f"sqlite:///{path}"
    s = Store.open(url)
    run_up(s, load_settings(url), write_report=False)
    s.close()
    return url


@pytest.fixture
def demo_store(demo_db: str) -> Iterator[Store]:
    s = Store.open(demo_db)
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright, one for the whole run.

    One shared instance: a second ``sync_playwright()`` opened while the first is alive finds its
    event loop running and refuses. Missing chromium skips, except under ``CI=true``, where it fails.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    """Where screenshots and rendered reports go: $AIGAP_TEST_ARTIFACTS (kept by CI), else tmp."""
    base = Path(os.environ.get("AIGAP_TEST_ARTIFACTS") or tmp_path / "artifacts")
    base.mkdir(parents=True, exist_ok=True)
    return base


# -- order and distribution under pytest-xdist (--dist loadgroup) ----------------------------------

_LONG_MARKS = ("browser", "slow")  # tests of seconds to minutes, the longest kind first: started first


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with long tests run first, and each test is its own unit of work except those that share a
    module-scoped fixture (kept on one worker, so it is built once).

    xdist hands out units in this order; a long test handed out last would run alone while the other
    workers idle (``--dist loadfile`` did that: it sends the files with the fewest tests last, and the
    longest files here have two to six tests)."""
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
        if any(d.scope in ("package", "module", "class") for d in _fixture_defs(item)):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))

    def rank(group: list[pytest.Item]) -> int:
        """0: has browser tests (the longest), 1: slow tests, 2: the rest."""
        return next((i for i, m in enumerate(_LONG_MARKS) if any(it.get_closest_marker(m) for it in group)),
                    len(_LONG_MARKS))

    # a stable sort of whole files: a file's tests stay together, so its module fixtures are built once
    items[:] = [item for group in sorted(files.values(), key=rank) for item in group]


def _fixture_defs(item: pytest.Item) -> list[Any]:
    info = getattr(item, "_fixtureinfo", None)  # pytest's per-test fixture closure (not in its public API)
    return [d for defs in (info.name2fixturedefs.values() if info else ()) for d in defs]
