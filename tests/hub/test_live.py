"""The live stream, against a real uvicorn (an SSE response never ends, so it needs a real server)."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import asynccontextmanager

import httpx
import pytest

from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.live import LiveBroker
from console.hub.server import EmbeddedHub
from console.sync.live import ServerSentEvent, SSEParser
from tests.hub.conftest import bearer

WAIT = 20.0  # generous: only to end a hung test, never a measurement


@pytest.fixture
def live_hub(hub_engine):
    """A hub served by uvicorn with a fast heartbeat and a short presence TTL."""
    broker = LiveBroker(hub_engine, heartbeat_s=0.2, presence_ttl_ms=600)
    hub = EmbeddedHub(create_app(hub_engine, live=broker))
    yield hub.start()
    hub.stop()


class Stream:
    """One SSE client: reads frames as the workstation does, with a deadline on every wait."""

    def __init__(self, lines, parser: SSEParser):
        self._lines, self.parser = lines, parser

    async def next(self, kind: str | None = None) -> ServerSentEvent:
        async with asyncio.timeout(WAIT):
            async for line in self._lines:
                received = self.parser.feed(line)
                if received is not None and kind in (None, received.event):
                    return received
        raise AssertionError("the stream ended")

    async def heartbeats(self, count: int) -> None:
        async with asyncio.timeout(WAIT):
            async for line in self._lines:
                self.parser.feed(line)
                if self.parser.comments >= count:
                    return
        raise AssertionError("the stream ended")

    async def change_beyond(self, head: int) -> dict:
        while True:
            data = json.loads((await self.next("change")).data)
            if data["head"] > head:
                return data


@asynccontextmanager
async def stream(url: str, token: str, last_event_id: str | None = None):
    headers = bearer(token) | ({"Last-Event-ID": last_event_id} if last_event_id else {})
    async with (
        httpx.AsyncClient(base_url=url, timeout=WAIT) as http,
        http.stream("GET", "/v1/live", headers=headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Stream(response.aiter_lines(), SSEParser(last_event_id))


def head_of(engine) -> int:
    from console.hub import changelog

    with engine.connect() as connection:
        return changelog.head(connection)


@pytest.mark.asyncio
async def test_a_commit_reaches_the_stream_as_a_change_hint(live_hub, hub_engine, sign_in, demo):
    async with stream(live_hub, sign_in()) as live:
        assert json.loads((await live.next()).data)["presence"] == []  # the snapshot comes first
        first = await live.next()
        assert first.event == "change" and first.id == str(head_of(hub_engine))
        before = json.loads(first.data)["head"]
        await asyncio.to_thread(ingest, hub_engine, [demo.mention(i, 1_000 + i) for i in range(3)])
        hint = await live.change_beyond(before)
        assert hint["head"] == head_of(hub_engine) and hint["epoch"]
        assert live.parser.last_id == str(hint["head"])


@pytest.mark.asyncio
async def test_presence_is_announced_snapshotted_and_expires_as_left(live_hub, sign_in):
    ana, ben = sign_in(username="ana"), sign_in(username="ben")
    async with stream(live_hub, ana) as watching, httpx.AsyncClient(base_url=live_hub) as http:
        await watching.next("change")
        answer = await http.post(
            "/v1/presence", json={"case_id": "case-1", "activity": "typing"}, headers=bearer(ben)
        )
        assert answer.status_code == 200, answer.text
        event = json.loads((await watching.next("presence")).data)
        assert event["username"] == "ben" and event["case_id"] == "case-1"
        assert event["activity"] == "typing" and event["at_ms"] == answer.json()["at_ms"]

        async with stream(live_hub, ana) as late:
            snapshot = json.loads((await late.next()).data)
            (entry,) = snapshot["presence"]
            assert entry["username"] == "ben" and entry["activity"] == "typing" and entry["age_ms"] >= 0

        expired = json.loads((await watching.next("presence")).data)  # nobody refreshes it
        assert expired["username"] == "ben" and expired["activity"] == "left"


@pytest.mark.asyncio
async def test_a_reconnect_with_last_event_id_gets_a_hint_only_if_the_head_moved(
    live_hub, hub_engine, sign_in
):
    token = sign_in()
    head = head_of(hub_engine)
    async with stream(live_hub, token, str(head)) as current, httpx.AsyncClient(base_url=live_hub) as http:
        await current.next("presence-snapshot")
        await http.post("/v1/presence", json={"case_id": "c", "activity": "viewing"}, headers=bearer(token))
        assert (await current.next()).event == "presence"  # no hint came before it: nothing was missed
    async with stream(live_hub, token, str(head - 1)) as behind:
        await behind.next("presence-snapshot")
        hint = await behind.next()
        assert hint.event == "change" and hint.id == str(head)


@pytest.mark.asyncio
async def test_an_idle_stream_carries_heartbeats(live_hub, sign_in):
    async with stream(live_hub, sign_in()) as live:
        await live.next("change")
        await live.heartbeats(2)


@pytest.mark.asyncio
async def test_live_and_presence_need_a_signed_in_reader(live_hub):
    async with httpx.AsyncClient(base_url=live_hub, timeout=WAIT) as http:
        assert (await http.get("/v1/live")).status_code == 401
        assert (
            await http.post("/v1/presence", json={"case_id": "c", "activity": "viewing"})
        ).status_code == 401
        bad = await http.get("/v1/live", headers=bearer("not-a-token"))
        assert bad.status_code == 401


@pytest.mark.asyncio
async def test_presence_rejects_an_unknown_activity(live_hub, sign_in):
    async with httpx.AsyncClient(base_url=live_hub, headers=bearer(sign_in())) as http:
        answer = await http.post("/v1/presence", json={"case_id": "c", "activity": "dancing"})
        assert answer.status_code == 422


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_notify_alone_carries_a_commit_from_another_connection(pg_url, demo):
    """The head poll is the safety net; with it an hour apart, only the NOTIFY can deliver the hint."""
    serving, writing = create_hub_engine(pg_url), create_hub_engine(pg_url)
    migrate.upgrade(serving)
    agent = auth.add_user(serving, "ana", "correct horse battery", team_names=["Support"])
    token = auth.issue_token(serving, agent).token
    hub = EmbeddedHub(create_app(serving, live=LiveBroker(serving, heartbeat_s=0.5, poll_s=3600)))
    url = await asyncio.to_thread(hub.start)
    try:
        async with stream(url, token) as live:
            before = json.loads((await live.next("change")).data)["head"]
            await asyncio.to_thread(ingest, writing, [demo.mention(1, 1_000)])
            assert (await live.change_beyond(before))["head"] == head_of(writing)
    finally:
        await asyncio.to_thread(hub.stop)
        serving.dispose()
        writing.dispose()


# -- two hub processes on one PostgreSQL ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(pg_url: str, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "console.hub.cli", "serve", "--db", pg_url, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"HORSESHOE_HUB_CONFIG": ""},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"hub process exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("hub process did not start")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()  # SIGTERM: the server ends its live streams, then stops
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError("the hub did not stop on SIGTERM with a live stream open") from None


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_two_hub_processes_deliver_each_others_changes_and_presence(pg_url):
    engine = create_hub_engine(pg_url)
    migrate.upgrade(engine)  # before either process starts: they would race to migrate
    tokens = [
        auth.issue_token(engine, auth.add_user(engine, name, "correct horse battery", team_names=[])).token
        for name in ("ana", "ben")
    ]
    engine.dispose()
    first, url_a = await asyncio.to_thread(_serve, pg_url, "--demo", "--demo-rate", "600")
    try:
        second, url_b = await asyncio.to_thread(_serve, pg_url)
        try:
            async with stream(url_b, tokens[0]) as on_b, httpx.AsyncClient(base_url=url_a) as to_a:
                before = json.loads((await on_b.next("change")).data)["head"]
                assert (await on_b.change_beyond(before))["head"] > before  # A's demo feed committed it
                answer = await to_a.post(
                    "/v1/presence", json={"case_id": "c-7", "activity": "viewing"}, headers=bearer(tokens[1])
                )
                assert answer.status_code == 200
                presence = json.loads((await on_b.next("presence")).data)
                assert presence["username"] == "ben" and presence["case_id"] == "c-7"
        finally:
            await asyncio.to_thread(_stop, second)
    finally:
        await asyncio.to_thread(_stop, first)
