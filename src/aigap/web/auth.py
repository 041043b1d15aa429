"""Writes need ``Authorization: Bearer <token>``; the token is compared in constant time."""

from __future__ import annotations

import secrets

from fastapi import Request

from aigap.errors import AigapError

__all__ = ["Unauthorized", "require_token"]


class Unauthorized(AigapError):
    status_code = 401


def require_token(request: Request) -> None:
    expected: str | None = request.app.state.settings.token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if not expected:
        raise Unauthorized("writes are disabled: the server has no token", hint="start it with AIGAP_TOKEN set")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), expected.encode()):
        raise Unauthorized("a valid 'Authorization: Bearer <token>' header is required for writes",
                           hint="the token is printed by `aigap serve` or set with AIGAP_TOKEN")
