"""The guidance path as it stood after each step, for a replay: backs, overrides, sub-trees,
older steps, and events that do not read."""

from datetime import UTC, datetime

from console.guidance.replay_path import LEGACY_SESSION, fold_step
from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    Escalated,
    How,
    Note,
    SessionStarted,
    Suggested,
    step_payload,
)

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TREE = "refunds@2"


def fold(events, session: str = "s1"):
    states, state = [], ()
    for n, event in enumerate(events):
        state = fold_step(state, step_payload(session, TREE, "d", event), 1000 * n)
        states.append(state)
    return states


def path(state) -> list[tuple[str, str | None, str | None]]:
    return [(step.node, step.answer, step.how) for step in state[0].steps]


def test_each_step_shows_the_path_as_it_stood_with_how_each_answer_was_given():
    states = fold(
        [
            SessionStarted(0, AT, TREE, "d"),
            Entered(1, AT, TREE, "reason"),
            Suggested(2, AT, TREE, "reason", "Late", "intent is complaint", ()),
            Answered(3, AT, TREE, "reason", "Late", None, How.AUTO),
            Entered(4, AT, TREE, "amount"),
            Answered(5, AT, TREE, "amount", None, (("euros", 40),), How.MANUAL),
            Entered(6, AT, TREE, "approve"),
            Suggested(7, AT, TREE, "approve", "Yes", "under the limit", ()),
            Answered(8, AT, TREE, "approve", "No", None, How.OVERRIDE),
            Note(9, AT, TREE, "approve", "over the yearly limit"),
            Escalated(10, AT, TREE, "approve", "Finance", "hand_off", "limit"),
            Ended(11, AT, TREE, "approve", "escalated"),
        ]
    )
    assert states[0][0].tree == TREE and states[0][0].steps == ()
    assert path(states[1]) == [("reason", None, None)]
    assert states[2][0].steps[0].suggested == "Late" and states[2][0].steps[0].why == "intent is complaint"
    assert path(states[3]) == [("reason", "Late", "auto")]
    assert path(states[5]) == [("reason", "Late", "auto"), ("amount", "euros=40", "manual")]
    assert path(states[8])[-1] == ("approve", "No", "override")
    assert states[9][0].steps[-1].notes == ("over the yearly limit",)
    assert states[10][0].escalations == (("Finance", "hand_off", "limit"),)
    assert not states[10][0].ended and states[11][0].disposition == "escalated"
    # Earlier states are untouched by later steps (each frame keeps its own).
    assert path(states[3]) == [("reason", "Late", "auto")] and states[1][0].steps[0].at_ms == 1000


def test_going_back_drops_the_steps_after_and_the_answer_at_the_step():
    states = fold(
        [
            SessionStarted(0, AT, TREE, "d"),
            Entered(1, AT, TREE, "reason"),
            Answered(2, AT, TREE, "reason", "Late", None, How.MANUAL),
            Entered(3, AT, TREE, "amount"),
            Back(4, AT, TREE, "reason", 1),
            Answered(5, AT, TREE, "reason", "Lost", None, How.MANUAL),
            Back(6, AT, TREE, "reason", 99),  # not on the way: nothing changes
        ]
    )
    assert path(states[3]) == [("reason", "Late", "manual"), ("amount", None, None)]
    assert path(states[4]) == [("reason", None, None)]
    assert path(states[5]) == [("reason", "Lost", "manual")]
    assert states[6] is states[5]


def test_a_session_whose_start_is_missing_or_repeated_and_unreadable_steps():
    state = fold_step((), step_payload("s9", TREE, "d", Entered(3, AT, TREE, "amount")), 5)
    assert state[0].session == "s9" and state[0].tree == TREE and state[0].steps[0].node == "amount"
    started = fold_step(state, step_payload("s9", TREE, "d", SessionStarted(0, AT, TREE, "d")), 6)
    assert started is state
    broken = {"session": "s9", "tree": TREE, "event": {"kind": "entered", "index": 1}}
    assert fold_step(state, broken, 7) is state
    assert fold_step(state, {"nonsense": True}, 8) is state


def test_older_steps_before_sessions_read_as_one_session_of_answered_steps():
    state = fold_step((), {"tree": "delays", "node": "crew", "answer": "apologise", "how": "auto"}, 1)
    state = fold_step(state, {"tree": "delays", "node": "hotel", "answer": "book"}, 2)
    assert state[0].session == LEGACY_SESSION
    assert [(s.node, s.answer, s.how) for s in state[0].steps] == [
        ("crew", "apologise", "auto"),
        ("hotel", "book", None),
    ]


def test_two_sessions_side_by_side():
    first = fold([SessionStarted(0, AT, TREE, "d"), Entered(1, AT, TREE, "reason")], "a")[-1]
    both = fold_step(first, step_payload("b", "other@1", "d", SessionStarted(0, AT, "other@1", "d")), 9)
    both = fold_step(both, step_payload("b", "other@1", "d", Entered(1, AT, "other@1", "start")), 10)
    assert [s.session for s in both] == ["a", "b"]
    assert both[0] is first[0] and both[1].steps[0].node == "start"
