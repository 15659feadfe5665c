"""The ``assign`` mutation on the hub: who may give a case to whom, and what it leaves in the log."""

import json

import pytest
from sqlalchemy import func, select

from console.domain.agent import Role
from console.domain.mention import BrandAccount
from console.domain.mutation import MutationKind, Outcome
from console.hub import auth
from console.hub.cases import load_case
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import accounts, cases, events
from tests.hub.conftest import PASSWORD
from tests.hub.test_push import T0, Desk


@pytest.fixture
def case_id(hub_engine, demo):
    """A case whose brand account belongs to Support."""
    mention = demo.mention(0, 1_000)
    upsert_accounts(
        hub_engine, [BrandAccount(mention.account_id, mention.network, "@acme", "Acme", "Support")]
    )
    ingest(hub_engine, [mention])
    with hub_engine.connect() as connection:
        return connection.scalar(select(cases.c.id))


@pytest.fixture
def owner(hub_engine, case_id):
    """The team that owns the case (its brand account's, until it is handed anywhere)."""
    with hub_engine.connect() as connection:
        return connection.scalar(
            select(func.coalesce(cases.c.team, accounts.c.team))
            .select_from(cases.outerjoin(accounts, accounts.c.id == cases.c.account_id))
            .where(cases.c.id == case_id)
        )


@pytest.fixture
def people(hub_engine, owner):
    outside = "Legal"

    def add(name, role, team):
        return auth.add_user(hub_engine, name, PASSWORD, role, team_names=[team])

    made = {
        "ana": add("ana", Role.AGENT, owner),
        "bob": add("bob", Role.AGENT, owner),
        "sue": add("sue", Role.SUPERVISOR, owner),
        "rita": add("rita", Role.REVIEWER, owner),
        "root": add("root", Role.ADMIN, owner),
        "lee": add("lee", Role.AGENT, outside),
        "gone": add("gone", Role.AGENT, owner),
    }
    auth.set_disabled(hub_engine, "gone", True)
    return made


def _assigned(hub_engine, case_id) -> list[dict]:
    with hub_engine.connect() as connection:
        rows = connection.execute(
            select(events.c.actor, events.c.data)
            .where(events.c.case_id == case_id, events.c.type == "assigned")
            .order_by(events.c.seq)
        ).all()
    return [{"actor": actor, **json.loads(data)} for actor, data in rows]


def _case(hub_engine, case_id):
    with hub_engine.connect() as connection:
        return load_case(connection, case_id)


def test_a_supervisor_assigns_and_reassigns_and_the_log_says_who_and_why(hub_engine, people, case_id):
    sue = Desk(hub_engine, people["sue"])
    first = sue.make(MutationKind.ASSIGN, case_id, assignee=people["ana"].id)
    answer = sue.send(first).results[0]
    assert answer.outcome is Outcome.APPLIED and answer.reason == "" and answer.visible_at
    assert sue.do(MutationKind.ASSIGN, case_id, assignee=people["bob"].id).outcome is Outcome.APPLIED
    assert _case(hub_engine, case_id).assignee == people["bob"].id
    log = _assigned(hub_engine, case_id)
    assert [(e["assignee"], e["by"], e["actor"], e["reason"]) for e in log] == [
        (people["ana"].id, people["sue"].id, people["sue"].id, "manual"),
        (people["bob"].id, people["sue"].id, people["sue"].id, "manual"),
    ]
    assert log[0]["mutation"] == first.id
    assert sue.do(MutationKind.ASSIGN, case_id, assignee=None).outcome is Outcome.APPLIED
    assert _case(hub_engine, case_id).assignee is None


def test_assigning_never_touches_the_claim(hub_engine, people, case_id):
    ana, sue = Desk(hub_engine, people["ana"]), Desk(hub_engine, people["sue"])
    token = ana.do(MutationKind.CLAIM, case_id).detail["claim_token"]
    before = _case(hub_engine, case_id)
    assert sue.do(MutationKind.ASSIGN, case_id, assignee=people["bob"].id).outcome is Outcome.APPLIED
    after = _case(hub_engine, case_id)
    assert (after.claim_holder, after.claim_token, after.claim_expires_ms) == (
        people["ana"].id,
        token,
        before.claim_expires_ms,
    )
    assert after.assignee == people["bob"].id


