"""Working on selected cases from the queue: the keys open their dialogs, and each choice queues one
mutation per selected case (notes on the case being read)."""

import pytest
from PySide6.QtCore import Qt

from console.domain.mutation import MutationKind
from console.services.case_view import CaseViewService
from console.services.cases import CaseActions
from console.services.notifications import Notifier
from console.services.preferences import Preferences
from console.services.queue import QueueService
from console.services.user_settings import SettingsStore
from console.storage.case_repo import CaseRepository
from console.storage.dispositions_file import bundled_dispositions
from console.storage.outbox import Outbox
from console.storage.queue_repo import QueueRepository
from console.ui.changes_hub import ChangesHub
from console.ui.handoff_dialog import HandoffDialog
from console.ui.main_window import MainWindow
from console.ui.note_dialog import NoteDialog
from console.ui.resolve_dialog import ResolveDialog
from console.ui.snooze_dialog import SnoozeDialog
from tests.ui.conftest import until
from tests.ui.test_assign import fill_with_people, select_rows
from tests.ui.test_queue_window import ME, _Pusher, queued


@pytest.fixture
def desk(qloop, qtbot, cache, tmp_path):
    fill_with_people(cache)
    cache.write_sync(
        lambda c: c.exec_driver_sql("INSERT INTO teams (id, seq) VALUES ('Support', 1), ('Legal', 1)")
    )
    preferences = Preferences(tmp_path, ME)
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "test hub",
        actions=CaseActions(Outbox(cache), _Pusher(), lambda: ME),
        preferences=preferences,
        notifier=Notifier(SettingsStore(tmp_path)),
        case_view=CaseViewService(CaseRepository(cache)),
        dispositions=bundled_dispositions().catalog,
    )
    window.show()
    qtbot.addWidget(window)
    qloop.run_until_complete(
        until(
            lambda: (
                window.model.rowCount() == 6 and window.view.currentIndex().isValid() and window.choices.teams
            )
        )
    )
    yield window
    window.shutdown()


def _key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifier)


def _chosen(window) -> list[str]:
    return sorted({window.model.row_at(r).case_id for r in (0, 2)})


def test_r_resolves_each_selected_case_with_the_disposition_and_the_closing_note(qloop, qtbot, cache, desk):
    select_rows(desk, (2,))
    _key(qtbot, desk, Qt.Key.Key_R)
    dialog = desk.case_work.dialog
    assert isinstance(dialog, ResolveDialog) and dialog.isVisible()
    dialog.resolution_chosen.emit("refund_issued", "Refund confirmed by phone.")
    qloop.run_until_complete(until(lambda: "Resolved: " in desk.status.currentMessage()))
    assert "2 cases" in desk.status.currentMessage()
    resolved = queued(qloop, cache, MutationKind.RESOLVE)
    assert resolved == [(case, {"disposition": "refund_issued"}) for case in _chosen(desk)]
    notes = queued(qloop, cache, MutationKind.NOTE)
    assert notes == [(case, {"text": "Refund confirmed by phone."}) for case in _chosen(desk)]


