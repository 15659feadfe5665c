"""Reports → Case archive…: the window over a real cache (tests/storage/archive_data.py) with no hub
at all — it searches as the reviewer types, filters, pages as the table scrolls, previews the
selected case, exports the result and the case, and hands a case to replay or to the PDF report
only when those are wired."""

import csv
import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qt_compat import qt_api

from console.domain.archive import SentimentChange
from console.services.archive import Archive, ExportFormat
from console.services.case_replay import CaseReview
from console.services.queue import QueueService
from console.storage.archive_records import ArchiveRecords
from console.storage.archive_repo import ArchiveRepository
from console.storage.case_history import CaseHistoryRepository
from console.storage.case_repo import CaseRepository
from console.storage.queue_repo import QueueRepository
from console.ui import archive_model
from console.ui.archive_dialog import ArchiveDialog
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from tests.storage.archive_data import ANA, DAY, T0, archive_cases, filler
from tests.ui.conftest import until

# Offscreen dialogs say so when shown; nothing to act on.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


def _archive(cache) -> Archive:
    return Archive(ArchiveRepository(cache), ArchiveRecords(cache), CaseRepository(cache))


@pytest.fixture
def filled_archive(cache):
    changes = archive_cases()
    filler(changes, 150, T0 + 3 * DAY)  # more than a page
    changes.apply(cache)
    return cache


def _dialog(qtbot, cache, **callables) -> ArchiveDialog:
    dialog = ArchiveDialog(_archive(cache), **callables)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ids(dialog) -> list[str]:
    return [dialog.model.row_at(r).case_id for r in range(dialog.model.rowCount())]


def _settled(dialog) -> bool:
    return not dialog.model.loading and dialog.count is not None


def test_typing_searches_after_a_pause_and_counts(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    assert dialog.summary.text() == "154 cases match, newest first."
    assert dialog.focusWidget() is dialog.search_field or not dialog.isActiveWindow()
    qtbot.keyClicks(dialog.search_field, "vouch")
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["B"]))
    assert dialog.summary.text() == "1 case matches."
    model = dialog.model
    snippet = model.index(0, archive_model.SNIPPET).data()
    assert snippet == "reply: Please update the app; here is a voucher for the trouble."
    assert model.index(0, archive_model.AGENT).data() == "Bob Lee"
    assert model.index(0, archive_model.CHANGE).data() == "worsened (-0.70)"
    # The first row is selected and previewed, the matched words in bold
    qloop.run_until_complete(until(lambda: dialog.shown is not None and dialog.shown.header.id == "B"))
    assert "<b>voucher</b>" in dialog.preview.toHtml() or "voucher" in dialog.preview.toPlainText()
    assert "Still crashing. Useless." in dialog.preview.toPlainText()
    dialog.search_field.clear()
    qtbot.keyClicks(dialog.search_field, "nothing-like-this")
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 0))
    assert dialog.summary.text().startswith("No case matches.")
    assert not dialog.export_result_button.isEnabled() and not dialog.export_case_button.isEnabled()


def test_filters_narrow_and_clear(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: dialog.agent_choice.count() == 4))  # Any, (not answered), Ana, Bob
    assert [dialog.agent_choice.itemText(i) for i in range(4)] == [
        "Any",
        "(not answered)",
        "Ana Ribeiro",
        "Bob Lee",
    ]
    dialog.agent_choice.setCurrentIndex(dialog.agent_choice.findData(ANA))
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["A"]))
    dialog.agent_choice.setCurrentIndex(0)
    dialog.sentiment_choice.setCurrentIndex(dialog.sentiment_choice.findData(SentimentChange.WORSENED.value))
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["B"]))
    dialog.clear_filters()
    dialog.network_choice.setCurrentIndex(dialog.network_choice.findData("facebook"))
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["D", "C"]))
    assert dialog.model.index(1, archive_model.PATH).data() == "refund_request · stopped at check"
    dialog.clear_filters()
    day = QDate(2025, 12, 29)  # T0's day, local: A and B opened then
    dialog.date_to.setDate(day)
    dialog.date_from.setDate(day)
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["B", "A"]))
    dialog.clear_filters()
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))


