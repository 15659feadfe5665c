"""The queue as an agent drives it: keys, bulk actions, live inserts, columns and views, odd text."""

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QImage

from console.domain.mutation import MutationKind
from console.domain.queue import UNASSIGNED, QueueSort
from console.services.cases import CaseActions
from console.services.notifications import Notifier
from console.services.preferences import Preferences
from console.services.queue import QueueService
from console.services.user_settings import SettingsStore
from console.storage.outbox import Outbox
from console.storage.queue_repo import QueueRepository
from console.storage.replica import Replica
from console.ui.accessible import announced_name
from console.ui.changes_hub import ChangesHub
from console.ui.main_window import MainWindow
from console.ui.queue_model import MentionIdRole, QueueModel, RightToLeftRole, RowRole
from console.ui.queue_view import ROW_HEIGHT
from tests.storage.conftest import as_tables, mention_change
from tests.ui.conftest import until

ME = "u-me"


class _Pusher:
    """Stands in for the pusher: the actions only wake it; what is queued is read from the outbox."""

    def __init__(self):
        self.woken = 0

    def wake(self) -> None:
        self.woken += 1


@pytest.fixture
def window(qloop, qtbot, cache, tmp_path):
    def build(page_size: int = 200) -> MainWindow:
        preferences = Preferences(tmp_path, ME)
        built = MainWindow(
            QueueService(QueueRepository(cache)),
            ChangesHub(),
            "test hub",
            actions=CaseActions(Outbox(cache), _Pusher(), lambda: ME),
            preferences=preferences,
            notifier=Notifier(SettingsStore(tmp_path)),
        )
        built.model._page_size = page_size
        built.resize(1280, 760)
        built.show()
        qtbot.addWidget(built)
        return built

    made: list[MainWindow] = []
    yield lambda page_size=200: made.append(build(page_size)) or made[-1]
    for built in made:
        built.shutdown()


def fill(cache, count: int, first: int = 1, created=None) -> list[dict]:
    rng = random.Random(first)
    changes = [mention_change(n, rng) for n in range(first, first + count)]
    for change in changes:
        change["data"]["created_ms"] = created(change["seq"]) if created else 1_000_000 + change["seq"] * 1000
    last = first + count - 1
    return cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, "h", "e", f"e:{last}", last, as_tables(changes))
    )


def current_id(window) -> str:
    return window.view.currentIndex().siblingAtColumn(0).data(MentionIdRole)


def queued(qloop, cache, kind: MutationKind) -> list:
    entries = []
    for case in {f"c{n:06d}" for n in range(1, 400)}:
        entries += qloop.run_until_complete(Outbox(cache).entries_for_case(case))
    found = [(e.mutation.case_id, dict(e.mutation.payload)) for e in entries if e.mutation.kind is kind]
    return sorted(found, key=repr)


def test_j_and_k_move_and_j_loads_the_next_page_at_the_end(qloop, qtbot, cache, window):
    fill(cache, 60)
    w = window(page_size=25)
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 25 and w.view.currentIndex().isValid()))
    assert current_id(w) == "m000060"  # newest first, already selected
    qtbot.keyClick(w.view, Qt.Key.Key_J)
    qtbot.keyClick(w.view, Qt.Key.Key_J)
    assert current_id(w) == "m000058"
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert current_id(w) == "m000059"
    for _ in range(3):
        qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert current_id(w) == "m000060"  # the top stays the top
    w.view.select_row(24)
    qtbot.keyClick(w.view, Qt.Key.Key_J)  # past the last loaded row: the next page comes, and J goes on
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 50 and current_id(w) == "m000035"))
    assert w.preview._text.text() == w.model.row_at(25).text


def test_enter_opens_the_case_pane_and_c_claims_through_the_outbox(qloop, qtbot, cache, window):
    fill(cache, 5)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 5 and w.view.currentIndex().isValid()))
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Return)
    assert w.preview.hasFocus() or w.focusWidget() is w.preview
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    qloop.run_until_complete(until(lambda: "Claim requested" in w.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.CLAIM) == [("c000005", {})]


def test_the_help_overlay_lists_the_keys_and_closes_with_escape(qloop, qtbot, cache, window):
    fill(cache, 3)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 3))
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert w.help.isVisible()
    texts = " ".join(label.text() for label in w.help.findChildren(type(w.title)))
    for keys in ("J", "K", "Return", "C", "Shift+S", "T", "F1", "Esc"):
        assert keys in texts
    qtbot.keyClick(w.help, Qt.Key.Key_Escape)
    assert not w.help.isVisible()


