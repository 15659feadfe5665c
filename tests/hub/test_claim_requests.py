"""Asking the holder for a case, and the holder handing it over or keeping it (collision control)."""

import json

from sqlalchemy import select

from console.domain.mutation import MutationKind, Outcome
from console.hub.cases import load_case
from console.hub.schema import events
from tests.hub.test_assign import case_id, owner, people  # noqa: F401  (fixtures)
from tests.hub.test_push import T0, Desk


def _case(hub_engine, case_id):  # noqa: F811
    with hub_engine.connect() as connection:
        return load_case(connection, case_id)


def _events(hub_engine, case_id, kind):  # noqa: F811
    with hub_engine.connect() as connection:
        rows = connection.execute(
            select(events.c.actor, events.c.data)
            .where(events.c.case_id == case_id, events.c.type == kind)
            .order_by(events.c.seq)
        ).all()
    return [{"actor": actor, **json.loads(data)} for actor, data in rows]


def test_a_holder_hands_the_case_to_the_colleague_who_asked(hub_engine, people, case_id):  # noqa: F811
    ana, bob = Desk(hub_engine, people["ana"]), Desk(hub_engine, people["bob"])
    assert ana.do(MutationKind.CLAIM, case_id).outcome is Outcome.APPLIED
    ana_token = _case(hub_engine, case_id).claim_token
    asked = bob.do(MutationKind.REQUEST_CLAIM, case_id, at=T0 + 1_000, message="I know this customer")
    assert asked.outcome is Outcome.APPLIED
    (request,) = _events(hub_engine, case_id, "claim_requested")
    assert request == {
        "actor": people["bob"].id,
        "holder": people["ana"].id,
        "message": "I know this customer",
        "mutation": request["mutation"],
    }
    given = ana.do(
        MutationKind.ANSWER_CLAIM_REQUEST, case_id, at=T0 + 2_000, requester=people["bob"].id, give=True
    )
    assert given.outcome is Outcome.APPLIED
    case = _case(hub_engine, case_id)
    assert case.claim_holder == people["bob"].id and case.claim_token == ana_token + 1
    assert given.detail == {"claim_token": case.claim_token, "expires_ms": case.claim_expires_ms}
    # Ana's old token is fenced off: a reply she queued before handing over is held for review, not sent.
    late = ana.do(MutationKind.REPLY, case_id, at=T0 + 3_000, reply_id="r1", text="hi", claim_token=ana_token)
    assert late.detail["reply_status"] == "needs_review" and "held by bob" in late.reason
    # Bob holds it now and replies with the new token.
    mine = bob.do(
        MutationKind.REPLY, case_id, at=T0 + 3_000, reply_id="r2", text="hello", claim_token=case.claim_token
    )
    assert mine.outcome is Outcome.APPLIED


def test_a_holder_keeps_the_case_and_the_asker_is_told(hub_engine, people, case_id):  # noqa: F811
    ana, bob = Desk(hub_engine, people["ana"]), Desk(hub_engine, people["bob"])
    ana.do(MutationKind.CLAIM, case_id)
    bob.do(MutationKind.REQUEST_CLAIM, case_id, at=T0 + 1_000)
    kept = ana.do(
        MutationKind.ANSWER_CLAIM_REQUEST, case_id, at=T0 + 2_000, requester=people["bob"].id, give=False
    )
    assert kept.outcome is Outcome.APPLIED
    assert _case(hub_engine, case_id).claim_holder == people["ana"].id
    (declined,) = _events(hub_engine, case_id, "claim_request_declined")
    assert declined["actor"] == people["ana"].id and declined["requester"] == people["bob"].id


def test_requests_and_answers_that_make_no_sense_are_refused_with_a_reason(hub_engine, people, case_id):  # noqa: F811
    ana, bob = Desk(hub_engine, people["ana"]), Desk(hub_engine, people["bob"])
    nobody = bob.do(MutationKind.REQUEST_CLAIM, case_id)
    assert nobody.outcome is Outcome.REJECTED and "claim it" in nobody.reason
    ana.do(MutationKind.CLAIM, case_id, at=T0 + 1)
    own = ana.do(MutationKind.REQUEST_CLAIM, case_id, at=T0 + 2)
    assert own.outcome is Outcome.REJECTED  # asking oneself
    not_holder = bob.do(
        MutationKind.ANSWER_CLAIM_REQUEST, case_id, at=T0 + 3, requester=people["ana"].id, give=True
    )
    assert not_holder.outcome is Outcome.REJECTED and "no longer hold" in not_holder.reason
    for who in ("rita", "gone"):  # a reviewer takes no cases; a disabled account takes nothing
        refused = ana.do(
            MutationKind.ANSWER_CLAIM_REQUEST, case_id, at=T0 + 4, requester=people[who].id, give=True
        )
        assert refused.outcome is Outcome.REJECTED and "may not take cases" in refused.reason
    assert _case(hub_engine, case_id).claim_holder == people["ana"].id
    malformed = bob.do(MutationKind.ANSWER_CLAIM_REQUEST, case_id, at=T0 + 5, requester=people["ana"].id)
    assert malformed.outcome is Outcome.REJECTED and "give" in malformed.reason


def test_a_note_names_the_colleagues_it_mentions(hub_engine, people, case_id):  # noqa: F811
    ana = Desk(hub_engine, people["ana"])
    text = "@BOB can you call her back? @sue fyi — not @gone, not @nobody, not bob@example.com"
    assert ana.do(MutationKind.NOTE, case_id, text=text).outcome is Outcome.APPLIED
    (note,) = _events(hub_engine, case_id, "note_added")
    assert note["text"] == text and note["mentions"] == [people["bob"].id, people["sue"].id]
    ana.do(MutationKind.NOTE, case_id, at=T0 + 1, text="no one named")
    assert "mentions" not in _events(hub_engine, case_id, "note_added")[1]
