"""Reports → Analytics: the dialog over a real cache holding the hand-checked cases
(tests/storage/analytics_data.py) shows every measure with its n, regroups, charts a measure over
time, explains its measures, exports the table as CSV, and says what went wrong when it cannot."""

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTextBrowser, QTreeWidget

from console.domain.measures import DEFINITIONS, GroupBy, Measure
from console.services.analytics import Analytics
from console.services.queue import QueueService
from console.storage.analytics_repo import AnalyticsRepository
from console.storage.queue_repo import QueueRepository
from console.ui.analytics_dialog import GROUPS, AnalyticsDialog
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from tests.storage.analytics_data import hand_checked
from tests.ui.conftest import until

NOW = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)  # the day after the last case
SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


def _rows(view: QTreeWidget) -> list[list[str]]:
    return [
        [view.topLevelItem(r).text(c) for c in range(view.columnCount())]
        for r in range(view.topLevelItemCount())
    ]


def _dialog(qtbot, cache) -> AnalyticsDialog:
    hand_checked().apply(cache)
    dialog = AnalyticsDialog(Analytics(AnalyticsRepository(cache), clock=lambda: NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_measure_by_network_with_its_counts(qloop, qtbot, cache):
    dialog = _dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 3))
    assert dialog.period_choice.currentText() == "Last 30 days"
    rows = _rows(dialog.table)
    # x: A B F (E excluded); first responses 5, 10, 20 min; resolutions 25, 60 min; B reopened
    assert rows[0] == [
        "x",
        "3",
        "1",
        "100% (n=3)",
        "10 m (n=3)",
        "20 m",
        "25 m (n=2)",
        "1 h",
        "33% (n=3)",
        "+0.60 (n=2)",
    ]
    assert rows[1] == [
        "facebook",
        "2",
        "0",
        "50% (n=2)",
        "45 m (n=1)",
        "45 m",
        "3 h (n=1)",
        "3 h",
        "100% (n=1)",
        "— (n=0)",
    ]
    # all: 5, 10, 20, 45 min → median 10 m, p90 45 m; resolutions 25 m, 1 h, 3 h → 1 h, 3 h
    assert rows[2] == [
        "All cases",
        "5",
        "1",
        "80% (n=5)",
        "10 m (n=4)",
        "45 m",
        "1 h (n=3)",
        "3 h",
        "50% (n=4)",
        "+0.60 (n=2)",
    ]
    assert dialog.summary.text().startswith("5 cases created in the period (1 excluded")


def test_regrouping_by_agent_and_the_chart_over_time(qloop, qtbot, cache):
    dialog = _dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 3))
    dialog.group_choice.setCurrentIndex([g for _, g in GROUPS].index(GroupBy.AGENT))
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 4))
    labels = [row[0] for row in _rows(dialog.table)]
    assert labels == ["Ana Ribeiro", "Bob Lee", "(not answered)", "All cases"]
    dialog.measure_choice.setCurrentIndex(list(Measure).index(Measure.RESPONSE_RATE))
    qloop.run_until_complete(until(lambda: dialog.chart.title.startswith("Response rate")))
    # 29 December: A B both answered; 30 December: D F of C D F
    assert [(p.label, p.value, p.n) for p in dialog.chart.points] == [
        ("2025-12-29", 1.0, 2),
        ("2025-12-30", 2 / 3, 3),
    ]


def test_definitions_and_csv_export(qloop, qtbot, cache, tmp_path):
    dialog = _dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 3))
    help_dialog = dialog.show_definitions()
    qtbot.addWidget(help_dialog)
    text = help_dialog.findChild(QTextBrowser, "analyticsDefinitionsText").toPlainText()
    assert DEFINITIONS[Measure.RESPONSE_RATE][:60] in text
    out = tmp_path / "out"
    out.mkdir()
    target = out / "analytics.csv"
    target.write_text("old contents")
    dialog.export_to(target)
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("Saved")))
    with target.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [r["group"] for r in rows] == ["x", "facebook", "All cases"]
    total = rows[-1]
    assert (total["cases"], total["excluded"], total["answered"], total["response_rate"]) == (
        "5",
        "1",
        "4",
        "0.8000",
    )
    assert (total["first_response_median_s"], total["first_response_p90_s"]) == ("600.0", "2700.0")
    assert (total["resolution_median_s"], total["resolution_p90_s"], total["resolution_n"]) == (
        "3600.0",
        "10800.0",
        "3",
    )
    assert (total["reopen_rate"], total["sentiment_change"], total["sentiment_n"]) == ("0.5000", "0.600", "2")
    assert list(out.iterdir()) == [target]  # no temporary file left beside it


def test_an_export_that_cannot_be_written_says_why_and_the_old_file_stays(qloop, qtbot, cache, tmp_path):
    dialog = _dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 3))
    dialog.export_to(tmp_path / "missing-folder" / "analytics.csv")
    qloop.run_until_complete(until(lambda: "could not" in dialog.summary.text()))
    assert "The CSV could not be written to" in dialog.summary.text()
    assert "No such file or directory" in dialog.summary.text()


def test_an_empty_period_says_so(qloop, qtbot, cache):
    dialog = AnalyticsDialog(Analytics(AnalyticsRepository(cache), clock=lambda: NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("No cases")))
    assert not dialog.export_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_reports_menu_opens_it(qloop, qtbot, cache):
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "hub",
        analytics=Analytics(AnalyticsRepository(cache)),
    )
    qtbot.addWidget(window)
    assert window.analytics_action.isEnabled()
    window.analytics_action.trigger()
    dialog = window.analytics_dialog
    assert dialog is not None and dialog.isVisible()
    qloop.run_until_complete(until(lambda: dialog.summary.text().startswith("No cases")))
    window.shutdown()


def test_screenshot(qloop, qtbot, cache):
    dialog = _dialog(qtbot, cache)
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 3))
    qloop.run_until_complete(until(lambda: bool(dialog.chart.points)))
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "analytics.png"))
