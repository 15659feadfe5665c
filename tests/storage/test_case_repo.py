"""One case in full from the cache: the thread, the context post, the brand's replies and the history."""

import re
import time
from pathlib import Path

from sqlalchemy import insert, text

from console.domain.case import CaseStatus
from console.domain.case_detail import HUB_ACTOR, Origin
from console.domain.event import EventType
from console.storage.case_repo import CaseRepository, detail, has_external_id_index
from console.storage.schema import outbox
from tests.storage.case_data import ANA, BOB, CASE, MIN, MUTATION_HERE, T0, Changes, maria_case

HUB = Path(__file__).parents[2] / "console" / "hub"


def _load(cache, case_id=CASE, lookup_context=True):
    return cache.read_sync(lambda c: detail(c, case_id, lookup_context=lookup_context))


def test_the_header_names_people_and_keeps_the_service_level(cache):
    maria_case().apply(cache)
    header = _load(cache).header
    assert header.status is CaseStatus.OPEN
    assert header.account_handle == "@NorthwindAir"
    assert (header.team, header.assignee, header.claim_holder) == ("Legal", "Bob Lee", "Bob Lee")
    assert header.tags == ("delay", "rebooking")
    assert header.priority == 72 and header.sla_policy == "standard"
    assert header.first_response_due_ms == T0 + 30 * MIN
    assert header.owed_due_ms == T0 + 24 * 60 * MIN  # answered: the resolution is what is owed now
    assert header.reopen_count == 1


def test_the_conversation_is_threaded_with_the_brand_replies_in_place(cache):
    maria_case().apply(cache)
    conversation = _load(cache).conversation
    assert [e.id for e in conversation] == ["m1", "m-brand-1", "m2", "r2", "m3", "r3"]
    by_id = {e.id: e for e in conversation}
    # The published reply the network echoed back is one entry: the mention, with its writer.
    echoed = by_id["m-brand-1"]
    assert echoed.from_brand and echoed.reply_status == "published" and echoed.written_by == "Ana Ribeiro"
    assert echoed.sentiment is None  # the brand's own words are not scored as a customer's
    # Replies not on the network yet sit under the customer message they answer.
    assert by_id["r2"].parent_external_id == "2003" and by_id["r2"].reply_status == "failed"
    assert by_id["r2"].reply_reason == "the post being answered was deleted"
    assert by_id["r3"].parent_external_id == "2004" and by_id["r3"].written_by == "Bob Lee"
    assert by_id["r3"].external_id is None and by_id["r3"].url == ""
    # A back-and-forth stays level; m2 has two answers (the failed reply and m3), so both step in.
    assert [by_id[i].depth for i in ("m1", "m-brand-1", "m2", "r2", "m3", "r3")] == [0, 0, 0, 1, 1, 1]
    assert by_id["m1"].url == "https://x.com/maria_kowal/status/2001"
    # Hidden on the network as the hub's latest "hidden" event for each says (m3 was shown again).
    assert [e.id for e in conversation if e.hidden] == ["m2"]


def test_the_context_post_comes_from_the_cache_found_by_index_and_not_without_it(cache):
    maria_case().apply(cache)
    assert cache.read_sync(has_external_id_index)  # ix_mentions_external, since cache revision 0009
    found = _load(cache).context
    assert found.external_id == "1000" and found.entry is not None
    assert found.entry.from_brand and found.entry.text.startswith("Storms over Warsaw")
    bare = _load(cache, lookup_context=False).context
    assert bare.external_id == "1000" and bare.entry is None
    # A cache without the index (damaged, or hand-edited) must not scan a million mentions per case.
    cache.write_sync(lambda c: c.execute(text("DROP INDEX ix_mentions_external")))
    assert not cache.read_sync(has_external_id_index)
    repository = CaseRepository(cache)  # learns of the index on first use
    assert cache.read_sync(lambda c: repository.detail_sync(c, CASE)).context.entry is None


def test_a_case_without_a_parent_has_no_context_and_an_unknown_case_is_none(cache):
    c = Changes()
    c.mention("m1", "1", "hello", T0, case_id="c-plain")
    c.case("c-plain", tags="[]")
    c.apply(cache)
    assert _load(cache, "c-plain").context is None
    assert _load(cache, "no-such-case") is None


