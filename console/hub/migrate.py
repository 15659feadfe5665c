"""The hub's schema migrations (the same scripts for PostgreSQL and SQLite)."""

from sqlalchemy import Engine

from console import schema_migrations

SCRIPTS = "console.hub:migrations"


def upgrade(engine: Engine) -> str:
    return schema_migrations.upgrade(engine, SCRIPTS)


def current_revision(engine: Engine) -> str | None:
    return schema_migrations.current_revision(engine)


def head() -> str:
    """The revision this code's schema is at."""
    return schema_migrations.head_revision(SCRIPTS)
