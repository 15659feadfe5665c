"""Guidance → Tree report: the dialog over a real cache shows the sessions' numbers, compares two
versions, and says what to do when there is nothing to show."""

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget

from console.services.queue import QueueService
from console.services.tree_report import TreeReports
from console.storage.guidance_events import GuidanceEventRepository
from console.storage.queue_repo import QueueRepository
from console.ui import report_text as fmt
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from console.ui.tree_report_dialog import TreeReportDialog
from tests.guidance.report_sessions import T0, all_recorded
from tests.storage.case_data import Changes
from tests.storage.guidance_data import add_sessions
from tests.ui.conftest import until

LATER = lambda: T0 + timedelta(days=2)  # noqa: E731 -- the report's clock: every session is over
SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


def _rows(view: QTreeWidget) -> list[list[str]]:
    return [
        [view.topLevelItem(r).text(c) for c in range(view.columnCount())]
        for r in range(view.topLevelItemCount())
    ]


def _filled(cache) -> None:
    changes = Changes()
    add_sessions(changes, all_recorded())
    changes.apply(cache)


def _dialog(qloop, qtbot, cache) -> TreeReportDialog:
    dialog = TreeReportDialog(TreeReports(GuidanceEventRepository(cache), clock=LATER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_report_shows_paths_nodes_and_suggestions_of_all_versions(qloop, qtbot, cache):
    _filled(cache)
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.paths.topLevelItemCount() > 0))
    assert dialog.tree_choice.currentText() == "refund_request (9 sessions)"
    assert [dialog.version_choice.itemText(i) for i in range(3)] == [
        "All versions",
        "v1 (5 sessions)",
        "v2 (4 sessions)",
    ]
    summary = dialog.summary.text()
    assert summary.startswith("9 sessions (v1, v2) · 78% reached an end · 22% escalated")
    assert "33% of 6 suggestions overridden" in summary
    paths = _rows(dialog.paths)
    full = "check_vip → policy → kind → ask → order → tag → done_reply → refunded"
    assert paths[0][:3] == [full, "3", "33%"]
    assert paths[0][3] == "refund_issued 100%"
    assert paths[0][5] == "+0.83 (n=3)"  # +0.8, +0.6, +1.1
    nodes = {row[0]: row for row in _rows(dialog.nodes)}
    assert nodes["order"][1:5] == ["5", "1", "20%", "40 s (n=5)"]  # 60, 40, 90; 30, 20
    assert nodes["kind"][3:5] == ["11%", "18 s (n=8)"]  # 30, 10, 35, 25, 50; 4, 12, 8: 18.5
    suggestions = {(row[0], row[1]): row for row in _rows(dialog.suggestions)}
    assert suggestions["kind", "A refund"][2:7] == ["3", "1", "1", "50%", "Nothing we can do (1)"]
    assert suggestions["tag", "success"][2:6] == ["4", "3", "1", "25%"]


def test_a_header_click_sorts_by_the_figure_and_the_sort_survives_a_refresh(qloop, qtbot, cache):
    _filled(cache)
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.nodes.topLevelItemCount() > 0))
    assert [row[0] for row in _rows(dialog.nodes)][:3] == ["check_vip", "policy", "kind"]  # report order
    dialog.nodes.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # median time: 40 s above 18 s above 4 s
    assert [row[0] for row in _rows(dialog.nodes)][:3] == ["order", "kind", "tag"]
    dialog.summary.clear()
    dialog.refresh()
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("9 sessions")))
    assert [row[0] for row in _rows(dialog.nodes)][:3] == ["order", "kind", "tag"]


def test_one_version_and_the_a_b_comparison(qloop, qtbot, cache):
    _filled(cache)
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.comparison.topLevelItemCount() > 0))
    assert (dialog.version_a.currentData(), dialog.version_b.currentData()) == (1, 2)
    rows = {row[0]: row for row in _rows(dialog.comparison)}
    assert rows["Sessions"][1:4] == ["5", "4", "\u22121"]
    ended = rows["Reached an end"]
    assert ended[1:5] == ["80% (4/5)", "75% (3/4)", "\u22125 pts", "too few sessions to tell"]
    assert rows["Suggestions overridden"][1:3] == ["50% (1/2)", "25% (1/4)"]
    assert rows["Median session time"][1] == "1 m 15 s (n=5)"  # 10, 28, 75, 95, 147
    assert "v1" in dialog.ab_note.text() and "p-value" in dialog.ab_note.text()
    dialog.version_choice.setCurrentIndex(2)
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("4 sessions (v2)")))
    assert dialog.paths.topLevelItemCount() == 4
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1100, 620)
    dialog.tabs.setCurrentIndex(0)
    dialog.version_choice.setCurrentIndex(0)
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("9 sessions")))
    assert dialog.grab().save(str(SHOTS / "tree_report.png"))
    for tab, name in ((1, "nodes"), (2, "suggestions"), (3, "ab")):
        dialog.tabs.setCurrentIndex(tab)
        assert dialog.grab().save(str(SHOTS / f"tree_report_{name}.png"))


def test_with_no_sessions_the_dialog_says_what_to_do(qloop, qtbot, cache):
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.empty.text() != ""))
    assert dialog.pages.currentWidget() is dialog.empty
    assert "No guidance sessions recorded yet" in dialog.empty.text()
    assert dialog.tree_choice.count() == 0


def test_a_tree_with_no_session_to_count_says_so(qloop, qtbot, cache):
    first = all_recorded()[0]
    changes = Changes()
    add_sessions(changes, [replace(first, events=first.events[1:])])  # its start never arrived
    changes.apply(cache)
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.pages.currentWidget() is dialog.empty))
    assert dialog.empty.text().startswith("No guidance sessions recorded for this tree yet.")
    assert dialog.tree_choice.currentText() == "refund_request (1 session)"


def test_a_closed_cache_is_said_where_the_numbers_would_be(qloop, qtbot, cache):
    cache.close()
    dialog = _dialog(qloop, qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.summary.text() != ""))
    assert dialog.summary.text().startswith("The report could not be read: The local cache at")


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_reports_menu_opens_the_dialog(qloop, qtbot, cache):
    _filled(cache)
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "test hub",
        tree_reports=TreeReports(GuidanceEventRepository(cache), clock=LATER),
    )
    qtbot.addWidget(window)
    assert window.tree_report_action.isEnabled()
    window.tree_report_action.trigger()
    dialog = window.tree_report_dialog
    assert dialog is not None and dialog.isVisible()
    qloop.run_until_complete(until(lambda: dialog.paths.topLevelItemCount() > 0))
    window.shutdown()


def test_the_numbers_read_as_people_write_them():
    assert [fmt.duration(s) for s in (None, 0, 0.3, 42, 60, 190, 3600, 3725)] == [
        "—",
        "0 s",
        "<1 s",
        "42 s",
        "1 m",
        "3 m 10 s",
        "1 h",
        "1 h 2 m",
    ]
    assert [fmt.percent(r) for r in (None, 0, 0.004, 0.25, 0.995, 1)] == [
        "—",
        "0%",
        "<1%",
        "25%",
        ">99%",
        "100%",
    ]
    assert [fmt.sentiment(v) for v in (None, 0.41, -0.2, 0.001)] == ["—", "+0.41", "-0.20", "0.00"]
    assert fmt.p_value(0.0004, True).startswith("p < 0.001")
    assert fmt.p_value(0.2, True) == "p = 0.200 — could be chance"
    assert fmt.p_value(None, False) == ""
