"""Bulk "Assign to…" from the queue: the picker lists who takes cases; one mutation per distinct case."""

import random

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from console.domain.mutation import MutationKind
from console.storage.replica import Replica
from tests.storage.conftest import as_tables, mention_change
from tests.ui.conftest import until
from tests.ui.test_case_replies import user_change
from tests.ui.test_queue_window import ME, queued, window  # noqa: F401

BOB, RITA, SUE = "u-bob", "u-rita", "u-sue"


def fill_with_people(cache) -> None:
    """Six mentions in five cases (the newest two in one conversation) and a small directory."""
    rng = random.Random(7)
    changes = [mention_change(n, rng, case_id="c000005" if n == 6 else None) for n in range(1, 7)]
    for change in changes:
        change["data"]["created_ms"] = 1_000_000 + change["seq"] * 1000
    people = [
        user_change(7, ME, "Me Myself"),
        user_change(8, BOB, "Bob Stone"),
        user_change(9, SUE, "Sue Park"),
    ]
    reviewer = user_change(10, RITA, "Rita Reviewer")
    reviewer["data"]["role"] = "reviewer"
    people[2]["data"]["role"] = "supervisor"
    changes += [*people, reviewer]
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:10", 10, as_tables(changes)))


def select_rows(w, rows) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        w.view.selectionModel().select(w.model.index(row, 0), flags)


def test_assign_to_a_colleague_queues_one_mutation_per_distinct_case(qloop, qtbot, cache, window):  # noqa: F811
    fill_with_people(cache)
    w = window()
    qloop.run_until_complete(
        until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid() and w.choices.assignable)
    )
    select_rows(w, (1, 2, 4))  # row 0 is selected already; rows 0 and 1 are one case
    chosen = sorted({w.model.row_at(r).case_id for r in (0, 1, 2, 4)})
    assert len(chosen) == 3
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_A)
    dialog = w.assign_dialog
    assert dialog is not None and dialog.isVisible()
    listed = [dialog.people.item(r).text() for r in range(dialog.people.count())]
    assert listed == ["Bob Stone", "Me Myself (you)", "Sue Park"]  # agents and supervisors, not reviewers
    qtbot.keyClicks(dialog.search, "sto")
    assert [dialog.people.item(r).isHidden() for r in range(3)] == [False, True, True]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # the default button: assign to the match
    assert not dialog.isVisible()
    qloop.run_until_complete(
        until(lambda: "Assignment to Bob Stone requested · 3 cases" in w.status.currentMessage())
    )
    assert queued(qloop, cache, MutationKind.ASSIGN) == [(case, {"assignee": BOB}) for case in chosen]


def test_assign_to_me_and_unassign_from_the_menu(qloop, qtbot, cache, window):  # noqa: F811
    fill_with_people(cache)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid()))
    first = w.model.row_at(0).case_id
    actions = {a.text().split("\t")[0]: a for a in w._queue_menu().actions()}
    actions["Assign to &me"].trigger()
    qloop.run_until_complete(until(lambda: "Assignment to you requested" in w.status.currentMessage()))
    actions["&Unassign"].trigger()
    qloop.run_until_complete(until(lambda: "Unassign requested" in w.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.ASSIGN) == sorted(
        [(first, {"assignee": ME}), (first, {"assignee": None})], key=repr
    )


def test_the_picker_says_when_nobody_matches_and_cancel_queues_nothing(qloop, qtbot, cache, window):  # noqa: F811
    fill_with_people(cache)
    w = window()
    qloop.run_until_complete(
        until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid() and w.choices.assignable)
    )
    w.ask_assign_selected()
    dialog = w.assign_dialog
    qtbot.keyClicks(dialog.search, "zzz")
    assert dialog.empty.isVisible() and not dialog.assign_button.isEnabled()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible()  # nothing to assign to: Enter does nothing
    dialog.reject()
    QApplication.processEvents()
    assert queued(qloop, cache, MutationKind.ASSIGN) == []


def test_signed_out_assign_to_me_is_greyed_out_not_an_unassign(qloop, qtbot, cache, window):  # noqa: F811
    fill_with_people(cache)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid()))
    w._actions._current_user = lambda: None  # signed out
    actions = {a.text().split("\t")[0]: a for a in w._queue_menu().actions()}
    assert not actions["Assign to &me"].isEnabled() and actions["&Unassign"].isEnabled()
    w.assign_me_selected()
    QApplication.processEvents()
    assert queued(qloop, cache, MutationKind.ASSIGN) == []


def test_the_owning_team_comes_first_and_other_teams_under_a_heading(qloop, qtbot, cache, window):  # noqa: F811
    fill_with_people(cache)

    def teams(connection) -> None:
        connection.exec_driver_sql(  # every account belongs to Support, so every case does
            "INSERT INTO accounts SELECT DISTINCT account_id, network, account_id, account_id, 'Support', 1 "
            "FROM mentions"
        )
        connection.exec_driver_sql(f"UPDATE users SET teams = '[\"Legal\"]' WHERE id = '{BOB}'")

    cache.write_sync(teams)
    w = window()
    qloop.run_until_complete(
        until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid() and w.choices.assignable)
    )
    assert w.model.row_at(0).team == "Support"
    w.ask_assign_selected()
    dialog = w.assign_dialog
    listed = [dialog.people.item(r).text() for r in range(dialog.people.count())]
    assert listed == ["Me Myself (you)", "Sue Park", "Other teams", "Bob Stone"]
    assert dialog.people.currentRow() == 0
    assert dialog.people.item(3).toolTip() == "Legal"
    assert not dialog.others.flags() & Qt.ItemFlag.ItemIsSelectable  # a heading, never chosen
    qtbot.keyClicks(dialog.search, "park")
    assert dialog.others.isHidden() and dialog.people.currentRow() == 1
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "bob")
    assert not dialog.others.isHidden() and dialog.people.currentRow() == 3
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # a supervisor's choice: the hub decides
    qloop.run_until_complete(until(lambda: "Assignment to Bob Stone requested" in w.status.currentMessage()))
