"""Alembic environment: always given a live connection by ``safetywatch.db.migrate``; batch mode for SQLite only."""

from alembic import context

from safetywatch.db.models import metadata

config = context.config
target_metadata = metadata

connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through safetywatch.db.migrate, which passes a connection.")

# batch mode (copy-and-move) only where SQLite's limited ALTER TABLE needs it; PostgreSQL alters in place
context.configure(
    connection=connection, target_metadata=target_metadata, render_as_batch=connection.dialect.name == "sqlite"
)
with context.begin_transaction():
    context.run_migrations()
