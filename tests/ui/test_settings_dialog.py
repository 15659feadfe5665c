"""Edit → Settings…: a theme or text size applies at once, shortcuts change (a clash is refused, naming
the other action), reset works, and the help overlay shows the keys in force. Each theme's main
window is saved under /tmp/shots for a person to look at."""

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit

from console.services.case_view import CaseViewService
from console.services.queue import QueueService
from console.services.user_settings import SettingsStore
from console.storage.case_repo import CaseRepository
from console.storage.queue_repo import QueueRepository
from console.ui import style
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from console.ui.settings_dialog import SettingsDialog
from console.ui.shortcuts import SHORTCUTS, ShortcutMap
from tests.storage.case_data import CASE, maria_case
from tests.ui.conftest import until
from tests.ui.test_queue_window import fill

SHOTS = Path("/tmp/shots")
# The offscreen platform cannot raise a window or hint its size; nothing to do with settings.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def restore_theme(qapp):
    """Each test leaves the application light and at 100 %, as it found it."""
    yield
    style.apply_theme(qapp, "light", 100)


@pytest.fixture
def desk(qloop, qtbot, cache, tmp_path, restore_theme):
    fill(cache, 30)
    store = SettingsStore(tmp_path / "config")
    window = MainWindow(
        QueueService(QueueRepository(cache)), ChangesHub(), "https://hub.example", user_settings=store
    )
    window.resize(1280, 760)
    window.show()
    qtbot.addWidget(window)
    qloop.run_until_complete(until(lambda: window.model.rowCount() == 30))
    yield window, store
    window.shutdown()


def _dialog(window: MainWindow, qtbot) -> SettingsDialog:
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_a_theme_chosen_applies_at_once_to_stylesheet_palette_and_badges(qapp, qtbot, desk):
    window, store = desk
    dialog = _dialog(window, qtbot)
    light_sheet, light_window = qapp.styleSheet(), qapp.palette().color(QPalette.ColorRole.Window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dark = style.load_theme("dark")
    assert dark.tokens["window"] in qapp.styleSheet() and qapp.styleSheet() != light_sheet
    assert (
        qapp.palette().color(QPalette.ColorRole.Window).name() == dark.tokens["window"] != light_window.name()
    )
    assert style.badge_colors("negative")[0].name() == dark.badges["negative"][0]
    assert SettingsStore(store.path.parent).values.theme == "dark"  # saved for the next start
    dialog.theme.setCurrentIndex(dialog.theme.findData("high-contrast"))
    assert qapp.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert "3px solid #ffff00" in qapp.styleSheet()  # the focus ring, thick and yellow


def test_the_text_size_scales_the_font_and_the_stylesheet_sizes(qapp, qtbot, desk):
    window, _store = desk
    base = QApplication.font().pointSizeF()
    dialog = _dialog(window, qtbot)
    dialog.font_scale.setValue(150)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5)
    assert "font-size: 24px" in qapp.styleSheet()  # the help title's 16px
    assert window.view.verticalHeader().defaultSectionSize() >= window.view.fontMetrics().height() + 16
    dialog.font_scale.setValue(80)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 0.8)
    assert isinstance(QApplication.font(), QFont)


def test_a_shortcut_changed_works_at_once_and_a_clash_is_refused_naming_the_other_action(qtbot, desk):
    window, store = desk
    dialog = _dialog(window, qtbot)
    assert dialog.assign("queue.release", QKeySequence("Ctrl+Alt+L"))
    keys = {s.key().toString() for s in window.findChildren(QShortcut)}
    assert "Ctrl+Alt+L" in keys and "Ctrl+Shift+K" not in keys  # the bound shortcut follows
    assert store.values.shortcuts == {"queue.release": "Ctrl+Alt+L"}
    menu = {a.text().split("\t")[0]: a.text().split("\t")[-1] for a in window._queue_menu().actions()}
    assert menu["&Release"] == "Ctrl+Alt+L"
    assert ("Ctrl+Alt+L", "Release the selected cases") in window.help.rows()

    assert not dialog.assign("queue.tag", QKeySequence("R"))  # R resolves
    assert "Resolve the selected cases with a disposition" in dialog.shortcut_problem.text()
    assert window.keys.text("queue.tag") == "T" and "queue.tag" not in store.values.shortcuts

    dialog.reset_shortcuts()
    assert store.values.shortcuts == {} and window.keys.text("queue.release") == "Ctrl+Shift+K"
    assert ("Ctrl+Shift+K", "Release the selected cases") in window.help.rows()
    assert dialog.shortcut_table.item(4, 1).text() == "Ctrl+Shift+K"


