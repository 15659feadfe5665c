"""Windows and the queue's columns come back as the agent left them; a damaged file costs nothing."""

import asyncio
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter

from console.services.preferences import Preferences, QueueLayout
from console.ui.queue_columns import COLUMNS
from console.ui.window_state import restore_window, save_window
from tests.ui.test_queue_window import ME, window  # noqa: F401


def _desk(qtbot) -> QMainWindow:
    built = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal, objectName="panes")
    splitter.addWidget(QLabel("queue"))
    splitter.addWidget(QLabel("case"))
    built.setCentralWidget(splitter)
    dock = QDockWidget("Notes", objectName="notesDock")
    dock.setWidget(QLabel("notes"))
    built.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    built.resize(900, 600)
    qtbot.addWidget(built)
    built.show()
    return built


def test_geometry_splitters_and_docks_are_restored_in_a_new_window(qapp, qtbot, tmp_path):
    first = _desk(qtbot)
    first.resize(711, 455)  # within the offscreen screen (800×600): Qt keeps windows on it
    first.findChild(QDockWidget, "notesDock").hide()
    qapp.processEvents()  # the layout settles: the splitter gets the dock's room
    first.findChild(QSplitter, "panes").setSizes([300, 400])
    sizes = first.findChild(QSplitter, "panes").sizes()
    save_window(first, Preferences(tmp_path, ME), "main")

    second = _desk(qtbot)
    assert restore_window(second, Preferences(tmp_path, ME), "main")  # read back from the file
    qapp.processEvents()
    assert (second.width(), second.height()) == (711, 455)
    assert second.findChild(QSplitter, "panes").sizes() == sizes
    assert second.findChild(QDockWidget, "notesDock").isHidden()
    assert not restore_window(_desk(qtbot), Preferences(tmp_path, "someone-else"), "main")  # per user


def test_a_damaged_state_opens_the_window_at_its_defaults(qtbot, tmp_path):
    Preferences(tmp_path, ME).save_window_state("main", {"geometry": "not base64!", "splitter:panes": "@@"})
    desk = _desk(qtbot)
    restore_window(desk, Preferences(tmp_path, ME), "main")
    assert desk.isVisible() and desk.width() == 900
    path = Preferences(tmp_path, ME).path
    path.write_text("{ half a file", encoding="utf-8")
    assert Preferences(tmp_path, ME).window_state("main") == {}
    assert path.with_suffix(".damaged.json").exists()  # set aside for whoever looks, not crashed on


def test_column_widths_order_and_hidden_survive_a_new_window(window, tmp_path):  # noqa: F811
    first = window()
    header = first.view.horizontalHeader()
    keys = [c.key for c in COLUMNS]
    fixed = next(s for s, c in enumerate(COLUMNS) if not c.stretch and c.shown)
    hidden = next(s for s, c in enumerate(COLUMNS) if c.shown and s != fixed and not c.stretch)
    header.resizeSection(fixed, 217)
    header.moveSection(header.visualIndex(fixed), 0)
    first.view.set_column_shown(hidden, False)
    first.close()  # a width still settling is written as the window closes
    saved = json.loads(Preferences(tmp_path, ME).path.read_text(encoding="utf-8"))["queue_layout"]
    assert saved["widths"][keys[fixed]] == 217 and saved["order"][0] == keys[fixed]

    again = window().view.horizontalHeader()
    assert again.sectionSize(fixed) == 217
    assert again.visualIndex(fixed) == 0 and again.isSectionHidden(hidden)
    again.parent().reset_layout()
    assert again.sectionSize(fixed) == COLUMNS[fixed].width


def test_bad_widths_are_dropped_alone(tmp_path):
    preferences = Preferences(tmp_path, ME)
    preferences.save_layout(QueueLayout(["age"], [], {"age": 120}))
    raw = json.loads(preferences.path.read_text(encoding="utf-8"))
    raw["queue_layout"]["widths"] = {"age": 120, "author": -5, "sla": "wide", "network": 10**9}
    preferences.path.write_text(json.dumps(raw), encoding="utf-8")
    assert Preferences(tmp_path, ME).layout == QueueLayout(["age"], [], {"age": 120})


def test_the_main_window_comes_back_as_it_was_closed(qloop, window):  # noqa: F811
    first = window()
    first.resize(790, 560)  # lower than the offscreen screen; as wide as the window's minimum allows
    splitter = first.findChild(QSplitter, "queueSplitter")
    qloop.run_until_complete(asyncio.sleep(0.05))  # the layout settles (inside the loop: pages load)
    splitter.setSizes([500, 700])
    sizes, size = splitter.sizes(), (first.width(), first.height())
    assert size[1] == 560
    first.close()  # the close saves

    second = window()  # the fixture resizes to 1280×760 after building: restore it again, as built
    restore_window(second, second._preferences, "main")
    qloop.run_until_complete(asyncio.sleep(0.05))  # the layout settles (inside the loop: pages load)
    assert (second.width(), second.height()) == size
    assert second.findChild(QSplitter, "queueSplitter").sizes() == sizes
