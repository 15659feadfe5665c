"""Collision control at the desk: asking a colleague for a case, taking it over, handing it over."""

import json
import random

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from console.domain.clock import now_ms
from console.domain.mutation import MutationKind
from console.services.alerts import AlertWatch
from console.services.cases import CaseActions
from console.services.claim_requests import ClaimRequests
from console.services.notifications import NoticeKind, Notifier
from console.services.preferences import Preferences
from console.services.queue import QueueService
from console.services.user_settings import SettingsStore
from console.storage import claim_requests
from console.storage.outbox import Outbox
from console.storage.queue_repo import QueueRepository
from console.storage.replica import Replica
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from tests.storage.conftest import as_tables, case_change, mention_change
from tests.ui.conftest import until
from tests.ui.test_case_replies import user_change
from tests.ui.test_queue_window import ME, _Pusher

BOB = "u-bob"
CASE = "c000001"


def _event(seq: int, kind: str, actor: str, at_ms: int, **data) -> dict:
    row = {"id": f"e{seq}", "case_id": CASE, "type": kind, "at_ms": at_ms, "actor": actor}
    return {"seq": seq, "kind": "event", "data": row | {"data": json.dumps(data), "seq": seq}}


def held(cache, holder: str, *later: dict, my_role: str = "agent") -> None:
    """One case, held by ``holder`` with token 3 since a minute ago, and two people."""
    now = now_ms()
    case = case_change(2, CASE, "open")
    case["data"] |= {"claim_holder": holder, "claim_token": 3, "claim_expires_ms": now + 600_000}
    me, bob = user_change(3, ME, "Me Myself"), user_change(4, BOB, "Bob Stone")
    me["data"]["role"] = my_role
    claimed = _event(5, "claimed", holder, now - 60_000, token=3, expires_ms=now + 600_000)
    changes = [mention_change(1, random.Random(1), CASE), case, me, bob, claimed, *later]
    last = max(c["seq"] for c in changes)
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", f"e:{last}", last, as_tables(changes)))


@pytest.fixture
def desk(qloop, qtbot, cache, tmp_path):
    made = []

    def build() -> MainWindow:
        actions = CaseActions(Outbox(cache), _Pusher(), lambda: ME)
        preferences = Preferences(tmp_path, ME)
        window = MainWindow(
            QueueService(QueueRepository(cache)),
            ChangesHub(),
            "test hub",
            actions=actions,
            preferences=preferences,
            notifier=Notifier(SettingsStore(tmp_path)),
            claim_requests=ClaimRequests(cache, actions),
        )
        window.show()
        qtbot.addWidget(window)
        made.append(window)
        qloop.run_until_complete(
            until(lambda: window.model.rowCount() == 1 and window.view.currentIndex().isValid())
        )
        return window

    yield build
    for window in made:
        window.shutdown()


def test_an_agent_asks_the_holder_and_sees_that_they_asked(qloop, cache, desk):
    held(cache, BOB)
    w = desk()
    bar = w.case.claim_bar
    qloop.run_until_complete(until(lambda: _button(bar, "askClaim") is not None))
    assert "Held by Bob Stone" in w.preview.claim.text()
    assert _button(bar, "askClaim").text() == "Ask Bob Stone for it"
    assert _button(bar, "takeOverClaim") is None  # an agent does not take over
    _button(bar, "askClaim").click()
    qloop.run_until_complete(until(lambda: "Asked Bob Stone" in w.status.currentMessage()))
    assert [kind for kind, _payload in _queued(qloop, cache)] == [MutationKind.REQUEST_CLAIM]
    qloop.run_until_complete(until(lambda: "waiting for Bob Stone" in _texts(bar)))
    assert _button(bar, "askClaim").text() == "Ask Bob Stone again"


def test_a_supervisor_may_take_over(qloop, cache, desk):
    held(cache, BOB, my_role="supervisor")
    w = desk()
    qloop.run_until_complete(until(lambda: _button(w.case.claim_bar, "takeOverClaim") is not None))
    _button(w.case.claim_bar, "takeOverClaim").click()
    qloop.run_until_complete(until(lambda: "Take-over requested" in w.status.currentMessage()))
    assert _queued(qloop, cache) == [(MutationKind.CLAIM, {"takeover": True})]


def test_the_holder_hands_over_or_keeps_and_the_request_leaves_the_pane(qloop, cache, desk):
    asked = _event(6, "claim_requested", BOB, now_ms() - 5_000, holder=ME, message="I know this customer")
    held(cache, ME, asked)
    w = desk()
    bar = w.case.claim_bar
    qloop.run_until_complete(until(lambda: "Bob Stone asks for this case" in _texts(bar)))
    assert "I know this customer" in _texts(bar)
    _button(bar, "handOver").click()
    qloop.run_until_complete(until(lambda: "Handing the case over" in w.status.currentMessage()))
    assert _queued(qloop, cache) == [(MutationKind.ANSWER_CLAIM_REQUEST, {"requester": BOB, "give": True})]
    qloop.run_until_complete(until(lambda: "asks for this case" not in _texts(bar)))  # answered here


