"""The guidance runner: every node type, suggestions, back and edit, replay, calls, and tree self-tests."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.guidance.checking import check_trees
from console.guidance.loading import load_tree
from console.guidance.runner import RunnerError, Session
from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    How,
    Note,
    SessionStarted,
    Suggested,
    event_from_dict,
)
from console.guidance.tree_tests import run_tests
from console.guidance.validation import Context, validate

VALID = Path(__file__).parent / "trees" / "valid"
CATALOG = frozenset({"refund_issued", "no_action_needed", "resolved_answered", "escalated_tier2"})

SUPPORT = """\
id: support
version: 1
title: Support
start: triage
variables:
  case.priority: {type: number}
  mention.sentiment: {type: choice, choices: [positive, neutral, negative]}
  customer.name: {type: text, max_length: 50}
templates:
  hello:
    text: "Hello {customer.name|there}, ticket {session.ticket} is open."
nodes:
  - id: triage
    type: route
    rules:
      - when: case.priority >= 80
        next: alert
    default: intro
  - {id: alert, type: escalate, mode: notify, team: PR, reason: A loud customer., next: intro}
  - {id: intro, type: info, text: Be kind., next: kind}
  - id: kind
    type: question
    prompt: What is it?
    options:
      - {label: Complaint, next: details, suggest_when: "mention.sentiment == 'negative'"}
      - {label: Question, next: lookup}
      - {label: Praise, next: thanks}
  - id: details
    type: input
    prompt: The ticket
    fields:
      - {name: ticket, type: text, max_length: 10}
      - {name: count, type: number, required: false}
    next: reply
  - {id: reply, type: response, template: hello, next: tag}
  - {id: tag, type: action, action: tag, value: complaint, success: resolved, failure: stuck}
  - {id: lookup, type: call, tree: lookup, version: 2, next: again}
  - id: again
    type: question
    prompt: Anything else?
    options:
      - {label: More, next: kind}
      - {label: Done, next: answered}
  - {id: thanks, type: end, disposition: no_action_needed}
  - {id: resolved, type: end, disposition: refund_issued}
  - {id: stuck, type: end, disposition: escalated_tier2}
  - {id: answered, type: end, disposition: resolved_answered}
tests:
  - name: a complaint, suggested and accepted
    variables: {mention.sentiment: negative, case.priority: 90}
    answers: {details: {ticket: T-1}}
    path: [triage, alert, intro, kind, details, reply, tag, resolved]
    disposition: refund_issued
  - name: a question, then another, then praise
    variables: {case.priority: 10}
    answers: {kind: Praise}
    path: [triage, intro, kind, thanks]
    disposition: no_action_needed
  - name: the action fails
    variables: {}
    answers: {kind: Complaint, details: {ticket: T-2}, tag: failure}
    path: [triage, intro, kind, details, reply, tag, stuck]
    disposition: escalated_tier2
  - name: a lookup in the sub-tree
    variables: {}
    answers: {kind: Question, again: Done}
    path: [triage, intro, kind, lookup, again, answered]
    disposition: resolved_answered
"""

LOOKUP = """\
id: lookup
version: 2
title: Lookup
start: found
nodes:
  - id: found
    type: question
    prompt: Found it?
    options:
      - {label: Found, next: done, suggest_when: "true"}
      - {label: Not found, next: done}
  - {id: done, type: end, disposition: no_action_needed}
tests:
  - name: found
    answers: {found: Found}
    path: [found, done]
    disposition: no_action_needed
"""


def _tree(text: str, name: str = "tree.yaml"):
    load = load_tree(name, text)
    assert load.tree is not None, load.problems
    return load.tree


SUPPORT_TREE = _tree(SUPPORT, "support.yaml")
LOOKUP_TREE = _tree(LOOKUP, "lookup.yaml")
TREES = {("support", 1): SUPPORT_TREE, ("lookup", 2): LOOKUP_TREE}
REFUND = load_tree(VALID / "refund_request.yaml").tree


def _resolve(tree_id: str, version: int):
    return TREES[tree_id, version]


class Clock:
    """A clock that moves a second per reading, so timestamps are distinct and known."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def _session(values=None, tree=SUPPORT_TREE, events=()) -> Session:
    return Session(tree, values or {}, clock=Clock(), resolver=_resolve, events=events)


def _started(values=None) -> Session:
    session = _session(values)
    session.start()
    return session


def _state(session: Session):
    return (
        session.steps,
        session.path,
        session.answers,
        session.superseded,
        session.suggestion,
        session.replies,
        session.escalations,
        session.notes,
        session.ended,
        dict(session.inputs),
    )


