"""Live hints: from a commit to N workstations hearing of it, and to a workstation's cache.

* hub: ``python -m console.hub.cli serve`` in its own process, as deployed; on SQLite, and also on
  PostgreSQL when HORSESHOE_TEST_PG names a server (a fresh database, dropped afterwards).
* commit → hint: CLIENTS concurrent SSE clients (asyncio + httpx in this one process, loopback) hold
  ``/v1/live`` open; this process commits one mention straight into the hub's database, ROUNDS times,
  as another hub process would (on SQLite that is the cross-process path: the hub's 250 ms head poll;
  its own writes, like the embedded demo feed, wake the watcher at once). Latency runs from just before
  the commit starts to each client parsing the hint, so the tail includes this process's one event
  loop working through all the clients.
* commit → cache: one real workstation (HubClient + Puller + Replica + LiveClient, with the puller's
  poll an hour apart so only hints drive it) while the clients stay connected: from before the commit to
  the puller reporting the mention applied. The same with polling alone (every 1 s, no live stream)
  for comparison.
* baseline, same run: a bare loopback round trip, ``GET /health`` on a kept-alive connection, p50.
"""

import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from console.channels.demo import DemoChannel
from console.hub import changelog
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.storage.database import open_cache
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.live import LiveClient, SSEParser
from console.sync.puller import Puller
from tests.bench.common import figure

CLIENTS = 200
ROUNDS = 20
CACHE_ROUNDS = 20
POLL_ROUNDS = 10
WAIT = 15.0  # per round: a bound on the whole bench, not a figure
PASSWORD = "bench password, long enough"


def run(size: int = 0, clients: int = CLIENTS) -> list[dict]:
    """``size`` is the other benches' knob; this one is bounded by CLIENTS and ROUNDS instead."""
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-live-") as folder:
        folder = Path(folder)
        results += asyncio.run(_bench("sqlite", str(folder / "hub.sqlite"), folder, clients))
        dsn = os.environ.get("HORSESHOE_TEST_PG")
        if dsn:
            with _pg_database(dsn) as url:
                results += asyncio.run(_bench("postgresql", url, folder, clients))
    return results


