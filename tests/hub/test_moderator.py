"""Hiding a customer's mention: the ``hide`` mutation refused where a network has no such call, and
the moderator's job lifecycle (done, failed for good, retried) on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import select

from console.channels.connector import Connector, PermanentError, TransientError, UncertainError
from console.domain.agent import Role
from console.domain.event import EventType
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.demo_connector import DemoConnector
from console.hub.ingest import ingest, upsert_accounts
from console.hub.moderator import ModerationPolicy, Moderator
from console.hub.schema import accounts, events, mentions, moderation_jobs
from tests.hub.conftest import PASSWORD

T0 = 1_800_000_000_000


class Clock:
    def __init__(self, now: int = T0):
        self.now = now

    def __call__(self) -> int:
        return self.now


class Scripted(Connector):
    """A network that answers each hide with the next word of its script: ``ok``, ``busy``
    (transient, with the network's own wait), ``lost`` (uncertain), ``gone`` (permanent)."""

    def __init__(self, *script: str):
        self.script = list(script)
        self.calls: list[tuple[str, str, bool]] = []

    async def publish(self, reply):  # pragma: no cover - not used here
        raise AssertionError

    async def find(self, reply):  # pragma: no cover - not used here
        raise AssertionError

    async def hide(self, account, external_id, hidden):
        self.calls.append((account.id, external_id, hidden))
        step = self.script.pop(0) if self.script else "ok"
        if step == "busy":
            raise TransientError("rate limited", retry_after_s=30)
        if step == "lost":
            raise UncertainError("read timed out")
        if step == "gone":
            raise PermanentError("(#100) the comment was deleted")


@pytest.fixture
def ana(hub_engine):
    return auth.add_user(hub_engine, "ana", PASSWORD, Role.AGENT, team_names=["Support", "Marketing"])


@pytest.fixture
def ingested(hub_engine, demo):
    """The demo's first seven mentions: 0 an X post, 2 an Instagram comment, 4 a Reddit comment,
    5 a Facebook comment, 6 an X reply to post 0 (a customer's post, not the brand's)."""
    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [demo.mention(i, T0 - 60_000 + i) for i in range(7)])
    with hub_engine.connect() as connection:
        rows = connection.execute(select(mentions.c.id, mentions.c.case_id, mentions.c.external_id))
        by_external = {row.external_id: row for row in rows}
    return [by_external[demo.mention(i, 0).external_id] for i in range(7)]


class Desk:
    def __init__(self, engine, agent):
        self.engine, self.agent, self.id, self.seq = engine, agent, uuid7(), 0

    def hide(self, mention, hidden=True, at=T0, **extra):
        self.seq += 1
        payload = {"mention_id": mention.id, "hidden": hidden, **extra}
        mutation = Mutation(uuid7(), self.id, self.seq, MutationKind.HIDE, mention.case_id, at, payload)
        (result,) = push.push(self.engine, self.agent, self.id, [mutation], at_ms=at).results
        return mutation, result


def moderator(engine, connector, clock, **policy) -> Moderator:
    with engine.connect() as connection:
        serves = {account_id: connector for account_id in connection.scalars(select(accounts.c.id))}
    return Moderator(engine, serves, ModerationPolicy(**policy), clock=clock, owner="hub-a")


def job(engine, job_id):
    with engine.connect() as connection:
        return connection.execute(select(moderation_jobs).where(moderation_jobs.c.id == job_id)).one()


def case_events(engine, case_id, *kinds: EventType):
    with engine.connect() as connection:
        rows = connection.execute(
            select(events.c.type, events.c.actor, events.c.data)
            .where(events.c.case_id == case_id, events.c.type.in_([k.value for k in kinds]))
            .order_by(events.c.seq)
        )
        return [(row.type, row.actor, json.loads(row.data)) for row in rows]