def test_scrolling_fetches_the_next_page(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    assert dialog.model.canFetchMore()
    dialog.table.scrollToBottom()
    dialog.model.fetchMore()
    qloop.run_until_complete(until(lambda: dialog.model.rowCount() == 154 and not dialog.model.loading))
    assert not dialog.model.canFetchMore()
    ids = _ids(dialog)
    assert len(set(ids)) == 154 and ids[-4:] == ["D", "C", "B", "A"]


def test_the_model_passes_qt_checks(qloop, qtbot, qtmodeltester, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    qtmodeltester.check(dialog.model)


def test_exports_of_the_result_and_the_case(qloop, qtbot, filled_archive, tmp_path):
    dialog = _dialog(qtbot, filled_archive)
    dialog.search_field.setText("parcel")
    dialog.search()
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    task = dialog.export_result_to(tmp_path / "parcel.csv", ExportFormat.CSV)
    qloop.run_until_complete(task)
    with open(tmp_path / "parcel.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 151 and rows[-1]["case_id"] == "A"  # every match, not only the page shown
    assert dialog.summary.text() == f"Saved 151 cases to {tmp_path / 'parcel.csv'}."
    last = dialog.model.index(dialog.model.rowCount() - 1, 0)
    dialog.table.setCurrentIndex(last)
    case_id = dialog.selected().case_id
    qloop.run_until_complete(dialog.export_case_to(case_id, tmp_path / "case.json", ExportFormat.JSON))
    assert json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))["case"]["id"] == case_id
    # A path that cannot be written: said in the summary, nothing left behind
    task = dialog.export_result_to(tmp_path / "missing" / "x.json", ExportFormat.JSON)
    qloop.run_until_complete(until(task.done))
    assert "could not be written" in dialog.summary.text() and not (tmp_path / "missing").exists()


def test_replay_and_report_are_handed_the_case_or_say_why_not(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.selected() is not None))
    assert not dialog.replay_button.isEnabled() and not dialog.report_button.isEnabled()
    assert "not available" in dialog.replay_button.toolTip()
    assert "not available" in dialog.report_button.toolTip()
    dialog.replay()  # nothing wired: nothing happens
    replayed, reported = [], []
    wired = _dialog(qtbot, filled_archive, open_replay=replayed.append, export_report=reported.append)
    qloop.run_until_complete(until(lambda: _settled(wired) and wired.selected() is not None))
    assert wired.replay_button.isEnabled() and wired.report_button.isEnabled()
    first = wired.selected().case_id
    wired.table.setFocus()
    qtbot.keyClick(wired.table, Qt.Key.Key_Return)
    wired.report_button.click()
    index = wired.model.index(1, archive_model.DATE)
    rect = wired.table.visualRect(index)

    async def double_click():  # inside the loop: the click's preview load starts there
        qtbot.mouseClick(wired.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(wired.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(
            lambda: wired.shown is not None and wired.shown.header.id == wired.model.row_at(1).case_id
        )

    qloop.run_until_complete(double_click())
    assert replayed == [first, wired.model.row_at(1).case_id] and reported == [first]


def test_focus_runs_search_filters_table(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    qloop.run_until_complete(until(lambda: _settled(dialog)))
    chain, widget = [], dialog.search_field
    while len(chain) < 12:  # the named widgets, in tab order (a date edit's own line edit skipped)
        name = widget.objectName()
        if name.startswith("archive") and name not in chain:
            chain.append(name)
        widget = widget.nextInFocusChain()
    assert chain == [
        "archiveSearch",
        "archiveDateField",
        "archiveFrom",
        "archiveTo",
        "archiveNetwork",
        "archiveAccount",
        "archiveAgent",
        "archiveDisposition",
        "archivePath",
        "archiveSentiment",
        "archiveClear",
        "archiveTable",
    ]


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_reports_menu_opens_it_for_any_role_without_a_hub(qloop, qtbot, filled_archive):
    window = MainWindow(QueueService(QueueRepository(filled_archive)), ChangesHub(), "unreachable hub",
                        archive=_archive(filled_archive),
                        review=CaseReview(CaseHistoryRepository(filled_archive)))  # fmt: skip
    qtbot.addWidget(window)
    assert window.archive_action.isEnabled() and window.archive_action.isVisible()
    window.archive_action.trigger()
    dialog = window.archive_dialog
    assert dialog is not None and dialog.isVisible()
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.selected() is not None))
    assert dialog.replay_button.isEnabled() and dialog.report_button.isEnabled()
    window.shutdown()


def test_screenshot(qloop, qtbot, filled_archive):
    dialog = _dialog(qtbot, filled_archive)
    dialog.resize(1400, 820)
    qtbot.keyClicks(dialog.search_field, "refund parcel lisbon")  # no case has all three
    dialog.search_field.setText("parcel")
    dialog.search()
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    dialog.search_field.setText("refund")
    dialog.search()
    qloop.run_until_complete(until(lambda: _settled(dialog) and _ids(dialog) == ["A"]))
    qloop.run_until_complete(until(lambda: dialog.shown is not None and dialog.shown.header.id == "A"))
    qt_api.QtWidgets.QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "archive-refund.png"))
    dialog.search_field.setText("")
    dialog.search()
    qloop.run_until_complete(until(lambda: _settled(dialog) and dialog.model.rowCount() == 100))
    dialog.table.selectRow(dialog.model.rowCount() - 1)
    dialog.model.fetchMore()
    qloop.run_until_complete(until(lambda: dialog.model.rowCount() == 154 and not dialog.model.loading))
    dialog.table.selectRow(151)  # C: the store praise with a guidance note
    qloop.run_until_complete(until(lambda: dialog.shown is not None and dialog.shown.header.id == "C"))
    dialog.table.scrollTo(dialog.model.index(151, 0))
    qt_api.QtWidgets.QApplication.processEvents()
    assert dialog.grab().save(str(SHOTS / "archive-all.png"))
