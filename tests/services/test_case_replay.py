"""Replaying a case from the cache alone (no hub anywhere): each frame is the case as it was after
its event — status, people, service level, the conversation and reply states, the guidance path,
the notes, and what the customer said next — and the report, and writing it whole."""

import os
from pathlib import Path

import pytest

from console.domain.case import CaseStatus
from console.domain.sla import SlaState
from console.services.case_replay import CaseReview, ReviewError
from console.storage.case_history import CaseHistoryRepository
from tests.storage.case_data import ANA, MIN, T0, maria_case
from tests.storage.case_data import CASE as MARIA
from tests.storage.replay_data import CASE, COMPLAINT, THANKS, lena_case


@pytest.fixture
def review(cache):
    lena_case().apply(cache)
    return CaseReview(CaseHistoryRepository(cache), clock=lambda: T0 + 200 * MIN)


def frame_of(replay, event_id: str) -> int:
    return next(f.index for f in replay.frames if f.entry.id == event_id)


@pytest.mark.asyncio
async def test_one_frame_per_event_each_the_case_as_it_was(review):
    replay = await review.replay(CASE)
    assert len(replay) == len(replay.detail.timeline) == 27
    assert [f.entry.id for f in replay.frames] == [t.id for t in replay.detail.timeline]
    created, complaint = replay.frames[0], replay.frames[frame_of(replay, "e02")]
    assert created.case.status is CaseStatus.NEW and replay.conversation(0) == ()
    assert [e.text for e in replay.conversation(complaint.index)] == [COMPLAINT]
    assert complaint.case.sentiment_before == -0.8 and complaint.case.priority == 0
    routed = replay.frames[frame_of(replay, "e03")]
    assert routed.case.priority == 78 and routed.case.sla_policy == "standard"
    first, resolution = replay.service_level(routed.index)
    assert first.state is SlaState.OK and resolution.state is SlaState.OK
    assigned = replay.frames[frame_of(replay, "e04")]
    assert replay.name(assigned.case.assignee) == "Ana Ribeiro" and assigned.case.claim_holder is None
    claimed = replay.frames[frame_of(replay, "e05")]
    assert claimed.case.status is CaseStatus.OPEN and claimed.case.claim_holder == ANA
    assert replay.team(claimed.index) == "Care"  # not handed off: the brand account's team
    assert replay.since_first_mention_ms(claimed.index) == 3 * MIN


@pytest.mark.asyncio
async def test_the_reply_queued_then_published_then_the_customer_answers(review):
    replay = await review.replay(CASE)
    queued = frame_of(replay, "e09")
    before = replay.conversation(queued - 1)
    assert [e.from_brand for e in before] == [False]
    reply = replay.conversation(queued)[-1]
    assert reply.from_brand and reply.reply_status == "queued" and reply.written_by == "Ana Ribeiro"
    published = frame_of(replay, "e10")
    assert replay.conversation(published)[-1].reply_status == "published"
    assert replay.frames[published].case.status is CaseStatus.PENDING
    assert replay.frames[published].case.first_response_ms == T0 + 20 * MIN
    first, _ = replay.service_level(published)
    assert first.state is SlaState.MET
    echoed = frame_of(replay, "e11")  # the network's echo is the same message, not a second one
    assert len(replay.conversation(echoed)) == 2
    # What the customer said next, from every frame before her answer; nothing after it.
    answer = frame_of(replay, "e12")
    for index in range(frame_of(replay, "e02"), answer):
        assert replay.next_customer(index).text == THANKS
        assert replay.next_customer_frame(index) == answer
    assert replay.next_customer(answer) is None
    assert replay.next_customer(0).text == COMPLAINT
    assert [e.text for e in replay.later(published)] == [THANKS]
    said = replay.frames[answer]
    assert said.mood_changed and said.case.sentiment_after == 0.7 and said.case.status is CaseStatus.OPEN
    assert not replay.frames[answer - 1].mood_changed
    last = replay.frames[-1]
    assert last.case.status is CaseStatus.RESOLVED and last.case.disposition == "bag_traced"
    assert last.case.claim_holder is None and replay.conversation(last.index)[-1].text == THANKS