def test_bulk_actions_reach_every_selected_case_once(qloop, qtbot, cache, window):
    fill(cache, 10)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 10 and w.view.currentIndex().isValid()))
    selection = w.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (1, 3, 4):
        selection.select(w.model.index(row, 0), flags)
    chosen = sorted(w.model.row_at(r).case_id for r in (0, 1, 3, 4))
    w.spam_selected()
    qloop.run_until_complete(until(lambda: "Resolved as spam · 4 cases" in w.status.currentMessage()))
    assert queued(qloop, cache, MutationKind.TAG) == [(case, {"tag": "spam"}) for case in chosen]
    assert queued(qloop, cache, MutationKind.RESOLVE) == [(case, {"disposition": "spam"}) for case in chosen]
    w.tag_selected("vip")
    qloop.run_until_complete(until(lambda: "Tagged · 4 cases" in w.status.currentMessage()))
    assert ("c000001", {"tag": "vip"}) not in queued(qloop, cache, MutationKind.TAG)
    menu = w._queue_menu()
    assert any("(4)" in action.text() for action in menu.actions())


def test_live_rows_above_keep_the_viewport_and_selection_and_count_as_new(qloop, qtbot, cache, window):
    fill(cache, 120)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 120 and w.view.currentIndex().isValid()))
    w.view.select_row(40)
    w.view.scrollTo(w.model.index(40, 0), w.view.ScrollHint.PositionAtTop)
    qloop.run_until_complete(until(lambda: w.view.rowAt(0) >= 30))
    top_id = w.model.index(w.view.rowAt(0), 0).data(MentionIdRole)
    selected = current_id(w)
    applied = fill(cache, 3, first=500, created=lambda seq: 9_000_000 + seq)
    w.model.apply_changes(applied)
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 123))
    assert w.model.index(w.view.rowAt(0), 0).data(MentionIdRole) == top_id
    assert current_id(w) == selected
    assert w.view.new_above == 3 and "3 new" in w.view.new_button.text()
    assert announced_name(w.view.new_button) == "3 new mentions above"  # words, not "upwards arrow"
    w.view.new_button.click()
    assert w.view.verticalScrollBar().value() == 0 and w.view.new_above == 0
    assert w.view.new_button.isHidden()


def test_odd_text_renders_on_one_fixed_height_line(qloop, cache, window):
    rng = random.Random(5)
    texts = {
        1: "refund " * 4000,
        2: "الطلب وصل مكسور ولم يرد أحد",
        3: "שלום, ההזמנה שלי לא הגיעה",
        4: "zero\u200bwidth\u2060and\ufeffbom \u202eevil override",
        5: "line one\nline two\r\n\ttabbed\x00nul\x07bell\x1b[31m",
        6: "family 👨‍👩‍👧‍👦 flags 🇵🇹🇯🇵 skin 👍🏽 " * 30,
    }
    changes = [mention_change(n, rng) for n in texts]
    for change in changes:
        change["data"]["text"] = texts[change["seq"]]
        change["data"]["author_name"] = "N\u200bame\nwith\tcontrols"
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:6", 6, as_tables(changes)))
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 6))
    excerpt = QueueModel.column("excerpt")
    shown = {}
    for row in range(6):
        index = w.model.index(row, excerpt)
        text = index.data()
        shown[index.data(RowRole).mention_id] = (text, index.data(RightToLeftRole))
        assert "\n" not in text and "\t" not in text and len(text) <= 160
        assert w.view.rowHeight(row) == ROW_HEIGHT
    assert shown["m000001"][0].endswith("…")
    assert shown["m000002"][1] and shown["m000003"][1] and not shown["m000001"][1]
    assert shown["m000004"][0] == "zerowidthandbom evil override"
    assert "␀" in shown["m000005"][0] and "␇" in shown["m000005"][0] and "␛" in shown["m000005"][0]
    assert "👨\u200d👩\u200d👧\u200d👦" in shown["m000006"][0]  # the joiner keeps the family together
    assert w.model.index(0, QueueModel.column("author")).data() == "Name with controls"
    image = QImage(w.view.viewport().size(), QImage.Format.Format_ARGB32)
    w.view.viewport().render(image)  # every delegate paints these rows without raising
    assert not image.isNull()
    assert all(w.view.rowHeight(row) == ROW_HEIGHT for row in range(6))


