"""Team notes on the desk: the banner at the top of the main window (keyboard left alone), the list,
and the supervisor's "Send a team note" dialog."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from console.domain.broadcast import MAX_BROADCAST_TEXT, Broadcast
from console.domain.clock import now_ms
from console.domain.presence import DESK, Activity, Presence
from console.domain.sync import AppliedChanges
from console.services.cases import CaseActions
from console.services.notifications import Notifier
from console.services.preferences import Preferences
from console.services.presence import PresenceReporter
from console.services.queue import QueueService
from console.services.team_notes import TeamNotes
from console.services.user_settings import SettingsStore
from console.storage.broadcasts_repo import BroadcastRepository
from console.storage.outbox import Outbox
from console.storage.queue_repo import QueueRepository
from console.storage.schema import broadcasts, users
from console.ui.broadcast_banner import BroadcastBanner
from console.ui.broadcast_dialog import BroadcastDialog
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from console.ui.style import stylesheet
from console.ui.team_notes_dialog import TeamNotesDialog
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))
ME = "u-ana"
OUTAGE = (
    "Checkout is down for card payments since 13:50. Use the 'payment outage' canned reply, "
    "do not promise refunds yet; we post an update here by 15:00."
)


def _note(note_id: str, text: str, team: str | None, at: int, author: str = "Dana Supervisor") -> Broadcast:
    return Broadcast(note_id, team, "u-dana", author, text, at)


def _store(cache, *rows: tuple[str, str | None, str, int]) -> None:
    """Notes as a pull leaves them in the cache, with their author in the directory."""

    def write(connection) -> None:
        connection.execute(
            users.insert(),
            {
                "id": "u-dana",
                "username": "dana",
                "name": "Dana Supervisor",
                "role": "supervisor",
                "teams": "[]",
                "disabled": False,
                "created_ms": 1,
                "seq": 1,
            },
        )
        connection.execute(
            broadcasts.insert(),
            [
                {"id": i, "team_id": t, "author_id": "u-dana", "text": x, "created_ms": at, "seq": n}
                for n, (i, t, x, at) in enumerate(rows, start=2)
            ],
        )

    cache.write_sync(write)


class _Pusher:
    def wake(self) -> None:
        pass


class _Hub:
    """The reporter's hub: takes every report."""

    async def presence(self, case_id: str, activity: str, chosen: bool = False) -> dict:
        return {"activity": activity, "at_ms": 1}


@pytest.fixture
def desk(qtbot, filled, tmp_path):
    """The main window as the app builds it, with team notes and presence; returns it and its hub."""
    cache, _rows = filled
    preferences = Preferences(tmp_path, ME)
    changes = ChangesHub()
    shown = []
    built = MainWindow(
        QueueService(QueueRepository(cache)),
        changes,
        "test hub",
        actions=CaseActions(Outbox(cache), _Pusher(), lambda: ME),
        presence=PresenceReporter(_Hub()),
        preferences=preferences,
        notifier=Notifier(SettingsStore(tmp_path)),
        team_notes=TeamNotes(BroadcastRepository(cache), Notifier(Muted(False), shown.append), lambda: ME),
    )
    built.setStyleSheet(stylesheet())
    built.resize(1280, 760)
    qtbot.addWidget(built)
    yield built, changes, shown
    built.shutdown()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_new_note_shows_at_the_top_of_the_main_window_and_leaves_the_keyboard_on_the_queue(
    qloop, qtbot, desk, filled
):
    window, changes, shown = desk
    cache, _rows = filled
    now = now_ms()
    _store(
        cache,
        ("n-1", "Support", OUTAGE, now - 60_000),
        ("n-2", None, "Team meeting at 16:00.", now - 120_000),
    )
    banner = window.banner
    assert not banner.isVisible()
    window.show()
    window.activateWindow()
    window.view.setFocus()
    qloop.run_until_complete(until(lambda: window.model.rowCount() > 0))
    assert QApplication.focusWidget() is window.view

    changes.changes_applied.emit(AppliedChanges(broadcasts=frozenset({"n-1", "n-2"})))
    qloop.run_until_complete(until(banner.isVisible))
    assert banner.current.id == "n-1"  # the newest first
    assert banner.heading.text().startswith("Team note from Dana Supervisor to Support · ")
    assert banner.text.text() == OUTAGE and banner.more.text() == "1 more…"
    assert banner.mapTo(window, banner.rect().topLeft()).y() <= window.menuBar().height() + 1  # at the top
    assert QApplication.focusWidget() is window.view  # it did not take the keyboard
    assert [n.title for n in shown] == [
        "Team note from Dana Supervisor to Support",
        "Team note from Dana Supervisor to everyone",
    ]  # and a desktop notice each
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "supervise-banner.png"))

    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert banner.current.id == "n-2" and banner.more.text() == "Team &notes…"
    assert "to everyone" in banner.heading.text()
    assert QApplication.focusWidget() is window.view  # a click on Dismiss leaves it there too
    banner.dismiss()
    assert not banner.isVisible()
    banner.show_notes([])  # nothing new: stays hidden
    assert not banner.isVisible()

    (entry,) = [a for a in window.queue_menu.actions() if a.text() == "Team &notes…"]
    entry.trigger()
    dialog = window.team_notes_dialog
    qloop.run_until_complete(until(lambda: dialog.list.topLevelItemCount() == 2))
    assert dialog.isVisible()


