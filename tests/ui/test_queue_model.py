import random

from PySide6.QtCore import QModelIndex, Qt

from console.domain.network import Network
from console.domain.queue import QueueQuery, QueueSort
from console.domain.sync import AppliedChanges
from console.services.queue import QueueService
from console.storage.queue_repo import QueueRepository
from console.storage.replica import Replica
from console.ui.queue_model import BadgeRole, MentionIdRole, QueueModel, RowRole
from tests.storage.conftest import as_tables, case_change, mention_change
from tests.ui.conftest import until

column = QueueModel.column


def make_model(cache, page_size=50):
    model = QueueModel(QueueService(QueueRepository(cache)), page_size=page_size)
    model.fetchMore(QModelIndex())  # what a view does when it first shows the model
    return model


def test_the_model_pages_in_and_passes_the_model_tester(qtmodeltester, qloop, filled):
    cache, rows = filled
    model = make_model(cache)
    qloop.run_until_complete(until(lambda: model.rowCount() == 50))
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    qloop.run_until_complete(until(lambda: model.rowCount() == 100))
    newest = max(rows, key=lambda r: (r["created_ms"], r["id"]))
    assert model.index(0, 0).data(MentionIdRole) == newest["id"]
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_cells_show_what_an_agent_reads(qloop, filled):
    cache, _rows = filled
    model = make_model(cache)
    qloop.run_until_complete(until(lambda: model.rowCount() > 0))
    row = model.index(0, 0).data(RowRole)
    assert model.index(0, column("network")).data() == row.network.label
    assert model.index(0, column("network")).data(BadgeRole) == row.network.value
    assert model.index(0, column("sentiment")).data(BadgeRole) == row.sentiment.value
    assert model.index(0, column("excerpt")).data() == row.text
    assert model.index(0, column("author")).data(Qt.ItemDataRole.ToolTipRole).startswith(row.author_handle)
    assert model.index(0, column("age")).data().endswith(("s", "m", "h", "d"))
    assert model.headerData(column("excerpt"), Qt.Orientation.Horizontal) == "Mention"


def test_sorting_a_column_requeries_in_sql(qloop, filled):
    cache, rows = filled
    model = make_model(cache)
    qloop.run_until_complete(until(lambda: model.rowCount() == 50))
    resets = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.sort(column("author"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 50  # the old order stays on screen until the new one arrives
    qloop.run_until_complete(until(lambda: not model.loading))
    assert resets == [50]  # one reset, straight to the new rows: no empty table in between
    assert model.query.sort is QueueSort.AUTHOR and not model.query.descending
    first = min(rows, key=lambda r: (r["author_handle"], r["id"]))
    assert model.index(0, 0).data(MentionIdRole) == first["id"]
    model.sort(column("excerpt"), Qt.SortOrder.AscendingOrder)  # not sortable: ignored, no reset
    assert model.query.sort is QueueSort.AUTHOR


def test_a_filter_resets_to_matching_rows_only(qloop, filled):
    cache, rows = filled
    model = make_model(cache, page_size=500)
    model.set_query(QueueQuery(networks=frozenset({Network.BLUESKY})))
    expected = sum(1 for r in rows if r["network"] == "bluesky")
    qloop.run_until_complete(until(lambda: model.rowCount() == expected and not model.loading))
    assert not model.canFetchMore(QModelIndex())
    assert {model.index(i, 0).data(RowRole).network for i in range(model.rowCount())} == {Network.BLUESKY}


def test_live_changes_insert_in_place_and_update_without_reset(qtmodeltester, qloop, cache):
    rng = random.Random(9)
    replica = Replica(cache)
    initial = [mention_change(n, rng, f"c{n}") for n in range(1, 41)]
    for change in initial:
        change["data"]["created_ms"] = 1_000_000 + change["seq"] * 1000
    cache.write_sync(lambda c: replica.apply_sync(c, "h", "e", "e:40", 40, as_tables(initial)))
    model = make_model(cache, page_size=100)
    qloop.run_until_complete(until(lambda: model.rowCount() == 40))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    selected = model.index(10, 0).data(MentionIdRole)

    newest = mention_change(41, rng, "c41")
    newest["data"]["created_ms"] = 9_000_000
    middle = mention_change(42, rng, "c42")
    middle["data"]["created_ms"] = 1_000_000 + 20_500  # between rows 20 and 21 by age
    status = case_change(43, "c5", "resolved")
    applied = cache.write_sync(
        lambda c: replica.apply_sync(c, "h", "e", "e:43", 43, as_tables([newest, middle, status]))
    )
    model.apply_changes(applied)
    qloop.run_until_complete(until(lambda: model.rowCount() == 42))
    ids = [model.index(i, 0).data(MentionIdRole) for i in range(42)]
    assert ids[0] == "m000041"
    assert ids.index("m000021") + 1 == ids.index("m000042") == ids.index("m000020") - 1  # newest first
    c5_row = ids.index("m000005")
    qloop.run_until_complete(until(lambda: model.index(c5_row, 0).data(RowRole).case_status is not None))
    assert model.index(c5_row, 0).data(RowRole).case_status.value == "resolved"
    assert not resets and selected in ids
    qtmodeltester.check(model)


def test_a_reset_from_the_hub_reloads(qloop, filled):
    cache, _rows = filled
    model = make_model(cache)
    qloop.run_until_complete(until(lambda: model.rowCount() == 50))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.apply_changes(AppliedChanges(reset=True))
    qloop.run_until_complete(until(lambda: model.rowCount() == 50 and not model.loading))
    assert resets == [1]


def test_rows_of_a_case_that_left_the_users_scope_go_without_a_reset(qtmodeltester, qloop, cache):
    rng = random.Random(4)
    replica = Replica(cache)
    changes = [mention_change(n, rng, "c1" if n <= 3 else f"c{n}") for n in range(1, 11)]
    changes += [case_change(11, "c1"), case_change(12, "c4")]
    cache.write_sync(lambda c: replica.apply_sync(c, "h", "e", "e:12", 12, as_tables(changes)))
    model = make_model(cache, page_size=100)
    qloop.run_until_complete(until(lambda: model.rowCount() == 10))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    applied = cache.write_sync(lambda c: replica.apply_sync(c, "h", "e", "e:13", 13, {}, gone=["c1"]))
    model.apply_changes(applied)
    ids = {model.index(i, 0).data(MentionIdRole) for i in range(model.rowCount())}
    assert ids == {f"m{n:06d}" for n in range(4, 11)} and not resets
    qtmodeltester.check(model)
