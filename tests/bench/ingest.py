"""Hub ingest and a new workstation's initial pull, against the raw drivers' bulk inserts.

* ingest: N demo mentions into a fresh hub (dedup, analysis, case grouping, events and change
  numbers included), in batches of 5,000, on SQLite and — when HORSESHOE_TEST_PG is set — PostgreSQL.
  Each batch runs as ``ingest`` does, ``prepare`` then ``store``; the figure "store phase" times only
  ``store``, the part that holds the change counter's lock and so bounds concurrent writers.
* baselines, same run, same rows: ``sqlite3.executemany`` into a table shaped like ``mentions``
  (one transaction), and psycopg's ``executemany`` (pipelined) and ``COPY`` on PostgreSQL.
* pull: a fresh cache follows the SQLite hub's whole log over real HTTP on loopback.
"""

import asyncio
import json
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import make_url

from console.channels.demo import DemoChannel
from console.domain.analysis import analyze
from console.domain.ids import uuid7
from console.hub import migrate
from console.hub.app import create_app
from console.hub.auth import issue_token, local_agent
from console.hub.database import create_hub_engine
from console.hub.ingest import prepare, store
from console.hub.server import EmbeddedHub
from console.storage.database import open_cache
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from tests.bench.common import figure, timed

BATCH = 5_000
COLUMNS = [
    "id",
    "network",
    "external_id",
    "account_id",
    "kind",
    "author_handle",
    "author_name",
    "author_followers",
    "author_verified",
    "text",
    "lang",
    "url",
    "created_ms",
    "parent_external_id",
    "conversation_key",
    "sentiment",
    "sentiment_score",
    "rating",
    "from_brand",
    "intent",
    "priority",
    "priority_reasons",
    "case_id",
    "ingested_ms",
    "seq",
]


def run(size: int = 100_000) -> Iterator[dict]:
    """Figures as they are measured, so a failure late in the run keeps the earlier ones."""
    demo = DemoChannel.bundled()
    base = 1_760_000_000_000
    batch = [demo.mention(i, base + i * 1000) for i in range(size)]
    rows = _raw_rows(batch)
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-") as folder:
        folder = Path(folder)
        raw_sqlite = _raw_sqlite(folder / "raw.sqlite", rows)
        yield figure("ingest", "sqlite3.executemany (baseline)", raw_sqlite, "rows/s")

        hub_path = folder / "hub.sqlite"
        hub_sqlite, stored_sqlite = _hub_ingest(f"sqlite:///{hub_path}", batch)
        yield figure("ingest", "hub ingest, SQLite", hub_sqlite, "mentions/s", raw_sqlite)
        yield figure("ingest", "hub ingest, SQLite, store phase", stored_sqlite, "mentions/s", raw_sqlite)

        dsn = os.environ.get("HORSESHOE_TEST_PG")
        if dsn:
            yield from _postgres(dsn, batch, rows, raw_sqlite)

        pulled, seconds, changes = asyncio.run(_initial_pull(hub_path, folder / "cache.sqlite"))
        yield figure("ingest", "initial pull into a new cache", pulled, "mentions/s", raw_sqlite)
        yield figure("ingest", "initial pull, all changes", changes / seconds, "changes/s", raw_sqlite)
        yield figure("ingest", "initial pull time", seconds, "s")


def _raw_rows(batch) -> list[tuple]:
    """The rows the hub would store, prepared outside any timing (ids, analysis), for the baselines."""
    rows = []
    for seq, mention in enumerate(batch, 1):
        analysis = analyze(mention.text, mention.author.followers, mention.author.verified, lang=mention.lang)
        m = replace(mention, id=uuid7())
        rows.append(
            (
                m.id,
                m.network.value,
                m.external_id,
                m.account_id,
                m.kind.value,
                m.author.handle,
                m.author.name,
                m.author.followers,
                m.author.verified,
                m.text,
                analysis.lang,
                m.url,
                m.created_ms,
                m.parent_external_id,
                m.conversation_key,
                analysis.sentiment.label.value,
                analysis.sentiment.score,
                m.rating,
                m.from_brand,
                analysis.intent.intent.value,
                analysis.priority.score,
                json.dumps(analysis.priority.reasons),
                "case",
                m.created_ms,
                seq,
            )
        )
    return rows


