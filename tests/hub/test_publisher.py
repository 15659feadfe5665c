"""The publisher on SQLite and PostgreSQL: fenced, retried, checked before any resend, one taker."""

import asyncio
import threading

import pytest
from sqlalchemy import func, select

from console.channels.connector import OutgoingReply, PermanentError, TransientError, UncertainError
from console.domain.agent import Role
from console.domain.case import CaseStatus
from console.domain.clock import now_ms
from console.domain.event import EventType
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.cases import load_case
from console.hub.database import create_hub_engine
from console.hub.demo_connector import DemoConnector, DemoFaults, demo_post_counts
from console.hub.ingest import ingest, upsert_accounts
from console.hub.publisher import Publisher, PublishPolicy
from console.hub.pull import pull
from console.hub.schema import accounts, cases, events, mentions, replies
from tests.hub.conftest import PASSWORD
from tests.hub.scoping import EVERYTHING

T0 = 1_800_000_000_000


class Clock:
    def __init__(self, now: int = T0):
        self.now = now

    def __call__(self) -> int:
        return self.now


class Scripted(DemoConnector):
    """The demo network, misbehaving on cue: each call takes the next word of its script.

    ``ok`` answers as the demo network does; ``busy`` is a transient refusal; ``rejected`` a
    permanent one; ``lost-before`` and ``lost-after`` an answer that never comes, before or after
    the post landed; ``hang-before`` and ``hang-after`` never answer at all (a process killed mid-call).
    """

    def __init__(self, engine, script=(), retry_after_s=None):
        super().__init__(engine)
        self.script = list(script)
        self.retry_after_s = retry_after_s
        self.calls: list[str] = []
        self.hanging = asyncio.Event()

    async def publish(self, reply: OutgoingReply):
        self.calls.append("publish")
        step = self.script.pop(0) if self.script else "ok"
        if step == "busy":
            raise TransientError("rate limited", self.retry_after_s)
        if step == "rejected":
            raise PermanentError("the post being answered was deleted")
        if step in ("lost-before", "hang-before"):
            return await self._lose(step)
        published = await super().publish(reply)
        if step in ("lost-after", "hang-after"):
            return await self._lose(step)
        return published

    async def find(self, reply: OutgoingReply):
        self.calls.append("find")
        return await super().find(reply)

    async def _lose(self, step: str):
        if step.startswith("hang"):
            self.hanging.set()
            await asyncio.Event().wait()
        raise UncertainError("read timed out")


@pytest.fixture
def agents(hub_engine):
    return {
        name: auth.add_user(hub_engine, name, PASSWORD, role, team_names=["Support"])
        for name, role in (("ana", Role.AGENT), ("sue", Role.SUPERVISOR))
    }


@pytest.fixture
def case_ids(hub_engine, demo):
    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [demo.mention(i, T0 - 60_000 + i) for i in range(6)])
    with hub_engine.connect() as connection:
        return list(connection.scalars(select(cases.c.id).order_by(cases.c.opened_ms)))


class Desk:
    def __init__(self, engine, agent):
        self.engine, self.agent, self.id, self.seq = engine, agent, uuid7(), 0

    def do(self, kind: MutationKind, case_id: str, at: int = T0, **payload):
        self.seq += 1
        mutation = Mutation(uuid7(), self.id, self.seq, kind, case_id, at, payload)
        (result,) = push.push(self.engine, self.agent, self.id, [mutation], at_ms=at).results
        assert result.outcome is Outcome.APPLIED, result.reason
        return result

    def claim_and_reply(self, case_id: str, text: str = "Sorry about that — we are on it.", at: int = T0):
        token = self.do(MutationKind.CLAIM, case_id, at=at).detail["claim_token"]
        reply_id = uuid7()
        self.do(MutationKind.REPLY, case_id, at=at, reply_id=reply_id, text=text, claim_token=token)
        return reply_id


def reply_row(engine, reply_id):
    with engine.connect() as connection:
        return connection.execute(select(replies).where(replies.c.id == reply_id)).one()


