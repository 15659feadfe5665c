"""The hub's stream listener against Mastodon's recorded streaming answer, on SQLite and PostgreSQL:
mentions stored as their events arrive, a closed stream opened again after backoff, a refused one
stopped with the reason until the credentials change, and every task ended at stop."""

import asyncio
import random

import httpx
import pytest
from sqlalchemy import func, select

from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import credentials
from console.hub.ingest import upsert_accounts
from console.hub.listener import LIVE, Listener
from console.hub.schema import channel_streams, mentions
from tests.channels.fixtures import fixtures

KEY = credentials.new_key()
SEALER = credentials.Sealer(KEY)
ACCOUNT = BrandAccount("acme-masto", Network.MASTODON, "@mastodonpy_test", "Brand", "Support")
BASE = "http://localhost:4000"


def recorded_stream() -> bytes:
    from console.channels.recordings import read_recording

    path = fixtures() / "mastodon" / "tests" / "cassettes" / "test_stream_user_direct.yaml"
    return read_recording(path)[-1].body  # GET /api/v1/streaming/user


class StreamServer:
    """Each connection gets the next answer: the recorded stream (then closed), or a status."""

    def __init__(self, answers: list):
        self.answers = answers
        self.connections: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/context"):
            return httpx.Response(404, json={"error": "Record not found"})
        self.connections.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, int):
            return httpx.Response(answer, json={"error": "The access token is invalid"})
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=answer)


class Sleeps:
    """Stands in for asyncio.sleep in the listener: keeps the waits, yields without waiting."""

    def __init__(self):
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


def listener(engine, server: StreamServer, sleeps: Sleeps) -> Listener:
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))
    return Listener(engine, SEALER, client, rng=random.Random(3), backoff_base_s=4.0, sleep=sleeps)


def live_row(engine):
    with engine.connect() as connection:
        return connection.execute(
            select(channel_streams).where(
                channel_streams.c.account_id == ACCOUNT.id, channel_streams.c.stream == LIVE
            )
        ).first()


def stored(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(mentions))


async def settled(listening: Listener) -> None:
    """Until every listening task has ended (each test's last answer ends it)."""
    for _ in range(500):
        if not listening.listening:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the listener did not settle")


@pytest.fixture
def account(hub_engine):
    upsert_accounts(hub_engine, [ACCOUNT])
    credentials.store(hub_engine, SEALER, ACCOUNT.id, {"access_token": "t", "base_url": BASE})
    return ACCOUNT


@pytest.mark.asyncio
async def test_mentions_are_stored_as_they_arrive_and_a_closed_stream_is_opened_again(hub_engine, account):
    server, sleeps = StreamServer([recorded_stream(), recorded_stream(), 401]), Sleeps()
    listening = listener(hub_engine, server, sleeps)
    assert await listening.run_pass() == {ACCOUNT.id}
    await settled(listening)
    assert len(server.connections) == 3  # closed twice by the server, then refused
    assert server.connections[0].url.path == "/api/v1/streaming/user/notification"
    assert stored(hub_engine) == 2  # the two mentions, once although heard twice
    assert len(sleeps.waits) == 2 and all(1.0 <= wait <= 8.0 for wait in sleeps.waits)  # jittered backoff
    row = live_row(hub_engine)
    assert row.stopped_ms is not None and "access token is invalid" in row.last_error


@pytest.mark.asyncio
async def test_a_refused_stream_waits_for_new_credentials(hub_engine, account):
    server, sleeps = StreamServer([401]), Sleeps()
    listening = listener(hub_engine, server, sleeps)
    await listening.run_pass()
    await settled(listening)
    assert await listening.run_pass() == set() and len(server.connections) == 1  # not opened again
    server.answers = [recorded_stream(), 401]
    await asyncio.sleep(0.002)  # the new credentials are stored after the stop
    credentials.store(hub_engine, SEALER, ACCOUNT.id, {"access_token": "new", "base_url": BASE})
    assert await listening.run_pass() == {ACCOUNT.id}
    await settled(listening)
    assert server.connections[1].headers["authorization"] == "Bearer new" and stored(hub_engine) == 2


@pytest.mark.asyncio
async def test_stop_ends_every_connection_and_forgotten_credentials_end_theirs(hub_engine, account):
    never_ends = asyncio.Event()

    async def endless():
        yield b":)\n\n"
        await never_ends.wait()
        yield b""

    server, sleeps = StreamServer([endless()]), Sleeps()
    listening = listener(hub_engine, server, sleeps)
    await listening.run_pass()
    for _ in range(100):
        if live_row(hub_engine) is not None:
            break
        await asyncio.sleep(0.01)
    assert listening.listening == {ACCOUNT.id} and live_row(hub_engine).last_success_ms is not None
    credentials.forget(hub_engine, ACCOUNT.id)
    assert await listening.run_pass() == set()
    await listening.stop()
    assert listening.listening == set()
