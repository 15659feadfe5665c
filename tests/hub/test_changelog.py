"""The change sequence follows commit order, and a pull never skips an in-flight change."""

import threading
import time

import pytest
from sqlalchemy import insert

from console.domain.sync import parse_cursor
from console.hub.changelog import head, lock_sequence
from console.hub.ingest import ingest
from console.hub.pull import pull as scoped_pull
from console.hub.schema import hub_meta
from tests.hub.scoping import EVERYTHING


def pull(engine, after, limit):
    return scoped_pull(engine, after, limit, scope=EVERYTHING)


def test_a_later_commit_always_gets_larger_numbers(hub_engine):
    """Writer A takes the counter and holds it; B must wait, then number after A's commit."""
    order: list[tuple[str, int]] = []
    a_locked, release_a = threading.Event(), threading.Event()

    def writer_a():
        with hub_engine.begin() as connection:
            sequence = lock_sequence(connection)
            seq = sequence.next()
            a_locked.set()
            release_a.wait(5)
            sequence.close()
        order.append(("a", seq))

    def writer_b():
        a_locked.wait(5)
        with hub_engine.begin() as connection:
            sequence = lock_sequence(connection)
            seq = sequence.next()
            sequence.close()
        order.append(("b", seq))

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    a_locked.wait(5)
    time.sleep(0.3)  # B is now blocked on the counter
    assert order == []
    release_a.set()
    for thread in threads:
        thread.join(10)
    # Which thread appends first after A's commit is the scheduler's choice; the numbers are not.
    numbers = dict(order)
    assert numbers.keys() == {"a", "b"} and numbers["a"] < numbers["b"]


def test_a_pull_during_an_open_write_sees_only_committed_changes(hub_engine, demo):
    ingest(hub_engine, [demo.mention(0, 1_000)])
    committed = pull(hub_engine, None, 1000)
    in_write, finish = threading.Event(), threading.Event()

    def slow_writer():
        with hub_engine.begin() as connection:
            sequence = lock_sequence(connection)
            connection.execute(insert(hub_meta).values(key="probe", value="x"))
            sequence.next()
            in_write.set()
            finish.wait(5)
            sequence.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    in_write.wait(5)
    during = pull(hub_engine, None, 1000)
    finish.set()
    writer.join(10)
    assert during.head == committed.head
    assert [r["seq"] for _k, r in during.records()] == [r["seq"] for _k, r in committed.records()]


def test_paging_through_the_log_delivers_every_row_once(hub_engine, demo):
    for start in range(0, 120, 17):
        ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(start, start + 17)])
    full = pull(hub_engine, None, 5000)
    assert not full.more
    cursor, seen = None, []
    while True:
        page = pull(hub_engine, cursor, 23)
        seen.extend((kind, row["id"]) for kind, row in page.records())
        cursor = page.cursor
        if not page.more:
            break
    assert seen == [(kind, row["id"]) for kind, row in full.records()]
    assert len(set(seen)) == len(seen)
    with hub_engine.connect() as connection:
        assert parse_cursor(cursor).seq == head(connection)


def test_a_cursor_from_another_epoch_restarts_from_the_beginning(hub_engine, demo):
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(5)])
    page = pull(hub_engine, "someotherepoch:3", 1000)
    assert page.reset
    assert page.records()[0][1]["seq"] == 1
    assert not pull(hub_engine, page.cursor, 1000).reset


@pytest.mark.parametrize("cursor", ["nonsense", "abc:", ":5", "abc:-1", "abc:x"])
def test_malformed_cursors_are_refused(hub_engine, cursor):
    with pytest.raises(ValueError, match="EPOCH:SEQ"):
        pull(hub_engine, cursor, 10)
