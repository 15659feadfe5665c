"""Replay case… and the case report, over a cache alone (no hub anywhere): scrubbing with the
slider, the event list and the keys, each frame's panes, playing, and the PDF with its timeline."""

import os
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFileDialog, QWidget

from console.services.case_replay import CaseReview, ReviewError
from console.storage.case_history import CaseHistoryRepository
from console.ui.case_review import CaseReviewActions, suggested_name
from console.ui.replay_dialog import ReplayDialog
from tests.storage.case_data import MIN, T0
from tests.storage.replay_data import CASE, COMPLAINT, REPLY, THANKS, lena_case
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


@pytest.fixture
def review(cache):
    lena_case().apply(cache)
    return CaseReview(CaseHistoryRepository(cache), clock=lambda: T0 + 200 * MIN)


@pytest.fixture
def actions(qtbot, review):
    host = QWidget()
    qtbot.addWidget(host)
    actions = CaseReviewActions(review, host)
    yield actions
    actions.shutdown()


def _opened(qloop, actions, case_id: str = CASE) -> ReplayDialog:
    dialog = actions.open_replay(case_id)
    qloop.run_until_complete(until(lambda: dialog.replay is not None))
    return dialog


def _frame(dialog: ReplayDialog, event_id: str) -> int:
    return next(f.index for f in dialog.replay.frames if f.entry.id == event_id)


def _facts(dialog: ReplayDialog) -> dict[str, str]:
    grid = dialog.facts
    cells = {}
    for row in range(grid.rowCount()):
        for column in (0, 2):
            name, value = grid.itemAtPosition(row, column), grid.itemAtPosition(row, column + 1)
            if name is not None and value is not None:
                cells[name.widget().text().rstrip(":")] = value.widget().text()
    return cells


def _path(dialog: ReplayDialog) -> list[tuple[str, str, str]]:
    top = dialog.path.topLevelItem(0)
    return [
        (top.child(i).text(0), top.child(i).text(1), top.child(i).text(2)) for i in range(top.childCount())
    ]


def test_the_slider_the_list_and_the_keys_move_together(qloop, qtbot, actions):
    dialog = _opened(qloop, actions)
    total = len(dialog.replay)
    assert dialog.index == 0 and dialog.slider.maximum() == total - 1 == dialog.events.topLevelItemCount() - 1
    assert dialog.position.text().startswith(f"Event 1 of {total}")
    qtbot.keyClick(dialog.slider, Qt.Key.Key_Right)
    assert dialog.index == 1 and dialog.events.currentItem() is dialog.events.topLevelItem(1)
    qtbot.keyClick(dialog.slider, Qt.Key.Key_End)
    assert dialog.index == total - 1 and dialog.slider.value() == total - 1
    qtbot.keyClick(dialog.slider, Qt.Key.Key_Right)  # at the end: stays
    assert dialog.index == total - 1
    qtbot.keyClick(dialog.slider, Qt.Key.Key_Home)
    assert dialog.index == 0
    qtbot.keyClick(dialog.slider, Qt.Key.Key_Left)
    assert dialog.index == 0
    dialog.slider.setValue(5)  # dragging the slider
    assert dialog.index == 5 and dialog.events.currentItem() is dialog.events.topLevelItem(5)
    dialog.events.setCurrentItem(dialog.events.topLevelItem(9))  # choosing in the list
    assert dialog.index == 9 and dialog.slider.value() == 9
    # The keys are the dialog's wherever the focus is: in the list, in the conversation.
    for widget in (dialog.events, dialog.conversation):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Right)
        qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert dialog.index == 13
    qtbot.keyClick(dialog.events, Qt.Key.Key_Left)
    assert dialog.index == 12


def test_space_plays_and_pauses_and_playing_stops_at_the_end(qloop, qtbot, actions):
    dialog = _opened(qloop, actions)
    qtbot.keyClick(dialog.slider, Qt.Key.Key_Space)
    assert dialog.playing and "Pause" in dialog.play_button.text()
    dialog._play_step()  # what the timer does, without waiting for it
    dialog._play_step()
    assert dialog.index == 2
    qtbot.keyClick(dialog.events, Qt.Key.Key_Space)
    assert not dialog.playing and "Play" in dialog.play_button.text()
    dialog.go_to(len(dialog.replay) - 1)
    dialog.toggle_play()  # from the end, playing starts over
    assert dialog.playing and dialog.index == 0
    dialog.go_to(len(dialog.replay) - 1)
    dialog._play_step()
    assert not dialog.playing


