"""Accessibility through Qt's accessibility interface, as a screen reader sees it: every control an agent
operates in each window and dialog has a name (set, from its text, or from a buddy label), painted
widgets say their figures, and Tab walks each dialog in reading order and comes back round."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from console.guidance.tree import EscalateNode
from console.services.queue import QueueService
from console.storage.canned_file import bundled_canned
from console.storage.dispositions_file import bundled_dispositions
from console.storage.queue_repo import QueueRepository
from console.ui.accessible import announced_name, operable, tab_stops, undescribed, unnamed
from console.ui.assign_dialog import AssignDialog
from console.ui.broadcast_dialog import BroadcastDialog
from console.ui.canned_picker import CannedPicker
from console.ui.changes_hub import ChangesHub
from console.ui.crash_dialog import CrashDialog
from console.ui.escalation_dialog import EscalationDialog
from console.ui.handoff_dialog import HandoffDialog
from console.ui.main_window import MainWindow
from console.ui.note_dialog import NoteDialog
from console.ui.resolve_dialog import ResolveDialog
from console.ui.snooze_dialog import SnoozeDialog
from console.ui.variables_dialog import VariablesDialog
from tests.ui.conftest import until
from tests.ui.test_analytics_dialog import _dialog as analytics_dialog
from tests.ui.test_archive_dialog import _dialog as archive_dialog
from tests.ui.test_archive_dialog import _settled as archive_settled
from tests.ui.test_archive_dialog import filled_archive  # noqa: F401
from tests.ui.test_case_work import desk  # noqa: F401
from tests.ui.test_channel_health_dialog import _service as health_service
from tests.ui.test_channel_health_dialog import hub  # noqa: F401
from tests.ui.test_first_run import wizard  # noqa: F401
from tests.ui.test_floor_view import _window as floor_window
from tests.ui.test_guidance_panel import pane  # noqa: F401
from tests.ui.test_queue_window import fill
from tests.ui.test_replay_dialog import _opened as replay_opened
from tests.ui.test_replay_dialog import actions, review  # noqa: F401
from tests.ui.test_tree_report_dialog import _dialog as tree_report_dialog
from tests.ui.test_tree_report_dialog import _filled as tree_reports_filled

NOW = int(datetime(2026, 12, 9, 15, 0, tzinfo=UTC).timestamp() * 1000)
PEOPLE = (("u-ana", "Ana Lima", ("Support",)), ("u-bob", "Bob Stone", ("Sales",)))
LINK_PRESSES = 12  # the most links a test's read-only text holds, each a Tab stop inside it
DIRECTORY = (("u-ana", "ana", "Ana Lima"), ("u-bob", "bob", "Bob Stone"))


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def operable_under(root: QWidget) -> set[QWidget]:
    return {w for w in root.findChildren(QWidget) if w.window() is root.window() and operable(w)}


def assert_named(root: QWidget) -> int:
    """Every operable control under ``root`` is named and, but for buttons and tabs, described;
    returns how many were checked."""
    missing = unnamed(root)
    assert missing == [], f"unnamed controls in {type(root).__name__}: {missing}"
    bare = undescribed(root)
    assert bare == [], f"controls in {type(root).__name__} that say nothing of what they hold or do: {bare}"
    return len(operable_under(root))


def assert_named_on_every_page(root: QWidget) -> int:
    """``assert_named`` with each page of each tab widget shown in turn (hidden pages are not checked);
    returns how many controls were checked over all pages."""
    assert_named(root)
    checked = operable_under(root)
    for tabs in root.findChildren(QTabWidget):
        for page in range(tabs.count()):
            tabs.setCurrentIndex(page)
            QApplication.processEvents()
            assert_named(root)
            checked |= operable_under(root)
        tabs.setCurrentIndex(0)
    return len(checked)


def tab_walk(qtbot, root: QWidget) -> list[QWidget]:
    """The widgets focus visits pressing Tab from the first focus until it comes back round.

    Fails on a trap: focus that stays put (a read-only browser may keep it while Tab walks its links,
    a few presses), or never comes back within twice the tab stops.
    """
    first = QApplication.focusWidget()
    assert first is not None and root.isAncestorOf(first), "the window opens with focus inside it"
    seen = [first]
    stays = 0
    for _ in range(2 * len(tab_stops(root)) + LINK_PRESSES):
        before = QApplication.focusWidget()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        stays = stays + 1 if after is before else 0
        assert stays < LINK_PRESSES, f"Tab is kept by {type(before).__name__} {announced_name(before)!r}"
        if after is first and before is not first:
            return seen
        if after not in seen:
            seen.append(after)
    raise AssertionError(f"Tab never came back to {announced_name(first)!r}: {names(seen)}")


def assert_tab_goes_round(qtbot, window: QWidget) -> None:
    """Tab from the window's first control comes back round, reaching every control on the way."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if QApplication.focusWidget() is None or not window.isAncestorOf(QApplication.focusWidget()):
        window.focusNextChild()
    walked = tab_walk(qtbot, window)
    missed = [announced_name(widget) for widget in tab_stops(window) if widget not in walked]
    assert missed == [], f"Tab never reaches {missed} in {type(window).__name__}"


