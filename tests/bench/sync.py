"""A new workstation's initial sync: the hub's whole change log into a fresh cache over HTTP.

* hub: N demo mentions ingested by the hub itself (cases and events included), on SQLite.
* sync: a fresh cache follows the log with the real client (HubClient + Puller + Replica) over
  real HTTP on loopback, with the hub in its own process (as a workstation sees a hub), then again
  with the hub embedded in the same process (the demo mode; it shares the GIL with the client).
* responsiveness: a ticker coroutine on the client's event loop sleeps 10 ms at a time and records
  the longest gap beyond that: how long the UI's loop was blocked at worst during the sync.
* baseline, same run, same rows: ``sqlite3.executemany`` of the hub's rows into a cache-shaped
  database (the cache's own migrations), one transaction per 5,000 changes as the sync commits.
"""

import asyncio
import dataclasses
import multiprocessing
import sqlite3
import tempfile
import time
from pathlib import Path

from console.channels.demo import DemoChannel
from console.hub import migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.server import EmbeddedHub
from console.storage.database import open_cache
from console.storage.replica import Replica
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
        token = _bench_token(hub_path)
        baseline, changes = _raw_cache_load(hub_path, folder / "raw-cache.sqlite")
        results.append(figure("sync", "cache write, sqlite3.executemany (baseline)", baseline, "s"))

        url, stop = _hub_process(hub_path)
        try:
            seconds, stall, applied = asyncio.run(_initial_sync(url, token, folder / "cache.sqlite"))
        finally:
            stop()
        _check(changes, applied)
        results.append(figure("sync", "initial sync, hub in its own process", seconds, "s", baseline))
        results.append(figure("sync", "initial sync, changes/s", applied / seconds, "changes/s"))
        results.append(figure("sync", "initial sync, longest event-loop stall", stall * 1000, "ms"))

        seconds, stall, applied = asyncio.run(_embedded_sync(hub_path, token, folder / "cache2.sqlite"))
        _check(changes, applied)
        results.append(figure("sync", "initial sync, embedded hub", seconds, "s", baseline))
        results.append(figure("sync", "initial sync, embedded hub, longest stall", stall * 1000, "ms"))
    return results


def _build_hub(path: Path, size: int) -> None:
    demo = DemoChannel.bundled()
    base = 1_760_000_000_000
    engine = create_hub_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    for start in range(0, size, BATCH):
        ingest(engine, [demo.mention(i, base + i * 1000) for i in range(start, min(size, start + BATCH))])
    engine.dispose()


def _bench_token(hub_path: Path) -> str | None:
    """A reader's bearer token when this hub asks for one (sign-in is being added as this is written)."""
    try:
        from console.domain.agent import Role
        from console.hub import auth
    except ImportError:
        return None
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    try:
        agent = auth.add_user(engine, "bench", "bench password, long enough", Role.AGENT, team_names=())
        return auth.issue_token(engine, agent).token
    finally:
        engine.dispose()


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
        t.name: f"INSERT INTO {t.name} VALUES ({', '.join('?' * len(t.columns))})"
        for t in REPLICATED.values()
    }
    with timed() as timer:
        for number in sorted(pages):
            with cache:
                for name, rows in pages[number]:
                    cache.executemany(statements[name], rows)
    cache.close()
    return timer.seconds, sum(len(rows) for page in pages.values() for _, rows in page)


async def _initial_sync(url: str, token: str | None, cache_path: Path) -> tuple[float, float, int]:
    """Seconds, the longest event-loop stall, and the changes applied."""
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
    try:
        with timed() as timer:
            applied = await Puller(client, Replica(cache)).sync_once()
    finally:
        running = False
        await ticking
        await client.aclose()
        cache.close()
    rows = (getattr(applied, f.name) for f in dataclasses.fields(applied))
    return timer.seconds, stalls[0], sum(len(ids) for ids in rows if isinstance(ids, frozenset))


async def _embedded_sync(hub_path: Path, token: str | None, cache_path: Path) -> tuple[float, float, int]:
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


def _check(expected: int, applied: int) -> None:
    """Every hub row reached the cache: each row is one id of its table, as the sync counts them."""
    if applied != expected:
        raise AssertionError(f"the sync applied {applied} changes, the hub holds {expected} rows")