def _hub_event_types() -> set[str]:
    """Every event type the hub writes, read from its source (so a new one fails this test)."""
    found = set()
    for path in HUB.glob("*.py"):
        found |= set(re.findall(r"\bEventType\.([A-Z_]+)", path.read_text("utf-8")))
    return {EventType[name].value for name in found}


def test_every_event_type_the_hub_writes_has_a_sentence(cache):
    maria_case().apply(cache)
    timeline = _load(cache).timeline
    written = {str(entry.type) for entry in timeline}
    assert _hub_event_types() - {"viewed", "escalated"} <= written  # the fixture has more than the hub
    assert all("{" not in entry.sentence and entry.sentence for entry in timeline)
    sentences = {entry.id: entry.sentence for entry in timeline}
    assert sentences["e01"] == "Case opened on X for @NorthwindAir"
    assert sentences["e02"].startswith("Maria Kowalska wrote: “@NorthwindAir flight NW221")
    assert sentences["e03"] == "Routed: priority 60, service level standard"
    assert sentences["e04"] == "Assigned to Ana Ribeiro automatically (fewest open cases)"
    assert sentences["e05"] == "Ana Ribeiro claimed the case"
    assert sentences["e07"] == "Guidance delays: crew → apologise"
    assert sentences["e08"] == "Ana Ribeiro sent a reply"
    assert sentences["e09"] == "Reply published on X"
    assert sentences["e10"].startswith("The brand's reply appeared on X: “@maria_kowal We're sorry")
    assert sentences["e12"] == "Ana Ribeiro tagged it “delay”"
    assert sentences["e13"] == "Ana Ribeiro noted: Called the gate: crew stuck in Gdańsk."
    assert sentences["e15"] == "Reply failed: the post being answered was deleted"
    assert sentences["e16"] == "Ana Ribeiro resolved the case: rebooked"
    assert sentences["e17"] == "Bob Lee reopened the case: customer wrote again"
    assert sentences["e18"] == "Bob Lee escalated the case: hotel costs over the limit"
    assert sentences["e19"] == "Handed to Legal: possible defamation"
    assert sentences["e20"] == "Bob Lee took the case over from Ana Ribeiro"
    assert sentences["e21"] == "Sam Okafor assigned the case to Bob Lee"
    assert sentences["e22"] == "Ana Ribeiro released the case"
    assert sentences["e23"] == "Bob Lee removed the tag “delay”"
    assert sentences["e27"] == "Reply held for review: the claim was lost"
    assert sentences["e28"] == "Ana Ribeiro asked Bob Lee for the case: “I know her”"
    assert sentences["e29"] == "Bob Lee kept the case; Ana Ribeiro asked for it"
    assert sentences["e30"] == "Bob Lee handed the case over to Ana Ribeiro"
    assert sentences["e32"] == "Ana Ribeiro took the case out of snooze"
    assert sentences["e33"] == "Ana Ribeiro asked X to hide Maria Kowalska's message"
    assert sentences["e34"] == "Hidden on X by Ana Ribeiro: Maria Kowalska's message"
    assert sentences["e35"] == "Hiding Maria Kowalska's message on X failed: not a reply to the brand"
    assert sentences["e37"] == "Shown again on X by Bob Lee: Maria Kowalska's message"
    by_id = {entry.id: entry for entry in timeline}
    assert by_id["e09"].url == "https://x.com/NorthwindAir/status/2002"
    assert by_id["e01"].actor == HUB_ACTOR and by_id["e02"].actor == "Maria Kowalska"


def test_the_timeline_is_oldest_first_and_says_where_each_event_came_from(cache):
    maria_case().apply(cache)
    row = {
        "id": MUTATION_HERE,
        "workstation_id": "ws-1",
        "seq": 1,
        "kind": "claim",
        "case_id": CASE,
        "payload": "{}",
        "created_ms": T0,
        "attempts": 1,
        "outcome": "applied",
    }
    cache.write_sync(lambda c: c.execute(insert(outbox), row))
    timeline = _load(cache).timeline
    assert [e.at_ms for e in timeline] == sorted(e.at_ms for e in timeline)
    origins = {e.id: e.origin for e in timeline}
    assert origins["e01"] is Origin.HUB and origins["e04"] is Origin.HUB  # created, auto-assigned
    assert origins["e02"] is Origin.NETWORK
    assert origins["e05"] is Origin.THIS_WORKSTATION  # its mutation is in this cache's outbox
    assert origins["e06"] is Origin.WORKSTATION
    assert origins["e09"] is Origin.HUB  # the publisher's, though its actor is the reply's author


