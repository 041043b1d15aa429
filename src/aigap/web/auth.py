"""Who is asking: ``Authorization: Bearer <token>`` names a user with a role.

Tokens resolve, in order, to: the server's single token (``AIGAP_TOKEN``, compared in constant time),
which is the admin; a user of the users file (``AIGAP_USERS_FILE``, YAML: a list of ``name``, ``role``,
``token_sha256``); a user of the database (``aigap users add``, tokens kept hashed). Roles rank
reader < reviewer < admin; every write needs at least reviewer and lands in the audit log.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fastapi import Request

from aigap.errors import AigapError, ConfigError
from aigap.store.review import ROLES, hash_token

__all__ = ["Forbidden", "Unauthorized", "User", "audit_write", "authenticate", "require_role", "require_token"]

RANK = {r: i for i, r in enumerate(ROLES)}


class Unauthorized(AigapError):
    status_code = 401


class Forbidden(AigapError):
    status_code = 403


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str


def _users_file() -> dict[str, User]:
    """token digest -> user, from AIGAP_USERS_FILE (read on each use: edits apply at once)."""
    path = os.environ.get("AIGAP_USERS_FILE")
    if not path:
        return {}
    try:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"AIGAP_USERS_FILE {path!r}: cannot read ({exc})") from None
    out = {}
    for i, u in enumerate(data if isinstance(data, list) else []):
        if not isinstance(u, dict) or u.get("role") not in ROLES or not u.get("name") or not u.get("token_sha256"):
            raise ConfigError(f"AIGAP_USERS_FILE {path!r}: entry {i + 1} needs name, role ({', '.join(ROLES)}) "
                              "and token_sha256")
        out[str(u["token_sha256"]).lower()] = User(str(u["name"]), str(u["role"]))
    return out


def authenticate(request: Request) -> User:
    """The user the bearer token names, or 401."""
    expected: str | None = request.app.state.settings.token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    given = given.strip()
    if scheme.lower() == "bearer" and given:
        if expected and secrets.compare_digest(given.encode(), expected.encode()):
            return User("admin", "admin")
        digest = hash_token(given)
        found = _users_file().get(digest)
        if found is None:
            hit = request.app.state.open_store().review.user_for_token(given)
            found = User(*hit) if hit else None
        if found is not None:
            return found
    if not expected and not scheme:
        raise Unauthorized("writes are disabled: the server has no token", hint="start it with AIGAP_TOKEN set")
    raise Unauthorized("a valid 'Authorization: Bearer <token>' header is required for writes",
                       hint="the token is printed by `aigap serve` or set with AIGAP_TOKEN; users get theirs from "
                            "`aigap users add`")


def require_role(role: str) -> Any:
    """A dependency: the authenticated user, who must hold ``role`` or a higher one (else 403)."""

    def dependency(request: Request) -> User:
        user = authenticate(request)
        if RANK[user.role] < RANK[role]:
            raise Forbidden(f"user {user.name!r} is a {user.role}: this needs the {role} role")
        request.state.user = user
        return user

    return dependency


_writer = require_role("reviewer")


def require_token(request: Request) -> None:
    """Writes: a reviewer or an admin."""
    _writer(request)


def audit_write(request: Request, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    """Record an API write under the user who made it."""
    user: User = request.state.user
    request.app.state.open_store().review.log(user.name, action, target, detail, via="api")
