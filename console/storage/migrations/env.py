"""Alembic environment for the local cache; console.schema_migrations passes the connection."""

from alembic import context

from console.storage.schema import metadata
from console.storage.search import is_modelled

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=is_modelled,  # the FTS5 search tables live outside the models
)
with context.begin_transaction():
    context.run_migrations()
