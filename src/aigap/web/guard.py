"""What keeps the API from answering a raw 500: requests no database can take (a NUL in the path or
query) are refused up front, and any error nobody foresaw still answers the one JSON error shape
(status 500) instead of escaping to the server, which would drop the keep-alive connection."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import unquote_to_bytes

__all__ = ["MAX_INT", "RequestGuard", "clean_filename", "error_body"]

log = logging.getLogger(__name__)

# Ids, offsets and seeds are 64-bit integers in both databases: larger ones are refused as input.
MAX_INT = 2**63 - 1
MAX_FILENAME = 255


def error_body(kind: str, message: str, hint: str | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"type": kind, "message": message, "hint": hint}}


def _nul_problem(scope: Any) -> str | None:
    if "\x00" in scope.get("path", ""):
        return "the path contains a NUL character"
    for part in scope.get("query_string", b"").split(b"&"):
        name, _, value = part.partition(b"=")
        if b"\x00" in unquote_to_bytes(name.replace(b"+", b" ")) + unquote_to_bytes(value.replace(b"+", b" ")):
            shown = unquote_to_bytes(name).decode("utf-8", "replace").replace("\x00", "\\x00")[:60]
            return f"query parameter {shown!r} contains a NUL character"
    return None


async def _send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


class RequestGuard:
    """Plain ASGI (see ``SecurityHeaders``) inside the security headers, so its answers carry them."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _nul_problem(scope)
        if problem is not None:
            await _send_json(send, 400, error_body("InputError", problem))
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            if started:  # half a response is out: only the server can end it
                raise
            await _send_json(send, 500, error_body("InternalError", "the server met an unexpected error",
                                                   "it is in the server's log; please report it"))


def clean_filename(name: str | None) -> str:
    """An uploaded file's name as stored: its last path part, without control characters, at most
    255 characters (the suffix kept, as it picks the reader)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "upload.txt"
    if len(base) > MAX_FILENAME:
        stem, dot, suffix = base.rpartition(".")
        suffix = suffix[:16] if dot and stem else ""
        base = base[: MAX_FILENAME - len(suffix) - 1] + "." + suffix if suffix else base[:MAX_FILENAME]
    return base