@pytest.mark.asyncio
async def test_a_hidden_comment_is_a_job_then_an_event_every_desk_pulls(hub_engine, ana, ingested):
    comment = ingested[5]  # Facebook
    mutation, result = Desk(hub_engine, ana).hide(comment, reason="abusive")
    assert result.outcome is Outcome.APPLIED, result.reason
    queued = job(hub_engine, mutation.id)
    assert (queued.status, queued.network, queued.hidden, queued.requested_by) == (
        "queued",
        "facebook",
        True,
        ana.id,
    )
    network = Scripted("ok")
    assert await moderator(hub_engine, network, Clock()).run_once() == 1
    assert network.calls == [("northwind-facebook", queued.external_id, True)]
    assert job(hub_engine, mutation.id).status == "done"
    told = case_events(hub_engine, comment.case_id, EventType.HIDE_REQUESTED, EventType.HIDDEN)
    assert [(kind, actor) for kind, actor, _ in told] == [("hide_requested", ana.id), ("hidden", ana.id)]
    assert told[1][2] == {"mention_id": comment.id, "hidden": True, "job_id": mutation.id}
    assert told[0][2]["reason"] == "abusive"
    assert await moderator(hub_engine, network, Clock()).run_once() == 0  # done once, never again


@pytest.mark.asyncio
async def test_unhide_goes_to_the_network_as_hidden_false(hub_engine, ana, ingested):
    comment = ingested[2]  # Instagram
    mutation, result = Desk(hub_engine, ana).hide(comment, hidden=False)
    assert result.outcome is Outcome.APPLIED, result.reason
    network = Scripted()
    await moderator(hub_engine, network, Clock()).run_once()
    assert network.calls == [("kettle-instagram", job(hub_engine, mutation.id).external_id, False)]
    ((_, _, data),) = case_events(hub_engine, comment.case_id, EventType.HIDDEN)
    assert data["hidden"] is False


@pytest.mark.asyncio
async def test_a_permanent_refusal_fails_the_job_at_once_with_the_networks_reason(hub_engine, ana, ingested):
    mutation, _ = Desk(hub_engine, ana).hide(ingested[5])
    network = Scripted("gone")
    await moderator(hub_engine, network, Clock()).run_once()
    assert len(network.calls) == 1
    failed = job(hub_engine, mutation.id)
    assert (failed.status, failed.attempts) == ("failed", 1)
    ((_, actor, data),) = case_events(hub_engine, ingested[5].case_id, EventType.HIDE_FAILED)
    assert actor == ana.id and data["reason"] == "(#100) the comment was deleted"


@pytest.mark.asyncio
async def test_transient_and_uncertain_answers_are_retried_after_a_backoff(hub_engine, ana, ingested):
    mutation, _ = Desk(hub_engine, ana).hide(ingested[5])
    clock, network = Clock(), Scripted("busy", "lost", "ok")
    hub = moderator(hub_engine, network, clock)
    await hub.run_once()
    waiting = job(hub_engine, mutation.id)
    assert waiting.status == "queued" and waiting.attempts == 1
    assert waiting.next_attempt_ms >= T0 + 30_000  # the network's Retry-After is honoured
    assert "rate limited" in waiting.last_error
    await hub.run_once()
    assert len(network.calls) == 1  # not due yet
    clock.now = waiting.next_attempt_ms
    await hub.run_once()  # uncertain: hiding is idempotent, so it is simply asked again later
    assert job(hub_engine, mutation.id).status == "queued"
    clock.now = job(hub_engine, mutation.id).next_attempt_ms
    await hub.run_once()
    assert len(network.calls) == 3 and job(hub_engine, mutation.id).status == "done"
    assert len(case_events(hub_engine, ingested[5].case_id, EventType.HIDDEN)) == 1
    assert case_events(hub_engine, ingested[5].case_id, EventType.HIDE_FAILED) == []


@pytest.mark.asyncio
async def test_retries_stop_after_the_last_attempt_with_the_last_reason(hub_engine, ana, ingested):
    mutation, _ = Desk(hub_engine, ana).hide(ingested[5])
    clock, network = Clock(), Scripted("lost", "lost")
    hub = moderator(hub_engine, network, clock, max_attempts=2)
    await hub.run_once()
    clock.now = job(hub_engine, mutation.id).next_attempt_ms
    await hub.run_once()
    assert job(hub_engine, mutation.id).status == "failed"
    ((_, _, data),) = case_events(hub_engine, ingested[5].case_id, EventType.HIDE_FAILED)
    assert data["reason"] == "gave up after 2 attempts: read timed out"