def names(widgets: list[QWidget]) -> list[str]:
    return [announced_name(widget) for widget in widgets]


# --- Dialogs built on their own -------------------------------------------------------------------

SMALL_DIALOGS = {
    "resolve": lambda: ResolveDialog(bundled_dispositions().catalog),
    "snooze": lambda: SnoozeDialog(clock=lambda: NOW),
    "handoff": lambda: HandoffDialog(["Support", "Sales"], current_team="Support"),
    "note": lambda: NoteDialog(DIRECTORY),
    "assign": lambda: AssignDialog(PEOPLE, "u-ana", 2),
    "escalation": lambda: EscalationDialog(EscalateNode("esc", 1, {}, "hand_off", "Legal", "Threat", None)),
    "broadcast": lambda: BroadcastDialog(None, [(None, "Everyone"), ("Support", "Support")]),
    "variables": lambda: VariablesDialog("Fill in", ("order_id", "flight")),
    "canned": lambda: CannedPicker(bundled_canned().responses, "en"),
    "crash": lambda: CrashDialog("k", "RuntimeError: boom", "Traceback…", None),
}


@pytest.mark.parametrize("which", sorted(SMALL_DIALOGS))
def test_every_control_of_each_small_dialog_has_a_name(qtbot, which):
    dialog = shown(qtbot, SMALL_DIALOGS[which]())
    assert assert_named(dialog) > 0
    dialog_interface = QAccessible.queryAccessibleInterface(dialog)
    assert dialog_interface.text(QAccessible.Text.Name), "the dialog itself is announced by its title"


@pytest.mark.parametrize("which", sorted(SMALL_DIALOGS))
def test_tab_reaches_every_control_of_each_small_dialog_and_comes_back_round(qtbot, which):
    dialog = shown(qtbot, SMALL_DIALOGS[which]())
    walked = tab_walk(qtbot, dialog)
    missed = [announced_name(widget) for widget in tab_stops(dialog) if widget not in walked]
    assert missed == [], f"Tab never reaches {missed}"


# The reading order: the field the dialog is for first, then its choices, then the buttons.
TAB_ORDERS = {
    "resolve": ["Find a disposition", "Dispositions", "Closing note", "Resolve", "Cancel"],
    "handoff": ["Teams", "Reason for the hand-off", "Hand off", "Cancel"],
    "escalation": ["Reason for the escalation", "Hand off", "Cancel"],
    "assign": ["Find a person", "People", "Assign", "Assign to me", "Unassign", "Cancel"],
    "note": ["Note text", "Cancel", "Save note"],
}


@pytest.mark.parametrize("which", sorted(TAB_ORDERS))
def test_tab_walks_each_case_dialog_in_reading_order(qtbot, which):
    dialog = shown(qtbot, SMALL_DIALOGS[which]())
    assert names(tab_walk(qtbot, dialog)) == TAB_ORDERS[which]


# --- Windows with their services ------------------------------------------------------------------


def test_the_main_window_with_its_case_work_is_named(qloop, qtbot, desk):  # noqa: F811
    assert assert_named(desk) > 10


