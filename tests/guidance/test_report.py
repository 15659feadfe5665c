"""The tree report over sessions recorded by the real runner: the fold agrees with the runner, and
every measure is what the scripted sessions add up to."""

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.guidance.checking import check_trees
from console.guidance.report import CaseOutcome, RecordedSession, build_report, versions_of
from console.guidance.report_compare import Measure, compare, side_by_side, two_proportion_p
from console.guidance.runner import RunnerError, Session
from console.guidance.session_events import Answered, Entered, How, event_from_dict
from console.guidance.session_fold import FoldError, Verdict, fold_session
from tests.guidance.report_sessions import SCRIPTS, T0, V1, V2, Clock, all_recorded, run
from tests.guidance.test_bundled_trees import TREE_FILES, _context
from tests.guidance.test_runner import SUPPORT_TREE, _resolve


def _bundled_trees():
    trees, problems = check_trees(TREE_FILES, _context())
    assert problems == []
    return trees


FULL = ("check_vip", "policy", "kind", "ask", "order", "tag", "done_reply", "refunded")


def _script(name):
    return next(s for s in SCRIPTS if s.name == name)


def test_a_session_folds_to_its_path_end_times_and_suggestions():
    session = run(_script("tag failed"))
    folded = fold_session(session.events)
    assert folded.tree == "refund_request@1"
    assert folded.path == session.path == FULL
    assert folded.disposition == "refund_issued" and folded.stopped_at is None
    seconds = dict(folded.seconds)
    assert (seconds["kind"], seconds["order"], seconds["tag"]) == (50, 90, 7)
    assert seconds["check_vip"] == seconds["policy"] == seconds["refunded"] == 0
    (tag,) = folded.suggestions
    assert (tag.node, tag.option, tag.verdict, tag.chosen) == (
        "tag",
        "success",
        Verdict.OVERRIDDEN,
        "failure",
    )
    assert folded.duration == 147 and not folded.escalated


def test_back_undoes_the_answer_but_not_the_time_spent():
    session = run(_script("changed mind"))
    folded = fold_session(session.events)
    assert folded.path == session.path == ("check_vip", "policy", "kind", "nothing")
    seconds = dict(folded.seconds)
    assert seconds["kind"] == 20 + 15  # both stays at the question
    assert seconds["order"] == 40  # left by going back: the stay was real
    assert folded.suggestions == ()


def test_a_stopped_session_names_where_it_stopped_and_its_open_stay_has_no_time():
    folded = fold_session(run(_script("left at order")).events)
    assert folded.disposition is None and folded.stopped_at == "order"
    assert "order" not in dict(folded.seconds)
    assert folded.duration == 28  # to the note, its last event


def test_an_unanswered_suggestion_where_a_session_stopped():
    folded = fold_session(run(_script("left at kind")).events)
    (kind,) = folded.suggestions
    assert (kind.node, kind.option, kind.verdict) == ("kind", "A refund", Verdict.UNANSWERED)


def test_the_fold_reads_the_synced_json_in_any_order_and_stops_at_a_gap():
    events = run(_script("refund")).events
    synced = [event_from_dict(e.as_dict()) for e in reversed(events)]
    assert fold_session(synced) == fold_session(events)
    gap = [e for e in events if e.index != 5]
    cut = fold_session(gap)
    entered = tuple(e.node for e in events[1:5] if isinstance(e, Entered))
    assert cut.path == entered == ("check_vip", "policy", "kind") and cut.disposition is None
    with pytest.raises(FoldError):
        fold_session(events[1:])


def test_sub_tree_steps_stay_off_the_path_and_their_time_goes_to_the_call():
    clock = Clock()
    session = Session(SUPPORT_TREE, {"case.priority": 10}, clock=clock, resolver=_resolve)
    session.start()
    clock.wait(5)
    session.answer("Question")  # into lookup@2 at "found"
    clock.wait(9)
    session.accept()  # back out to "again"
    clock.wait(2)
    session.answer("Done")
    folded = fold_session(session.events)
    assert folded.path == session.path == ("triage", "intro", "kind", "lookup", "again", "answered")
    assert dict(folded.seconds)["lookup"] == 9
    assert folded.suggestions == ()  # the sub-tree's suggestion belongs to lookup@2
    assert folded.disposition == "resolved_answered"


