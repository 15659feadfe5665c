"""The archive's search over a real cache (tests/storage/archive_data.py): words found in mentions,
brand replies and both kinds of notes, each filter, keyset pages, snippets, input that is no FTS
syntax, the indexes following edits and removals, and the SET and PROBE ways giving the same answer."""

import pytest

from console.domain.archive import NOT_ANSWERED, ArchiveFilters, DateField, SentimentChange, Source
from console.storage import archive_repo, search
from console.storage.archive_records import records
from console.storage.archive_repo import count, page
from console.storage.case_facts import refresh_all_stale
from console.storage.replica import drop_cases
from tests.storage.archive_data import ANA, BOB, DAY, T0, archive_cases, filler
from tests.storage.case_data import MIN, Changes


@pytest.fixture
def archive(cache):
    changes = archive_cases()
    filler(changes, 30, T0 + 3 * DAY)
    changes.apply(cache)
    cache.write_sync(refresh_all_stale)
    return cache


def _ids(cache, words: str = "", **filters) -> list[str]:
    return [
        r.case_id for r in cache.read_sync(lambda c: page(c, words, ArchiveFilters(**filters), None, 100))
    ]


def test_words_are_found_in_mentions_replies_and_both_kinds_of_notes(archive):
    assert _ids(archive, "refund") == ["A"]  # A's first message (and Ana's reply)
    assert _ids(archive, "voucher") == ["B"]  # only in Bob's reply
    assert _ids(archive, "lisbon") == ["C"]  # only in a guidance session's note
    assert _ids(archive, "amal") == ["D"]  # only in an agent's note
    assert _ids(archive, "مكسور") == ["D"]  # Arabic, as written
    assert _ids(archive, "dev_dan") == ["B"]  # the author's handle
    assert _ids(archive, "REFUND arriv") == ["A"]  # every word, as a prefix, any case
    assert _ids(archive, "refund voucher") == []  # in two different cases: none has both
    # "parcel" is in the filler's messages and in A's note; newest first, A (oldest) last
    found = _ids(archive, "parcel")
    assert found[:2] == ["P029", "P028"] and found[-1] == "A" and len(found) == 31


def test_snippets_say_where_the_words_were_and_mark_them(archive):
    def first(words):
        rows = archive.read_sync(lambda c: page(c, words, ArchiveFilters()))
        return rows[0].snippet

    s = first("voucher")
    assert s.source is Source.REPLY and s.text.startswith("Please update the app")
    assert [s.text[a:b] for a, b in s.marks] == ["voucher"]
    s = first("lisbon")
    assert s.source is Source.NOTE and [s.text[a:b] for a, b in s.marks] == ["Lisbon"]
    s = first("dan")  # the author matched, not the words: the snippet says who
    assert s.source is Source.MENTION and s.text.startswith("Dan Ortiz (@dev_dan): ")
    # No words: the start of the first message, nothing marked
    rows = archive.read_sync(lambda c: page(c, "", ArchiveFilters(network="facebook")))
    assert [(r.case_id, r.snippet.text, r.snippet.marks) for r in rows] == [
        ("D", "الطلب وصل مكسور", ()),
        ("C", "Lovely staff at your store today", ()),
    ]
    assert rows[1].customer == "Joana Silva (@joana)"