def test_each_frame_shows_the_case_as_it_was(qloop, qtbot, actions):
    dialog = _opened(qloop, actions)
    dialog.go_to(_frame(dialog, "e05"))  # Ana claims the case
    assert "Ana Ribeiro claimed the case" in dialog.event_text.text()
    facts = _facts(dialog)
    assert facts["Status"] == "open" and facts["Claimed by"] == "Ana Ribeiro" and facts["Priority"] == "78"
    assert facts["Since the first message"] == "3 m" and "first response due in 27m" in facts["Service level"]
    text = dialog.conversation.toPlainText()
    assert COMPLAINT[:40] in text and REPLY[:30] not in text and THANKS not in text
    assert THANKS in dialog.next_said.text() and "1 h 32 m later" in dialog.next_said.text()
    assert dialog.path.topLevelItem(0).text(0) == "No guidance used yet."
    assert "No notes yet." in dialog.notes.toPlainText()

    dialog.go_to(_frame(dialog, "g10"))  # the agent overrides the suggestion
    assert _path(dialog) == [
        ("what_happened", "Delayed bag", "suggestion taken"),
        ("file_reference", "No file yet", "by hand"),
        ("urgent_items", "Medication", "overrode “Nothing urgent”"),
    ]
    assert dialog.path.topLevelItem(0).text(0) == "baggage@3: in progress"
    dialog.show_later.setChecked(True)  # what came later, greyed below a line
    text = dialog.conversation.toPlainText()
    assert text.index("Later:") < text.index(REPLY[:30]) < text.index(THANKS)
    dialog.show_later.setChecked(False)

    dialog.go_to(_frame(dialog, "e09"))  # the reply leaves the desk
    assert "queued" in dialog.conversation.toPlainText()
    dialog.go_to(_frame(dialog, "e10"))
    assert "published" in dialog.conversation.toPlainText() and _facts(dialog)["Status"].startswith("pending")
    assert "Bag traced in LIS" in dialog.notes.toPlainText()
    assert dialog.path.topLevelItem(0).text(0) == "baggage@3: ended as bag_traced"

    dialog.go_to(_frame(dialog, "e12"))  # Lena answers
    assert THANKS in dialog.conversation.toPlainText()
    assert "wrote again after the answer" in dialog.event_text.text()
    assert "+0.70 after it (+1.50)" in _facts(dialog)["Sentiment"]
    assert "wrote nothing after this point" in dialog.next_said.text()
    dialog.go_to(len(dialog.replay) - 1)
    assert (
        _facts(dialog)["Status"] == "resolved · bag_traced" and _facts(dialog)["Claimed by"] == "not claimed"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1280, 800)
    dialog.grab().save(str(SHOTS / "replay-test-last-frame.png"))


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_one_window_per_case_and_a_case_the_cache_lacks(qloop, qtbot, actions):
    dialog = _opened(qloop, actions)
    assert actions.open_replay(CASE) is dialog
    missing = actions.open_replay("not-cached")
    qloop.run_until_complete(until(lambda: "not in the local cache" in missing.title.text()))
    assert missing.replay is None and not missing.export_button.isEnabled()
    qtbot.keyClick(missing, Qt.Key.Key_Right)  # keys on an empty replay do nothing
    assert missing.index == -1
    missing.reject()
    assert actions.dialogs == [dialog]


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    # NFKC: the PDF's font sets "fi" as one ligature glyph.
    return len(reader.pages), re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def test_the_report_as_pdf_with_its_timeline(qloop, actions, tmp_path):
    target = tmp_path / "lena.pdf"
    assert qloop.run_until_complete(actions.write_report(CASE, target)) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    pages, text = _pdf_text(target)
    assert pages >= 2
    for expected in (
        "Case report: X @NorthwindAir · Lena Novák",
        "Ana Ribeiro claimed the case",
        "answered 'Medication' at urgent_items (override)",
        "went back to file_reference",
        "Reply published on X",
        "Ana Ribeiro resolved the case: bag_traced",
        "resolved · bag_traced",
        "overrode “Nothing urgent”",
        "Bag traced in LIS",
        "Courier just called",
    ):
        assert expected in text, expected
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]  # no temporary left


def test_exporting_asks_where_and_says_what_went_wrong(qloop, actions, tmp_path, monkeypatch):
    said: list[str] = []
    actions.message.connect(said.append)
    chosen = tmp_path / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(chosen), "")))
    actions.export_report(CASE)
    qloop.run_until_complete(actions.wait())
    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF")
    assert said[-1].startswith("Case report saved to") and actions.problem is None
    nowhere = tmp_path / "no-such-folder" / "case.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(nowhere), "")))
    actions.export_report(CASE)
    qloop.run_until_complete(actions.wait())
    assert "could not be written to" in said[-1] and actions.problem.text() == said[-1]
    assert not nowhere.exists()
    with pytest.raises(ReviewError, match="not in this desk's cache"):
        qloop.run_until_complete(actions.write_report("not-cached", tmp_path / "x.pdf"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    actions.export_report(CASE)  # cancelled: nothing happens
    assert not actions._tasks and suggested_name("case/../1 2") == "case-case-1-2.pdf"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_queue_menu_and_ctrl_shift_r_replay_the_selected_case(qloop, qtbot, review):
    from console.services.queue import QueueService
    from console.storage.queue_repo import QueueRepository
    from console.ui.changes_hub import ChangesHub
    from console.ui.main_window import MainWindow
    from console.ui.queue_model import RowRole

    cache = review._repository._db
    window = MainWindow(QueueService(QueueRepository(cache)), ChangesHub(), "stopped hub", review=review)
    qtbot.addWidget(window)
    window.show()
    try:
        qloop.run_until_complete(until(lambda: window.model.rowCount() > 0))
        row = next(
            r for r in range(window.model.rowCount()) if window.model.index(r, 0).data(RowRole).case_id
        )
        window.view.select_row(row)
        menu = {a.text().split("\t")[0]: a for a in window._queue_menu().actions()}
        assert menu["Re&play case…"].isEnabled() and menu["E&xport case report (PDF)…"].isEnabled()
        menu["Re&play case…"].trigger()
        assert [d.case_id for d in window.review.dialogs] == [CASE]
        window.review.dialogs[0].reject()
        keys = [s.key().toString() for s in window.findChildren(QShortcut)]
        assert "Ctrl+Shift+R" in keys
        window.replay_selected()  # what Ctrl+Shift+R does (offscreen windows are never active)
        assert [d.case_id for d in window.review.dialogs] == [CASE]
        qloop.run_until_complete(until(lambda: window.review.dialogs[0].replay is not None))
        assert any(keys == "Ctrl+Shift+R" for keys, _ in window.help.rows())
    finally:
        window.shutdown()
    assert window.review.dialogs == []