def test_assignment_sentences_tell_self_outside_and_unassigned_apart(cache):
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    c.user(BOB, "Bob Lee")
    c.event("a1", "assigned", T0, ANA, assignee=ANA, by=ANA, reason="manual")
    outside = "manual, outside the team: Bob Lee is not in Legal, which owns the case (supervisor's decision)"
    c.event("a2", "assigned", T0 + 1, ANA, assignee=BOB, by=ANA, reason=outside)
    c.event("a3", "assigned", T0 + 2, BOB, assignee=None, by=BOB, reason="manual")
    c.event("a4", "claimed", T0 + 3, BOB, token=3, expires_ms=T0, renewed=True)
    c.event("a5", "handed_off", T0 + 4, BOB, team="Billing", reason="", from_team="Care")
    c.event("a6", "some_future_type", T0 + 5, BOB)
    c.event("a7", "reply_queued", T0 + 6, BOB, reply_id="r", status="needs_review")
    c.case()
    c.apply(cache)
    sentences = [e.sentence for e in _load(cache).timeline]
    assert sentences == [
        "Ana Ribeiro took the case",
        "Ana Ribeiro assigned the case to Bob Lee (outside the team: Bob Lee is not in Legal, which owns "
        "the case (supervisor's decision))",
        "Bob Lee unassigned the case",
        "Bob Lee renewed the claim",
        "Handed to Billing",
        "Bob Lee: some future type",
        "Bob Lee sent a reply, held for review",
    ]


def test_a_case_of_500_mentions_and_replies_loads_whole_and_in_order(cache):
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    parent = None
    for n in range(500):  # a long back-and-forth: each message answers the one before
        c.mention(f"m{n:03d}", f"x{n}", f"message {n}", T0 + n * MIN, parent_external_id=parent)
        c.event(f"e{n:03d}", "mention_received", T0 + n * MIN, "customer", mention_id=f"m{n:03d}")
        parent = f"x{n}"
    for n in range(300):
        c.event(f"n{n:03d}", "note_added", T0 + n * MIN + 1, ANA, text=f"note {n}")
    c.case(mention_count=500)
    c.apply(cache)
    started = time.perf_counter()
    loaded = _load(cache)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"500 mentions + 800 events: {elapsed_ms:.0f} ms")
    assert [e.id for e in loaded.conversation] == [f"m{n:03d}" for n in range(500)]
    assert {e.depth for e in loaded.conversation} == {0}  # a chain does not step in
    assert len(loaded.timeline) == 800
    assert [e.at_ms for e in loaded.timeline] == sorted(e.at_ms for e in loaded.timeline)


def test_each_per_case_read_is_an_index_lookup(cache):
    maria_case().apply(cache)

    def plan(sql: str) -> str:
        rows = cache.read_sync(lambda c: c.execute(text(f"EXPLAIN QUERY PLAN {sql}"), {"c": CASE}).all())
        return " | ".join(row[-1] for row in rows)

    assert "USING INDEX ix_mentions_case" in plan("SELECT * FROM mentions WHERE case_id = :c")
    assert "USING INDEX ix_replies_case_id" in plan("SELECT * FROM replies WHERE case_id = :c")
    assert "USING INDEX ix_events_case_id" in plan(
        "SELECT * FROM events WHERE case_id = :c ORDER BY at_ms, seq"
    )
    assert "USING INDEX ix_outbox_case_id" in plan("SELECT id FROM outbox WHERE case_id = :c")
    # The post a conversation hangs under, by its network id (cache revision 0009).
    by_external = plan("SELECT * FROM mentions WHERE external_id = :c AND network = 'x'")
    assert "USING INDEX ix_mentions_external (external_id=? AND network=?)" in by_external