def test_z_snoozes_and_h_hands_off_the_selected_cases(qloop, qtbot, cache, desk):
    select_rows(desk, (2,))
    _key(qtbot, desk, Qt.Key.Key_Z)
    snooze = desk.case_work.dialog
    assert isinstance(snooze, SnoozeDialog)
    snooze.snooze_chosen.emit(1_900_000_000_000)
    qloop.run_until_complete(until(lambda: "Snoozed" in desk.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.SNOOZE) == [
        (case, {"until_ms": 1_900_000_000_000}) for case in _chosen(desk)
    ]
    snooze.reject()
    # Offscreen, no window is active again once a dialog closes, so no key reaches a shortcut: the
    # menu's entry point stands in for H (keys are tested on a fresh window above and below).
    desk.case_work.ask_handoff()
    handoff = desk.case_work.dialog
    assert isinstance(handoff, HandoffDialog)
    handoff.handoff_chosen.emit("Legal", "Threatens to sue over the refund")
    qloop.run_until_complete(until(lambda: "Handed to Legal" in desk.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.HANDOFF) == [
        (case, {"team": "Legal", "reason": "Threatens to sue over the refund"}) for case in _chosen(desk)
    ]


def test_shift_n_notes_the_case_being_read_and_shift_r_reopens_only_resolved_ones(qloop, qtbot, cache, desk):
    _key(qtbot, desk, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    qloop.run_until_complete(until(lambda: isinstance(desk.case_work.dialog, NoteDialog)))
    desk.case_work.dialog.note_saved.emit("@bob can you call her back?")
    qloop.run_until_complete(until(lambda: "Note added" in desk.status.currentMessage()))
    first = desk.model.row_at(0).case_id
    assert queued(qloop, cache, MutationKind.NOTE) == [(first, {"text": "@bob can you call her back?"})]
    desk.case_work.dialog.reject()
    desk.case_work.reopen()  # Shift+R (see above: no active window after a dialog, offscreen)
    qloop.run_until_complete(until(lambda: "Only a resolved case" in desk.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.REOPEN) == []


def test_the_queue_menu_offers_the_case_work(qloop, desk):
    texts = [a.text().split("\t")[0] for a in desk._queue_menu().actions() if a.text()]
    assert {"&Note…", "Resol&ve…", "Re&open", "Snoo&ze…", "&Hand off…"} <= set(texts)


def test_my_hand_offs_say_where_each_stands_after_the_case_left_my_queue(qloop, qtbot, cache, desk):
    from sqlalchemy import update

    from console.domain.handoff import HandoffState
    from console.services.handoffs import HandoffHistory
    from console.storage.handoffs_repo import HandoffRepository
    from console.storage.schema import outbox
    from console.ui.handoffs_dialog import HandoffsDialog

    first, second = _chosen(desk)
    actions = CaseActions(Outbox(cache), _Pusher(), lambda: ME)
    for case_id in (first, second):
        qloop.run_until_complete(actions.hand_off(case_id, "Legal", "Threatens to sue over the refund"))
    # The hub answered: the first moved (and left this agent's cache), the second was refused.
    cache.write_sync(
        lambda c: c.execute(
            update(outbox).where(outbox.c.case_id == first).values(outcome="applied", answered_ms=1)
        )
    )
    cache.write_sync(
        lambda c: c.execute(
            update(outbox)
            .where(outbox.c.case_id == second)
            .values(outcome="rejected", reason="no team 'Legal' on this hub", answered_ms=1)
        )
    )
    cache.write_sync(lambda c: c.exec_driver_sql(f"DELETE FROM cases WHERE id = '{first}'"))
    history = HandoffHistory(HandoffRepository(cache), lambda: ME)
    records = {r.case_id: r for r in qloop.run_until_complete(history.mine())}
    assert records[first].state is HandoffState.DONE and records[first].case_status is None
    assert records[second].state is HandoffState.REFUSED and "no team" in records[second].refusal
    assert qloop.run_until_complete(HandoffHistory(HandoffRepository(cache), lambda: "u-other").mine()) == []
    dialog = HandoffsDialog(history, desk)
    qtbot.addWidget(dialog)
    qloop.run_until_complete(until(lambda: dialog.list.topLevelItemCount() == 2))
    now = {
        dialog.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): dialog.list.topLevelItem(i).text(4)
        for i in range(2)
    }
    assert now[first] == "With Legal (no longer in your queue)"
    assert now[second] == "Refused: no team 'Legal' on this hub"


def _as(desk, network, kind, from_brand=False):
    """The first row seen as a message of ``network`` and ``kind`` (the sample rows' are random)."""
    from console.domain.mention import MentionKind
    from console.domain.network import Network

    row = desk.model.row_at(0)._replace(
        network=Network(network), kind=MentionKind(kind), from_brand=from_brand
    )
    select_rows(desk, (0,))
    desk.case_work._rows = lambda: [row]
    return row


def _moderation(desk):
    return {a.text().split("\t")[0]: a for a in desk._queue_menu().actions() if "de on " in a.text()}


def test_shift_h_hides_the_selected_message_on_its_network_and_unhide_shows_it_again(
    qloop, qtbot, cache, desk
):
    row = _as(desk, "facebook", "comment")
    _key(qtbot, desk, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    qloop.run_until_complete(until(lambda: "Hiding on Facebook" in desk.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.HIDE) == [
        (row.case_id, {"mention_id": row.mention_id, "hidden": True})
    ]
    actions = _moderation(desk)
    assert set(actions) == {"H&ide on Facebook", "Unhi&de on Facebook"}
    assert all(a.isEnabled() for a in actions.values())
    actions["Unhi&de on Facebook"].trigger()
    qloop.run_until_complete(until(lambda: "Showing again on Facebook" in desk.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.HIDE) == [
        (row.case_id, {"mention_id": row.mention_id, "hidden": hidden}) for hidden in (False, True)
    ]
    _moderation(desk)["H&ide on Facebook"].trigger()  # the menu's entry hides, as the key does
    qloop.run_until_complete(until(lambda: "Hiding on Facebook" in desk.status.currentMessage()))
    assert [payload["hidden"] for _, payload in queued(qloop, cache, MutationKind.HIDE)] == [
        False,
        True,
        True,
    ]


def test_hide_is_greyed_out_with_the_reason_where_the_network_cannot_hide(qloop, qtbot, cache, desk):
    _as(desk, "reddit", "comment")
    actions = _moderation(desk)
    assert set(actions) == {"H&ide on Reddit", "Unhi&de on Reddit"}
    assert all(
        not a.isEnabled() and a.toolTip() == "hiding is not supported on Reddit" for a in actions.values()
    )
    _key(qtbot, desk, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    qloop.run_until_complete(until(lambda: "not supported on Reddit" in desk.status.currentMessage()))
    _as(desk, "x", "reply", from_brand=True)
    (reason,) = {a.toolTip() for a in _moderation(desk).values()}
    assert reason == "the brand's own posts are not hidden, they are deleted on the network"
    assert queued(qloop, cache, MutationKind.HIDE) == []