@pytest.mark.asyncio
async def test_a_connector_without_hiding_fails_the_job_saying_so(hub_engine, ana, ingested):
    mutation, _ = Desk(hub_engine, ana).hide(ingested[5])
    await moderator(hub_engine, DemoConnector(hub_engine), Clock()).run_once()
    assert job(hub_engine, mutation.id).status == "failed"
    ((_, _, data),) = case_events(hub_engine, ingested[5].case_id, EventType.HIDE_FAILED)
    assert data["reason"] == "hiding is not supported on Facebook"


def test_hiding_is_refused_where_the_network_cannot_hide_it(hub_engine, ana, ingested):
    desk = Desk(hub_engine, ana)
    refused = {
        "reddit comment": desk.hide(ingested[4])[1],
        "x post": desk.hide(ingested[0])[1],
        "x reply in a customer's thread": desk.hide(ingested[6])[1],
    }
    assert {name: (r.outcome, r.reason) for name, r in refused.items()} == {
        "reddit comment": (Outcome.REJECTED, "hiding is not supported on Reddit"),
        "x post": (Outcome.REJECTED, "X hides only comments and replies, not a post"),
        "x reply in a customer's thread": (
            Outcome.REJECTED,
            "X hides only replies in a conversation the brand started",
        ),
    }
    with hub_engine.connect() as connection:
        assert connection.execute(select(moderation_jobs)).first() is None


def test_a_mention_of_another_case_is_refused(hub_engine, ana, ingested):
    desk = Desk(hub_engine, ana)
    desk.seq += 1
    payload = {"mention_id": ingested[5].id, "hidden": True}
    mutation = Mutation(uuid7(), desk.id, desk.seq, MutationKind.HIDE, ingested[2].case_id, T0, payload)
    (result,) = push.push(hub_engine, ana, desk.id, [mutation], at_ms=T0).results
    assert result.outcome is Outcome.REJECTED
    assert result.reason == f"no mention {ingested[5].id} in this case"


def test_the_brands_own_post_is_refused(hub_engine, ana, demo):
    from dataclasses import replace

    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [replace(demo.mention(5, T0), from_brand=True)])
    with hub_engine.connect() as connection:
        own = connection.execute(select(mentions.c.id, mentions.c.case_id)).first()
    _, result = Desk(hub_engine, ana).hide(own)
    assert result.outcome is Outcome.REJECTED
    assert result.reason == "the brand's own posts are not hidden, they are deleted on the network"


def test_an_x_reply_in_a_conversation_the_brand_started_is_taken(hub_engine, ana, demo):
    from dataclasses import replace

    upsert_accounts(hub_engine, demo.accounts)
    brand_post, reply = replace(demo.mention(0, T0), from_brand=True), demo.mention(6, T0 + 1)
    assert reply.conversation_key.endswith(":" + brand_post.external_id)
    ingest(hub_engine, [brand_post, reply])
    with hub_engine.connect() as connection:
        row = connection.execute(
            select(mentions.c.id, mentions.c.case_id).where(mentions.c.external_id == reply.external_id)
        ).one()
    mutation, result = Desk(hub_engine, ana).hide(row)
    assert result.outcome is Outcome.APPLIED, result.reason
    assert job(hub_engine, mutation.id).network == "x"


@pytest.mark.asyncio
async def test_started_with_the_hub_it_settles_queued_jobs_in_the_background(hub_engine, ana, ingested):
    import asyncio

    mutation, _ = Desk(hub_engine, ana).hide(ingested[5])
    hub = moderator(hub_engine, Scripted("ok"), Clock(), poll_s=0.01)
    await hub.start()
    try:
        for _ in range(500):  # a pass runs at once; wait for it, however slow the machine
            if job(hub_engine, mutation.id).status == "done":
                break
            await asyncio.sleep(0.01)
    finally:
        await hub.stop()
    assert job(hub_engine, mutation.id).status == "done"