def publisher(engine, connector, clock=now_ms, owner="hub-a", **policy) -> Publisher:
    """A hub process's publisher with ``connector`` serving every brand account."""
    with engine.connect() as connection:
        serves = {account_id: connector for account_id in connection.scalars(select(accounts.c.id))}
    return Publisher(engine, serves, PublishPolicy(**policy), clock=clock, owner=owner)


def run(publisher_: Publisher) -> int:
    return asyncio.run(publisher_.run_once())


def test_a_reply_is_published_once_and_shows_in_its_conversation(hub_engine, agents, case_ids):
    case_id = case_ids[0]
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_id)
    queued_seq = reply_row(hub_engine, reply_id).seq
    clock = Clock(T0 + 1_000)
    assert run(publisher(hub_engine, DemoConnector(hub_engine), clock)) == 1
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.reason, row.attempts) == ("published", "", 1)
    assert row.external_id == f"demo-reply-{reply_id}" and row.url.endswith(row.external_id)
    assert row.seq > queued_seq and row.lease_owner is None
    assert demo_post_counts(hub_engine) == (1, 0)
    with hub_engine.connect() as connection:
        case = load_case(connection, case_id)
        brand = connection.execute(select(mentions).where(mentions.c.from_brand)).one()
        query = select(events.c.type).where(events.c.case_id == case_id).order_by(events.c.seq)
        kinds = list(connection.scalars(query))
    assert case.status is CaseStatus.PENDING and case.first_response_ms == clock.now
    assert case.mention_count == 1  # the brand's own message is in the conversation, not counted
    assert (brand.case_id, brand.text, brand.sentiment) == (case_id, row.text, "neutral")
    assert brand.parent_external_id == "demo-0-d0001"  # it answers the customer's message
    assert kinds[-1] == EventType.REPLY_PUBLISHED and EventType.MENTION_RECEIVED in kinds
    pulled = [
        data for kind, data in pull(hub_engine, None, 5000, scope=EVERYTHING).records() if kind == "reply"
    ]
    assert pulled[-1]["status"] == "published" and pulled[-1]["url"] == row.url
    assert run(publisher(hub_engine, DemoConnector(hub_engine), clock)) == 0  # nothing left to do


def test_transient_failures_back_off_exponentially_and_honour_retry_after(hub_engine, agents, case_ids):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    network = Scripted(hub_engine, ["busy", "busy", "busy", "ok"], retry_after_s=None)
    clock = Clock(T0 + 1_000)
    hub = publisher(hub_engine, network, clock)
    seen = []
    for attempt in (1, 2):
        run(hub)
        row = reply_row(hub_engine, reply_id)
        assert row.status == "queued" and row.attempts == attempt
        assert f"attempt {attempt} of 8 failed: rate limited; trying again" in row.reason
        wait = row.next_attempt_ms - clock.now
        assert 1_000 * 2 ** (attempt - 1) <= wait <= 2_000 * 2 ** (attempt - 1)  # 2 s doubling, jittered
        seen.append(row.seq)
        assert run(hub) == 0  # not due yet: nothing is sent early
        clock.now = row.next_attempt_ms
    network.retry_after_s = 600
    run(hub)
    row = reply_row(hub_engine, reply_id)
    assert row.next_attempt_ms - clock.now >= 600_000  # the network asked for ten minutes
    clock.now = row.next_attempt_ms
    run(hub)
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.attempts, network.calls) == ("published", 4, ["publish"] * 4)
    assert seen[0] < seen[1] < row.seq and demo_post_counts(hub_engine) == (1, 0)


def test_a_permanent_error_fails_the_reply_with_the_networks_reason(hub_engine, agents, case_ids):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    run(publisher(hub_engine, Scripted(hub_engine, ["rejected"]), Clock(T0 + 1_000)))
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.reason) == ("failed", "the post being answered was deleted")
    with hub_engine.connect() as connection:
        last = connection.execute(
            select(events.c.type, events.c.data).where(events.c.case_id == case_ids[0]).order_by(events.c.seq)
        ).all()[-1]
        assert load_case(connection, case_ids[0]).first_response_ms is None
    assert last.type == EventType.REPLY_FAILED and "deleted" in last.data
    assert demo_post_counts(hub_engine) == (0, 0)


