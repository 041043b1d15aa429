"""Alembic environment: runs on the connection aigap hands it (see aigap.store.engine)."""

from __future__ import annotations

from alembic import context

from aigap.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - aigap always passes a connection
    raise RuntimeError("aigap migrations run through aigap.store.engine.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
