"""The workstation's live client: SSE parsing, and following a real hub through a restart."""

import asyncio
import random
import socket

import pytest

from console.channels.demo import DemoChannel
from console.hub import migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.live import LiveBroker
from console.hub.server import EmbeddedHub
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.live import LiveClient, SSEParser
from console.sync.puller import Backoff, Puller

WAIT = 20.0  # generous: only to end a hung test


def parse(text: str, parser: SSEParser | None = None) -> list[tuple[str, str, str | None]]:
    parser = parser or SSEParser()
    events = [parser.feed(line) for line in text.splitlines()]
    return [(e.event, e.data, e.id) for e in events if e is not None]


def test_the_parser_follows_the_event_stream_format():
    parser = SSEParser("4")
    text = (
        ": heartbeat\n\n"
        'id: 7\nevent: change\ndata: {"head": 7}\n\n'
        "data: first\ndata:second\nretry: 2500\n\n"
        "event: ignored without data\n\n"
        "id\nevent: presence\ndata: x\n\n"
    )
    assert parse(text, parser) == [
        ("change", '{"head": 7}', "7"),
        ("message", "first\nsecond", "7"),
        ("presence", "x", ""),  # an empty id resets the last event id
    ]
    assert parser.comments == 1 and parser.retry_ms == 2500


def test_an_id_with_a_nul_is_ignored():
    parser = SSEParser("3")
    assert parse("id: 1\0\ndata: y\n\n", parser) == [("message", "y", "3")]


@pytest.mark.asyncio
async def test_the_live_client_follows_a_restarted_hub_and_wakes_the_puller(tmp_path, cache, token):
    """The stream drops with the hub; when the hub is back, the client reconnects with Last-Event-ID,
    hears that the head moved while it was away, and the puller, idle for an hour, pulls at once."""
    path = tmp_path / "hub.sqlite"
    engine = create_hub_engine(str(path))
    migrate.upgrade(engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def serve() -> EmbeddedHub:
        hub = EmbeddedHub(create_app(engine, live=LiveBroker(engine, heartbeat_s=0.5)), port=port)
        hub.start()
        return hub

    hub = await asyncio.to_thread(serve)
    client = HubClient(hub.url, token=token)
    mentions: set[str] = set()
    connections: list[bool] = []
    changed = asyncio.Event()  # anything the test waits for happened

    async def until(condition) -> None:
        async with asyncio.timeout(WAIT):
            while True:
                changed.clear()
                if condition():
                    return
                await changed.wait()

    def on_changes(changes) -> None:
        mentions.update(changes.mentions)
        changed.set()

    def on_connection(connected: bool) -> None:
        connections.append(connected)
        changed.set()

    puller = Puller(
        client, Replica(cache), poll_interval=3600, on_changes=on_changes, on_status=lambda _s: changed.set()
    )
    live = LiveClient(
        client,
        on_change=lambda _hint: puller.wake(),
        on_connection=on_connection,
        backoff=Backoff(first=0.05, cap=0.2, rng=random.Random(7)),
    )
    tasks = [asyncio.create_task(puller.run()), asyncio.create_task(live.run())]
    try:
        await until(lambda: live.connected and puller.status.last_sync_ms)
        seen_before = live.last_event_id

        await asyncio.to_thread(hub.stop)
        await until(lambda: not live.connected)
        demo = DemoChannel.bundled()
        await asyncio.to_thread(ingest, engine, [demo.mention(i, 5_000 + i) for i in range(4)])
        mentions.clear()

        hub = await asyncio.to_thread(serve)
        await until(lambda: len(mentions) >= 4)  # the four added while the hub was down
        assert connections[:3] == [True, False, True]
        assert int(live.last_event_id) > int(seen_before)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()
        await asyncio.to_thread(hub.stop)
        engine.dispose()