def test_the_case_pane_with_composer_and_guidance_is_named(qloop, qtbot, pane):  # noqa: F811
    assert assert_named_on_every_page(pane) > 10


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_settings_dialog_is_named(qloop, qtbot, cache, tmp_path):
    from console.services.user_settings import SettingsStore

    fill(cache, 3)
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "https://hub.example",
        user_settings=SettingsStore(tmp_path / "config"),
    )
    qtbot.addWidget(window)
    window.show()
    qloop.run_until_complete(until(lambda: window.model.rowCount() == 3))
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.addWidget(dialog)
    assert assert_named_on_every_page(dialog) > 10
    assert_tab_goes_round(qtbot, dialog)
    window.shutdown()


def test_the_analytics_dialog_is_named(qloop, qtbot, cache):
    dialog = analytics_dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() > 0))
    assert assert_named(dialog) > 3
    assert_tab_goes_round(qtbot, dialog)


def test_the_archive_dialog_is_named(qloop, qtbot, filled_archive):  # noqa: F811
    dialog = archive_dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: archive_settled(dialog) and dialog.model.rowCount() > 0))
    assert assert_named(dialog) > 3
    assert_tab_goes_round(qtbot, dialog)


def test_the_tree_report_dialog_is_named(qloop, qtbot, cache):
    tree_reports_filled(cache)
    dialog = tree_report_dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.paths.topLevelItemCount() > 0))
    assert assert_named_on_every_page(dialog) > 5
    assert_tab_goes_round(qtbot, dialog)


def test_the_floor_window_is_named(qloop, qtbot, cache):
    window, _actions = floor_window(qtbot, qloop, cache)
    assert assert_named_on_every_page(window) > 8
    assert_tab_goes_round(qtbot, window)


def test_the_channel_health_dialog_is_named(qloop, qtbot, hub):  # noqa: F811
    from console.domain.agent import Role
    from console.ui.channel_health_dialog import ChannelHealthDialog

    dialog = shown(qtbot, ChannelHealthDialog(health_service(hub, Role.SUPERVISOR)))
    assert assert_named(dialog) > 0
    qloop.run_until_complete(until(lambda: dialog._task is not None and dialog._task.done()))
    assert_tab_goes_round(qtbot, dialog)


def test_the_replay_dialog_is_named(qloop, qtbot, actions):  # noqa: F811
    dialog = replay_opened(qloop, actions)
    assert assert_named(dialog) > 3
    assert_tab_goes_round(qtbot, dialog)


def test_the_first_run_wizard_pages_are_named(qloop, qtbot, wizard):  # noqa: F811
    checked = 0
    shown(qtbot, wizard)
    checked += assert_named(wizard)  # welcome: demo or hub
    assert_tab_goes_round(qtbot, wizard)
    wizard.welcome.hub.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.address
    checked += assert_named(wizard)
    assert_tab_goes_round(qtbot, wizard)
    assert checked > 4


def test_the_sign_in_team_notes_and_hand_offs_dialogs_are_named(qloop, qtbot, cache):
    from types import SimpleNamespace

    from console.services.handoffs import HandoffHistory
    from console.services.team_notes import TeamNotes
    from console.storage.broadcasts_repo import BroadcastRepository
    from console.storage.handoffs_repo import HandoffRepository
    from console.ui.handoffs_dialog import HandoffsDialog
    from console.ui.sign_in_dialog import SignInDialog
    from console.ui.team_notes_dialog import TeamNotesDialog

    session = SimpleNamespace(hub_url="https://hub.example", remembers_sign_in=True)
    sign_in = shown(qtbot, SignInDialog(session, "Your session ended."))
    assert assert_named(sign_in) >= 3
    assert names(tab_walk(qtbot, sign_in))[:2] == ["Username", "Password"]
    notes = shown(qtbot, TeamNotesDialog(TeamNotes(BroadcastRepository(cache), None, lambda: "u-me")))
    qloop.run_until_complete(until(lambda: notes._task.done()))
    assert assert_named(notes) > 0
    assert_tab_goes_round(qtbot, notes)
    handoffs = shown(qtbot, HandoffsDialog(HandoffHistory(HandoffRepository(cache), lambda: "u-me")))
    qloop.run_until_complete(until(lambda: handoffs._task.done()))
    assert assert_named(handoffs) > 0
    assert_tab_goes_round(qtbot, handoffs)


# --- Painted widgets say their figures ------------------------------------------------------------