ACTIONS = st.lists(
    st.one_of(
        st.sampled_from(["A refund", "Nothing we can do", "success", "failure", "Complaint", "Question"]),
        st.sampled_from(["Praise", "More", "Done", "Found", "Not found"]),
        st.fixed_dictionaries({"order_id": st.just("A-1")}),
        st.fixed_dictionaries({"ticket": st.just("T-1")}),
        st.sampled_from(["accept", "back", "note", "edit kind", "edit order", "edit tag", "edit details"]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(
    tree=st.sampled_from([V1, V2, SUPPORT_TREE]),
    priority=st.integers(0, 100),
    negative=st.booleans(),
    actions=ACTIONS,
)
def test_the_fold_agrees_with_the_runner_on_random_sessions(tree, priority, negative, actions):
    values = {"case.priority": priority, "mention.sentiment": "negative" if negative else "neutral"}
    session = Session(tree, values, clock=Clock(), resolver=_resolve)
    session.start()
    for action in actions:
        try:
            if action == "accept":
                session.accept()
            elif action == "back":
                session.back()
            elif action == "note":
                session.note("n")
            elif isinstance(action, str) and action.startswith("edit "):
                session.edit(action.removeprefix("edit "))
            else:
                session.answer(action)
        except RunnerError:
            pass
    folded = fold_session(session.events)
    assert folded.path == session.path
    assert folded.disposition == session.disposition
    assert len(folded.escalations) == len(session.escalations)
    root = f"{tree.id}@{tree.version}"
    counted = [a for a in session.answers if a.tree == root and a.how is not How.MANUAL]
    decided = [s for s in folded.suggestions if s.verdict is not Verdict.UNANSWERED]
    assert [(a.node, a.how is How.OVERRIDE) for a in counted] == [
        (s.node, s.verdict is Verdict.OVERRIDDEN) for s in decided
    ]
    superseded = {e.index for e in session.events if isinstance(e, Answered)} - {
        a.index for a in session.answers
    }
    assert superseded == session.superseded


def test_version_one_report_counts_every_measure():
    report = build_report("refund_request", all_recorded(), versions=[1])
    assert (report.versions, report.sessions, report.ended, report.escalated) == ((1,), 5, 4, 1)
    assert report.outcomes == (("no_action_needed", 2), ("refund_issued", 2), (None, 1))  # ties by name
    assert [(p.path, p.sessions, p.share) for p in report.paths] == [
        (FULL, 2, 0.4),
        (("check_vip", "policy", "kind", "ask", "order"), 1, 0.2),
        (("check_vip", "policy", "kind", "nothing"), 1, 0.2),
        (("check_vip", "tell_pr", "policy", "kind", "nothing"), 1, 0.2),
    ]
    full, stopped, changed, loud = report.paths
    assert (full.ended, full.outcomes, full.escalation_rate) == (2, (("refund_issued", 2),), 0.0)
    assert (full.sentiment.n, full.sentiment.mean, full.sentiment.median) == (
        2,
        pytest.approx(0.7),
        pytest.approx(0.7),
    )
    assert full.duration.median == (95 + 147) / 2
    assert (stopped.ended, stopped.outcomes, stopped.sentiment.n) == (0, ((None, 1),), 0)
    assert changed.sentiment.n == 0  # no score after: no figure, not a zero
    assert (loud.escalation_rate, loud.sentiment.mean) == (1.0, 0.0)
    nodes = {n.node: n for n in report.nodes}
    assert [n.node for n in report.nodes][:6] == ["check_vip", "policy", "kind", "ask", "order", "tag"]
    assert {n: (row.reached, row.stopped) for n, row in nodes.items()} == {
        "check_vip": (5, 0),
        "policy": (5, 0),
        "kind": (5, 0),
        "ask": (3, 0),
        "order": (3, 1),
        "tag": (2, 0),
        "done_reply": (2, 0),
        "refunded": (2, 0),
        "nothing": (2, 0),
        "tell_pr": (1, 0),
    }
    assert nodes["order"].drop_off == pytest.approx(1 / 3)
    assert (nodes["kind"].time.n, nodes["kind"].time.median) == (5, 30)  # 30, 10, 35, 25, 50
    assert (nodes["order"].time.n, nodes["order"].time.median) == (3, 60)  # 60, 40 (then back), 90
    assert nodes["tag"].time.median == 6
    (tag,) = report.suggestions
    assert (tag.node, tag.option, tag.shown, tag.accepted, tag.overridden) == ("tag", "success", 2, 1, 1)
    assert (tag.override_rate, tag.instead) == (0.5, (("failure", 1),))
    assert (report.sentiment.n, report.sentiment.median) == (3, pytest.approx(0.6))
    assert report.sentiment.mean == pytest.approx((0.8 + 0.0 + 0.6) / 3)


def test_version_two_report_counts_the_suggestion_taken_overridden_and_left_showing():
    report = build_report("refund_request", all_recorded(), versions=[2])
    assert (report.sessions, report.ended, report.escalated) == (4, 3, 1)
    suggestions = {(s.node, s.option): s for s in report.suggestions}
    kind = suggestions["kind", "A refund"]
    assert (kind.shown, kind.accepted, kind.overridden, kind.override_rate) == (3, 1, 1, 0.5)
    assert kind.instead == (("Nothing we can do", 1),)
    assert (suggestions["tag", "success"].shown, suggestions["tag", "success"].accepted) == (2, 2)
    assert (report.accepted, report.overridden, report.override_rate) == (3, 1, 0.25)
    nodes = {n.node: n for n in report.nodes}
    assert (nodes["kind"].reached, nodes["kind"].stopped, nodes["kind"].drop_off) == (4, 1, 0.25)
    assert nodes["kind"].time.median == 8  # 4, 12, 8; the open stay of the stopped session left out


def test_all_versions_together_and_the_versions_found():
    recorded = all_recorded()
    report = build_report("refund_request", recorded)
    assert (report.versions, report.sessions, report.ended) == ((1, 2), 9, 7)
    assert versions_of("refund_request", recorded) == {1: 5, 2: 4}
    assert build_report("other_tree", recorded).empty


def test_an_unreadable_log_is_counted_and_left_out():
    good = all_recorded()[0]
    broken = RecordedSession("s-x", "case-x", "refund_request@1", good.events[1:], CaseOutcome())
    report = build_report("refund_request", [good, broken])
    assert (report.sessions, report.unreadable) == (1, 1)


def test_the_comparison_shows_both_versions_with_their_counts():
    recorded = all_recorded()
    comparison = compare(
        build_report("refund_request", recorded, [1]), build_report("refund_request", recorded, [2])
    )
    rows = {(m.measure, m.label): m for m in comparison.measures}
    end = rows[Measure.END_RATE, ""]
    assert (end.a.value, end.a.n, end.a.count, end.b.value, end.b.n) == (0.8, 5, 4, 0.75, 4)
    assert end.difference == pytest.approx(-0.05)
    assert end.p_value is None and not end.significant  # far too few sessions to say anything
    override = rows[Measure.OVERRIDE_RATE, ""]
    assert (override.a.value, override.a.n, override.b.value, override.b.n) == (0.5, 2, 0.25, 4)
    assert rows[Measure.OUTCOME, "refund_issued"].b.count == 2
    assert rows[Measure.SENTIMENT, ""].b.n == 3
    assert rows[Measure.DURATION, ""].a.n == 5
    shares = {p.path: (p.a, p.b) for p in comparison.paths}
    assert shares[FULL] == (2, 1)
    assert shares["check_vip", "policy", "kind"] == (0, 1)


def test_two_proportion_p_values():
    assert two_proportion_p(50, 100, 50, 100) == pytest.approx(1.0)
    # 40% vs 60% of 200 each: z = 4.0, p ≈ 6.3e-5
    assert two_proportion_p(80, 200, 120, 200) == pytest.approx(6.33e-5, rel=0.01)
    assert two_proportion_p(45, 100, 55, 100) == pytest.approx(0.157, abs=0.002)
    assert two_proportion_p(1, 4, 3, 4) is None  # too few to approximate
    assert two_proportion_p(0, 0, 3, 4) is None


def test_a_session_without_an_end_active_lately_is_in_progress_not_a_drop():
    recorded = all_recorded()
    left = next(r for r in recorded if r.session.endswith("left at order"))
    last = max(e.at for e in left.events)
    report = build_report("refund_request", recorded, [1], active_since=last)
    assert (report.sessions, report.in_progress) == (4, 1)
    assert {n.node: n.stopped for n in report.nodes}["order"] == 0
    later = build_report("refund_request", recorded, [1], active_since=last + timedelta(seconds=1))
    assert (later.sessions, later.in_progress) == (5, 0)


def test_a_b_takes_the_time_both_versions_ran():
    recorded = all_recorded()
    assert side_by_side("refund_request", recorded, 1, 2) == (T0, T0 + timedelta(hours=8))
    # A version 1 session from the day before version 2 existed is left out of the comparison.
    early = replace(
        recorded[0],
        session="s-early",
        events=run(SCRIPTS[0], T0 - timedelta(days=1)).events,
    )
    window = side_by_side("refund_request", [early, *recorded], 1, 2)
    assert window == (T0, T0 + timedelta(hours=8))
    a = build_report("refund_request", [early, *recorded], [1], window=window)
    assert a.sessions == 5
    comparison = compare(a, build_report("refund_request", recorded, [2], window=window), window)
    assert comparison.window == window
    only_one = [r for r in recorded if r.version == 1]
    assert side_by_side("refund_request", only_one, 1, 2) is None


BUNDLED = {(t.id, t.version): t for t in _bundled_trees()}


def _field_value(f):
    return {"number": 1, "boolean": True, "choice": f.choices[0] if f.choices else "x"}.get(f.type, "x")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fold_agrees_with_the_runner_on_the_bundled_trees(data):
    """Random agents on the shipped trees (their sub-tree calls included): the fold of the log gives
    the runner's path, end, escalations and counted suggestions."""
    tree = data.draw(st.sampled_from(sorted(BUNDLED.values(), key=lambda t: t.id)))
    test = data.draw(st.sampled_from(tree.tests)) if tree.tests else None
    values = dict(test.variables) if test else {}
    clock = Clock()
    session = Session(tree, values, clock=clock, resolver=lambda i, v: BUNDLED[i, v])
    session.start()
    for _ in range(data.draw(st.integers(0, 30))):
        if session.ended is not None:
            break
        clock.wait(data.draw(st.integers(0, 90)))
        node = session.current
        move = data.draw(st.sampled_from(["answer", "answer", "answer", "accept", "back", "note", "edit"]))
        try:
            if move == "accept":
                session.accept()
            elif move == "back":
                session.back()
            elif move == "note":
                session.note("n")
            elif move == "edit" and len(session.path) > 1:
                session.edit(data.draw(st.sampled_from(session.path[:-1])))
            elif node.type == "question":
                session.answer(data.draw(st.sampled_from([o.label for o in node.options])))
            elif node.type == "input":
                session.answer({f.name: _field_value(f) for f in node.fields})
            elif node.type == "action":
                session.answer(data.draw(st.sampled_from(["success", "failure"])))
        except RunnerError:
            pass
    folded = fold_session(session.events)
    assert folded.path == session.path
    assert folded.disposition == session.disposition
    assert len(folded.escalations) == len(session.escalations)
    root = f"{tree.id}@{tree.version}"
    counted = [
        (a.node, a.how is How.OVERRIDE) for a in session.answers if a.tree == root and a.how is not How.MANUAL
    ]
    decided = [
        (s.node, s.verdict is Verdict.OVERRIDDEN)
        for s in folded.suggestions
        if s.verdict is not Verdict.UNANSWERED
    ]
    assert counted == decided
    assert sum(seconds for _, seconds in folded.seconds) <= folded.duration
