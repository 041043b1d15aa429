"""web: the dashboard and REST API (FastAPI)."""

from __future__ import annotations

from .app import create_app, error_body, serve

__all__ = ["create_app", "error_body", "serve"]
