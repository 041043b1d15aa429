"""Settings: where aigap keeps its data and which database it uses.

Environment:
    AIGAP_HOME          data folder (default ``~/.local/share/aigap``): the default SQLite database
                        ``aigap.db`` and generated reports under ``reports/``.
    AIGAP_DATABASE_URL  another database, ``sqlite:///path.db`` or
                        ``postgresql+psycopg://user:pw@host/db``; ``--db URL`` overrides it.
    AIGAP_TOKEN         bearer token for writes through the web API (the admin).
    AIGAP_USERS_FILE    YAML list of API users: name, role (reader|reviewer|admin), token_sha256.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

__all__ = ["SETTINGS_DOC", "Settings", "load_settings", "normalise_database_url"]

SETTINGS_DOC: dict[str, str] = {
    "AIGAP_HOME": "data folder: default SQLite database and reports (default ~/.local/share/aigap)",
    "AIGAP_DATABASE_URL": "database URL: sqlite:///path.db or postgresql+psycopg://user:pw@host/db",
    "AIGAP_TOKEN": "bearer token required for writes through the web API",
    "AIGAP_USERS_FILE": "YAML list of API users (name, role, token_sha256) besides those of aigap users add",
}

_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg", "postgres")


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str
    token: str | None = None

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def normalise_database_url(url: str) -> str:
    """Check the scheme and pick the psycopg 3 driver for PostgreSQL URLs."""
    scheme = url.split(":", 1)[0] if ":" in url else ""
    if scheme not in _SCHEMES:
        raise ConfigError(
            f"unknown database URL scheme {scheme or url!r}",
            hint="use sqlite:///path.db or postgresql+psycopg://user:pw@host/db",
        )
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg:" + url.split(":", 1)[1]
    return url


def _ensure_home(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
        # a probe of its own: processes starting at once (a server's readers, parallel commands) must
        # not delete each other's probe and read that as "not writable"
        with tempfile.NamedTemporaryFile(dir=home, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ConfigError(
            f"AIGAP_HOME {str(home)!r} is not writable ({exc.strerror or exc})",
            hint="set AIGAP_HOME to a folder you can write, or pass --db URL",
        ) from None


def load_settings(db: str | None = None, *, need_home: bool = True) -> Settings:
    """Read settings from the environment; ``db`` (the ``--db`` option) wins over it."""
    home = Path(os.environ.get("AIGAP_HOME") or Path.home() / ".local" / "share" / "aigap")
    home = home.expanduser()
    url = db or os.environ.get("AIGAP_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        if need_home and url.startswith("sqlite"):
            _ensure_home(home)
    else:
        if need_home:
            _ensure_home(home)
        url = f"sqlite:///{home / 'aigap.db'}"
    return Settings(home=home, database_url=url, token=os.environ.get("AIGAP_TOKEN") or None)
