"""Push on the hub: ordered, exactly-once mutations, claims with leases and fencing tokens."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.domain.agent import Role
from console.domain.case import CaseStatus
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.app import create_app
from console.hub.cases import load_case
from console.hub.ingest import ingest
from console.hub.schema import cases, events, replies
from tests.hub.conftest import PASSWORD, bearer

GUIDANCE_STEP = {
    "session": "0193a1b2-0000-7000-8000-000000000001",
    "tree": "delay@1",
    "digest": "sha256:abc",
    "event": {
        "kind": "answered",
        "index": 4,
        "at": "2026-12-06T02:00:00+00:00",
        "tree": "delay@1",
        "node": "check-booking",
        "option": "yes",
        "values": None,
        "how": "override",
    },
}

T0 = 1_800_000_000_000


@pytest.fixture
def case_id(hub_engine, demo):
    ingest(hub_engine, [demo.mention(0, 1_000)])
    with hub_engine.connect() as connection:
        return connection.scalar(select(cases.c.id))


@pytest.fixture
def people(hub_engine):
    return {
        role: auth.add_user(hub_engine, role.value, PASSWORD, role, team_names=["Support"])
        for role in (Role.AGENT, Role.SUPERVISOR, Role.REVIEWER)
    } | {"other": auth.add_user(hub_engine, "other", PASSWORD, Role.AGENT, team_names=["Support"])}


class Desk:
    """One workstation of one user: numbers its mutations 1, 2, 3… as the outbox does."""

    def __init__(self, engine, agent):
        self.engine, self.agent, self.id, self.seq = engine, agent, uuid7(), 0

    def make(self, kind: MutationKind, case_id: str, **payload) -> Mutation:
        self.seq += 1
        return Mutation(uuid7(), self.id, self.seq, kind, case_id, T0, payload)

    def send(self, *batch: Mutation, at: int = T0):
        return push.push(self.engine, self.agent, self.id, batch, at_ms=at)

    def do(self, kind: MutationKind, case_id: str, at: int = T0, **payload):
        (result,) = self.send(self.make(kind, case_id, **payload), at=at).results
        return result


def test_each_mutation_applies_once_and_a_resend_gets_the_first_answer(hub_engine, people, case_id):
    desk = Desk(hub_engine, people[Role.AGENT])
    note = desk.make(MutationKind.NOTE, case_id, text="called the customer back")
    first = desk.send(note)
    again = desk.send(note)  # the response was lost; the outbox sends it again
    assert first.results[0].outcome is Outcome.APPLIED and first.next_seq == 2
    assert again.results[0].outcome is Outcome.DUPLICATE and again.next_seq == 2
    assert again.results[0].visible_at == first.results[0].visible_at
    with hub_engine.connect() as connection:
        assert load_case(connection, case_id).version == 4  # created, mention, routed, one note


def test_a_mutation_ahead_of_a_missing_one_waits(hub_engine, people, case_id):
    desk = Desk(hub_engine, people[Role.AGENT])
    first, second = (
        desk.make(MutationKind.TAG, case_id, tag="refund"),
        desk.make(MutationKind.TAG, case_id, tag="vip"),
    )
    answer = desk.send(second)
    assert answer.results == [] and answer.next_seq == 1
    answer = desk.send(second, first)  # any order in one batch: applied in sequence order
    assert [r.seq for r in answer.results] == [1, 2] and answer.next_seq == 3
    with hub_engine.connect() as connection:
        assert load_case(connection, case_id).tags == {"refund", "vip"}


def test_a_claim_is_granted_once_with_a_growing_fencing_token(hub_engine, people, case_id):
    ana, bob = Desk(hub_engine, people[Role.AGENT]), Desk(hub_engine, people["other"])
    granted = ana.do(MutationKind.CLAIM, case_id)
    assert granted.outcome is Outcome.APPLIED and granted.detail["claim_token"] == 1
    refused = bob.do(MutationKind.CLAIM, case_id, at=T0 + 1_000)
    assert refused.outcome is Outcome.REJECTED and "agent holds this case" in refused.reason
    renewed = ana.do(MutationKind.CLAIM, case_id, at=T0 + 60_000)
    assert renewed.detail["claim_token"] == 1  # a renewal keeps the token, moves the lease
    after_lease = T0 + 60_000 + push.CLAIM_LEASE_MS
    taken = bob.do(MutationKind.CLAIM, case_id, at=after_lease)
    assert taken.outcome is Outcome.APPLIED and taken.detail["claim_token"] == 2
    with hub_engine.connect() as connection:
        case = load_case(connection, case_id)
    assert (case.claim_holder, case.claim_token, case.status) == (people["other"].id, 2, CaseStatus.OPEN)


def test_a_supervisor_may_take_over_and_an_agent_may_not(hub_engine, people, case_id):
    ana, bob, sue = (Desk(hub_engine, people[k]) for k in (Role.AGENT, "other", Role.SUPERVISOR))
    ana.do(MutationKind.CLAIM, case_id)
    assert bob.do(MutationKind.CLAIM, case_id, takeover=True).outcome is Outcome.REJECTED
    assert bob.do(MutationKind.RELEASE, case_id).outcome is Outcome.REJECTED
    taken = sue.do(MutationKind.CLAIM, case_id, takeover=True)
    assert taken.outcome is Outcome.APPLIED and taken.detail["claim_token"] == 2


def test_a_reply_under_a_lost_claim_is_kept_for_review(hub_engine, people, case_id):
    ana, sue = Desk(hub_engine, people[Role.AGENT]), Desk(hub_engine, people[Role.SUPERVISOR])
    token = ana.do(MutationKind.CLAIM, case_id).detail["claim_token"]
    sue.do(MutationKind.CLAIM, case_id, takeover=True)
    late = ana.do(MutationKind.REPLY, case_id, reply_id=uuid7(), text="Sorry about that!", claim_token=token)
    assert late.outcome is Outcome.APPLIED and late.detail["reply_status"] == "needs_review"
    assert "the claim was lost" in late.reason and "held by supervisor" in late.reason
    current = sue.do(MutationKind.CLAIM, case_id).detail["claim_token"]
    fine = sue.do(MutationKind.REPLY, case_id, reply_id=uuid7(), text="We are on it.", claim_token=current)
    assert fine.detail["reply_status"] == "queued"
    with hub_engine.connect() as connection:
        statuses = sorted(connection.scalars(select(replies.c.status)))
    assert statuses == ["needs_review", "queued"]


def test_the_workflow_mutations_fold_into_the_case(hub_engine, people, case_id):
    ana = Desk(hub_engine, people[Role.AGENT])
    token = ana.do(MutationKind.CLAIM, case_id).detail["claim_token"]
    for kind, payload in [
        (MutationKind.DRAFT, {"text": "Hi Maria, "}),
        (MutationKind.DRAFT, {"text": "Hi Maria, we rebooked you"}),
        (MutationKind.GUIDANCE_STEP, GUIDANCE_STEP),
        (MutationKind.REPLY, {"reply_id": uuid7(), "text": "Rebooked on NW223.", "claim_token": token}),
        (MutationKind.RESOLVE, {"disposition": "rebooked"}),
    ]:
        assert ana.do(kind, case_id, **payload).outcome is Outcome.APPLIED
    with hub_engine.connect() as connection:
        case = load_case(connection, case_id)
    assert case.status is CaseStatus.RESOLVED and case.claim_holder is None
    assert ana.do(MutationKind.REOPEN, case_id, reason="customer wrote again").outcome is Outcome.APPLIED
    handed = ana.do(MutationKind.HANDOFF, case_id, team="Legal", reason="threatens to sue")
    assert handed.outcome is Outcome.APPLIED
    with hub_engine.connect() as connection:
        case = load_case(connection, case_id)
    assert (case.status, case.team) == (CaseStatus.OPEN, "Legal")


@pytest.mark.parametrize(
    ("kind", "payload", "reason"),
    [
        (MutationKind.NOTE, {}, "note needs 'text'"),
        (MutationKind.NOTE, {"text": "  "}, "'text' is empty"),
        (MutationKind.TAG, {"tag": "x", "colour": "red"}, "takes no 'colour'"),
        (MutationKind.REPLY, {"reply_id": "r", "text": "hi", "claim_token": "1"}, "must be int"),
        (MutationKind.HANDOFF, {"team": "Nope", "reason": "x"}, "no team 'Nope'"),
        (MutationKind.NOTE, {"text": "x" * 20_001}, "over 20,000 characters"),
        # PostgreSQL's text cannot hold NUL: refused alone, not a failure of the whole batch.
        (MutationKind.DRAFT, {"text": "pasted\x00"}, "'text' contains a NUL character"),
        (MutationKind.TAG, {"tag": "vi\x00p"}, "'tag' contains a NUL character"),
        (MutationKind.GUIDANCE_STEP, {"tree": "delay", "node": "n", "answer": "yes"}, "needs 'session'"),
        (MutationKind.GUIDANCE_STEP, {**GUIDANCE_STEP, "tree": "delay"}, "'tree' is id@version"),
        (
            MutationKind.GUIDANCE_STEP,
            {**GUIDANCE_STEP, "event": {**GUIDANCE_STEP["event"], "kind": "shrugged"}},
            "event kind 'shrugged' is unknown",
        ),
        (
            MutationKind.GUIDANCE_STEP,
            {**GUIDANCE_STEP, "event": {k: v for k, v in GUIDANCE_STEP["event"].items() if k != "how"}},
            "the answered event needs 'how'",
        ),
        (
            MutationKind.GUIDANCE_STEP,
            {**GUIDANCE_STEP, "event": {**GUIDANCE_STEP["event"], "how": "sideways"}},
            "does not read",
        ),
    ],
)
def test_bad_mutations_are_answered_with_a_reason_and_still_consume_their_number(
    hub_engine, people, case_id, kind, payload, reason
):
    desk = Desk(hub_engine, people[Role.AGENT])
    result = desk.do(kind, case_id, **payload)
    assert result.outcome is Outcome.REJECTED and reason in result.reason
    assert desk.do(MutationKind.NOTE, case_id, text="next").outcome is Outcome.APPLIED


def test_a_mutation_on_an_unknown_case_is_rejected(hub_engine, people):
    result = Desk(hub_engine, people[Role.AGENT]).do(MutationKind.NOTE, "no-such-case", text="hello")
    assert result.outcome is Outcome.REJECTED and "no case" in result.reason


def test_a_workstation_belongs_to_one_user(hub_engine, people, case_id):
    ana = Desk(hub_engine, people[Role.AGENT])
    ana.do(MutationKind.NOTE, case_id, text="mine")
    with pytest.raises(push.WorkstationError):
        push.push(hub_engine, people["other"], ana.id, [ana.make(MutationKind.NOTE, case_id, text="x")])


def test_the_push_endpoint_checks_roles_and_input(hub_engine, people, case_id, sign_in):
    with TestClient(create_app(hub_engine)) as client:
        body = {
            "workstation_id": uuid7(),
            "mutations": [
                {"id": uuid7(), "seq": 1, "kind": "note", "case_id": case_id, "payload": {"text": "hi"}}
            ],
        }
        reviewer = bearer(auth.issue_token(hub_engine, people[Role.REVIEWER]).token)
        assert client.post("/v1/sync/push", json=body, headers=reviewer).status_code == 403
        assert client.post("/v1/sync/push", json=body).status_code == 401
        agent = bearer(auth.issue_token(hub_engine, people[Role.AGENT]).token)
        answer = client.post("/v1/sync/push", json=body, headers=agent).json()
        assert answer["next_seq"] == 2 and answer["results"][0]["outcome"] == "applied"
        broken = {**body, "mutations": [{"id": "x", "seq": "two", "kind": "note", "case_id": case_id}]}
        response = client.post("/v1/sync/push", json=broken, headers=agent)
        assert response.status_code == 422 and "malformed mutation" in response.json()["detail"]
        other = bearer(auth.issue_token(hub_engine, people["other"]).token)
        assert client.post("/v1/sync/push", json=body, headers=other).status_code == 403


def test_presence_reaches_the_live_stream_only_while_fresh(hub_engine, people, case_id):
    desk = Desk(hub_engine, people[Role.AGENT])
    heard = []
    fresh = desk.make(MutationKind.PRESENCE, case_id, activity="typing")
    stale = Mutation(
        uuid7(), desk.id, 2, MutationKind.PRESENCE, case_id, T0 - 3_600_000, {"activity": "viewing"}
    )
    answer = push.push(
        hub_engine, desk.agent, desk.id, [fresh, stale], lambda a, m: heard.append(m), at_ms=T0
    )
    assert [r.outcome for r in answer.results] == [Outcome.APPLIED, Outcome.APPLIED]
    assert heard == [fresh] and answer.results[0].visible_at is None  # nothing in the case's history
    with hub_engine.connect() as connection:
        assert (
            load_case(connection, case_id).version == 3
        )  # created, mention, routed: presence is not history


def test_events_name_the_mutation_that_made_them(hub_engine, people, case_id):
    ana = Desk(hub_engine, people[Role.AGENT])
    claim = ana.make(MutationKind.CLAIM, case_id)
    note = ana.make(MutationKind.NOTE, case_id, text="called back")
    ana.send(claim, note)
    with hub_engine.connect() as connection:
        made = connection.execute(select(events.c.type, events.c.data).where(events.c.case_id == case_id))
        by_type = {kind: json.loads(data).get("mutation") for kind, data in made}
    assert by_type["claimed"] == claim.id and by_type["note_added"] == note.id
    assert by_type["case_created"] is None  # ingest's events come from no workstation


def test_the_claim_lease_is_the_hubs_setting(hub_engine, people, case_id):
    ana = Desk(hub_engine, people[Role.AGENT])
    answer = push.push(
        hub_engine, ana.agent, ana.id, [ana.make(MutationKind.CLAIM, case_id)], at_ms=T0, lease_ms=5_000
    )
    assert answer.results[0].detail["expires_ms"] == T0 + 5_000


def test_a_guidance_step_is_stored_as_a_case_event_with_the_payload_as_its_data(hub_engine, people, case_id):
    desk = Desk(hub_engine, people[Role.AGENT])
    result = desk.do(MutationKind.GUIDANCE_STEP, case_id, **GUIDANCE_STEP)
    assert result.outcome is Outcome.APPLIED
    with hub_engine.connect() as connection:
        (data,) = connection.scalars(
            select(events.c.data).where(events.c.case_id == case_id, events.c.type == "guidance_step")
        )
    stored = json.loads(data)
    assert stored == {**GUIDANCE_STEP, "mutation": result.mutation_id}


def test_set_priority_re_routes_the_case_by_hand_and_refuses_a_priority_out_of_range(
    hub_engine, people, case_id
):
    desk = Desk(hub_engine, people[Role.AGENT])
    result = desk.do(MutationKind.SET_PRIORITY, case_id, priority=95, reason="guidance: raise")
    assert result.outcome is Outcome.APPLIED
    with hub_engine.connect() as connection:
        assert load_case(connection, case_id).priority == 95
        (data,) = connection.scalars(
            select(events.c.data)
            .where(events.c.case_id == case_id, events.c.type == "routed")
            .order_by(events.c.at_ms.desc())
            .limit(1)
        )
    assert json.loads(data)["by"] == people[Role.AGENT].id
    assert desk.do(MutationKind.SET_PRIORITY, case_id, priority=95).reason == "already so"
    refused = desk.do(MutationKind.SET_PRIORITY, case_id, priority=101)
    assert refused.outcome is Outcome.REJECTED and "from 0 to 100" in refused.reason