def test_pending_requests_follow_the_claim_and_the_answers(qloop, cache):
    now = now_ms()
    older = _event(6, "claim_requested", BOB, now - 120_000, holder=ME)  # before my current claim
    fresh = _event(7, "claim_requested", BOB, now - 5_000, holder=ME, message="please")
    held(cache, ME, older, fresh)
    (request,) = cache.read_sync(lambda c: claim_requests.pending(c, ME, now))
    assert (request.requester, request.requester_name, request.message) == (BOB, "Bob Stone", "please")
    kept = _event(8, "claim_request_declined", ME, now - 1_000, requester=BOB)
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:8", 8, as_tables([kept])))
    assert cache.read_sync(lambda c: claim_requests.pending(c, ME, now)) == []
    assert cache.read_sync(lambda c: claim_requests.pending(c, BOB, now)) == []  # Bob holds nothing


def test_the_holder_is_told_once_and_the_asker_hears_it_was_kept(qloop, cache, tmp_path):
    now = now_ms()
    held(cache, ME, _event(6, "claim_requested", BOB, now - 5_000, holder=ME))
    shown = []
    watch = AlertWatch(cache, Notifier(SettingsStore(tmp_path), shown.append), lambda: ME)
    qloop.run_until_complete(watch.check())
    qloop.run_until_complete(watch.check())
    assert [(n.kind, n.title) for n in shown] == [
        (NoticeKind.CLAIM_REQUEST, "Bob Stone asks for a case you hold")
    ]
    # Bob's side: he asked (his outbox says so) and I kept the case.
    bob_shown = []
    bob_watch = AlertWatch(cache, Notifier(SettingsStore(tmp_path), bob_shown.append), lambda: BOB)
    qloop.run_until_complete(Outbox(cache).enqueue(BOB, MutationKind.REQUEST_CLAIM, CASE, {}))
    kept = _event(9, "claim_request_declined", ME, now_ms() + 1, requester=BOB)
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:9", 9, as_tables([kept])))
    qloop.run_until_complete(bob_watch.check())
    assert [n.title for n in bob_shown] == ["Me Myself keeps the case"]


def _queued(qloop, cache) -> list:
    entries = qloop.run_until_complete(Outbox(cache).entries_for_case(CASE))
    return [(e.mutation.kind, dict(e.mutation.payload)) for e in entries]


def _button(bar, name: str):
    found = [b for b in bar.findChildren(QPushButton) if b.objectName() == name and not b.isHidden()]
    return found[0] if found else None


def _texts(bar) -> str:
    return " ".join(label.text() for label in bar.findChildren(QLabel) if not label.isHidden())


def test_a_note_that_mentions_me_is_told_once_and_mine_are_not(qloop, cache, tmp_path):
    held(cache, BOB)
    shown = []
    watch = AlertWatch(cache, Notifier(SettingsStore(tmp_path), shown.append), lambda: ME)
    note = _event(6, "note_added", BOB, now_ms(), text="@me can you call her?", mentions=[ME])
    mine = _event(7, "note_added", ME, now_ms(), text="note to self @me", mentions=[ME])
    other = _event(8, "note_added", BOB, now_ms(), text="@sue look", mentions=["u-sue"])
    applied = cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, "h", "e", "e:8", 8, as_tables([note, mine, other]))
    )
    watch.saw(applied)
    qloop.run_until_complete(watch.check())
    watch.saw(applied)  # the same pull seen twice (a retry) tells once
    qloop.run_until_complete(watch.check())
    assert [(n.kind, n.title, n.body) for n in shown] == [
        (NoticeKind.NOTE_MENTION, "Bob Stone mentioned you in a note", "@me can you call her?")
    ]


def test_a_case_a_colleague_assigns_to_me_is_told_unless_switched_off(qloop, cache, tmp_path):
    held(cache, BOB)
    shown = []
    settings = SettingsStore(tmp_path)
    watch = AlertWatch(cache, Notifier(settings, shown.append), lambda: ME)
    given = _event(6, "assigned", BOB, now_ms(), assignee=ME)
    mine = _event(7, "assigned", ME, now_ms(), assignee=ME)  # I took it myself: no news
    elsewhere = _event(8, "assigned", BOB, now_ms(), assignee="u-sue")
    applied = cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, "h", "e", "e:8", 8, as_tables([given, mine, elsewhere]))
    )
    watch.saw(applied)
    qloop.run_until_complete(watch.check())
    assert [(n.kind, n.title) for n in shown] == [(NoticeKind.ASSIGNED, "Bob Stone assigned a case to you")]
    assert shown[0].body  # the customer's latest words, to decide whether to look now
    settings.update(notify_assigned=False)
    again = _event(9, "assigned", BOB, now_ms(), assignee=ME)
    applied = cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:9", 9, as_tables([again])))
    watch.saw(applied)
    notices = qloop.run_until_complete(watch.check())
    assert [n.kind for n in notices] == [NoticeKind.ASSIGNED] and len(shown) == 1  # switched off