def test_each_filter(archive):
    assert _ids(archive, network="facebook") == ["D", "C"]
    assert _ids(archive, account_id="nw-x")[-2:] == ["B", "A"]
    assert _ids(archive, agent=ANA) == ["A"]
    assert _ids(archive, agent=BOB) == ["B"]
    assert len(_ids(archive, agent=NOT_ANSWERED)) == 32  # C, D and the filler
    assert _ids(archive, disposition="refund_issued") == ["A"]
    assert _ids(archive, guidance="refund_request · refund_issued") == ["A"]
    assert _ids(archive, guidance="refund_request · stopped at check") == ["C"]
    # A: −0.8 before Ana's reply, +0.4 after → +1.2; B: −0.2 → −0.9 → −0.7
    assert _ids(archive, sentiment=SentimentChange.IMPROVED) == ["A"]
    assert _ids(archive, sentiment=SentimentChange.WORSENED) == ["B"]
    assert _ids(archive, sentiment=SentimentChange.UNCHANGED) == []
    assert len(_ids(archive, sentiment=SentimentChange.UNKNOWN)) == 32
    # Dates: the first day only (A and B), by opening; by update the filler's times move 90 minutes on
    assert _ids(archive, start_ms=T0, end_ms=T0 + DAY) == ["B", "A"]
    assert _ids(archive, "parcel", start_ms=T0 + DAY) == [f"P{i:03d}" for i in range(29, -1, -1)]
    assert _ids(archive, date_field=DateField.UPDATED, start_ms=T0 + 90 * MIN, end_ms=T0 + 91 * MIN) == ["A"]
    # Filters combine with words and with each other
    assert _ids(archive, "refund", network="facebook") == []
    assert _ids(archive, "crash", agent=BOB, sentiment=SentimentChange.WORSENED) == ["B"]


def test_keyset_pages_cover_the_result_once_in_order(archive):
    seen, after = [], None
    while rows := archive.read_sync(lambda c, a=after: page(c, "", ArchiveFilters(), a, 7)):
        seen += [r.case_id for r in rows]
        after = rows[-1].key
    assert seen == _ids(archive) and len(seen) == len(set(seen)) == 34
    # Ties on the date are broken by id, so a page boundary inside a tie loses nothing
    tied = Changes(start=1000)
    filler(tied, 0, 0)
    for n in range(5):
        tied.mention(f"t{n}-m", f"t{n}", "tied parcel", T0, case_id=f"T{n}")
        tied.case(f"T{n}", T0, conversation_key=f"t{n}", updated_ms=T0)
    tied.apply(archive)
    seen, after = [], None
    while rows := archive.read_sync(lambda c, a=after: page(c, "tied", ArchiveFilters(), a, 2)):
        seen += [r.case_id for r in rows]
        after = rows[-1].key
    assert seen == ["T4", "T3", "T2", "T1", "T0"]


def test_counts_are_exact_when_quick(archive):
    assert archive.read_sync(lambda c: count(c, "parcel", ArchiveFilters())) == archive_repo.ArchiveCount(
        31, True
    )
    assert archive.read_sync(lambda c: count(c, "", ArchiveFilters(network="facebook"))).cases == 2
    assert archive.read_sync(lambda c: count(c, "nothing-like-it", ArchiveFilters())).cases == 0


@pytest.mark.parametrize(
    "words", ['"', "AND OR NOT", "refund*", "text:refund", "(refund", "-refund", "NEAR(a b)", "^"]
)
def test_input_is_never_fts_syntax(archive, words):
    rows = archive.read_sync(lambda c: page(c, words, ArchiveFilters()))  # never raises
    if any(
        ch.isalpha()
        for ch in words.replace("AND", "").replace("OR", "").replace("NOT", "").replace("NEAR", "")
    ):
        assert all(r.case_id == "A" for r in rows)
    counted = archive.read_sync(lambda c: count(c, words, ArchiveFilters()))
    assert counted.cases == len(rows)


def test_set_and_probe_give_the_same_cases(archive, monkeypatch):
    queries = ["parcel", "refund", "lisbon", "voucher", "app", "a", ""]
    sparse = {w: _ids(archive, w) for w in queries}
    assert (
        archive.read_sync(lambda c: archive_repo.strategy(c, search.match_expression("parcel"))) == search.SET
    )
    monkeypatch.setattr(archive_repo, "DENSE", 1)  # every word now counts as common
    monkeypatch.setattr(search, "DENSE", 1)
    assert (
        archive.read_sync(lambda c: archive_repo.strategy(c, search.match_expression("parcel")))
        == search.PROBE
    )
    assert {w: _ids(archive, w) for w in queries} == sparse
    assert _ids(archive, "lisbon", network="facebook") == ["C"]
    # Filtered on facts: the kept cases sorted then probed, or (many kept) walked in date order
    for walk_from in (10_000, 1):
        monkeypatch.setattr(archive_repo, "WALK_FROM", walk_from)
        assert _ids(archive, "a", agent=NOT_ANSWERED)[-3:] == ["P000", "D", "C"]  # "again", "Amal", "at"
        assert _ids(archive, "refund", agent=ANA, sentiment=SentimentChange.IMPROVED) == ["A"]
        assert _ids(archive, "parcel", agent=BOB) == []


