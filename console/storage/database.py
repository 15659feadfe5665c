"""Opening the local cache: SQLite in WAL mode, checked, migrated, and served by its own threads.

Writes go through one writer thread (SQLite has one writer anyway, and this keeps every write
serialised without lock errors); reads use a second thread, which WAL lets run beside a write,
so a long sync batch never stalls the queue's next page.
"""

import asyncio
import logging
import math
import os
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError

from console import schema_migrations

log = logging.getLogger(__name__)

SCRIPTS = "console.storage:migrations"
T = TypeVar("T")


class CacheError(RuntimeError):
    """The local cache cannot be used; the message says why and what to do."""


class CacheDatabase:
    def __init__(self, engine: Engine, path: Path, set_aside: Path | None = None):
        self.engine = engine
        self.path = path
        self.set_aside = set_aside  # where a damaged cache was moved, to tell the user
        self.closed = False
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="cache-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="cache-reader")

    async def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction on the writer thread."""
        return await self._submit(self._writer, partial(self.write_sync, work))

    async def read(self, work: Callable[[Connection], T]) -> T:
        return await self._submit(self._reader, partial(self.read_sync, work))

    async def _submit(self, executor: ThreadPoolExecutor, call: Callable[[], T]) -> T:
        if self.closed:
            raise CacheError(f"The local cache at {self.path} is closed")
        return await asyncio.get_running_loop().run_in_executor(executor, call)

    def write_sync(self, work: Callable[[Connection], T]) -> T:
        with self.engine.begin() as connection:
            return work(connection)

    def read_sync(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect() as connection:
            return work(connection)

    def close(self) -> None:
        self.closed = True
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)
        self.engine.dispose()


def open_cache(path: Path) -> CacheDatabase:
    """Open (creating or migrating) the cache at ``path``.

    A damaged file is moved aside, never deleted, and a fresh cache is started: everything in it
    came from the hub, which refills it. A place that cannot be written raises :class:`CacheError`.
    """
    path = Path(path)
    _check_writable(path)
    set_aside = None
    try:
        engine = _engine(path)
        _probe(engine)
    except (DatabaseError, sqlite3.DatabaseError) as error:
        if isinstance(error, OperationalError) and "locked" in str(error):
            raise CacheError(
                f"The local cache at {path} is locked by another program: {error.orig}"
            ) from error
        engine.dispose()
        set_aside = _move_aside(path)
        log.warning("local cache %s was damaged (%s); moved to %s", path, error, set_aside)
        engine = _engine(path)
    try:
        schema_migrations.upgrade(engine, SCRIPTS)
    except OperationalError as error:
        raise CacheError(f"The local cache at {path} cannot be written: {error.orig}") from error
    return CacheDatabase(engine, path, set_aside)


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 15, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: the queue's indexes stay hot
        cursor.execute("PRAGMA mmap_size=67108864")  # 64 MiB: mapped pages count in the RSS
        try:  # the analytics' time buckets (console.storage.case_facts) use ln()
            cursor.execute("SELECT ln(2)")
        except sqlite3.OperationalError:  # an SQLite built without its math functions
            dbapi_connection.create_function("ln", 1, _ln, deterministic=True)
        cursor.close()

    return engine


def _ln(value: float | None) -> float | None:
    return None if value is None or value <= 0 else math.log(value)


def _probe(engine: Engine) -> None:
    """Fail fast on a file that is not a database or whose schema cannot be read."""
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        if _small(engine):
            verdict = connection.execute(text("PRAGMA quick_check(1)")).scalar_one()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {verdict}")


def _small(engine: Engine) -> bool:
    """quick_check reads every page; on a big cache it would delay the first screen, so skip it there."""
    database = engine.url.database
    return bool(database) and os.path.exists(database) and os.path.getsize(database) < 64 * 1024 * 1024


def _check_writable(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheError(
            f"The local cache cannot be created in {parent}: {error.strerror or error}"
        ) from error
    if path.exists() and not path.is_file():
        raise CacheError(f"The local cache path {path} is not a file; move it away or choose --data-dir.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CacheError(
            f"The local cache at {path} cannot be written (permission denied). "
            "Fix its permissions or start with --data-dir pointing somewhere writable."
        )


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target
