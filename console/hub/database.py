"""Engines for the hub's store: PostgreSQL in production, SQLite when embedded."""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

READ_ONLY = "horseshoe_read_only"


def reader(engine: Engine) -> Engine:
    """The engine for read-only work: on SQLite it begins deferred, so reads never wait for writes."""
    return engine.execution_options(**{READ_ONLY: True})


class HubDatabaseError(RuntimeError):
    """The hub's database cannot be opened or is not at the expected schema."""


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and bare file paths as well as full SQLAlchemy URLs."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def create_hub_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_immediate_transactions(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_immediate_transactions(engine: Engine) -> None:
    """Take SQLite's write lock at BEGIN, so a transaction that reads and then writes never fails to
    upgrade its lock (WAL answers SQLITE_BUSY_SNAPSHOT, with no retry); reads via :func:`reader` don't.

    pysqlite's own transaction handling is switched off and replaced, as SQLAlchemy's SQLite
    dialect documentation recommends for controlling BEGIN.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        deferred = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