def test_an_agent_takes_a_free_case_and_gives_it_back_but_no_more(hub_engine, people, case_id):
    ana, bob = Desk(hub_engine, people["ana"]), Desk(hub_engine, people["bob"])
    refused = ana.do(MutationKind.ASSIGN, case_id, assignee=people["bob"].id)
    assert refused.outcome is Outcome.REJECTED and "only a supervisor may assign" in refused.reason
    assert ana.do(MutationKind.ASSIGN, case_id, assignee=people["ana"].id).outcome is Outcome.APPLIED
    taken = bob.do(MutationKind.ASSIGN, case_id, assignee=people["bob"].id)
    assert taken.outcome is Outcome.REJECTED and "assigned to ana" in taken.reason
    assert bob.do(MutationKind.ASSIGN, case_id, assignee="").outcome is Outcome.REJECTED
    again = ana.do(MutationKind.ASSIGN, case_id, assignee=people["ana"].id)
    assert again.outcome is Outcome.APPLIED and again.reason == "already assigned to ana"
    assert ana.do(MutationKind.ASSIGN, case_id, assignee="").outcome is Outcome.APPLIED  # "" unassigns
    assert _case(hub_engine, case_id).assignee is None
    assert len(_assigned(hub_engine, case_id)) == 2  # the no-op left nothing in the log


def test_outside_the_owning_team_only_a_supervisor_may_and_the_event_says_so(
    hub_engine, people, case_id, owner
):
    assert owner == "Support"
    lee, sue = Desk(hub_engine, people["lee"]), Desk(hub_engine, people["sue"])
    refused = lee.do(MutationKind.ASSIGN, case_id, assignee=people["lee"].id)
    assert refused.outcome is Outcome.REJECTED and f"lee is not in {owner}" in refused.reason
    applied = sue.do(MutationKind.ASSIGN, case_id, assignee=people["lee"].id)
    assert applied.outcome is Outcome.APPLIED
    (event,) = _assigned(hub_engine, case_id)
    assert event["assignee"] == people["lee"].id
    assert "outside the team" in event["reason"] and f"not in {owner}" in event["reason"]


def test_an_admin_may_assign_like_a_supervisor(hub_engine, people, case_id):
    root = Desk(hub_engine, people["root"])
    assert root.do(MutationKind.ASSIGN, case_id, assignee=people["bob"].id).outcome is Outcome.APPLIED
    assert _case(hub_engine, case_id).assignee == people["bob"].id


@pytest.mark.parametrize(
    ("who", "assignee", "reason"),
    [
        ("sue", "no-such-user", "no user 'no-such-user'"),
        ("sue", "gone", "account is disabled"),
        ("sue", "rita", "rita is a reviewer: only agents and supervisors take cases"),
        ("sue", "root", "root is an admin"),
        ("rita", "rita", "a reviewer may not change cases"),
        ("sue", 7, "'assignee' must be str or null"),
        ("sue", " ana", "without spaces"),
    ],
)
def test_bad_assignments_are_refused_with_a_reason(hub_engine, people, case_id, who, assignee, reason):
    desk = Desk(hub_engine, people[who])
    target = people[assignee].id if assignee in people else assignee
    result = desk.do(MutationKind.ASSIGN, case_id, assignee=target)
    assert result.outcome is Outcome.REJECTED and reason in result.reason
    assert _case(hub_engine, case_id).assignee is None and _assigned(hub_engine, case_id) == []


def test_an_assign_needs_its_field(hub_engine, people, case_id):
    result = Desk(hub_engine, people["sue"]).do(MutationKind.ASSIGN, case_id)
    assert result.outcome is Outcome.REJECTED and "assign needs 'assignee'" in result.reason


def test_a_resolved_case_is_not_assigned(hub_engine, people, case_id):
    sue = Desk(hub_engine, people["sue"])
    assert sue.do(MutationKind.RESOLVE, case_id).outcome is Outcome.APPLIED
    refused = sue.do(MutationKind.ASSIGN, case_id, assignee=people["ana"].id)
    assert refused.outcome is Outcome.REJECTED and "resolved" in refused.reason


def test_a_resend_of_an_assignment_is_a_duplicate_with_the_first_answer(hub_engine, people, case_id):
    sue = Desk(hub_engine, people["sue"])
    mutation = sue.make(MutationKind.ASSIGN, case_id, assignee=people["ana"].id)
    first = sue.send(mutation).results[0]
    again = sue.send(mutation, at=T0 + 5_000).results[0]
    assert again.outcome is Outcome.DUPLICATE and again.visible_at == first.visible_at
    assert len(_assigned(hub_engine, case_id)) == 1


def test_after_a_hand_off_the_new_team_owns_the_case(hub_engine, people, case_id):
    ana, lee, sue = (Desk(hub_engine, people[k]) for k in ("ana", "lee", "sue"))
    assert (
        sue.do(MutationKind.HANDOFF, case_id, team="Legal", reason="threatens to sue").outcome
        is Outcome.APPLIED
    )
    refused = ana.do(MutationKind.ASSIGN, case_id, assignee=people["ana"].id)
    assert refused.outcome is Outcome.REJECTED and "ana is not in Legal" in refused.reason
    assert lee.do(MutationKind.ASSIGN, case_id, assignee=people["lee"].id).outcome is Outcome.APPLIED
    assert _assigned(hub_engine, case_id)[-1]["reason"] == "manual"