def _raw_sqlite(path: Path, rows: list[tuple]) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"CREATE TABLE mentions ({', '.join(COLUMNS)}, UNIQUE (network, external_id))")
    connection.execute("CREATE INDEX ix_seq ON mentions (seq)")
    placeholders = ", ".join("?" for _ in COLUMNS)
    with timed() as timer:
        with connection:
            connection.executemany(f"INSERT INTO mentions VALUES ({placeholders})", rows)
    connection.close()
    return len(rows) / timer.seconds


def _hub_ingest(url: str, batch) -> tuple[float, float]:
    """Mentions/s of the whole ingest, and of its store phase alone (same batches, same run)."""
    engine = create_hub_engine(url)
    migrate.upgrade(engine)
    storing = 0.0
    with timed() as timer:
        for start in range(0, len(batch), BATCH):
            prepared = prepare(engine, batch[start : start + BATCH])
            with timed() as stored:
                store(engine, prepared)
            storing += stored.seconds
    engine.dispose()
    return len(batch) / timer.seconds, len(batch) / storing


def _postgres(dsn: str, batch, rows, raw_sqlite: float) -> list[dict]:
    import psycopg

    admin = make_url(dsn).set(drivername="postgresql").render_as_string(hide_password=False)
    names = [f"horseshoe_bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        raw_url = make_url(admin).set(database=names[0]).render_as_string(hide_password=False)
        executemany, copy = _raw_postgres(raw_url, rows)
        hub_url = make_url(dsn).set(drivername="postgresql+psycopg", database=names[1])
        hub, stored = _hub_ingest(hub_url.render_as_string(hide_password=False), batch)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return [
        figure("ingest", "psycopg executemany (baseline)", executemany, "rows/s"),
        figure("ingest", "psycopg COPY (baseline)", copy, "rows/s"),
        figure("ingest", "hub ingest, PostgreSQL", hub, "mentions/s", executemany),
        figure("ingest", "hub ingest, PostgreSQL, store phase", stored, "mentions/s", executemany),
        figure("ingest", "hub ingest, PostgreSQL vs COPY", hub, "mentions/s", copy),
        figure("ingest", "hub ingest, PostgreSQL vs sqlite3", hub, "mentions/s", raw_sqlite),
    ]


def _raw_postgres(url: str, rows) -> tuple[float, float]:
    import psycopg

    ddl = (
        "CREATE TABLE {t} (id text PRIMARY KEY, network text, external_id text, account_id text, kind text, "
        "author_handle text, author_name text, author_followers int, author_verified bool, text text, "
        "lang text, url text, created_ms bigint, parent_external_id text, conversation_key text, "
        "sentiment text, sentiment_score float8, rating int, from_brand bool, intent text, priority int, "
        "priority_reasons text, case_id text, ingested_ms bigint, seq bigint, "
        "UNIQUE (network, external_id)); CREATE INDEX ON {t} (seq)"
    )
    with psycopg.connect(url) as connection:
        connection.execute(ddl.format(t="m1"))
        connection.execute(ddl.format(t="m2"))
        connection.commit()
        placeholders = ", ".join("%s" for _ in COLUMNS)
        with timed() as many:
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO m1 VALUES ({placeholders})", rows)
            connection.commit()
        with timed() as copied:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY m2 ({', '.join(COLUMNS)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            connection.commit()
    return len(rows) / many.seconds, len(rows) / copied.seconds


async def _initial_pull(hub_path: Path, cache_path: Path) -> tuple[float, float, int]:
    engine = create_hub_engine(str(hub_path))
    # The hub's endpoints need a caller: sign in as an embedded hub's workstation does.
    token = issue_token(engine, local_agent(engine, "bench", "Benchmark")).token
    hub = EmbeddedHub(create_app(engine))
    url = await asyncio.to_thread(hub.start)
    cache = open_cache(cache_path)
    client = HubClient(url, timeout=60, token=token)
    try:
        with timed() as timer:
            applied = await Puller(client, Replica(cache), page_size=5000).sync_once()
    finally:
        await client.aclose()
        cache.close()
        await asyncio.to_thread(hub.stop)
        engine.dispose()
    total = len(applied.mentions) + len(applied.cases) + len(applied.events) + len(applied.accounts)
    return len(applied.mentions) / timer.seconds, timer.seconds, total