def test_the_publisher_gives_up_after_its_attempts(hub_engine, agents, case_ids):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    clock = Clock(T0 + 1_000)
    hub = publisher(hub_engine, Scripted(hub_engine, ["busy", "lost-before"]), clock, max_attempts=2)
    run(hub)
    clock.now = reply_row(hub_engine, reply_id).next_attempt_ms
    run(hub)
    row = reply_row(hub_engine, reply_id)
    assert row.status == "failed" and row.reason.startswith("gave up after 2 attempts: read timed out")
    assert "may have been posted" in row.reason  # the last answer was lost: the agent should look


@pytest.mark.parametrize("lost", ["lost-after", "lost-before"])
def test_an_uncertain_attempt_is_checked_before_any_resend(hub_engine, agents, case_ids, lost):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    network = Scripted(hub_engine, [lost])
    clock = Clock(T0 + 1_000)
    hub = publisher(hub_engine, network, clock)
    run(hub)
    row = reply_row(hub_engine, reply_id)
    assert row.status == "sending" and row.lease_owner is None  # unknown: it stays "may be out there"
    assert "checking whether it was posted before trying again" in row.reason
    clock.now = row.lease_until_ms
    run(hub)
    row = reply_row(hub_engine, reply_id)
    assert row.status == "published" and row.external_id == f"demo-reply-{reply_id}"
    expected = ["publish", "find"] if lost == "lost-after" else ["publish", "find", "publish"]
    assert network.calls == expected
    assert demo_post_counts(hub_engine) == (1, 0)


@pytest.mark.parametrize("hang", ["hang-after", "hang-before"])
def test_a_hub_killed_while_sending_is_recovered_without_a_duplicate(hub_engine, agents, case_ids, hang):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    clock = Clock(T0 + 1_000)
    first = Scripted(hub_engine, [hang])

    async def killed_mid_call():
        hub = publisher(hub_engine, first, clock, owner="hub-a")
        task = asyncio.create_task(hub.run_once())
        await first.hanging.wait()
        task.cancel()  # the process dies here: no answer was ever written down

    asyncio.run(killed_mid_call())
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.lease_owner) == ("sending", "hub-a")
    assert [
        d["status"] for k, d in pull(hub_engine, None, 5000, scope=EVERYTHING).records() if k == "reply"
    ] == ["sending"]
    second = Scripted(hub_engine)
    other = publisher(hub_engine, second, clock, owner="hub-b")
    assert run(other) == 0  # the lease still runs: hub-a might be alive and about to answer
    clock.now = row.lease_until_ms
    run(other)
    row = reply_row(hub_engine, reply_id)
    assert row.status == "published" and demo_post_counts(hub_engine) == (1, 0)
    assert second.calls == (["find"] if hang == "hang-after" else ["find", "publish"])


def test_a_reply_whose_claim_was_lost_is_held_for_review(hub_engine, agents, case_ids):
    ana, sue = Desk(hub_engine, agents["ana"]), Desk(hub_engine, agents["sue"])
    taken_over = ana.claim_and_reply(case_ids[0])
    sue.do(MutationKind.CLAIM, case_ids[0], at=T0 + 500, takeover=True)
    expired = ana.claim_and_reply(case_ids[1])
    clock = Clock(T0 + 1_000 + push.CLAIM_LEASE_MS)
    run(publisher(hub_engine, DemoConnector(hub_engine), clock))
    lost, lapsed = reply_row(hub_engine, taken_over), reply_row(hub_engine, expired)
    assert lost.status == "needs_review" and "the claim was lost (written under token 1; now 2" in lost.reason
    assert "held by sue" in lost.reason
    assert (lapsed.status, lapsed.reason) == (
        "needs_review",
        "the claim expired before the hub could send it",
    )
    assert demo_post_counts(hub_engine) == (0, 0)
    with hub_engine.connect() as connection:
        kinds = connection.scalars(select(events.c.type).where(events.c.type == EventType.REPLY_NEEDS_REVIEW))
        assert len(list(kinds)) == 2


