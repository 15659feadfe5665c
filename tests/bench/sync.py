"""A new workstation's initial sync: the hub's whole change log into a fresh cache over HTTP.

* hub: the demo brand accounts and N demo mentions ingested by the hub itself (cases and events
  included), on SQLite.
* sync: a fresh cache follows the log with the real client (HubClient + Puller + Replica) over
  real HTTP on loopback, with the hub in its own process (as a workstation sees a hub), then again
  with the hub embedded in the same process (the demo mode; it shares the GIL with the client).
  Pulls are scoped: a supervisor's pull reads whole windows; an agent's joins each row to its case
  and brand account. Both are timed, the agent in every demo team (so the same rows arrive) and in
  Support alone (a part of them).
* responsiveness: a ticker coroutine on the client's event loop sleeps 10 ms at a time and records
  the longest gap beyond that: how long the UI's loop was blocked at worst during the sync.
* checksum: the convergence check at that size — the hub's side (SQLite; PostgreSQL too when
  HORSESHOE_TEST_PG is set, on a copy of the same rows) and the workstation's side over its cache,
  best of three each; the hub's and the cache's checksums must agree.
* check: after each full sync the cache holds, kind by kind, as many rows as the user's scope sees
  on the hub (not the hub's every row: another user's draft or a note to another team is not
  pulled). Rows are counted in the cache, not taken from the sync's ``AppliedChanges``: those are
  ids for views to refresh, and name a customer's identities, notes and history by the customer.
* baseline, same run, same rows: ``sqlite3.executemany`` of the hub's rows into a cache-shaped
  database (the cache's own migrations), one transaction per 5,000 changes as the sync commits.
"""

import asyncio
import gc
import multiprocessing
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, text
from sqlalchemy.engine import make_url

from console.channels.demo import DemoChannel
from console.domain.agent import DEFAULT_TEAMS, Agent, Role
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.checksum import checksum
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import REPLICATED as HUB_REPLICATED
from console.hub.schema import change_counter, hub_meta
from console.hub.scope import Scope
from console.hub.server import EmbeddedHub
from console.storage.database import open_cache
from console.storage.replica import Replica, local_checksum
from console.storage.schema import REPLICATED
from console.sync.hub_client import HubClient
from console.sync.puller import PAGE_SIZE, Puller
from tests.bench.common import figure, timed

BATCH = 5_000
TICK = 0.010


def run(size: int = 100_000) -> list[dict]:
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-sync-") as folder:
        folder = Path(folder)
        hub_path = folder / "hub.sqlite"
        _build_hub(hub_path, size)
        token, supervisor = _bench_user(hub_path)
        everywhere, agent = _bench_user(hub_path, Role.AGENT, DEFAULT_TEAMS)
        support, _ = _bench_user(hub_path, Role.AGENT, ("Support",))
        scopes = {"supervisor": Scope.of(supervisor), "agent in every team": Scope.of(agent)}
        expected = {who: _in_scope(hub_path, scope) for who, scope in scopes.items()}
        baseline, changes = _raw_cache_load(hub_path, folder / "raw-cache.sqlite")
        results.append(figure("sync", "cache write, sqlite3.executemany (baseline)", baseline, "s"))

        url, stop = _hub_process(hub_path)
        try:
            seconds, stall, held = asyncio.run(_initial_sync(url, token, folder / "cache.sqlite"))
            _check("supervisor", expected["supervisor"], held)
            results.append(figure("sync", "initial sync, hub in its own process", seconds, "s", baseline))
            results.append(
                figure("sync", "initial sync, changes/s", sum(held.values()) / seconds, "changes/s")
            )
            results.append(figure("sync", "initial sync, longest event-loop stall", stall * 1000, "ms"))
            seconds, stall, held = asyncio.run(_initial_sync(url, everywhere, folder / "agent.sqlite"))
            _check("agent in every team", expected["agent in every team"], held)
            name = "initial sync, agent in every team (scoped pull)"
            results.append(figure("sync", name, seconds, "s", baseline))
            seconds, stall, held = asyncio.run(_initial_sync(url, support, folder / "support.sqlite"))
            name = f"initial sync, agent of Support only ({sum(held.values()):,} of {changes:,} rows)"
            results.append(figure("sync", name, seconds, "s", baseline))
        finally:
            stop()

        seconds, stall, held = asyncio.run(_embedded_sync(hub_path, token, folder / "cache2.sqlite"))
        _check("supervisor", expected["supervisor"], held)
        results.append(figure("sync", "initial sync, embedded hub", seconds, "s", baseline))
        results.append(figure("sync", "initial sync, embedded hub, longest stall", stall * 1000, "ms"))
        caches = {"supervisor": folder / "cache.sqlite", "agent in every team": folder / "agent.sqlite"}
        results.extend(_checksums(hub_path, scopes, caches))
    return results


