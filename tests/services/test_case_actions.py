"""Case actions through the outbox to a real hub on loopback: the bulk "Assign to…" path."""

import pytest
from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.domain.mutation import MutationKind, Outcome
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import cases
from console.hub.server import EmbeddedHub
from console.services.cases import ActionError, CaseActions
from console.storage import schema as cache_schema
from console.storage.database import CacheError
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from console.sync.pusher import Pusher

PASSWORD = "correct horse battery"


@pytest.fixture
def served_hub(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, 1_000 + i) for i in range(6)])
    teams = sorted({account.team for account in demo.accounts})
    people = {
        "sue": auth.add_user(engine, "sue", PASSWORD, Role.SUPERVISOR, team_names=teams),
        "ana": auth.add_user(engine, "ana", PASSWORD, Role.AGENT, team_names=teams),
        "rita": auth.add_user(engine, "rita", PASSWORD, Role.REVIEWER, team_names=teams),
    }
    hub = EmbeddedHub(create_app(engine))
    yield engine, hub.start(), people
    hub.stop()
    engine.dispose()


def _desk(url: str, engine, agent, cache):
    client = HubClient(url, token=auth.issue_token(engine, agent).token)
    outbox = Outbox(cache)
    pusher = Pusher(client, outbox)
    pusher.user_id = agent.id
    return outbox, pusher, Puller(client, Replica(cache)), CaseActions(outbox, pusher, lambda: agent.id)


@pytest.mark.asyncio
async def test_a_supervisor_assigns_several_cases_and_the_replica_shows_it(served_hub, cache):
    engine, url, people = served_hub
    with engine.connect() as connection:
        case_ids = list(connection.scalars(select(cases.c.id).order_by(cases.c.opened_ms)))
    assert len(case_ids) >= 2
    outbox, pusher, puller, actions = _desk(url, engine, people["sue"], cache)
    chosen = case_ids[:2]
    outcome = await actions.assign_each([chosen[0], chosen[1], chosen[0]], people["ana"].id)
    assert (outcome.done, outcome.refused) == (2, ())
    await pusher.drain()
    entries = [e for case_id in chosen for e in await outbox.entries_for_case(case_id)]
    assert [(e.mutation.kind, e.outcome) for e in entries] == [(MutationKind.ASSIGN, Outcome.APPLIED)] * 2
    await puller.sync_once()
    replica = cache_schema.cases
    rows = await cache.read(lambda c: dict(c.execute(select(replica.c.id, replica.c.assignee)).all()))
    assert {rows[case_id] for case_id in chosen} == {people["ana"].id}
    assert {rows[case_id] for case_id in case_ids[2:]} == {None}
    await actions.assign_each(chosen, None)
    await pusher.drain()
    await puller.sync_once()
    rows = await cache.read(lambda c: dict(c.execute(select(replica.c.id, replica.c.assignee)).all()))
    assert {rows[case_id] for case_id in chosen} == {None}


@pytest.mark.asyncio
async def test_an_agent_giving_a_case_to_a_colleague_is_refused_by_the_hub_with_its_reason(served_hub, cache):
    engine, url, people = served_hub
    with engine.connect() as connection:
        case_id = connection.scalar(select(cases.c.id))
    outbox, pusher, _puller, actions = _desk(url, engine, people["ana"], cache)
    await actions.assign(case_id, people["sue"].id)
    await pusher.drain()
    (entry,) = await outbox.entries_for_case(case_id)
    assert entry.outcome is Outcome.REJECTED and "only a supervisor may assign" in entry.reason


@pytest.mark.asyncio
async def test_a_bulk_assignment_goes_on_past_a_case_it_cannot_queue(cache):
    refused_for = "case-2"

    class PickyOutbox(Outbox):
        async def enqueue(self, user_id, kind, case_id, payload):
            if case_id == refused_for:
                raise CacheError("the local cache is read-only")
            return await super().enqueue(user_id, kind, case_id, payload)

    outbox = PickyOutbox(cache)
    pusher = Pusher(HubClient("http://127.0.0.1:9", token="t"), outbox)
    actions = CaseActions(outbox, pusher, lambda: "u-1")
    outcome = await actions.assign_each(["case-1", refused_for, "case-3"], "u-2")
    assert outcome.done == 2 and outcome.refused == ("case-2: the local cache is read-only",)
    queued = await outbox.pending("u-1")
    assert [(m.case_id, dict(m.payload)) for m in queued] == [
        ("case-1", {"assignee": "u-2"}),
        ("case-3", {"assignee": "u-2"}),
    ]


@pytest.mark.asyncio
async def test_an_empty_assignee_unassigns_and_a_signed_out_desk_queues_nothing(cache):
    outbox = Outbox(cache)
    pusher = Pusher(HubClient("http://127.0.0.1:9", token="t"), outbox)
    mutation = await CaseActions(outbox, pusher, lambda: "u-1").assign("case-1", "")
    assert dict(mutation.payload) == {"assignee": None}
    with pytest.raises(ActionError, match="Sign in"):
        await CaseActions(outbox, pusher, lambda: None).assign("case-1", "u-2")


@pytest.mark.asyncio
async def test_snooze_queues_the_time_or_none_to_wake_and_refuses_a_time_that_is_not_epoch_ms(cache):
    outbox = Outbox(cache)
    actions = CaseActions(outbox, Pusher(HubClient("http://127.0.0.1:9", token="t"), outbox), lambda: "u-1")
    await actions.snooze("case-1", 1_800_000_000_000)
    await actions.snooze("case-1", None)
    with pytest.raises(ActionError, match="until_ms"):
        await actions.snooze("case-1", "tomorrow")  # type: ignore[arg-type]
    queued = await outbox.pending("u-1")
    assert [(m.kind, dict(m.payload)) for m in queued] == [
        (MutationKind.SNOOZE, {"until_ms": 1_800_000_000_000}),
        (MutationKind.SNOOZE, {"until_ms": None}),
    ]