def test_the_fixture_trees_are_valid():
    context = Context(CATALOG, trees=frozenset(TREES))
    for tree in TREES.values():
        assert [p for p in validate(tree, context) if p.severity == "error"] == []


def test_start_passes_route_and_info_to_the_first_question():
    session = _started({"case.priority": 10})
    assert session.path == ("triage", "intro", "kind")
    assert session.current is not None and session.current.id == "kind"
    assert session.escalations == ()
    kinds = [type(e) for e in session.events]
    assert kinds == [SessionStarted, Entered, Entered, Entered]
    assert [e.index for e in session.events] == [0, 1, 2, 3]
    assert session.events[0].at < session.events[-1].at


def test_a_rule_that_holds_routes_and_an_escalation_waits_for_the_agent_then_records_and_follows():
    session = _started({"case.priority": 90})
    assert session.path == ("triage", "alert") and session.escalations == ()  # not told until confirmed
    with pytest.raises(RunnerError, match=r"is confirmed \(escalate\), not answered"):
        session.answer("Complaint")
    session.escalate("  Loud   and verified. ")
    assert session.path == ("triage", "alert", "intro", "kind")
    (escalated,) = session.escalations
    assert (escalated.node, escalated.team, escalated.mode, escalated.reason) == (
        "alert",
        "PR",
        "notify",
        "Loud and verified.",
    )


def test_enter_at_an_escalation_confirms_it_with_the_trees_reason():
    session = _started({"case.priority": 90})
    session.accept()
    assert session.escalations[0].reason == "A loud customer." and session.path[-1] == "kind"
    with pytest.raises(RunnerError, match="not at an escalation"):
        session.escalate()


def test_a_suggestion_shows_why_and_one_key_accepts_it():
    session = _started({"mention.sentiment": "negative"})
    suggested = session.suggestion
    assert isinstance(suggested, Suggested)
    assert (suggested.option, suggested.why) == ("Complaint", "mention.sentiment == 'negative'")
    assert dict(suggested.read) == {"mention.sentiment": "negative"}
    session.accept()
    answered = session.answers[-1]
    assert (answered.node, answered.option, answered.how) == ("kind", "Complaint", How.AUTO)
    assert session.current.id == "details"


def test_another_choice_overrides_the_suggestion_and_is_recorded():
    session = _started({"mention.sentiment": "negative"})
    session.answer("Praise")
    assert session.answers[-1].how is How.OVERRIDE
    assert session.disposition == "no_action_needed"
    assert isinstance(session.events[-1], Ended)


def test_without_a_suggestion_an_answer_is_manual_and_accept_is_refused():
    session = _started({"mention.sentiment": "positive"})
    assert session.suggestion is None
    with pytest.raises(RunnerError, match="nothing is suggested"):
        session.accept()
    session.answer("Praise")
    assert session.answers[-1].how is How.MANUAL


def test_an_input_checks_its_fields_and_fills_the_reply():
    session = _started()
    session.answer("Complaint")
    for wrong in ("T-1", {"ticket": 5}, {"ticket": "T" * 11}, {}, {"ticket": "T-1", "colour": "red"}):
        with pytest.raises(RunnerError):
            session.answer(wrong)
    assert session.answers[-1].node == "kind"  # nothing wrong was recorded
    session.answer({"ticket": "T-9"})
    assert dict(session.answers[-1].values) == {"ticket": "T-9", "count": None}
    assert session.inputs == {"session.ticket": "T-9", "session.count": None}
    (reply,) = session.replies
    assert (reply.node, reply.template) == ("reply", "hello")
    assert dict(reply.values) == {"customer.name": None, "session.ticket": "T-9"}
    assert reply.text == "Hello there, ticket T-9 is open."
    assert session.current.id == "tag"


def test_an_action_succeeds_by_default_and_fails_when_reported():
    ok = _started({"customer.name": "Ada"})
    ok.answer("Complaint")
    ok.answer({"ticket": "T-1", "count": 2})
    assert ok.replies[0].text == "Hello Ada, ticket T-1 is open."
    ok.accept()
    assert (ok.path[-1], ok.disposition, ok.answers[-1].how) == ("resolved", "refund_issued", How.AUTO)
    failed = _started()
    failed.answer("Complaint")
    failed.answer({"ticket": "T-1"})
    with pytest.raises(RunnerError, match="success or failure"):
        failed.answer("maybe")
    failed.answer("failure")
    assert (failed.disposition, failed.answers[-1].how) == ("escalated_tier2", How.OVERRIDE)


