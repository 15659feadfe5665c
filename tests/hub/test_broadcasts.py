"""Team notes on the hub: from supervisors and admins, checked, stored once, pulled by whom they address."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from console.domain.broadcast import MAX_BROADCAST_TEXT
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.app import create_app
from console.hub.schema import broadcasts
from console.hub.scope import Scope
from tests.hub.conftest import bearer
from tests.hub.scoping import Mirror, act, build_world

T0 = 1_800_000_000_000


@pytest.fixture
def world(hub_engine):
    return build_world(hub_engine)


def note(workstation: str, seq: int, text: str, team_id: str | None = None, created_ms: int = T0) -> Mutation:
    payload = {"text": text} | ({"team_id": team_id} if team_id else {})
    return Mutation(uuid7(), workstation, seq, MutationKind.BROADCAST, "", created_ms, payload)


def send(engine, agent, *batch: Mutation, at: int = T0):
    return push.push(engine, agent, batch[0].workstation_id, batch, at_ms=at).results


def stored(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(select(broadcasts).order_by(broadcasts.c.seq)).all()


@pytest.mark.parametrize("name", ["sue", "ada"])
def test_supervisors_and_admins_send_a_note_stored_once_even_when_resent(hub_engine, world, name):
    sender = world.people[name]
    mutation = note(uuid7(), 1, "System outage on checkout — use the holding reply", "Support")
    (first,) = send(hub_engine, sender, mutation)
    (again,) = send(hub_engine, sender, mutation)  # the answer was lost: the outbox sends it again
    assert first.outcome is Outcome.APPLIED and first.visible_at is not None
    assert again.outcome is Outcome.DUPLICATE and again.visible_at == first.visible_at
    (row,) = stored(hub_engine)
    assert (row.id, row.team_id, row.author_id, row.created_ms) == (mutation.id, "Support", sender.id, T0)
    assert row.seq == first.visible_at and row.text.startswith("System outage")


def test_an_agent_may_not_send_a_note(hub_engine, world):
    (result,) = send(hub_engine, world.people["ana"], note(uuid7(), 1, "hello everyone"))
    assert result.outcome is Outcome.REJECTED
    assert result.reason == "team notes are sent by supervisors and admins only; this account's role is agent"
    assert stored(hub_engine) == []


def test_a_reviewer_cannot_push_at_all(hub_engine, world):
    with TestClient(create_app(hub_engine)) as client:
        token = auth.issue_token(hub_engine, world.people["rex"]).token
        mutation = note(uuid7(), 1, "hello")
        item = {"id": mutation.id, "seq": 1, "kind": "broadcast", "case_id": "", "payload": {"text": "hello"}}
        answer = client.post(
            "/v1/sync/push",
            json={"workstation_id": mutation.workstation_id, "mutations": [item]},
            headers=bearer(token),
        )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("text", "team", "reason"),
    [
        ("   ", None, "'text' is empty"),
        ("x" * (MAX_BROADCAST_TEXT + 1), None, f"the limit is {MAX_BROADCAST_TEXT:,}"),
        ("hello", "Nowhere", "no team 'Nowhere' on this hub; teams: "),
        # PostgreSQL's text cannot hold a NUL: refused, or the hub fails on every resend of the batch
        ("pasted\x00text", None, "contains a NUL character"),
        ("hello", "Sup\x00port", "'team_id' contains a NUL character"),
    ],
)
def test_a_bad_note_is_refused_with_its_reason_and_nothing_is_stored(hub_engine, world, text, team, reason):
    (result,) = send(hub_engine, world.people["sue"], note(uuid7(), 1, text, team))
    assert result.outcome is Outcome.REJECTED and reason in result.reason
    assert stored(hub_engine) == []


def test_a_note_written_offline_keeps_its_time_but_never_one_in_the_future(hub_engine, world):
    desk = uuid7()
    send(hub_engine, world.people["sue"], note(desk, 1, "written on the train", created_ms=T0 - 60_000))
    send(hub_engine, world.people["sue"], note(desk, 2, "clock ahead", created_ms=T0 + 3_600_000))
    assert [row.created_ms for row in stored(hub_engine)] == [T0 - 60_000, T0]


def test_notes_reach_their_teams_everyone_notes_reach_all_and_overseers_see_every_note(hub_engine, world):
    sue = world.people["sue"]
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to Support", team_id="Support")
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to Legal", team_id="Legal")
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to everyone")

    def texts(name: str) -> set[str]:
        mirror = Mirror(Scope.of(world.people[name])).sync(hub_engine)
        return {row["text"] for row in mirror.rows["broadcast"].values()}

    assert texts("ana") == {"to Support", "to everyone"}
    assert texts("lee") == {"to Legal", "to everyone"}
    for overseer in ("sue", "rex", "ada"):
        assert texts(overseer) == {"to Support", "to Legal", "to everyone"}
    with hub_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(broadcasts)) == 3