def test_the_indexes_follow_edits_and_removals(archive):
    later = Changes(start=5000)
    later.reply(
        "B-r1", "Please update the app; a coupon is on its way.", T0, "published", author=BOB, case_id="B"
    )
    later.event(
        "A-n1", "note_added", T0, actor=ANA, case_id="A", text="Customer mentioned a scratched screen"
    )
    later.event("C-n2", "note_added", T0 + DAY, actor=ANA, case_id="C", text="Second note: manager thanked")
    later.apply(archive)
    assert _ids(archive, "voucher") == [] and _ids(archive, "coupon") == ["B"]
    assert _ids(archive, "parcel")[-1] != "A" and _ids(archive, "scratched") == ["A"]
    assert _ids(archive, "thanked") == ["C"]
    archive.write_sync(lambda c: drop_cases(c, ["C", "B"]))
    assert _ids(archive, "coupon") == [] and _ids(archive, "thanked") == [] and _ids(archive, "lisbon") == []
    leftovers = archive.read_sync(
        lambda c: c.exec_driver_sql(
            f"SELECT count(*) FROM {search.NOTES} WHERE case_id IN ('B', 'C')"
        ).scalar()
    )
    assert leftovers == 0


def test_filter_choices_come_from_the_cache(archive):
    choices = archive.read_sync(archive_repo.choices)
    assert choices.networks == ("facebook", "x")
    assert choices.accounts == (("nw-x", "@Northwind (x)"), ("nw-fb", "@NorthwindFB (facebook)"))
    assert choices.agents == ((ANA, "Ana Ribeiro"), (BOB, "Bob Lee"))
    assert choices.dispositions == ("refund_issued",)
    assert choices.guidance_paths == ("refund_request · refund_issued", "refund_request · stopped at check")


def test_records_hold_a_case_whole(archive):
    (a,) = archive.read_sync(lambda c: records(c, ["A", "nope"]))
    assert (a["id"], a["account"], a["agent"], a["disposition"]) == (
        "A",
        "@Northwind",
        "Ana Ribeiro",
        "refund_issued",
    )
    assert a["opened"] == "2025-12-29T09:20:00.000+00:00"
    assert [m["text"] for m in a["mentions"]] == [
        "My refund never arrived, three weeks now!",
        "Got it, thanks a lot",
    ]
    assert [(r["author"], r["status"]) for r in a["replies"]] == [("Ana Ribeiro", "published")]
    assert [(n["kind"], n["text"]) for n in a["notes"]] == [
        ("guidance note", "Checked the payment log"),
        ("note", "Customer also asked about a lost parcel"),
    ]
    # four guidance steps, the published reply, the note, the resolution
    assert len(a["events"]) == 7 and a["events"][0]["data"]["session"] == "s-A"


def test_a_slow_count_stops_and_says_at_least(archive, monkeypatch):
    monkeypatch.setattr(archive_repo, "COUNT_BUDGET_S", -1.0)  # out of time at once
    monkeypatch.setattr(archive_repo, "DENSE", 1)  # a walk of every case, probing each
    monkeypatch.setattr(archive_repo, "_CHECK_EVERY", 1)  # a tiny cache: look at the clock at once
    counted = archive.read_sync(lambda c: count(c, "parcel", ArchiveFilters()))
    assert not counted.exact and counted.cases < 31
    # The connection is left as it was: the next search is not interrupted
    monkeypatch.setattr(archive_repo, "COUNT_BUDGET_S", 10.0)
    assert len(_ids(archive, "parcel")) == 31
    assert archive.read_sync(lambda c: count(c, "parcel", ArchiveFilters())) == archive_repo.ArchiveCount(
        31, True
    )