def test_a_call_enters_the_pinned_sub_tree_and_returns_to_the_call_s_next():
    session = _started()
    session.answer("Question")
    assert session.current_tree is LOOKUP_TREE and session.current.id == "found"
    assert session.step.calls == (("support@1", "lookup"),)
    session.answer("Not found")
    assert session.current_tree is SUPPORT_TREE and session.current.id == "again"
    assert session.step.calls == ()
    assert session.ended is None  # the sub-tree's end does not end the session
    assert session.path == ("triage", "intro", "kind", "lookup", "again")
    assert [(s.tree, s.node) for s in session.steps][3:6] == [
        ("support@1", "lookup"),
        ("lookup@2", "found"),
        ("lookup@2", "done"),
    ]


def test_a_call_without_its_tree_is_a_runner_error():
    session = Session(SUPPORT_TREE, {}, clock=Clock(), resolver=lambda *_: {}[0])
    session.start()
    with pytest.raises(RunnerError, match="lookup@2"):
        session.answer("Question")
    bare = Session(SUPPORT_TREE, {}, clock=Clock())
    bare.start()
    with pytest.raises(RunnerError, match="no resolver"):
        bare.answer("Question")


def test_a_loop_through_an_agent_decision_comes_round_and_ends():
    session = _started()
    session.answer("Question")
    session.answer("Found")
    session.answer("More")
    assert session.current.id == "kind"
    session.answer("Question")
    session.answer("Found")
    session.answer("Done")
    assert session.path.count("kind") == 2 and session.path.count("again") == 2
    assert session.disposition == "resolved_answered"


def test_back_returns_to_the_previous_decision_and_keeps_what_it_invalidates():
    session = _started()
    session.answer("Complaint")
    session.answer({"ticket": "T-1"})
    before = len(session.events)
    ticket = session.answers[-1]
    session.back()
    back = session.events[-1]
    assert isinstance(back, Back) and back.node == "details"
    assert session.current.id == "details"
    assert len(session.events) == before + 1 and ticket in session.events  # nothing deleted
    assert session.superseded == {ticket.index}
    assert [a.node for a in session.answers] == ["kind"]
    assert session.inputs == {} and session.replies == ()
    session.back()
    assert session.current.id == "kind" and session.answers == ()
    with pytest.raises(RunnerError, match="no earlier decision"):
        session.back()


def test_edit_revisits_an_earlier_answer_and_invalidates_every_later_one():
    session = _started({"mention.sentiment": "negative"})
    session.accept()
    session.answer({"ticket": "T-1"})
    first, second = session.answers
    session.edit("kind")
    assert session.current.id == "kind"
    assert session.superseded == {first.index, second.index}
    assert session.suggestion is not None and session.suggestion.option == "Complaint"  # shown again
    session.answer("Praise")
    assert session.disposition == "no_action_needed"
    assert session.answers[-1].how is How.OVERRIDE
    assert [e for e in session.events if isinstance(e, Answered)][:2] == [first, second]


def test_edit_refuses_nodes_not_passed_or_that_ask_nothing():
    session = _started()
    session.answer("Complaint")
    with pytest.raises(RunnerError, match="not passed"):
        session.edit("tag")
    with pytest.raises(RunnerError, match="no answer"):
        session.edit("intro")


def test_notes_are_recorded_where_the_session_is():
    session = _started()
    session.note("Customer sounds tired.")
    (note,) = session.notes
    assert (note.node, note.text) == ("kind", "Customer sounds tired.")
    assert isinstance(session.events[-1], Note)


def test_an_ended_or_unstarted_session_refuses_answers():
    session = _session()
    with pytest.raises(RunnerError, match="not started"):
        session.answer("Praise")
    session.start()
    with pytest.raises(RunnerError, match="already started"):
        session.start()
    session.answer("Praise")
    for act in (lambda: session.answer("Praise"), session.accept, session.back):
        with pytest.raises(RunnerError, match="ended"):
            act()


def _busy_session() -> Session:
    session = _started({"mention.sentiment": "negative", "case.priority": 85})
    session.escalate()
    session.answer("Question")
    session.answer("Found")
    session.note("Looked it up.")
    session.answer("More")
    session.accept()
    session.answer({"ticket": "T-3"})
    session.edit("kind")
    session.answer("Complaint")
    session.answer({"ticket": "T-4", "count": 1.5})
    session.back()
    session.answer({"ticket": "T-5"})
    session.answer("failure")
    return session