def test_a_reply_checked_after_an_uncertain_attempt_is_fenced_again(hub_engine, agents, case_ids):
    ana, sue = Desk(hub_engine, agents["ana"]), Desk(hub_engine, agents["sue"])
    reply_id = ana.claim_and_reply(case_ids[0])
    clock = Clock(T0 + 1_000)
    network = Scripted(hub_engine, ["lost-before"])
    run(publisher(hub_engine, network, clock))
    sue.do(MutationKind.CLAIM, case_ids[0], at=T0 + 2_000, takeover=True)
    clock.now = reply_row(hub_engine, reply_id).lease_until_ms
    run(publisher(hub_engine, network, clock))
    row = reply_row(hub_engine, reply_id)
    assert row.status == "needs_review" and "the claim was lost" in row.reason
    assert network.calls == ["publish", "find"] and demo_post_counts(hub_engine) == (0, 0)


def test_a_reply_is_left_to_the_hub_process_that_has_its_connector(hub_engine, agents, case_ids):
    reply_id = Desk(hub_engine, agents["ana"]).claim_and_reply(case_ids[0])
    clock = Clock(T0 + 1_000)
    run(Publisher(hub_engine, {}, clock=clock))  # a process without it must not hold the reply up
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.attempts, row.next_attempt_ms) == ("queued", 0, 0)
    run(publisher(hub_engine, DemoConnector(hub_engine), clock))
    assert reply_row(hub_engine, reply_id).status == "published"


@pytest.mark.postgres
def test_two_publishers_on_one_postgres_publish_each_reply_once(pg_url, demo):
    from console.hub import migrate

    engines = [create_hub_engine(pg_url) for _ in range(2)]  # two hub processes, one database
    engine = engines[0]
    migrate.upgrade(engine)
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, T0 - 60_000 + i) for i in range(12)])
    with engine.connect() as connection:
        case_ids = list(connection.scalars(select(cases.c.id)))
    desk = Desk(engine, auth.add_user(engine, "ana", PASSWORD, team_names=["Support"]))
    at = now_ms()
    reply_ids = [desk.claim_and_reply(case_id, f"reply {n}", at=at) for case_id in case_ids for n in range(3)]
    # Real time, short retries: the connectors fail and lose answers often, so the two processes
    # keep taking over each other's uncertain replies and must check before every resend.
    policy = {
        "max_attempts": 30,
        "first_retry_s": 0.01,
        "max_retry_s": 0.05,
        "call_timeout_s": 5,
        "lease_ms": 10_000,
    }
    taken = [0, 0]

    def process(index: int) -> None:  # its own engine, connector, event loop and thread
        faults = DemoFaults(failure_rate=0.2, uncertain_rate=0.3, latency_ms=2, seed=index)
        hub = publisher(engines[index], DemoConnector(engines[index], faults), owner=f"hub-{index}", **policy)

        async def drain():
            deadline = asyncio.get_running_loop().time() + 60
            while unsettled(engines[index]) and asyncio.get_running_loop().time() < deadline:
                taken[index] += await hub.run_once()
                await asyncio.sleep(0.005)

        asyncio.run(drain())

    threads = [threading.Thread(target=process, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(select(replies.c.status, func.count()).group_by(replies.c.status)).all()
        )
    assert statuses == {"published": len(reply_ids)}
    assert demo_post_counts(engine) == (len(reply_ids), 0)  # every reply posted once; no duplicate
    assert all(taken)  # both processes did take work
    for each in engines:
        each.dispose()


def unsettled(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(
            select(func.count()).select_from(replies).where(replies.c.status.in_(["queued", "sending"]))
        )
