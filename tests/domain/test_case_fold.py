import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.case import CaseStatus, InvalidEventError, apply_event, fold, fold_onto
from console.domain.event import Event, EventType
from console.domain.network import Network

CASE = "case-1"


def event(kind: EventType, at: int, actor: str = "system", **data) -> Event:
    return Event(f"e{at}", CASE, kind, at, actor, data)


def created(at: int = 1) -> Event:
    return event(EventType.CASE_CREATED, at, network="x", account_id="nw-x", conversation_key="k")


def test_a_case_is_the_fold_of_its_lifecycle():
    case = fold(
        [
            created(1),
            event(EventType.MENTION_RECEIVED, 1, "customer"),
            event(EventType.CLAIMED, 5, "ana"),
            event(EventType.TAGGED, 6, "ana", tag="refund"),
            event(EventType.REPLY_PUBLISHED, 9, "ana"),
            event(EventType.RESOLVED, 12, "ana"),
        ]
    )
    assert case.status is CaseStatus.RESOLVED
    assert case.network is Network.X
    assert case.first_response_ms == 9
    assert case.resolved_ms == 12
    assert case.claim_holder is None  # resolving releases the claim
    assert case.tags == frozenset({"refund"})
    assert case.mention_count == 1
    assert case.version == 6


def test_a_new_mention_reopens_a_resolved_case_and_counts_the_reopen():
    case = fold(
        [
            created(1),
            event(EventType.MENTION_RECEIVED, 1, "customer"),
            event(EventType.RESOLVED, 3),
            event(EventType.MENTION_RECEIVED, 8, "customer"),
        ]
    )
    assert case.status is CaseStatus.OPEN
    assert case.reopen_count == 1
    assert case.resolved_ms is None
    assert case.last_mention_ms == 8


def test_a_customer_answer_moves_a_pending_case_back_to_open():
    case = fold([created(), event(EventType.REPLY_PUBLISHED, 2), event(EventType.MENTION_RECEIVED, 3)])
    assert case.status is CaseStatus.OPEN
    assert case.first_response_ms == 2


def test_first_response_time_is_kept_from_the_first_reply():
    case = fold([created(), event(EventType.REPLY_PUBLISHED, 2), event(EventType.REPLY_PUBLISHED, 7)])
    assert case.first_response_ms == 2


@pytest.mark.parametrize(
    "events",
    [
        [],
        [event(EventType.MENTION_RECEIVED, 1)],
        [created(), created(2)],
        [created(), Event("other", "case-2", EventType.RESOLVED, 2)],
    ],
    ids=["empty", "no-creation", "created-twice", "foreign-event"],
)
def test_impossible_histories_are_refused(events):
    with pytest.raises(InvalidEventError):
        fold(events)


_LATER = st.sampled_from(
    [
        EventType.MENTION_RECEIVED,
        EventType.CLAIMED,
        EventType.RELEASED,
        EventType.REPLY_PUBLISHED,
        EventType.RESOLVED,
        EventType.REOPENED,
        EventType.VIEWED,
        EventType.NOTE_ADDED,
    ]
)


@given(st.lists(_LATER, max_size=40))
def test_fold_equals_step_by_step_application_and_keeps_invariants(kinds):
    events = [created(0)] + [event(kind, i + 1, "ana") for i, kind in enumerate(kinds)]
    case = None
    for item in events:
        case = apply_event(case, item)
        assert (case.status is CaseStatus.RESOLVED) == (case.resolved_ms is not None)
        if case.status is CaseStatus.RESOLVED:
            assert case.claim_holder is None
    assert fold(events) == case
    assert case.version == len(events)
    assert case.mention_count == kinds.count(EventType.MENTION_RECEIVED)
    if EventType.REPLY_PUBLISHED in kinds:
        assert case.first_response_ms == kinds.index(EventType.REPLY_PUBLISHED) + 1


@given(st.lists(_LATER, max_size=40), st.integers(min_value=1, max_value=41))
def test_folding_onto_a_case_continues_its_history(kinds, split):
    """The hub folds a batch's new events onto the case it has stored: the same as one long fold."""
    events = [created(0)] + [event(kind, i + 1, "ana") for i, kind in enumerate(kinds)]
    split = min(split, len(events))
    assert fold_onto(fold(events[:split]), events[split:]) == fold(events)


def test_folding_onto_another_case_is_refused():
    with pytest.raises(InvalidEventError):
        fold_onto(fold([created()]), [Event("e9", "case-2", EventType.MENTION_RECEIVED, 9)])


def test_routing_sets_priority_and_service_level_and_a_reroute_changes_only_what_it_names():
    case = fold(
        [
            created(1),
            event(
                EventType.ROUTED,
                1,
                priority=72,
                sla_policy="x",
                first_response_due_ms=60,
                resolution_due_ms=480,
            ),
            event(EventType.RESOLVED, 100, "ana"),
            event(EventType.MENTION_RECEIVED, 200, "customer"),
            event(EventType.ROUTED, 200, priority=90, resolution_due_ms=680),
        ]
    )
    assert (case.priority, case.sla_policy) == (90, "x")
    assert (case.first_response_due_ms, case.resolution_due_ms) == (60, 680)
    assert case.status is CaseStatus.OPEN