@pytest.mark.asyncio
async def test_the_guidance_path_and_notes_so_far(review):
    replay = await review.replay(CASE)
    assert replay.frames[frame_of(replay, "e05")].guidance == ()
    back = replay.frames[frame_of(replay, "g06")]
    steps = back.guidance[0].steps
    assert [(s.node, s.answer) for s in steps] == [("what_happened", "Delayed bag"), ("file_reference", None)]
    overridden = replay.frames[frame_of(replay, "g10")].guidance[0].steps[-1]
    assert (overridden.node, overridden.answer, overridden.how, overridden.suggested) == (
        "urgent_items",
        "Medication",
        "override",
        "Nothing urgent",
    )
    ended = replay.frames[frame_of(replay, "g13")].guidance[0]
    assert ended.disposition == "bag_traced" and len(ended.steps) == 4
    note = frame_of(replay, "e07")
    assert replay.notes(note - 1) == ()
    assert [(n.author, n.text[:10]) for n in replay.notes(note)] == [("Ana Ribeiro", "Bag traced")]
    assert replay.frames[-1].guidance[0] is ended


@pytest.mark.asyncio
async def test_every_event_type_of_the_demo_case_replays(cache):
    maria_case().apply(cache)
    replay = await CaseReview(CaseHistoryRepository(cache)).replay(MARIA)
    assert len(replay) == len(replay.detail.timeline)
    last = replay.frames[-1].case
    assert last.team == "Legal" and last.reopen_count == 1 and last.tags == frozenset({"rebooking"})
    failed = frame_of(replay, "e15")
    r2 = next(e for e in replay.conversation(failed) if e.id == "r2")
    assert r2.reply_status == "failed" and "deleted" in r2.reply_reason
    queued = next(e for e in replay.conversation(failed - 1) if e.id == "r2")
    assert queued.reply_status == "queued"
    hidden = frame_of(replay, "e34")
    assert next(e for e in replay.conversation(hidden) if e.id == "m2").hidden
    assert not next(e for e in replay.conversation(hidden - 1) if e.id == "m2").hidden
    guided = replay.frames[frame_of(replay, "e07")].guidance  # a step from before sessions
    assert [(s.node, s.answer) for s in guided[0].steps] == [("crew", "apologise")]


@pytest.mark.asyncio
async def test_events_this_version_does_not_know_still_get_a_frame(cache):
    changes = lena_case()
    changes.event("z1", "teleported", T0 + 102 * MIN, ANA, case_id=CASE, to="mars")
    changes.event("z2", "handed_off", T0 + 103 * MIN, ANA, case_id=CASE)  # no team: does not fold
    changes.apply(cache)
    replay = await CaseReview(CaseHistoryRepository(cache)).replay(CASE)
    assert [f.entry.id for f in replay.frames[-2:]] == ["z1", "z2"]
    assert replay.frames[-1].case == replace_version(replay.frames[-3].case, replay.frames[-1].case)


def replace_version(case, like):
    from dataclasses import replace

    return replace(case, version=like.version, updated_ms=like.updated_ms)


@pytest.mark.asyncio
async def test_a_case_the_cache_lacks_and_the_report(review):
    assert await review.replay("nope") is None and await review.report("nope") is None
    report = await review.report(CASE)
    assert report.made_ms == T0 + 200 * MIN and report.last is report.replay.frames[-1]
    assert report.guidance[0].disposition == "bag_traced" and len(report.notes) == 1


@pytest.mark.asyncio
async def test_saving_writes_the_file_whole_or_says_why_not(review, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "case.pdf"
    target.write_bytes(b"old")
    await review.save(target, b"%PDF-1.4 new")
    assert target.read_bytes() == b"%PDF-1.4 new" and os.listdir(folder) == ["case.pdf"]  # no temporary left
    with pytest.raises(ReviewError, match="could not be written to"):
        await review.save(Path(tmp_path / "missing-folder" / "case.pdf"), b"%PDF")
