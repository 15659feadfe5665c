"""The queue table: big-table settings in one place, the agent's columns, keys, and a steady viewport.

Live inserts above what the agent reads never move it: the scroll is compensated and a "N new"
button counts them until the agent goes back to the top.
"""

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QPushButton, QTableView, QWidget

from console.services.preferences import Preferences, QueueLayout
from console.ui.delegates import BadgeDelegate, ExcerptDelegate
from console.ui.queue_columns import COLUMNS, Painter, header
from console.ui.queue_model import QueueModel
from console.ui.shortcuts import ShortcutMap

ROW_HEIGHT = 34


class QueueView(QTableView):
    open_requested = Signal()
    """The agent asked to open the current row's case (Enter)."""
    claim_requested = Signal()
    """The agent asked to claim the selected cases (C)."""
    help_requested = Signal()
    """The agent asked for the keyboard help (? or F1)."""
    new_above_changed = Signal(int)
    """How many rows arrived above the viewport since the agent last looked at the top."""

    def __init__(
        self,
        model: QueueModel,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
        keys: ShortcutMap | None = None,
    ):
        super().__init__(parent)
        self._model = model
        self._preferences = preferences
        self._widths: dict[str, int] = {}  # column key → the agent's width (kept while hidden too)
        # A drag resizes a column dozens of times a second: the file is written once it settles.
        self._save_timer = QTimer(self, singleShot=True, interval=400, timeout=self._save_layout)
        self._keys = keys if keys is not None else ShortcutMap(parent=self)  # J, K, Enter, C as set
        self.setObjectName("queueView")
        self.setModel(model)
        self.setAccessibleName(self.tr("Mention queue"))
        self.setAccessibleDescription(
            self.tr("Mentions matching the filters; the arrows move between them, Enter opens the case")
        )
        self.setTabKeyNavigation(False)  # rows are walked with the arrows and J/K; Tab leaves the queue
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Always there: a filter that empties the queue would otherwise resize the viewport twice per
        # change (scroll bar gone, back) and shift every column sideways.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never ResizeToContents on rows
        self._fit_rows()
        self._build_header()
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.rowsInserted.connect(self._after_insert)
        model.modelReset.connect(self.jump_to_top)  # a new order or filter starts at its top
        model.page_loaded.connect(self._after_page)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self._pending_shift = 0
        self._new_above = 0
        self._advance_after_page = False
        self.new_button = QPushButton(self.viewport(), objectName="newRowsButton")
        self.new_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.new_button.clicked.connect(self.jump_to_top)
        self.new_button.hide()

    # -- columns -----------------------------------------------------------------------------------

    def _default_width(self, section: int, width: int) -> int:
        """The column's own width, or its title's with room for the sort arrow when that is wider
        (a translated title — "Priorität" — must not be cut)."""
        title = str(self.model().headerData(section, Qt.Orientation.Horizontal) or "")
        return max(width, self.horizontalHeader().fontMetrics().horizontalAdvance(title) + 28)

    def _build_header(self) -> None:
        header_view = self.horizontalHeader()
        header_view.setHighlightSections(False)
        header_view.setSectionsMovable(True)
        header_view.setStretchLastSection(False)
        header_view.setSortIndicatorShown(True)
        header_view.setSectionsClickable(True)
        badges, excerpts = BadgeDelegate(self), ExcerptDelegate(self)
        for section, column in enumerate(COLUMNS):
            header_view.resizeSection(section, self._default_width(section, column.width))
            if column.stretch:
                header_view.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
            if column.painter is Painter.BADGE:
                self.setItemDelegateForColumn(section, badges)
            elif column.painter is Painter.EXCERPT:
                self.setItemDelegateForColumn(section, excerpts)
        self._show_sort()
        header_view.sectionClicked.connect(self._sort_by)
        header_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header_view.customContextMenuRequested.connect(self._column_menu)
        self.apply_layout(self._preferences.layout if self._preferences else QueueLayout())
        header_view.sectionMoved.connect(lambda *_args: self._save_layout())
        header_view.sectionResized.connect(self._column_resized)

    def _sort_by(self, section: int) -> None:
        """Header click: the same column flips its order, another starts ascending (age: newest)."""
        column = COLUMNS[section]
        if column.sort is None:
            self._show_sort()
            return
        current, order = self._model.sort_section()
        flipped = (
            Qt.SortOrder.DescendingOrder
            if order == Qt.SortOrder.AscendingOrder
            else Qt.SortOrder.AscendingOrder
        )
        self._model.sort(section, flipped if current == section else Qt.SortOrder.AscendingOrder)
        self._show_sort()

    def _show_sort(self) -> None:
        section, order = self._model.sort_section()
        self.horizontalHeader().setSortIndicator(section, order)

    def _column_menu(self, position: QPoint) -> None:
        self.build_column_menu().popup(self.horizontalHeader().mapToGlobal(position))

    def build_column_menu(self) -> QMenu:
        """Show/hide each column (never the last one shown), and a way back to the defaults."""
        menu = QMenu(self)
        menu.addSection(self.tr("Columns (drag headers to reorder)"))
        header_view = self.horizontalHeader()
        shown = sum(not header_view.isSectionHidden(s) for s in range(len(COLUMNS)))
        for section in sorted(range(len(COLUMNS)), key=header_view.visualIndex):
            action = QAction(header(COLUMNS[section]), menu, checkable=True)
            action.setChecked(not header_view.isSectionHidden(section))
            action.setEnabled(not (action.isChecked() and shown == 1))
            action.toggled.connect(lambda on, s=section: self.set_column_shown(s, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_layout)
        return menu

    def set_column_shown(self, section: int, shown: bool) -> None:
        self.horizontalHeader().setSectionHidden(section, not shown)
        self._save_layout()

    def layout_state(self) -> QueueLayout:
        header_view = self.horizontalHeader()
        order = sorted(range(len(COLUMNS)), key=header_view.visualIndex)
        return QueueLayout(
            [COLUMNS[s].key for s in order],
            [c.key for s, c in enumerate(COLUMNS) if header_view.isSectionHidden(s)],
            dict(self._widths),
        )

    def apply_layout(self, layout: QueueLayout) -> None:
        """Saved order first (unknown keys skipped, columns added since keep their place after)."""
        header_view = self.horizontalHeader()
        keys = [c.key for c in COLUMNS]
        wanted = [k for k in layout.order if k in keys]
        wanted += [k for k in keys if k not in wanted]
        blocker = header_view.blockSignals(True)
        try:
            for position, key in enumerate(wanted):
                header_view.moveSection(header_view.visualIndex(keys.index(key)), position)
            hidden = (
                set(layout.hidden)
                if layout.order or layout.hidden
                else {c.key for c in COLUMNS if not c.shown}
            )
            for section, column in enumerate(COLUMNS):
                header_view.setSectionHidden(section, column.key in hidden)
            # Stretched columns share what is left; only fixed ones keep a width of their own.
            self._widths = {
                c.key: layout.widths[c.key] for c in COLUMNS if not c.stretch and c.key in layout.widths
            }
            for section, column in enumerate(COLUMNS):
                if not column.stretch:
                    default = self._default_width(section, column.width)
                    header_view.resizeSection(section, self._widths.get(column.key, default))
            if all(header_view.isSectionHidden(s) for s in range(len(COLUMNS))):
                header_view.setSectionHidden(keys.index("excerpt"), False)
        finally:
            header_view.blockSignals(blocker)

    def reset_layout(self) -> None:
        self.apply_layout(QueueLayout())
        self._save_layout()

    def _column_resized(self, section: int, _old: int, new: int) -> None:
        column = COLUMNS[section]
        if column.stretch or new <= 0 or self.horizontalHeader().isSectionHidden(section):
            return  # hiding a column "resizes" it to 0: not the agent's width
        self._widths[column.key] = new
        self._save_timer.start()

    def flush_layout(self) -> None:
        """Write a width still waiting for its drag to settle (the window is closing)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_layout()

    def _save_layout(self) -> None:
        if self._preferences is not None:
            self._preferences.save_layout(self.layout_state())

    # -- keys --------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = self._keys
        if keys.matches("queue.next", event):
            self.move_by(1)
        elif keys.matches("queue.previous", event):
            self.move_by(-1)
        elif keys.matches("queue.open", event):
            self.open_requested.emit()
        elif keys.matches("queue.claim", event):
            self.claim_requested.emit()
        elif event.key() == Qt.Key.Key_Question or keys.matches("window.help", event):
            self.help_requested.emit()
        else:
            super().keyPressEvent(event)

    def move_by(self, step: int) -> None:
        """J/K: the next or previous row. Past the last loaded row, fetch the next page and go on
        there; past the first, stay (the top is where new mentions arrive)."""
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        target = current + step
        if target >= self._model.rowCount():
            if self._model.canFetchMore(QModelIndex()):
                self._advance_after_page = True
                self._model.fetchMore(QModelIndex())
            return
        self.select_row(max(0, target))

    def select_row(self, row: int) -> None:
        index = self._model.index(row, self.horizontalHeader().logicalIndex(0))
        if index.isValid():
            self.setCurrentIndex(index)  # selects the row, drops a multi-selection (like an arrow key)
            self.scrollTo(index)

    def _after_page(self, _rows: int) -> None:
        if self._advance_after_page:
            self._advance_after_page = False
            self.move_by(1)

    # -- live inserts ------------------------------------------------------------------------------

    def _before_insert(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Rows landing above what the agent is reading would push it down: compensate the scroll.
        top = self.rowAt(0)
        scrolled = self.verticalScrollBar().value() > 0
        above = scrolled and 0 <= first <= top
        self._pending_shift = (last - first + 1) * self.verticalHeader().defaultSectionSize() if above else 0
        if above:
            self._new_above += last - first + 1

    def _after_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._pending_shift:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self._pending_shift)
            self._pending_shift = 0
            self._show_new()

    def _on_scroll(self, value: int) -> None:
        if value == 0 and self._new_above:
            self._clear_new()

    def jump_to_top(self) -> None:
        self.verticalScrollBar().setValue(0)
        self._clear_new()

    @property
    def new_above(self) -> int:
        return self._new_above

    def _clear_new(self) -> None:
        self._new_above = 0
        self._show_new()

    def _show_new(self) -> None:
        if self._new_above:
            self.new_button.setText(self.tr("↑ {n:,} new").format(n=self._new_above))
            # Read as words, not "upwards arrow": how many arrived above, and what a press does.
            self.new_button.setAccessibleName(self.tr("{n:,} new mentions above").format(n=self._new_above))
            self.new_button.setAccessibleDescription(self.tr("Goes to the top of the queue"))
            self.new_button.adjustSize()
            self._place_new_button()
            self.new_button.show()
            self.new_button.raise_()
        else:
            self.new_button.hide()
        self.new_above_changed.emit(self._new_above)

    def _place_new_button(self) -> None:
        self.new_button.move((self.viewport().width() - self.new_button.width()) // 2, 8)

    def _fit_rows(self) -> None:
        """Fixed row height, grown with a scaled font (Settings → Appearance) so text never clips."""
        self.verticalHeader().setDefaultSectionSize(max(ROW_HEIGHT, self.fontMetrics().height() + 16))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_new_button()
