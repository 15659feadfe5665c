"""End to end over loopback HTTP: a workstation asks to hide a customer's Facebook comment; the hub's
moderator takes it to the account's connector; the workstation's replica shows it hidden, with the
timeline saying who hid it."""

import asyncio

import pytest
from sqlalchemy import select

from console.channels.connector import Connector
from console.channels.demo import DemoChannel
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.moderator import ModerationPolicy, Moderator
from console.hub.schema import mentions
from console.hub.server import EmbeddedHub
from console.services.cases import CaseActions
from console.storage.case_repo import CaseRepository
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from console.sync.pusher import Pusher


class Network(Connector):
    """A network that hides what it is asked to (what the moderator calls is what is checked)."""

    def __init__(self):
        self.hidden: list[tuple[str, bool]] = []

    async def publish(self, reply):  # pragma: no cover - not used here
        raise AssertionError

    async def find(self, reply):  # pragma: no cover - not used here
        raise AssertionError

    async def hide(self, account, external_id, hidden):
        self.hidden.append((external_id, hidden))


@pytest.fixture
def served_hub(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    comment = demo.mention(5, 1_000)  # a customer's comment on Northwind Air's Facebook Page
    ingest(engine, [comment])
    agent = auth.add_user(engine, "ana", "correct horse battery", team_names=["Support"])
    token = auth.issue_token(engine, agent).token
    network = Network()
    moderator = Moderator(engine, {comment.account_id: network}, ModerationPolicy(poll_s=0.05))
    hub = EmbeddedHub(create_app(engine, moderator=moderator))
    with engine.connect() as connection:
        row = connection.execute(
            select(mentions.c.id, mentions.c.case_id, mentions.c.external_id).where(
                mentions.c.external_id == comment.external_id
            )
        ).one()
    yield hub.start(), token, agent, row, network
    hub.stop()
    engine.dispose()


@pytest.mark.asyncio
async def test_a_comment_hidden_from_a_workstation_shows_hidden_in_its_replica(served_hub, cache):
    url, token, agent, comment, network = served_hub
    client = HubClient(url, token=token)
    outbox = Outbox(cache)
    pusher = Pusher(client, outbox)
    pusher.user_id = agent.id
    puller = Puller(client, Replica(cache))
    actions = CaseActions(outbox, pusher, lambda: agent.id)
    cases = CaseRepository(cache)
    try:
        await actions.hide(comment.case_id, comment.id, True, "abusive")
        await pusher.drain()
        (entry,) = await outbox.entries_for_case(comment.case_id)
        assert entry.outcome == "applied", entry.reason
        async with asyncio.timeout(30):
            while True:
                await puller.sync_once()
                detail = await cases.detail(comment.case_id)
                if detail is not None and any(e.hidden for e in detail.conversation):
                    break
                await asyncio.sleep(0.05)
        assert network.hidden == [(comment.external_id, True)]
        assert [e.id for e in detail.conversation if e.hidden] == [comment.id]
        sentences = [t.sentence for t in detail.timeline]
        assert sentences[-2:] == [
            "ana asked Facebook to hide Lucía Fernández's message",
            "Hidden on Facebook by ana: Lucía Fernández's message",
        ]
    finally:
        await client.aclose()