def _build_hub(path: Path, size: int) -> None:
    demo = DemoChannel.bundled()
    base = 1_760_000_000_000
    engine = create_hub_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    upsert_accounts(engine, demo.accounts)
    for start in range(0, size, BATCH):
        ingest(engine, [demo.mention(i, base + i * 1000) for i in range(start, min(size, start + BATCH))])
    engine.dispose()


def _bench_token(hub_path: Path) -> str:
    """A bearer token for a new supervisor, who sees every case."""
    return _bench_user(hub_path)[0]


def _bench_user(
    hub_path: Path, role: Role = Role.SUPERVISOR, teams: tuple[str, ...] = ()
) -> tuple[str, Agent]:
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    try:
        name = f"bench-{uuid.uuid4().hex[:8]}"
        agent = auth.add_user(engine, name, "bench password, long enough", role, team_names=teams)
        return auth.issue_token(engine, agent).token, agent
    finally:
        engine.dispose()


def _checksums(hub_path: Path, scopes: dict[str, Scope], caches: dict[str, Path]) -> list[dict]:
    """The convergence check at this size, each side best of three; the two sides must agree."""
    results = []
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    try:
        hub_sums = {}
        for who, scope in scopes.items():
            seconds, hub_sums[who] = _best_of(3, lambda scope=scope: checksum(engine, scope))
            results.append(figure("sync", f"checksum, hub on SQLite, {who}", seconds * 1000, "ms"))
        for who, path in caches.items():
            cache = open_cache(path)
            try:
                seconds, local = _best_of(3, lambda cache=cache: cache.read_sync(local_checksum))
            finally:
                cache.close()
            results.append(figure("sync", f"checksum, workstation cache, {who}", seconds * 1000, "ms"))
            if local.tables != hub_sums[who].tables or local.cursor.seq != hub_sums[who].head:
                raise AssertionError(f"the {who}'s cache does not match the hub's checksum")
        dsn = os.environ.get("HORSESHOE_TEST_PG")
        if dsn:
            results.extend(_postgres_checksums(dsn, hub_path, scopes, hub_sums))
    finally:
        engine.dispose()
    return results


def _postgres_checksums(dsn: str, hub_path: Path, scopes: dict[str, Scope], expected: dict) -> list[dict]:
    """The same rows copied into a fresh PostgreSQL database (COPY), where the digest is summed in SQL."""
    import psycopg

    base = make_url(dsn)
    name = f"horseshoe_bench_{uuid.uuid4().hex[:10]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = create_hub_engine(base.set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(engine)
        _copy_into_postgres(hub_path, engine)
        results = []
        for who, scope in scopes.items():
            seconds, summed = _best_of(3, lambda scope=scope: checksum(engine, scope))
            results.append(figure("sync", f"checksum, hub on PostgreSQL, {who}", seconds * 1000, "ms"))
            if summed.tables != expected[who].tables:
                raise AssertionError(f"PostgreSQL's checksum for the {who} differs from SQLite's")
        return results
    finally:
        engine.dispose()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy_into_postgres(hub_path: Path, engine) -> None:
    source = sqlite3.connect(hub_path)
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for table in (*HUB_REPLICATED.values(), hub_meta, change_counter):
            names = [c.name for c in table.columns]
            connection.execute(table.delete())
            with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(names)} FROM {table.name}"):
                    copy.write_row(row)
    source.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def _best_of(times: int, work):
    best, result = float("inf"), None
    for _ in range(times):
        with timed() as timer:
            result = work()
        best = min(best, timer.seconds)
    return best, result