def test_bad_event_data_and_tags_do_not_break_the_view(cache):
    c = Changes()
    c.event("b1", "note_added", T0, ANA)
    c.case(tags="not json")
    c.apply(cache)
    cache.write_sync(lambda conn: conn.execute(text("UPDATE events SET data = '[1, 2]' WHERE id = 'b1'")))
    loaded = _load(cache)
    assert loaded.header.tags == ()
    assert loaded.timeline[0].sentence == "user-ana noted: "  # no directory entry: the id stands in


def test_media_comes_with_its_message_and_malformed_media_is_left_out(cache):
    maria_case().apply(cache)
    media = '[{"kind": "image", "url": "https://example.org/a.jpg"}, {"kind": "video"}, 7, {"url": ""}]'
    cache.write_sync(
        lambda c: c.execute(text("UPDATE mentions SET media = :m WHERE id = 'm1'"), {"m": media})
    )
    cache.write_sync(lambda c: c.execute(text("UPDATE mentions SET media = 'not json' WHERE id = 'm2'")))
    by_id = {entry.id: entry for entry in _load(cache).conversation}
    assert [(m.kind, m.url) for m in by_id["m1"].media] == [("image", "https://example.org/a.jpg")]
    assert by_id["m2"].media == ()


def test_guidance_session_events_read_as_sentences_in_the_timeline(cache):
    changes = maria_case()
    session, tree = "s-1", "complaint_triage@1"
    at = "2026-12-06T09:00:00+00:00"
    steps = [
        {"kind": "started", "index": 0, "at": at, "tree": tree, "digest": "sha256:x"},
        {"kind": "entered", "index": 1, "at": at, "tree": tree, "node": "kind"},
        {
            "kind": "suggested",
            "index": 2,
            "at": at,
            "tree": tree,
            "node": "kind",
            "option": "A refund",
            "why": "case.priority >= 50",
            "read": {"case.priority": 72},
        },
        {
            "kind": "answered",
            "index": 3,
            "at": at,
            "tree": tree,
            "node": "kind",
            "option": "To be heard",
            "values": None,
            "how": "override",
        },
        {
            "kind": "answered",
            "index": 4,
            "at": at,
            "tree": tree,
            "node": "booking",
            "option": None,
            "values": {"booking": "NW221-X"},
            "how": "manual",
        },
        {"kind": "note", "index": 5, "at": at, "tree": tree, "node": "booking", "text": "ref in DM"},
        {"kind": "back", "index": 6, "at": at, "tree": tree, "node": "kind", "step": 1},
        {
            "kind": "escalated",
            "index": 7,
            "at": at,
            "tree": tree,
            "node": "to_legal",
            "team": "Legal",
            "mode": "hand_off",
            "reason": "Threatens to sue",
        },
        {
            "kind": "ended",
            "index": 8,
            "at": at,
            "tree": tree,
            "node": "handed",
            "disposition": "escalated_legal",
        },
    ]
    for n, event in enumerate(steps):
        data = {"session": session, "tree": tree, "digest": "sha256:x", "event": event}
        changes.event(f"g{n}", "guidance_step", T0 + 300 * MIN + n, ANA, **data)
    changes.apply(cache)
    sentences = [e.sentence for e in _load(cache).timeline if e.id.startswith("g")]
    assert sentences == [
        "Guidance complaint_triage@1: started",
        "Guidance complaint_triage@1: reached kind",
        "Guidance complaint_triage@1: suggested 'A refund' at kind, as case.priority >= 50",
        "Guidance complaint_triage@1: answered 'To be heard' at kind (override)",
        "Guidance complaint_triage@1: answered 'booking=NW221-X' at booking (manual)",
        "Guidance complaint_triage@1: noted at booking: ref in DM",
        "Guidance complaint_triage@1: went back to kind",
        "Guidance complaint_triage@1: escalated to Legal (hand off): Threatens to sue",
        "Guidance complaint_triage@1: ended at handed as escalated_legal",
    ]


def test_a_priority_set_by_hand_reads_as_who_set_it(cache):
    changes = maria_case()
    changes.event("p1", "routed", T0 + 300 * MIN, ANA, priority=90, by=ANA, reason="guidance: raise")
    changes.apply(cache)
    (entry,) = [e for e in _load(cache).timeline if e.id == "p1"]
    assert entry.sentence == "Ana Ribeiro set the priority to 90"