def test_a_chart_is_named_by_its_title_and_described_by_its_figures(qtbot):
    from console.ui.measure_chart import MeasureChart, Point

    chart = MeasureChart()
    qtbot.addWidget(chart)
    chart.show_points("Mentions per hour", [Point("09:00", 12.0, 12, "12"), Point("10:00", None, 0, "—")])
    interface = QAccessible.queryAccessibleInterface(chart)
    assert interface.text(QAccessible.Text.Name) == "Mentions per hour"
    assert interface.text(QAccessible.Text.Description) == "09:00: 12 (n=12)"  # a gap is no figure
    chart.show_points("Mentions per hour", [])
    assert interface.text(QAccessible.Text.Description) == "No figures in this period"


def test_a_floor_tile_reads_as_its_value_and_caption(qtbot):
    from console.ui.floor_widgets import Tile

    tile = Tile("at_risk", "at risk", "Open cases within 15 minutes of their SLA")
    qtbot.addWidget(tile)
    tile.show_value("43", alarm=True)
    interface = QAccessible.queryAccessibleInterface(tile)
    assert interface.text(QAccessible.Text.Name) == "43 at risk"
    assert interface.text(QAccessible.Text.Description) == "Open cases within 15 minutes of their SLA"


def test_the_floor_tiles_and_charts_of_a_live_floor_say_their_figures(qloop, qtbot, cache):
    window, _actions = floor_window(qtbot, qloop, cache)
    for key, tile in window.tiles.items():
        shown_value = tile.value.text()
        assert announced_name(tile).startswith(shown_value), key
    for chart in (window.charts.volume, window.charts.sentiment, window.charts.response):
        description = QAccessible.queryAccessibleInterface(chart).text(QAccessible.Text.Description)
        assert description and ("(n=" in description or description == "No figures in this period")


def test_tab_goes_round_the_main_window_and_reaches_every_control(qloop, qtbot, desk):  # noqa: F811
    desk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk)
    desk.filters.views.setFocus()
    walked = tab_walk(qtbot, desk)
    # Top to bottom: the filter bar left to right, then the queue, then the mention under it.
    assert names(walked)[:2] == ["Saved view", "Save view…"]
    assert names(walked)[-3:] == ["Search the queue", "Mention queue", "Selected mention"]
    missed = [announced_name(widget) for widget in tab_stops(desk) if widget not in walked]
    assert missed == [], f"Tab never reaches {missed}"


def test_tab_goes_round_the_case_pane_and_reaches_every_control(qloop, qtbot, pane):  # noqa: F811
    pane.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pane)
    pane.preview.setFocus()
    walked = tab_walk(qtbot, pane)
    # The mention, the case's tabs and text, the guidance beside it, then the composer top to bottom.
    assert names(walked) == [
        "Selected mention",
        "Conversation",  # the tab bar, named by its current tab
        "Conversation",
        "Guidance",
        "Reply as",
        "Send as a private message",
        "Reply text",
        "Insert a canned response",
    ]
    missed = [announced_name(widget) for widget in tab_stops(pane) if widget not in walked]
    assert missed == [], f"Tab never reaches {missed}"


def test_tab_leaves_an_archive_date_bound_whether_it_says_any_or_a_date(qloop, qtbot, filled_archive):  # noqa: F811
    from PySide6.QtCore import QDate

    dialog = archive_dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: archive_settled(dialog)))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for bound in (None, QDate(2026, 11, 30)):
        if bound is not None:
            dialog.date_from.setDate(bound)
        dialog.date_from.setFocus()
        for _ in range(4):  # "any": straight on; a date: its three sections, then on
            if QApplication.focusWidget() is not dialog.date_from:
                break
            qtbot.keyClick(dialog.date_from, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.date_to
    qloop.run_until_complete(until(lambda: archive_settled(dialog)))


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no keyboard grab for the menu
def test_the_menu_key_opens_a_floor_case_menu_the_keyboard_way_to_drag_and_drop(qloop, qtbot, cache):
    window, _actions = floor_window(qtbot, qloop, cache)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.attention.setFocus()
    window.attention.selectRow(0)
    qtbot.keyClick(window.attention, Qt.Key.Key_Menu)
    menu = window.case_menu
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()][:2] == ["&Reassign to…", "&Unassign"]
    menu.close()
    window.close()