def test_columns_hide_move_and_come_back_as_the_agent_left_them(qloop, cache, window, tmp_path):
    fill(cache, 3)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 3))
    header = w.view.horizontalHeader()
    author, age = QueueModel.column("author"), QueueModel.column("age")
    w.view.set_column_shown(author, False)
    header.moveSection(header.visualIndex(age), 0)
    saved = Preferences(tmp_path, ME).layout
    assert saved.order[0] == "age" and "author" in saved.hidden
    again = window()
    qloop.run_until_complete(until(lambda: again.model.rowCount() == 3))
    again_header = again.view.horizontalHeader()
    assert again_header.isSectionHidden(author) and again_header.visualIndex(age) == 0
    again.view.reset_layout()
    assert not again_header.isSectionHidden(author) and again_header.visualIndex(age) == age
    menu = again.view.build_column_menu()
    toggles = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert toggles["Author"].isChecked() and not toggles["Reach"].isChecked()  # reach: hidden by default
    toggles["Reach"].setChecked(True)
    assert not again_header.isSectionHidden(QueueModel.column("reach"))
    assert "reach" not in Preferences(tmp_path, ME).layout.hidden


def test_header_clicks_sort_in_sql_and_unsortable_columns_stay_put(qloop, cache, window):
    fill(cache, 30)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 30))
    header = w.view.horizontalHeader()
    author = QueueModel.column("author")
    header.sectionClicked.emit(author)
    assert w.model.query.sort is QueueSort.AUTHOR and not w.model.query.descending
    header.sectionClicked.emit(author)
    assert w.model.query.descending
    header.sectionClicked.emit(QueueModel.column("excerpt"))
    assert w.model.query.sort is QueueSort.AUTHOR
    assert header.sortIndicatorSection() == author


def test_views_and_filters_become_the_query(qloop, cache, window, tmp_path):
    fill(cache, 30)
    w = window()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 30))
    names = [w.filters.views.itemText(i) for i in range(w.filters.views.count())]
    assert names[:3] == ["All mentions", "My queue", "Unassigned"]
    w.filters.choose_view("Unassigned")
    assert w.model.query.assignees == frozenset({UNASSIGNED})
    w.filters.choose_view("My queue")
    assert w.model.query.assignees == frozenset({ME})
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 0 and not w.model.loading))
    w.filters.choose_view("All mentions")
    w.filters.language.set_choices([("en", "en"), ("ar", "ar")])
    w.filters.language.menu().actions()[0].setChecked(True)
    assert w.model.query.languages == frozenset({"en"})
    w.filters.save_current_view("English")
    assert [v.name for v in Preferences(tmp_path, ME).views] == ["English"]
    w.filters.choose_view("All mentions")
    assert w.model.query.languages == frozenset()
    w.filters.choose_view("English")
    assert w.model.query.languages == frozenset({"en"})
    w.filters.delete_current_view()
    assert Preferences(tmp_path, ME).views == [] and w.model.query.languages == frozenset()
    qloop.run_until_complete(until(lambda: w.model.rowCount() == 30 and not w.model.loading))
    assert w.model.canFetchMore(QModelIndex()) is False


def test_n_gets_the_next_case_claims_it_and_selects_its_row(qloop, qtbot, cache, tmp_path):
    from console.services.next_case import NextCase
    from tests.storage.conftest import case_change

    fill(cache, 6)
    cases = [case_change(100 + n, f"c{n:06d}", "open") for n in range(1, 7)]
    for case in cases:
        case["data"]["priority"] = 10
    cases[2]["data"] |= {"assignee": ME, "priority": 5}  # mine comes first, however urgent the rest
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "h", "e", "e:200", 200, as_tables(cases)))
    actions = CaseActions(Outbox(cache), _Pusher(), lambda: ME)
    preferences = Preferences(tmp_path, ME)
    w = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "test hub",
        actions=actions,
        preferences=preferences,
        notifier=Notifier(SettingsStore(tmp_path)),
        next_case=NextCase(cache, actions),
    )
    qtbot.addWidget(w)
    w.show()
    try:
        qloop.run_until_complete(until(lambda: w.model.rowCount() == 6 and w.view.currentIndex().isValid()))
        w.view.setFocus()
        qtbot.keyClick(w.view, Qt.Key.Key_N)
        qloop.run_until_complete(until(lambda: "Claimed the next case" in w.status.currentMessage()))
        assert queued(qloop, cache, MutationKind.CLAIM) == [("c000003", {})]
        assert w._selected_cases() == ["c000003"]
    finally:
        w.shutdown()
