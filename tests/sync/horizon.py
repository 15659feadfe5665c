"""A hub with an old history for horizon and Keep offline tests: old resolved cases, old open ones."""

from dataclasses import dataclass, replace

import httpx
from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.agent import Agent, Role
from console.domain.clock import now_ms
from console.domain.ids import uuid7
from console.domain.kept import DAY_MS
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.app import create_app
from console.hub.database import reader
from console.hub.ingest import ingest
from console.hub.schema import cases
from tests.sync.conftest import SignedIn

DAYS = 30  # the workstation's horizon in these tests
OLD = now_ms() - 200 * DAY_MS  # the old history: well before the floor


@dataclass
class OldHub:
    agent: Agent
    transport: httpx.AsyncBaseTransport
    resolved: list[str]  # old cases resolved long ago: beyond the horizon
    open: list[str]  # old cases never resolved: kept by the pull however old


def old_hub(hub, mentions: int = 12, resolved: int = 4) -> OldHub:
    """``mentions`` demo mentions from 200 days ago; the first ``resolved`` cases resolved then."""
    demo = DemoChannel.bundled()
    ingest(hub, [demo.mention(i, OLD + i * 1000) for i in range(mentions)], now=OLD + mentions * 1000)
    agent = auth.add_user(hub, "sup", "correct horse battery", Role.SUPERVISOR)
    with reader(hub).connect() as connection:
        ids = list(connection.scalars(select(cases.c.id).order_by(cases.c.opened_ms, cases.c.id)))
    assert len(ids) > resolved, "the demo mentions must make more cases than are resolved"
    for case_id in ids[:resolved]:
        act(hub, agent, MutationKind.RESOLVE, case_id, OLD + 100_000, disposition="answered")
    transport = SignedIn(httpx.ASGITransport(app=create_app(hub)), auth.issue_token(hub, agent).token)
    return OldHub(agent, transport, ids[:resolved], ids[resolved:])


def act(hub, agent: Agent, kind: MutationKind, case_id: str, at_ms: int, **payload) -> None:
    mutation = Mutation(uuid7(), uuid7(), 1, kind, case_id, at_ms, payload)
    (result,) = push.push(hub, agent, mutation.workstation_id, [mutation], at_ms=at_ms).results
    assert result.outcome is Outcome.APPLIED, result.reason


def write_again(hub, case_id: str, n: int = 0) -> None:
    """The customer writes again in the case's conversation, now: the case reopens."""
    with reader(hub).connect() as connection:
        key, account = connection.execute(
            select(cases.c.conversation_key, cases.c.account_id).where(cases.c.id == case_id)
        ).one()
    demo = DemoChannel.bundled()
    template = next(
        demo.mention(i, 0) for i in range(len(demo.items)) if demo.mention(i, 0).account_id == account
    )
    ingest(
        hub,
        [replace(template, external_id=f"again-{case_id}-{n}", conversation_key=key, created_ms=now_ms())],
    )