def test_keys_saved_come_back_and_a_queue_key_moves_the_selection(qloop, qtbot, desk, cache):
    window, store = desk
    # Saved keys apply together: claim may take J because next moved away from it.
    store.update(shortcuts={"queue.claim": "J", "queue.next": "Down", "queue.previous": "Up"})
    keys = ShortcutMap(store.values.shortcuts)
    assert (keys.text("queue.next"), keys.text("queue.claim")) == ("Down", "J")
    # A hand-edited file's clash, stale action or empty key is dropped, not crashed on.
    clashing = ShortcutMap({"queue.previous": "J", "gone.action": "X", "queue.tag": "", "queue.spam": "A"})
    assert [clashing.text(a) for a in ("queue.previous", "queue.tag", "queue.spam")] == ["K", "T", "Shift+S"]
    assert clashing.overrides() == {}
    window.keys.set("queue.next", QKeySequence("L"))
    window.view.setFocus()
    window.view.selectRow(0)
    qtbot.keyClick(window.view, "l")
    assert window.view.currentIndex().row() == 1
    qtbot.keyClick(window.view, "j")  # J no longer moves
    assert window.view.currentIndex().row() == 1


def test_every_shortcut_of_the_table_is_listed_in_the_help_with_its_description(desk):
    window, _store = desk
    listed = dict((meaning, keys) for keys, meaning in window.help.rows())
    for spec in SHORTCUTS:
        assert any(meaning == spec.description for meaning in listed), spec.id
    assert listed["Settings"] == "Ctrl+,"


def test_notifications_and_sync_pages_save_and_say_what_waits_for_a_restart(qtbot, desk):
    window, store = desk
    dialog = _dialog(window, qtbot)
    dialog.notification_boxes["notify_crisis"].setChecked(False)
    dialog.notification_boxes["notifications_muted"].setChecked(True)
    assert not store.values.notify_crisis and store.values.notifications_muted
    assert not dialog.notification_boxes["notify_sla_breach"].isEnabled()  # muted: the kinds have no say
    dialog.hide()
    store.set_notifications_muted(False)  # as the Queue menu's Mute does, with the dialog closed
    window.show_settings()
    assert not dialog.notification_boxes["notifications_muted"].isChecked()
    assert dialog.notification_boxes["notify_sla_breach"].isEnabled()
    dialog.history_days.setValue(90)
    assert store.values.history_days == 90
    dialog.history_days.setValue(0)
    assert store.values.history_days is None and dialog.history_days.text() == "All history"
    page = dialog.tabs.widget(3)
    texts = " ".join(label.text() for label in page.findChildren(type(dialog.shortcut_problem)))
    assert "Applies after restart" in texts
    hub = page.findChild(QLineEdit, "settingsReadOnly")
    assert hub.text() == "https://hub.example" and hub.isReadOnly()


def test_a_window_without_a_settings_file_has_the_menu_greyed(qloop, qtbot, cache):
    window = MainWindow(QueueService(QueueRepository(cache)), ChangesHub(), "hub")
    qtbot.addWidget(window)
    assert not window.settings_action.isEnabled()
    window.show_settings()
    assert window.settings_dialog is None
    window.shutdown()


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_screenshot_of_the_main_window_in_each_theme(qapp, qloop, qtbot, desk, theme):
    window, _store = desk
    style.apply_theme(qapp, theme, 100)
    window.view.setFocus()
    qloop.run_until_complete(until(lambda: window.view.currentIndex().isValid()))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = window.grab()
    assert shot.save(str(SHOTS / f"theme-{theme}.png"))
    # The window's background is the theme's, not the platform's.
    image = shot.toImage()
    corner = image.pixelColor(image.width() - 3, image.height() // 2)
    assert corner.lightness() < 60 if theme != "light" else corner.lightness() > 200
    dialog = _dialog(window, qtbot)
    dialog.tabs.setCurrentIndex(2)  # the shortcuts, with a refused clash showing
    dialog.assign("queue.tag", QKeySequence("R"))
    assert dialog.grab().save(str(SHOTS / f"settings-dialog-{theme}.png"))


def test_the_open_conversation_is_written_again_in_a_new_theme(
    qapp, qloop, qtbot, cache, tmp_path, restore_theme
):
    maria_case().apply(cache)
    store = SettingsStore(tmp_path / "config")
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "hub",
        case_view=CaseViewService(CaseRepository(cache)),
        user_settings=store,
    )
    qtbot.addWidget(window)
    view = window.case.case_view
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    light = style.load_theme("light").tokens["surface_alt"]
    assert light in view.conversation.toHtml()
    dialog = _dialog(window, qtbot)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    written = view.conversation.toHtml()
    assert style.load_theme("dark").tokens["surface_alt"] in written and light not in written
    window.shutdown()


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_every_push_button_shows_focus_with_the_themes_ring(qapp, qtbot, restore_theme, theme):
    """Not only the buttons styled by name: a plain dialog button gets the theme's ring on focus."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    chosen = style.apply_theme(qapp, theme, 100)
    holder = QWidget()
    row = QHBoxLayout(holder)
    focused, plain = QPushButton("Focused"), QPushButton("Plain")
    row.addWidget(focused)
    row.addWidget(plain)
    qtbot.addWidget(holder)
    holder.show()
    focused.setFocus()
    qtbot.waitUntil(focused.hasFocus)
    ring = QColor(chosen.tokens["focus"])

    def left_edge(button: QPushButton) -> QColor:
        return button.grab().toImage().pixelColor(1, button.height() // 2)

    assert left_edge(focused) == ring
    assert left_edge(plain) != ring
