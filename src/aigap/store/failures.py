"""Database failures as the rest of aigap sees them, so that no stage imports SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import exc as _exc

__all__ = ["DatabaseFailure", "connection_lost"]

DatabaseFailure = _exc.SQLAlchemyError


def connection_lost(exc: BaseException) -> bool:
    """Did the connection to the server go away (rather than a statement fail)?"""
    return isinstance(exc, _exc.OperationalError | _exc.InterfaceError) or bool(
        getattr(exc, "connection_invalidated", False))
