"""End to end over loopback HTTP: a workstation claims and replies; the embedded hub's publisher
posts the reply on the demo network; the workstation's replica shows it published, in its case."""

import asyncio

import pytest
from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.demo_connector import DemoFaults, demo_connectors, demo_post_counts
from console.hub.ingest import ingest, upsert_accounts
from console.hub.publisher import Publisher, PublishPolicy
from console.hub.schema import cases
from console.hub.server import EmbeddedHub
from console.services.cases import CaseActions
from console.services.replies import ReplyService
from console.storage import schema as cache_schema
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.storage.replies_repo import ReplyRepository
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from console.sync.pusher import Pusher


@pytest.fixture
def served_hub(tmp_path):
    """A hub on loopback with the demo connector, failing now and then as a network does."""
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, 1_000 + i) for i in range(5)])
    agent = auth.add_user(engine, "ana", "correct horse battery", team_names=["Support"])
    token = auth.issue_token(engine, agent).token
    faults = DemoFaults(failure_rate=0.3, uncertain_rate=0.3, seed=5)
    policy = PublishPolicy(first_retry_s=0.05, max_retry_s=0.2, max_attempts=30, poll_s=0.1)
    publisher = Publisher(engine, demo_connectors(engine, demo.accounts, faults), policy)
    hub = EmbeddedHub(create_app(engine, publisher=publisher))
    yield engine, hub.start(), token, agent
    hub.stop()
    engine.dispose()


@pytest.mark.asyncio
async def test_a_reply_from_a_workstation_is_published_and_seen_in_its_replica(served_hub, cache):
    engine, url, token, agent = served_hub
    with engine.connect() as connection:
        case_id = connection.scalar(select(cases.c.id).order_by(cases.c.opened_ms))
    client = HubClient(url, token=token)
    outbox = Outbox(cache)
    pusher = Pusher(client, outbox)
    pusher.user_id = agent.id
    puller = Puller(client, Replica(cache))
    actions = CaseActions(outbox, pusher, lambda: agent.id)
    replies = ReplyService(ReplyRepository(cache), outbox, lambda: agent.id)
    try:
        await actions.claim(case_id)
        await pusher.drain()
        (claim,) = await outbox.entries_for_case(case_id)
        reply_id = await actions.reply(
            case_id, "So sorry — we rebooked you on the 9:40.", claim.detail["claim_token"]
        )
        assert [v.state for v in await replies.for_case(case_id)] == ["unsent"]  # not at the hub yet
        await pusher.drain()
        async with asyncio.timeout(30):
            while True:
                await puller.sync_once()
                views = await replies.for_case(case_id)
                if views[0].state == "published":
                    break
                assert views[0].state in ("queued", "sending"), views[0]
                await asyncio.sleep(0.05)
        assert (views[0].id, views[0].mine) == (reply_id, True)
        assert views[0].url.endswith(f"demo-reply-{reply_id}")
        brand = await cache.read(
            lambda c: c.execute(select(cache_schema.mentions).where(cache_schema.mentions.c.from_brand)).one()
        )
        assert (brand.case_id, brand.text) == (case_id, "So sorry — we rebooked you on the 9:40.")
        assert demo_post_counts(engine) == (1, 0)
    finally:
        await client.aclose()
