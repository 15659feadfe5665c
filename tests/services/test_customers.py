"""The customer profile end to end: a real hub on loopback, the outbox, the pull, the cache."""

import pytest
from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.domain.customer import CustomerEventType, Trend
from console.domain.mutation import Outcome
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import mentions
from console.hub.server import EmbeddedHub
from console.services.customers import CustomerActionError, CustomerService
from console.storage.customers_repo import CustomerRepository
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from console.sync.pusher import Pusher

PASSWORD = "correct horse battery"
T0 = 1_800_000_000_000
HOUR = 3600_000


@pytest.fixture
def served_hub(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, T0 + i * 60_000) for i in range(len(demo.items))], now=T0)
    teams = sorted({account.team for account in demo.accounts})
    ana = auth.add_user(engine, "ana", PASSWORD, Role.AGENT, name="Ana Silva", team_names=teams)
    hub = EmbeddedHub(create_app(engine))
    yield engine, hub.start(), ana
    hub.stop()
    engine.dispose()


class Desk:
    def __init__(self, url, engine, agent, cache, now):
        client = HubClient(url, token=auth.issue_token(engine, agent).token)
        self.outbox = Outbox(cache)
        self.pusher = Pusher(client, self.outbox)
        self.pusher.user_id = agent.id
        self.puller = Puller(client, Replica(cache))
        self.service = CustomerService(
            CustomerRepository(cache), self.outbox, self.pusher, lambda: agent.id, now
        )

    async def settle(self):
        await self.pusher.drain()
        return await self.puller.sync_once()


def case_of(engine, handle: str) -> str:
    with engine.connect() as connection:
        return connection.scalar(
            select(mentions.c.case_id)
            .where(mentions.c.author_handle == handle)
            .order_by(mentions.c.created_ms)
        )


@pytest.mark.asyncio
async def test_confirming_a_suggested_link_joins_the_profile_and_asks_before_the_next_reply(
    served_hub, cache
):
    engine, url, ana = served_hub
    clock = [T0 + 2 * HOUR]
    desk = Desk(url, engine, ana, cache, lambda: clock[0])
    applied = await desk.settle()
    assert applied.customers  # the initial sync carried every customer
    case_id = case_of(engine, "nina-reports.bsky.social")
    profile = await desk.service.for_case(case_id)
    assert profile.customer.display_name == "Nina Adeyemi" and profile.author.network == "bluesky"
    (suggested,) = profile.suggestions
    assert suggested.customer.identities[0].handle == "@nina_adeyemi"
    assert "same name: “Nina Adeyemi” and “Nina Adeyemi”" in suggested.suggestion.reasons
    assert profile.recently_merged == "" and await desk.service.recently_merged(case_id) == ""

    await desk.service.link(case_id, profile.customer.id, suggested.customer.id)
    await desk.settle()
    (entry,) = await desk.outbox.entries_for_case(case_id)
    assert entry.outcome is Outcome.APPLIED
    merged = await desk.service.for_case(case_id)
    clock[0] = merged.history[0].at_ms + HOUR  # the hub stamps the link at its own clock
    assert {i.network for i in merged.customer.identities} == {"bluesky", "x"}
    assert merged.suggestions == ()
    assert {case.network for case in merged.past_cases} == {"bluesky", "x"}
    assert merged.history[0].type is CustomerEventType.LINKED and merged.name_of(ana.id) == "Ana Silva"
    x_case = case_of(engine, "@nina_adeyemi")
    warning = await desk.service.recently_merged(x_case)
    assert warning == (
        "@nina_adeyemi on X was linked into this customer 1h ago by Ana Silva: "
        "make sure it is the same person before replying."
    )
    assert (await desk.service.recently_merged(case_id)).startswith("1 identity was linked")
    clock[0] += 24 * HOUR
    assert await desk.service.recently_merged(x_case) == ""


@pytest.mark.asyncio
async def test_notes_tier_details_and_a_dismissal_reach_the_profile(served_hub, cache):
    engine, url, ana = served_hub
    desk = Desk(url, engine, ana, cache, lambda: T0 + HOUR)
    await desk.settle()
    case_id = case_of(engine, "@nina_adeyemi")
    profile = await desk.service.for_case(case_id)
    me, other = profile.customer.id, profile.suggestions[0].customer.id
    await desk.service.add_note(case_id, me, "  Press: loop in comms before answering  ")
    await desk.service.set_tier(case_id, me, "vip")
    await desk.service.set_details(case_id, me, email="nina@example.org")
    await desk.service.dismiss(case_id, me, other)
    await desk.settle()
    after = await desk.service.for_case(case_id)
    assert after.customer.tier == "vip" and after.customer.email == "nina@example.org"
    assert [(n.text, after.name_of(n.author)) for n in after.notes] == [
        ("Press: loop in comms before answering", "Ana Silva")
    ]
    assert after.suggestions == ()  # dismissed: not suggested again, on either side
    assert (await desk.service.profile(other)).suggestions == ()
    assert [e.type.value for e in after.history] == ["dismissed", "details", "tier", "note"]


@pytest.mark.asyncio
async def test_past_cases_carry_their_sentiment_and_a_trend(served_hub, cache):
    engine, url, ana = served_hub
    desk = Desk(url, engine, ana, cache, lambda: T0)
    await desk.settle()
    profile = await desk.service.for_case(case_of(engine, "@maria_kowal"))
    (case,) = profile.past_cases  # her five posts about one delayed flight are one case
    assert case.mentions == 5 and case.sentiment < 0 and case.network == "x"
    assert case.excerpt.startswith("@NorthwindAir flight NW221 delayed")
    assert profile.trend is Trend.UNKNOWN  # one case is no trend


@pytest.mark.asyncio
async def test_a_malformed_change_is_refused_before_it_is_queued(cache):
    outbox = Outbox(cache)
    pusher = Pusher(HubClient("http://127.0.0.1:9", token="t"), outbox)
    service = CustomerService(CustomerRepository(cache), outbox, pusher, lambda: "u-1")
    with pytest.raises(CustomerActionError, match="no e-mail address"):
        await service.set_details("case-1", "cust-1", email="nina at example")
    with pytest.raises(CustomerActionError, match="'text' is empty"):
        await service.add_note("case-1", "cust-1", "   ")
    signed_out = CustomerService(CustomerRepository(cache), outbox, pusher, lambda: None)
    with pytest.raises(CustomerActionError, match="Sign in"):
        await signed_out.set_tier("case-1", "cust-1", "vip")
    assert await outbox.pending("u-1") == []