def test_replaying_the_log_gives_the_same_state():
    session = _busy_session()
    assert session.disposition == "escalated_tier2"
    again = _session({"mention.sentiment": "negative", "case.priority": 85}, events=session.events)
    assert _state(again) == _state(session)
    assert again.events == session.events


def test_the_log_goes_through_json_and_back():
    session = _busy_session()
    stored = json.loads(json.dumps([e.as_dict() for e in session.events]))
    events = [event_from_dict(data) for data in stored]
    assert events == list(session.events)
    again = _session({"mention.sentiment": "negative", "case.priority": 85}, events=events)
    assert _state(again) == _state(session)


def test_a_log_out_of_order_or_of_another_tree_is_refused():
    events = _busy_session().events
    with pytest.raises(RunnerError, match="out of order"):
        _session(events=events[1:])
    with pytest.raises(RunnerError, match="tree support@1"):
        Session(REFUND, {}, clock=Clock(), events=events[:1])


@pytest.mark.parametrize("kind", [Suggested, Answered, Note, Back, Ended])
def test_a_synced_log_with_an_event_before_any_step_is_a_runner_error(kind):
    """A log from the cache may be anything: refused as the runner's error, never an IndexError."""
    first = _busy_session().events[0]
    fields = {
        Suggested: {"node": "kind", "option": "Complaint", "why": "", "read": ()},
        Answered: {"node": "kind", "option": "Complaint", "values": None, "how": How.AUTO},
        Note: {"node": "kind", "text": "x"},
        Back: {"node": "kind", "step": 1},
        Ended: {"node": "kind", "disposition": "refund_issued"},
    }[kind]
    with pytest.raises(RunnerError, match="before any step"):
        _session(events=[first, kind(index=1, at=first.at, tree="support@1", **fields)])


def test_a_log_that_stops_at_its_start_refuses_every_move_as_a_runner_error():
    session = _session(events=_busy_session().events[:1])
    assert session.started and session.step is None and session.current is None
    for move in (
        session.accept,
        session.back,
        lambda: session.answer("Complaint"),
        lambda: session.edit("kind"),
    ):
        with pytest.raises(RunnerError, match="not started"):  # not an AssertionError
            move()


def test_a_replayed_session_goes_on():
    session = _started()
    session.answer("Complaint")
    again = _session(events=session.events)
    again.answer({"ticket": "T-1"})
    again.accept()
    assert again.disposition == "refund_issued"
    assert isinstance(again.events[-1], Ended) and again.events[-1].index == len(again.events) - 1


def test_the_bundled_example_passes_its_tests():
    assert run_tests(REFUND) == []


def test_the_fixture_trees_pass_their_tests():
    assert run_tests(SUPPORT_TREE, _resolve) == []
    assert run_tests(LOOKUP_TREE, _resolve) == []


def test_a_test_that_expects_another_path_or_disposition_fails():
    wrong_path = replace(REFUND.tests[0], path=(*REFUND.tests[0].path[:-1], "nothing"))
    wrong_end = replace(REFUND.tests[1], disposition="refund_issued")
    tree = replace(REFUND, tests=(wrong_path, wrong_end))
    problems = run_tests(tree)
    assert [p.rule for p in problems] == ["test-failed", "test-failed"]
    assert "not check_vip" in problems[0].message
    assert "ended with 'no_action_needed', not 'refund_issued'" in problems[1].message
    assert problems[0].line == wrong_path.path_line


def test_a_test_missing_an_input_answer_fails_with_why():
    test = replace(REFUND.tests[0], answers={"kind": "A refund"})
    (problem,) = run_tests(replace(REFUND, tests=(test,)))
    assert "no answer for the input 'order'" in problem.message


def test_trees_check_runs_the_tests_of_trees_without_errors(tmp_path):
    (tmp_path / "support.yaml").write_text(SUPPORT.replace("ticket: T-2", "ticket: T-2-much-too-long"))
    (tmp_path / "lookup.yaml").write_text(LOOKUP)
    _, problems = check_trees([tmp_path], Context(CATALOG))
    (failed,) = [p for p in problems if p.rule == "test-failed"]
    assert "the action fails" in failed.message and "at most 10 characters" in failed.message
    # With the sub-tree missing, the call is an error: that tree's tests are not run.
    (tmp_path / "lookup.yaml").unlink()
    _, problems = check_trees([tmp_path], Context(CATALOG))
    assert "call-unresolved" in {p.rule for p in problems}
    assert "test-failed" not in {p.rule for p in problems}