def test_a_status_set_by_a_supervisor_is_adopted_and_told_in_the_status_bar(qloop, desk):
    window, changes, _shown = desk
    reporter = window._presence
    setting = Presence(ME, "ana", "Ana", DESK, Activity.AWAY, 5, "u-dana", "Dana", 5)
    changes.presence_changed.emit((setting,))
    assert reporter.status is Activity.AWAY
    assert window.status.currentMessage() == "Your status was set to Away by Dana"
    window.status.clearMessage()
    changes.presence_changed.emit((setting,))  # the same board again: told once
    assert window.status.currentMessage() == ""
    window._fill_queue_menu(window.queue_menu)
    (status_menu,) = [a.menu() for a in window.queue_menu.actions() if a.text() == "My &status"]
    assert [a.text() for a in status_menu.actions() if a.isChecked()] == ["A&way"]


class Muted:
    def __init__(self, muted: bool):
        self.notifications_muted = muted

    def set_notifications_muted(self, muted: bool) -> None:
        self.notifications_muted = muted

    def notifies(self, kind: str) -> bool:
        return True

    notification_sound = False


def test_the_banner_shows_a_note_as_plain_text_and_asks_for_the_list(qtbot):
    banner = BroadcastBanner()
    qtbot.addWidget(banner)
    asked = []
    banner.list_requested.connect(lambda: asked.append(True))
    banner.show_notes([_note("n-1", "<b>not bold</b>", None, 1_800_000_000_000)])
    assert banner.text.textFormat() is Qt.TextFormat.PlainText and banner.text.text() == "<b>not bold</b>"
    banner.show_notes([_note("n-1", "<b>not bold</b>", None, 1_800_000_000_000)])  # the same again
    assert banner.more.text() == "Team &notes…"
    banner.more.click()
    assert asked == [True]


def test_team_notes_lists_the_recent_notes_newest_first(qloop, qtbot, cache):
    _store(cache, ("n-1", "Support", "first", 1_800_000_000_000), ("n-2", None, "second", 1_800_000_060_000))
    dialog = TeamNotesDialog(TeamNotes(BroadcastRepository(cache), None, lambda: ME))
    qtbot.addWidget(dialog)
    qloop.run_until_complete(until(lambda: dialog.list.topLevelItemCount() == 2))
    rows = [dialog.list.topLevelItem(r) for r in range(2)]
    assert [(r.text(1), r.text(2), r.text(3)) for r in rows] == [
        ("Dana Supervisor", "Everyone", "second"),
        ("Dana Supervisor", "Support", "first"),
    ]
    assert not dialog.empty.isVisible()


def test_the_compose_dialog_counts_characters_and_sends_only_a_valid_note(qtbot):
    dialog = BroadcastDialog(None, [("Support", "Support"), ("Legal", "Legal")])
    qtbot.addWidget(dialog)
    chosen = []
    dialog.note_chosen.connect(lambda team, text: chosen.append((team, text)))
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == ["Everyone", "Support", "Legal"]
    assert not dialog.send_button.isEnabled() and dialog.counter.text() == "0 / 2,000 characters"
    dialog.editor.setPlainText("x" * (MAX_BROADCAST_TEXT + 1))
    assert not dialog.send_button.isEnabled()
    assert dialog.counter.text() == "2,001 / 2,000 characters — too long: shorten it to send"
    assert dialog.counter.property("state") == "over"
    dialog.accept()  # Enter on an over-long note does nothing
    assert dialog.result_value() is None and chosen == []
    dialog.editor.setPlainText("  Outage on checkout.  ")
    dialog.team.setCurrentIndex(1)
    assert dialog.send_button.isEnabled()
    dialog.setStyleSheet(stylesheet())
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "supervise-compose.png"))
    dialog.send_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_value() == ("Support", "Outage on checkout.") and chosen == [
        ("Support", "Outage on checkout.")
    ]


def test_the_compose_dialog_keeps_a_given_everyone_entry(qtbot):
    dialog = BroadcastDialog(None, [(None, "All teams"), ("PR", "PR")])
    qtbot.addWidget(dialog)
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == ["All teams", "PR"]
    dialog.editor.setPlainText("hello")
    dialog.send_button.click()
    assert dialog.result_value() == (None, "hello")
    cancelled = BroadcastDialog(None, [])
    qtbot.addWidget(cancelled)
    cancelled.editor.setPlainText("hello")
    cancelled.reject()
    assert cancelled.result_value() is None


def test_the_status_bar_tells_the_agent_who_set_their_status(qtbot):
    from console.ui.status_bar import SyncStatusBar

    bar = SyncStatusBar("test hub")
    qtbot.addWidget(bar)
    bar.show_status_set(Presence("u-ana", "ana", "Ana", DESK, Activity.AWAY, 5, "u-dana", "Dana", 5))
    assert bar.currentMessage() == "Your status was set to Away by Dana"
