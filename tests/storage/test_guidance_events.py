"""Reading recorded guidance sessions from a real cache, for the tree report."""

import asyncio
import json

from console.guidance.report import build_report
from console.storage.guidance_events import GuidanceEventRepository, recorded_sessions, trees_seen
from tests.guidance.report_sessions import all_recorded
from tests.storage.case_data import Changes
from tests.storage.guidance_data import add_sessions


def _filled(cache) -> Changes:
    changes = Changes()
    recorded = all_recorded()
    add_sessions(changes, recorded)
    # Around them: a step in the older shape, a malformed row, another tree whose id shares a prefix,
    # and events of other types.
    changes.event("old", "guidance_step", 1, case_id="case-1", tree="refund_request", node="kind", answer="x")
    changes.add(
        "event", id="bad", case_id="case-1", type="guidance_step", at_ms=1, actor="a", data="{not json"
    )
    other = all_recorded()[0]
    for event in other.events:
        data = {"session": "s-other", "tree": "refund_request_v2@1", "digest": "", "event": event.as_dict()}
        changes.add(
            "event",
            id=f"o-{event.index}",
            case_id="case-0",
            type="guidance_step",
            at_ms=1,
            actor="a",
            data=json.dumps(data),
        )
    changes.event("note", "note_added", 1, case_id="case-0", text="refund_request@1")
    broken = {"session": "s-broken", "tree": "refund_request@1", "event": {"kind": "nope"}}
    changes.event("broken", "guidance_step", 1, case_id="case-0", **broken)
    changes.apply(cache)
    return changes


def test_the_sessions_of_a_tree_come_back_whole_with_their_cases(cache):
    _filled(cache)
    recorded, unreadable = cache.read_sync(lambda c: recorded_sessions(c, "refund_request"))
    expected = {r.session: r for r in all_recorded()}
    assert {r.session for r in recorded} == set(expected)
    assert unreadable == 1  # the step of an unknown kind; the older shape and bad JSON are not this tree's
    for session in recorded:
        want = expected[session.session]
        assert sorted(session.events, key=lambda e: e.index) == list(want.events)
        assert (session.case_id, session.tree, session.case) == (want.case_id, want.tree, want.case)
    # The report over what the cache gave equals the report over what the runner recorded.
    assert build_report("refund_request", recorded) == build_report("refund_request", all_recorded())


def test_a_session_whose_case_is_not_cached_has_no_outcome(cache):
    changes = Changes()
    (first,) = all_recorded()[:1]
    add_sessions(changes, [first.__class__(first.session, "case-gone", first.tree, first.events, None)])
    changes.apply(cache)
    ((session,), _) = cache.read_sync(lambda c: recorded_sessions(c, "refund_request"))
    assert session.case is None and session.case_id == "case-gone"


def test_the_trees_seen_with_sessions_per_version(cache):
    _filled(cache)
    seen = cache.read_sync(trees_seen)
    assert [(t.tree, t.versions, t.sessions) for t in seen] == [
        ("refund_request", ((1, 6), (2, 4)), 10),  # the broken session counts here: it has an id
        ("refund_request_v2", ((1, 1),), 1),
    ]


def test_the_repository_reads_on_the_reader_thread(cache):
    _filled(cache)
    repository = GuidanceEventRepository(cache)

    async def both():
        return await repository.trees(), await repository.sessions("nothing_here")

    trees, (recorded, unreadable) = asyncio.run(both())
    assert len(trees) == 2 and recorded == [] and unreadable == 0


def test_a_step_whose_time_has_no_offset_is_unreadable_not_a_crash_of_the_report(cache):
    """Naive and aware times cannot be subtracted: one such step (from a buggy or foreign desk; the
    hub's check now refuses it too) must not take the whole report down."""
    changes = Changes()
    first = all_recorded()[0]
    add_sessions(changes, [first])
    for event in first.events:
        data = {"session": "s-naive", "tree": first.tree, "digest": "", "event": event.as_dict()}
        if event.index == 1:
            data["event"]["at"] = event.at.replace(tzinfo=None).isoformat()
        changes.event(f"n-{event.index}", "guidance_step", 1, case_id=first.case_id, **data)
    changes.apply(cache)
    recorded, unreadable = cache.read_sync(lambda c: recorded_sessions(c, "refund_request"))
    assert unreadable == 1
    report = build_report("refund_request", recorded)  # no TypeError
    assert report.sessions + report.unreadable == 2  # the naive session's log has a gap: unreadable
