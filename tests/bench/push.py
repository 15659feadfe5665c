"""Push: a workstation's outbox drained into the hub, and the drain after an outage.

* throughput: N notes and tags on 50 cases, queued in the outbox, pushed by the real Pusher over
  HTTP on loopback to a hub in its own process (SQLite), in batches of 200; mutations/s.
* outbox drain after reconnect: 1,000 mutations queued while the hub was unreachable, then the
  link comes back; seconds from the first successful push to an empty outbox (target ≤ 10 s).
* baseline, same run: the same number of committed SQLite transactions of one row each
  (``sqlite3``, WAL, synchronous=NORMAL) — each mutation is its own transaction on the hub by design,
  so this is the floor that design sets.
"""

import asyncio
import contextlib
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.mutation import MutationKind
from console.hub import migrate
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.schema import cases
from console.storage.database import open_cache
from console.storage.outbox import Outbox
from console.sync.hub_client import HubClient, HubUnreachableError
from console.sync.pusher import Pusher
from tests.bench.common import figure, timed
from tests.bench.sync import _bench_token, _hub_process

DRAIN = 1_000


def run(size: int = 100_000) -> list[dict]:
    count = min(size, 5_000)  # the outbox is work an agent did: thousands, not a hundred thousand
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-push-") as folder:
        folder = Path(folder)
        hub_path = folder / "hub.sqlite"
        case_ids = _build_hub(hub_path)
        token = _bench_token(hub_path)
        baseline = _raw_transactions(folder / "raw.sqlite", count)
        results.append(
            figure("push", "sqlite3, one committed row per transaction (baseline)", baseline, "tx/s")
        )
        url, stop = _hub_process(hub_path)
        try:
            rate = asyncio.run(_throughput(url, token, folder / "cache.sqlite", case_ids, count))
            results.append(figure("push", "push throughput", rate, "mutations/s", baseline))
            seconds = asyncio.run(_drain_after_outage(url, token, folder / "cache2.sqlite", case_ids))
            results.append(figure("push", f"outbox drain after reconnect, {DRAIN:,} mutations", seconds, "s"))
        finally:
            stop()
    return results


def _build_hub(hub_path: Path) -> list[str]:
    engine = create_hub_engine(f"sqlite:///{hub_path}")
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    ingest(engine, [demo.mention(i, 1_000 + i) for i in range(50)])
    with engine.connect() as connection:
        case_ids = list(connection.scalars(select(cases.c.id)))
    engine.dispose()
    return case_ids


async def _queue(outbox: Outbox, user_id: str, case_ids: list[str], count: int) -> None:
    for n in range(count):
        case_id = case_ids[n % len(case_ids)]
        if n % 2:
            await outbox.enqueue(user_id, MutationKind.TAG, case_id, {"tag": f"t{n % 7}"})
        else:
            await outbox.enqueue(user_id, MutationKind.NOTE, case_id, {"text": f"bench note {n}"})


async def _pusher(url: str, token: str, cache_path: Path) -> tuple[Pusher, Outbox, HubClient, object]:
    cache = open_cache(cache_path)
    client = HubClient(url, token=token, timeout=60)
    outbox = Outbox(cache)
    pusher = Pusher(client, outbox)
    pusher.user_id = (await client.me())["id"]
    return pusher, outbox, client, cache


async def _throughput(url: str, token: str, cache_path: Path, case_ids: list[str], count: int) -> float:
    pusher, outbox, client, cache = await _pusher(url, token, cache_path)
    try:
        await _queue(outbox, pusher.user_id, case_ids, count)
        with timed() as timer:
            sent = await pusher.drain()
        assert sent == count, f"pushed {sent} of {count}"
        return count / timer.seconds
    finally:
        await client.aclose()
        cache.close()


async def _drain_after_outage(url: str, token: str, cache_path: Path, case_ids: list[str]) -> float:
    pusher, outbox, client, cache = await _pusher(url, token, cache_path)
    offline = HubClient("http://127.0.0.1:9", token=token, timeout=1)  # nothing listens there
    try:
        await _queue(outbox, pusher.user_id, case_ids, DRAIN)
        cut_off = Pusher(offline, outbox)
        cut_off.user_id = pusher.user_id
        with contextlib.suppress(HubUnreachableError):  # as expected: the work waits in the outbox
            await cut_off.drain()
        assert (await outbox.state(pusher.user_id)).pending == DRAIN
        started = time.perf_counter()
        await pusher.drain()
        seconds = time.perf_counter() - started
        assert (await outbox.state(pusher.user_id)).pending == 0
        return seconds
    finally:
        await offline.aclose()
        await client.aclose()
        cache.close()


def _raw_transactions(path: Path, count: int) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    with timed() as timer:
        for n in range(count):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (payload) VALUES (?)", (f"row {n}",))
            connection.execute("COMMIT")
    connection.close()
    return count / timer.seconds
