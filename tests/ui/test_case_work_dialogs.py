"""The case work dialogs on their own: keyboard flows, what each emits, and what each refuses."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.domain.mutation import MAX_TEXT
from console.domain.snooze import SNOOZE_LIMIT_MS, Preset, preset_until_ms
from console.storage.dispositions_file import bundled_dispositions
from console.ui.handoff_dialog import HandoffDialog
from console.ui.note_dialog import NoteDialog
from console.ui.resolve_dialog import DispositionIdRole, ResolveDialog
from console.ui.snooze_dialog import SnoozeDialog

BERLIN = ZoneInfo("Europe/Berlin")
NOW = int(datetime(2026, 12, 9, 15, 0, tzinfo=BERLIN).timestamp() * 1000)  # a Wednesday afternoon
DIRECTORY = (("u-ana", "ana", "Ana Lima"), ("u-andy", "andy.k", "Andy Kim"), ("u-bob", "bob", "Bob Stone"))


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def emitted(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


# --- Resolve ---------------------------------------------------------------------------------


def listed(dialog: ResolveDialog) -> list[str]:
    items = [dialog.dispositions.item(r) for r in range(dialog.dispositions.count())]
    return [item.text() for item in items if not item.isHidden()]


def test_resolve_lists_dispositions_under_their_outcome_and_enter_resolves_with_the_match(qtbot):
    dialog = shown(qtbot, ResolveDialog(bundled_dispositions().catalog))
    chosen = emitted(dialog.resolution_chosen)
    rows = listed(dialog)
    assert rows[0] == "Resolved" and "Escalated" in rows and "No action needed" in rows
    assert rows.index("Escalated to legal") > rows.index("Escalated") > rows.index("Refund issued")
    assert dialog.current_id() == "resolved_answered"  # the first disposition, never a heading
    assert dialog.search.hasFocus()
    qtbot.keyClicks(dialog.search, "legal")
    assert listed(dialog) == ["Escalated", "Escalated to legal"]
    assert "legal" in dialog.description.text()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert chosen == [("escalated_legal", "")] and not dialog.isVisible()


def test_resolve_narrows_by_description_moves_with_arrows_and_takes_a_closing_note(qtbot):
    dialog = shown(qtbot, ResolveDialog(bundled_dispositions().catalog))
    chosen = emitted(dialog.resolution_chosen)
    qtbot.keyClicks(dialog.search, "team")  # in descriptions only: PR, sales, product team
    ids = [dialog.dispositions.item(r).data(DispositionIdRole) for r in range(dialog.dispositions.count())]
    visible = [i for r, i in enumerate(ids) if i and not dialog.dispositions.item(r).isHidden()]
    assert visible == ["feedback_logged", "escalated_pr", "escalated_legal", "lead_passed_to_sales"]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # past the "Escalated" heading
    assert dialog.current_id() == "escalated_legal"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert dialog.current_id() == "escalated_pr"
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Journalist from the Gazette")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # a new line in the note, not "resolve"
    qtbot.keyClicks(dialog.note, "asked for a statement")
    assert chosen == [] and dialog.isVisible()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert chosen == [("escalated_pr", "Journalist from the Gazette\nasked for a statement")]


def test_resolve_with_nothing_matching_says_so_and_enter_does_nothing_esc_cancels(qtbot):
    dialog = shown(qtbot, ResolveDialog(bundled_dispositions().catalog, initial="spam"))
    chosen = emitted(dialog.resolution_chosen)
    assert dialog.current_id() == "spam"  # the initial choice, e.g. the tree's suggestion
    qtbot.keyClicks(dialog.search, "zzz")
    assert listed(dialog) == [] and dialog.empty.isVisible() and not dialog.resolve_button.isEnabled()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert chosen == [] and dialog.isVisible()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == 0 and chosen == []


def test_resolve_refuses_a_closing_note_over_the_limit_and_keeps_it(qtbot):
    dialog = shown(qtbot, ResolveDialog(bundled_dispositions().catalog))
    chosen = emitted(dialog.resolution_chosen)
    dialog.note.setPlainText("y" * (MAX_TEXT + 5))
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert chosen == [] and dialog.isVisible() and "20,005 characters" in dialog.problem.text()
    assert dialog.note.hasFocus() and len(dialog.note.toPlainText()) == MAX_TEXT + 5


def test_resolve_has_accessible_names(qtbot):
    dialog = shown(qtbot, ResolveDialog(bundled_dispositions().catalog))
    names = [
        dialog.search.accessibleName(),
        dialog.dispositions.accessibleName(),
        dialog.note.accessibleName(),
    ]
    assert names == ["Find a disposition", "Dispositions", "Closing note"]


# --- Snooze ----------------------------------------------------------------------------------


def snooze(qtbot, **kwargs) -> SnoozeDialog:
    return shown(qtbot, SnoozeDialog(zone=BERLIN, clock=lambda: NOW, **kwargs))


def test_snooze_enter_takes_the_first_preset_and_each_preset_shows_its_time(qtbot):
    dialog = snooze(qtbot)
    chosen = emitted(dialog.snooze_chosen)
    assert dialog.presets[Preset.ONE_HOUR].isChecked() and dialog.presets[Preset.ONE_HOUR].hasFocus()
    assert "Thu 10 Dec, 09:00" in dialog.presets[Preset.TOMORROW_MORNING].accessibleDescription()
    assert "Mon 14 Dec, 09:00" in dialog.presets[Preset.NEXT_MONDAY_MORNING].accessibleDescription()
    assert not dialog.wake_button.isVisible()  # not snoozed: nothing to wake
    qtbot.keyClick(dialog.presets[Preset.ONE_HOUR], Qt.Key.Key_Return)
    assert chosen == [(NOW + 3_600_000,)] and not dialog.isVisible()


def test_snooze_until_next_monday_by_keyboard(qtbot):
    dialog = snooze(qtbot)
    chosen = emitted(dialog.snooze_chosen)
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # "Next &Monday 09:00"
    qtbot.waitUntil(dialog.presets[Preset.NEXT_MONDAY_MORNING].isChecked)  # a mnemonic animates the click
    qtbot.keyClick(dialog.presets[Preset.NEXT_MONDAY_MORNING], Qt.Key.Key_Enter)
    assert chosen == [(preset_until_ms(Preset.NEXT_MONDAY_MORNING, NOW, BERLIN),)]


@pytest.mark.parametrize(
    ("wall", "message"),
    [
        (datetime(2026, 12, 9, 14, 0), "That time has passed"),
        (datetime(2027, 1, 9, 15, 1), "30 days at most"),
    ],
)
def test_snooze_refuses_a_custom_time_in_the_past_or_too_far_ahead_and_stays_open(qtbot, wall, message):
    dialog = snooze(qtbot)
    chosen = emitted(dialog.snooze_chosen)
    dialog.custom.setChecked(True)
    assert dialog.at.isEnabled() and dialog.at.hasFocus()
    dialog.set_custom(wall)
    qtbot.keyClick(dialog.at, Qt.Key.Key_Return)
    assert chosen == [] and dialog.isVisible()
    assert dialog.problem.isVisible() and message in dialog.problem.text()
    dialog.set_custom(datetime(2026, 12, 24, 18, 30))  # a change clears the message
    assert not dialog.problem.isVisible()
    qtbot.keyClick(dialog.at, Qt.Key.Key_Return)
    assert chosen == [(int(datetime(2026, 12, 24, 18, 30, tzinfo=BERLIN).timestamp() * 1000),)]


def test_snooze_custom_time_at_the_limit_is_accepted(qtbot):
    dialog = snooze(qtbot)
    chosen = emitted(dialog.snooze_chosen)
    dialog.custom.setChecked(True)
    limit = datetime.fromtimestamp((NOW + SNOOZE_LIMIT_MS) / 1000, tz=UTC).astimezone(BERLIN)
    dialog.set_custom(limit.replace(tzinfo=None))
    qtbot.keyClick(dialog.at, Qt.Key.Key_Return)
    assert chosen == [(NOW + SNOOZE_LIMIT_MS,)]


def test_a_snoozed_case_can_be_woken_now_and_esc_cancels(qtbot):
    dialog = snooze(qtbot, snoozed_until_ms=NOW + 3_600_000)
    chosen = emitted(dialog.snooze_chosen)
    assert dialog.wake_button.isVisible()
    qtbot.mouseClick(dialog.wake_button, Qt.MouseButton.LeftButton)
    assert chosen == [(None,)]
    other = snooze(qtbot)
    nothing = emitted(other.snooze_chosen)
    qtbot.keyClick(other.presets[Preset.ONE_HOUR], Qt.Key.Key_Escape)
    assert not other.isVisible() and nothing == []


# --- Hand off --------------------------------------------------------------------------------


def test_handoff_marks_the_owning_team_never_offers_it_and_needs_a_reason(qtbot):
    dialog = shown(qtbot, HandoffDialog(["Support", "Sales", "Legal"], current_team="Support"))
    chosen = emitted(dialog.handoff_chosen)
    texts = [dialog.teams.item(r).text() for r in range(dialog.teams.count())]
    assert texts == ["Legal", "Sales", "Support (owns the case now)"]
    assert not dialog.teams.item(2).flags() & Qt.ItemFlag.ItemIsSelectable
    assert dialog.teams.hasFocus() and dialog.current_team() == "Legal"
    qtbot.keyClick(dialog.teams, Qt.Key.Key_Down)
    assert dialog.current_team() == "Sales"
    qtbot.keyClick(dialog.teams, Qt.Key.Key_Down)  # the owning team cannot become current
    assert dialog.current_team() == "Sales"
    qtbot.keyClick(dialog.teams, Qt.Key.Key_Return)  # no reason yet: refused, to the reason field
    assert chosen == [] and dialog.isVisible() and dialog.reason.hasFocus()
    assert "at least 10 characters" in dialog.problem.text()
    qtbot.keyClicks(dialog.reason, "quote")
    assert not dialog.problem.isVisible()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert chosen == [] and dialog.problem.isVisible() and dialog.reason.text() == "quote"
    qtbot.keyClicks(dialog.reason, "  for  50 seats")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert chosen == [("Sales", "quote for 50 seats")] and not dialog.isVisible()


def test_handoff_with_only_the_owning_team_says_there_is_nowhere_to_go(qtbot):
    dialog = shown(qtbot, HandoffDialog(["Support"], current_team="Support"))
    chosen = emitted(dialog.handoff_chosen)
    assert dialog.none_left.isVisible() and dialog.current_team() is None
    dialog.reason.setText("a long enough reason")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert chosen == [] and "Choose the team" in dialog.problem.text()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- Note ------------------------------------------------------------------------------------

# WORKAROUND: the offscreen platform warns when the completer's popup raises itself and grabs the
# keyboard; harmless, and not ours (the popup still opens and takes keys).
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@popup_warnings
def test_note_completes_a_mention_and_says_who_will_be_notified(qtbot):
    dialog = shown(qtbot, NoteDialog(DIRECTORY))
    saved = emitted(dialog.note_saved)
    assert dialog.text.hasFocus() and not dialog.mentions.isVisible()
    qtbot.keyClicks(dialog.text, "Call her back @an")
    popup = dialog.text.completer.popup()
    assert popup.isVisible()
    offered = dialog.text.completer.completionModel()
    assert [offered.index(r, 0).data() for r in range(offered.rowCount())] == [
        "ana — Ana Lima",
        "andy.k — Andy Kim",
    ]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert dialog.note_text() == "Call her back @andy.k "
    assert dialog.mentions.text() == "Will notify: Andy Kim (@andy.k)"
    qtbot.keyClicks(dialog.text, "and @zed, cc @BOB.")
    assert not popup.isVisible()  # nobody is called "zed"
    assert dialog.mentions.text() == (
        "Will notify: Andy Kim (@andy.k), Bob Stone (@bob)\nNot colleagues, nobody notified: @zed"
    )
    assert saved == [] and dialog.isVisible()  # Enter/typing never saves
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.note_text().endswith("\n")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [("Call her back @andy.k and @zed, cc @BOB.",)] and not dialog.isVisible()


@popup_warnings
def test_note_escape_in_the_popup_closes_only_the_popup(qtbot):
    dialog = shown(qtbot, NoteDialog(DIRECTORY))
    qtbot.keyClicks(dialog.text, "@b")
    popup = dialog.text.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not popup.isVisible() and dialog.isVisible() and dialog.note_text() == "@b"
    qtbot.keyClicks(dialog.text, "ob@example.com")  # an e-mail address mentions nobody
    assert dialog.note_text() == "@bob@example.com" and dialog.mentions.text().startswith("Will notify: Bob")


def test_note_refuses_empty_and_too_long_and_keeps_the_text(qtbot):
    dialog = shown(qtbot, NoteDialog(DIRECTORY, text="  \n "))
    saved = emitted(dialog.note_saved)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [] and dialog.isVisible() and "empty note" in dialog.problem.text()
    long_text = "x" * (MAX_TEXT + 1)
    dialog.text.setPlainText(long_text)
    assert not dialog.problem.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [] and dialog.isVisible()
    assert "20,001 characters; 20,000 at most" in dialog.problem.text()
    assert dialog.note_text() == long_text
    dialog.text.setPlainText("x" * MAX_TEXT)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [("x" * MAX_TEXT,)]


def test_note_escape_cancels_and_the_text_can_still_be_read(qtbot):
    dialog = shown(qtbot, NoteDialog(DIRECTORY, text="half a thought"))
    saved = emitted(dialog.note_saved)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and saved == [] and dialog.note_text() == "half a thought"