def _raw_cache_load(hub_path: Path, cache_path: Path) -> tuple[float, int]:
    """Seconds to write the hub's rows into a cache-shaped database with plain sqlite3, and their count."""
    open_cache(cache_path).close()  # the cache's own schema and indexes, by its migrations
    hub = sqlite3.connect(hub_path)
    pages: dict[int, list[tuple[str, list[tuple]]]] = {}
    for table in REPLICATED.values():
        names = [c.name for c in table.columns]
        seq = names.index("seq")
        for row in hub.execute(f"SELECT {', '.join(names)} FROM {table.name} ORDER BY seq"):
            page = pages.setdefault((row[seq] - 1) // PAGE_SIZE, [])
            if not page or page[-1][0] != table.name:
                page.append((table.name, []))
            page[-1][1].append(row)
    hub.close()
    cache = sqlite3.connect(cache_path)
    cache.execute("PRAGMA journal_mode=WAL")
    cache.execute("PRAGMA synchronous=NORMAL")
    statements = {
        # Columns named: the cache's migrations add columns at the end, so its order is not the hub's.
        t.name: f"INSERT INTO {t.name} ({', '.join(c.name for c in t.columns)}) "
        f"VALUES ({', '.join('?' * len(t.columns))})"
        for t in REPLICATED.values()
    }
    with timed() as timer:
        for number in sorted(pages):
            with cache:
                for name, rows in pages[number]:
                    cache.executemany(statements[name], rows)
    cache.close()
    return timer.seconds, sum(len(rows) for page in pages.values() for _, rows in page)


async def _initial_sync(url: str, token: str | None, cache_path: Path) -> tuple[float, float, dict[str, int]]:
    """Seconds, the longest event-loop stall, and the rows the cache holds afterwards, by kind."""
    cache = open_cache(cache_path)
    client = HubClient(url, timeout=60)
    if token:
        client.token = token
    stalls = [0.0]
    running = True

    async def ticker() -> None:
        last = time.perf_counter()
        while running:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            stalls[0] = max(stalls[0], now - last - TICK)
            last = now

    ticking = asyncio.create_task(ticker())
    gc.collect()
    gc.freeze()  # as the app does once its window is up (console/app.py)
    try:
        with timed() as timer:
            await Puller(client, Replica(cache)).sync_once()
    finally:
        gc.unfreeze()
        running = False
        await ticking
        await client.aclose()
        cache.close()
    return timer.seconds, stalls[0], _held(cache_path)


async def _embedded_sync(
    hub_path: Path, token: str | None, cache_path: Path
) -> tuple[float, float, dict[str, int]]:
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    hub = EmbeddedHub(create_app(engine))
    url = await asyncio.to_thread(hub.start)
    try:
        return await _initial_sync(url, token, cache_path)
    finally:
        await asyncio.to_thread(hub.stop)
        engine.dispose()


def _hub_process(hub_path: Path):
    """Serve the hub from a child process; returns its URL and a function that stops it."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(str(hub_path), child), daemon=True)
    process.start()
    if not parent.poll(60):
        process.kill()
        raise RuntimeError("the benchmark's hub process did not start")
    url = parent.recv()

    def stop() -> None:
        parent.send("stop")
        process.join(15)
        if process.is_alive():
            process.kill()

    return url, stop


def _serve(hub_path: str, pipe) -> None:
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    hub = EmbeddedHub(create_app(engine))
    pipe.send(hub.start())
    pipe.recv()
    hub.stop()
    engine.dispose()


def _in_scope(hub_path: Path, scope: Scope) -> dict[str, int]:
    """Rows of each replicated kind that ``scope`` sees on the hub: what its cache must hold after a sync."""
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    try:
        with engine.connect() as connection:
            return {kind: connection.scalar(scope.rows(kind, func.count())) for kind in HUB_REPLICATED}
    finally:
        engine.dispose()


def _held(cache_path: Path) -> dict[str, int]:
    """Rows of each replicated kind in the cache."""
    cache = sqlite3.connect(cache_path)
    try:
        return {
            kind: cache.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            for kind, table in REPLICATED.items()
        }
    finally:
        cache.close()


def _check(who: str, expected: dict[str, int], held: dict[str, int]) -> None:
    """The cache holds every row the hub has for ``who``, kind by kind; else says which kinds differ."""
    differing = [
        f"{kind} {held.get(kind, 0):,} of {count:,}"
        for kind, count in {**dict.fromkeys(held, 0), **expected}.items()
        if held.get(kind, 0) != count
    ]
    if differing:
        raise AssertionError(
            f"the {who}'s cache holds other rows than the hub has in scope: {', '.join(differing)}"
        )
