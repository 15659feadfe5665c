"""Threading and wording rules of the case view, without a database."""

from console.domain.case_detail import (
    MAX_DEPTH,
    ConversationEntry,
    Origin,
    RawEvent,
    context_external_id,
    origin_of,
    thread,
)
from console.domain.mention import MentionKind
from console.domain.network import Network


def entry(
    entry_id: str, at: int, parent: str | None = None, external: str | None = None
) -> ConversationEntry:
    return ConversationEntry(
        id=entry_id,
        external_id=f"x-{entry_id}",
        network=Network.REDDIT,
        kind=MentionKind.COMMENT,
        author_handle="u/someone",
        author_name="someone",
        author_followers=3,
        author_verified=False,
        text=entry_id,
        lang="en",
        url="",
        created_ms=at,
        parent_external_id=parent,
        sentiment=None,
        sentiment_score=0.0,
        from_brand=False,
    )


def test_replies_follow_their_post_and_forks_step_in():
    a = entry("a", 1)
    b = entry("b", 2)  # a second thread, started after a
    a1 = entry("a1", 3, "x-a")
    a2 = entry("a2", 5, "x-a")
    a1x = entry("a1x", 6, "x-a1")
    ordered = thread([a2, b, a1x, a1, a])
    assert [(e.id, e.depth) for e in ordered] == [("a", 0), ("a1", 1), ("a1x", 1), ("a2", 1), ("b", 0)]


def test_a_deep_fork_is_capped_and_a_cycle_loses_nothing():
    entries, parent = [entry("k0", 0)], "x-k0"
    for n in range(1, 12):  # every level forks in two: depth grows one per level
        entries += [entry(f"k{n}", n * 10, parent), entry(f"s{n}", n * 10 + 1, parent)]
        parent = f"x-k{n}"
    depths = {e.id: e.depth for e in thread(entries)}
    assert depths["k3"] == 3 and depths["s3"] == 3
    assert depths["k11"] == MAX_DEPTH and max(depths.values()) == MAX_DEPTH
    loop = [entry("p", 1, "x-q"), entry("q", 2, "x-p")]  # bad data: each answers the other
    assert sorted(e.id for e in thread(loop)) == ["p", "q"]


def test_a_thread_of_thousands_does_not_recurse():
    entries = [entry("m0", 0)] + [entry(f"m{n}", n, f"x-m{n - 1}") for n in range(1, 5000)]
    assert [e.id for e in thread(entries)][-1] == "m4999"


def test_the_context_is_the_earliest_parent_outside_the_case():
    assert context_external_id([entry("a", 2, "brand-post"), entry("b", 3, "x-a")]) == "brand-post"
    assert context_external_id([entry("a", 2), entry("b", 3, "x-a")]) is None


def test_where_an_event_came_from():
    def event(actor: str, kind: str = "note_added", **data) -> RawEvent:
        return RawEvent("e", kind, 0, actor, data)

    assert origin_of(event("u1", mutation="m1"), frozenset({"m1"})) is Origin.THIS_WORKSTATION
    assert origin_of(event("u1", mutation="m2"), frozenset({"m1"})) is Origin.WORKSTATION
    assert origin_of(event("customer", "mention_received")) is Origin.NETWORK
    assert origin_of(event("system", "routed")) is Origin.HUB
    assert origin_of(event("u1", "reply_published")) is Origin.HUB