async def _bench(backend: str, db: str, folder: Path, clients: int) -> list[dict]:
    engine = create_hub_engine(db)
    _cli("migrate", "--db", db)
    _cli("users", "add", "bench", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    hub, url = _serve(db)
    results = []
    try:
        async with httpx.AsyncClient(
            base_url=url, timeout=WAIT, limits=httpx.Limits(max_connections=clients + 10)
        ) as http:
            login = await http.post("/v1/auth/login", json={"username": "bench", "password": PASSWORD})
            token = login.raise_for_status().json()["token"]
            baseline = await _round_trip(url)
            http.headers["Authorization"] = f"Bearer {token}"
            counter = _Commits(engine)
            arrivals: list[dict[int, float]] = [{} for _ in range(clients)]
            heard = asyncio.Event()
            readers = [asyncio.create_task(_listen(http, arrivals[i], heard)) for i in range(clients)]
            try:
                async with asyncio.timeout(60):
                    await _until(lambda: all(arrivals), heard)  # every client heard the hint on connect
                latencies = []
                for _ in range(ROUNDS):
                    started, head = await asyncio.to_thread(counter.commit)
                    async with asyncio.timeout(WAIT):
                        await _until(lambda head=head: all(_first(seen, head) for seen in arrivals), heard)
                    latencies += [(_first(seen, head) - started) * 1000 for seen in arrivals]
                    await asyncio.sleep(random.uniform(0.05, 0.5))  # commits at any phase of the polls
                name = f"commit to hint, {clients} SSE clients, {backend}"
                results += _percentiles(name, latencies, baseline)
                cached = await _to_cache(url, token, counter, folder / f"cache-{backend}.sqlite", live=True)
                results += _percentiles(
                    f"commit to another workstation's cache, live, {backend}", cached, baseline
                )
                polled = await _to_cache(url, token, counter, folder / f"poll-{backend}.sqlite", live=False)
                results += _percentiles(f"commit to cache, polling every 1 s, {backend}", polled, baseline)
            finally:
                for reader in readers:
                    reader.cancel()
                await asyncio.gather(*readers, return_exceptions=True)
        results.append(
            figure("live", f"loopback round trip GET /health p50 (baseline), {backend}", baseline, "ms")
        )
    finally:
        _stop(hub)
        engine.dispose()
    return results


class _Commits:
    """Commits one demo mention at a time; returns when it started and the head it reached."""

    def __init__(self, engine):
        self.engine, self.demo, self.position = engine, DemoChannel.bundled(), 0

    def commit(self) -> tuple[float, int]:
        self.position += 1
        mention = self.demo.mention(self.position, 1_760_000_000_000 + self.position)
        started = time.perf_counter()
        ingest(self.engine, [mention])
        with self.engine.connect() as connection:
            return started, changelog.head(connection)


def _first(seen: dict[int, float], head: int) -> float | None:
    """When a client first heard of ``head`` or beyond (hints coalesce: one may cover several)."""
    times = [at for reached, at in seen.items() if reached >= head]
    return min(times) if times else None


async def _until(condition, changed: asyncio.Event) -> None:
    while True:
        changed.clear()
        if condition():
            return
        await changed.wait()


async def _listen(http: httpx.AsyncClient, seen: dict[int, float], heard: asyncio.Event) -> None:
    """One simulated workstation: when it heard of each head."""
    async with http.stream("GET", "/v1/live", timeout=httpx.Timeout(WAIT, read=None)) as response:
        response.raise_for_status()
        parser = SSEParser()
        async for line in response.aiter_lines():
            received = parser.feed(line)
            if received is not None and received.event == "change":
                seen[json.loads(received.data)["head"]] = time.perf_counter()
                heard.set()


async def _round_trip(url: str, count: int = 200) -> float:
    async with httpx.AsyncClient(base_url=url) as http:
        await http.get("/health")
        times = []
        for _ in range(count):
            start = time.perf_counter()
            (await http.get("/health")).raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def _to_cache(url: str, token: str, counter: _Commits, cache_path: Path, live: bool) -> list[float]:
    """Milliseconds from commit to the mention applied in a workstation's cache, per round."""
    cache = open_cache(cache_path)
    client = HubClient(url, token=token)
    applied, changed = asyncio.Event(), asyncio.Event()
    puller = Puller(
        client,
        Replica(cache),
        poll_interval=3600 if live else 1.0,
        on_changes=lambda changes: applied.set() if changes.mentions else None,
        on_status=lambda _status: changed.set(),
    )
    streaming = LiveClient(
        client, on_change=lambda _hint: puller.wake(), on_connection=lambda _up: changed.set()
    )
    tasks = [asyncio.create_task(puller.run())] + ([asyncio.create_task(streaming.run())] if live else [])
    try:
        async with asyncio.timeout(60):
            await _until(lambda: puller.status.last_sync_ms and (streaming.connected or not live), changed)
        latencies = []
        for _ in range(CACHE_ROUNDS if live else POLL_ROUNDS):
            applied.clear()
            started, _head = await asyncio.to_thread(counter.commit)
            async with asyncio.timeout(WAIT):
                await applied.wait()
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(random.uniform(0.05, 1.0))  # not in step with the 1 s poll
        return latencies
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()
        cache.close()


def _percentiles(name: str, values: list[float], baseline: float) -> list[dict]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return [
        figure("live", f"{name} p50", statistics.median(values), "ms", baseline),
        figure("live", f"{name} p99", cuts[98], "ms", baseline),
    ]


def _cli(*args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "console.hub.cli", *args],
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        env=os.environ | {"HORSESHOE_HUB_CONFIG": ""},
    )


def _serve(db: str) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "console.hub.cli", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"HORSESHOE_HUB_CONFIG": ""},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the benchmark's hub process did not start")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def _pg_database(dsn: str):
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(dsn)
    name = f"horseshoe_bench_{uuid.uuid4().hex[:10]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