ACTIONS = st.lists(
    st.one_of(
        st.sampled_from(["A refund", "Nothing we can do", "success", "failure", "nonsense"]),
        st.fixed_dictionaries({"order_id": st.text(max_size=14)}),
        st.dictionaries(st.sampled_from(["order_id", "other"]), st.integers() | st.text(max_size=3)),
        st.sampled_from(["accept", "back", "note", "edit kind", "edit order", "edit tag"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(priority=st.integers(0, 100), actions=ACTIONS)
def test_random_answers_on_the_example_raise_only_runner_errors_and_replay(priority, actions):
    session = Session(REFUND, {"case.priority": priority}, clock=Clock())
    session.start()
    for action in actions:
        try:
            if action == "accept":
                session.accept()
            elif action == "back":
                session.back()
            elif action == "note":
                session.note("a note")
            elif isinstance(action, str) and action.startswith("edit "):
                session.edit(action.removeprefix("edit "))
            else:
                session.answer(action)
        except RunnerError:
            pass
    again = Session(REFUND, {"case.priority": priority}, clock=Clock(), events=session.events)
    assert _state(again) == _state(session)
    assert [e.index for e in session.events] == list(range(len(session.events)))
    assert all(isinstance(e, Answered) for e in session.events if e.index in session.superseded)
    if session.ended is not None:
        assert session.path[-1] in ("refunded", "nothing")


def test_a_question_in_a_called_tree_takes_its_suggestion_or_fails_the_test():
    silent = _tree(LOOKUP.replace(', suggest_when: "true"', ""), "lookup.yaml")
    problems = run_tests(SUPPORT_TREE, lambda *_: silent)
    (failed,) = problems
    assert "found in the called tree lookup@2 suggests nothing" in failed.message


TAGGED = """\
id: tagged
version: 1
title: Tagged
start: which
variables:
  case.tags: {type: text}
  customer.tier: {type: choice, choices: [standard, gold, vip], default: gold}
nodes:
  - id: which
    type: question
    prompt: Which?
    options:
      - {label: Urgent, next: done, suggest_when: "'urgent' in case.tags"}
      - {label: Gold, next: done, suggest_when: "customer.tier == 'gold'"}
  - {id: done, type: end, disposition: no_action_needed}
"""


def test_a_declared_default_stands_in_for_a_missing_context_value():
    tree = _tree(TAGGED)
    session = Session(tree, {"customer.tier": None}, clock=Clock())
    session.start()
    assert (session.suggestion.option, dict(session.suggestion.read)) == ("Gold", {"customer.tier": "gold"})
    vip = Session(tree, {"customer.tier": "vip"}, clock=Clock())
    vip.start()
    assert vip.suggestion is None


def test_a_list_that_a_suggestion_read_comes_back_equal_from_json():
    tree = _tree(TAGGED)
    session = Session(tree, {"case.tags": ["urgent", "refund"]}, clock=Clock())
    session.start()
    assert dict(session.suggestion.read) == {"case.tags": ("urgent", "refund")}
    stored = json.loads(json.dumps([e.as_dict() for e in session.events]))
    again = Session(tree, {}, clock=Clock(), events=[event_from_dict(d) for d in stored])
    assert again.events == session.events and again.suggestion == session.suggestion


def test_a_second_start_in_a_log_is_refused():
    events = _started().events
    with pytest.raises(RunnerError, match="has one"):
        _session(events=(*events, replace(events[0], index=len(events))))


def test_an_answer_leading_nowhere_is_refused_before_it_is_logged():
    one_way = _tree(
        """\
id: one_way
version: 1
title: One way
start: tag
nodes:
  - {id: tag, type: action, action: tag, value: x, success: done}
  - {id: done, type: end, disposition: no_action_needed}
"""
    )
    session = Session(one_way, {}, clock=Clock())
    session.start()
    before = session.events
    with pytest.raises(RunnerError, match="leads nowhere"):
        session.answer("failure")
    assert session.events == before
    session.accept()
    assert session.disposition == "no_action_needed"


def test_an_event_time_without_an_offset_does_not_read_and_the_hub_refuses_it():
    from console.guidance.session_events import guidance_problem, step_payload

    event = _busy_session().events[1]
    data = {**event.as_dict(), "at": event.at.replace(tzinfo=None).isoformat()}
    with pytest.raises(ValueError, match="no UTC offset"):
        event_from_dict(data)
    payload = {**step_payload("s-1", "support@1", "", event), "event": data}
    assert "no UTC offset" in guidance_problem(payload)
    assert guidance_problem(step_payload("s-1", "support@1", "", event)) == ""
