"""The "Resolve…" dialog: how did the case end? One disposition from the catalog, and a closing note.

Dispositions are listed under their outcome (Resolved, Escalated, No action needed); type to
narrow (label and description), Up/Down from the search field moves the choice, Enter resolves
with the highlighted one. The dialog only chooses: the window queues the RESOLVE (and the note).
"""

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.disposition import Disposition, DispositionCatalog, Outcome
from console.domain.mutation import MAX_TEXT
from console.ui import accessible

DispositionIdRole = Qt.ItemDataRole.UserRole + 1
_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class ResolveDialog(QDialog):
    resolution_chosen = Signal(str, str)
    """A disposition was chosen: its id, and the closing note ("" when none was written)."""

    def __init__(self, catalog: DispositionCatalog, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent, objectName="resolveDialog")
        self.setWindowTitle(self.tr("Resolve case"))
        self._headings: list[QListWidgetItem] = []
        self._build_ui()
        headings = {
            Outcome.RESOLVED: self.tr("Resolved"),
            Outcome.ESCALATED: self.tr("Escalated"),
            Outcome.NO_ACTION: self.tr("No action needed"),
        }
        for outcome in Outcome:
            chosen = catalog.with_outcome(outcome)
            if not chosen:
                continue
            heading = QListWidgetItem(headings[outcome])
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: never current, never chosen
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.dispositions.addItem(heading)
            self._headings.append(heading)
            for disposition in chosen:
                self._add(disposition)
        self._select(catalog.by_id(initial) and initial)

    def _add(self, disposition: Disposition) -> None:
        item = QListWidgetItem(disposition.label)
        item.setData(DispositionIdRole, disposition.id)
        item.setToolTip(disposition.description)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, disposition.description)
        self.dispositions.addItem(item)

    def _build_ui(self) -> None:
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Type to find a disposition…"))
        self.search.setAccessibleName(self.tr("Find a disposition"))
        self.dispositions = QListWidget(objectName="dispositionList")
        self.dispositions.setAccessibleDescription(
            self.tr("Dispositions under their outcome; the arrows choose, Enter resolves")
        )
        self.dispositions.setAccessibleName(self.tr("Dispositions"))
        self.dispositions.setUniformItemSizes(True)
        self.description = QLabel(objectName="dispositionDescription", wordWrap=True)
        self.empty = QLabel(self.tr("No disposition matches."), objectName="dialogProblem")
        self.empty.hide()
        self.problem = QLabel(objectName="dialogProblem", wordWrap=True)
        self.problem.hide()
        note_label = QLabel(self.tr("Closing &note (optional):"))
        self.note = QPlainTextEdit(objectName="closingNote", tabChangesFocus=True)
        self.note.setAccessibleDescription(self.tr("Optional: what was done, kept with the resolved case"))
        self.note.setAccessibleName(self.tr("Closing note"))
        self.note.setPlaceholderText(self.tr("What was done, for whoever reads the case next"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        note_label.setBuddy(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.resolve_button = QPushButton(self.tr("&Resolve"), default=True)
        self.buttons.addButton(self.resolve_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.dispositions, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.empty)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        # A button added beside the box's own Cancel is otherwise tabbed past it: say the order.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        accessible.tab_order(self.search, self.dispositions, self.note, self.resolve_button, cancel)
        self.search.textChanged.connect(self._narrow)
        self.search.installEventFilter(self)
        self.dispositions.currentRowChanged.connect(lambda _row: self._update())
        self.dispositions.itemDoubleClicked.connect(lambda _item: self._resolve_current())
        self.buttons.accepted.connect(self._resolve_current)
        self.note.textChanged.connect(self.problem.hide)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # from inside the note, where Enter is a new line
            QShortcut(QKeySequence(keys), self, activated=self._resolve_current)
        self.resize(380, 480)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search field move through the list, so the hands stay on the keyboard.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in _STEP_KEYS:
            self._step(-1 if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_PageUp) else 1)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        # Focus set before the first show is lost to the dialog's own choice (its default button).
        super().showEvent(event)
        self.search.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._resolve_current()
            return
        super().keyPressEvent(event)

    def _choosable_rows(self) -> list[int]:
        items = (self.dispositions.item(row) for row in range(self.dispositions.count()))
        return [row for row, item in enumerate(items) if item.data(DispositionIdRole) and not item.isHidden()]

    def _step(self, delta: int) -> None:
        rows = self._choosable_rows()
        if not rows:
            return
        current = self.dispositions.currentRow()
        at = rows.index(current) + delta if current in rows else 0
        self.dispositions.setCurrentRow(rows[max(0, min(len(rows) - 1, at))])

    def _select(self, disposition_id: str | None) -> None:
        rows = self._choosable_rows()
        chosen = [r for r in rows if self.dispositions.item(r).data(DispositionIdRole) == disposition_id]
        self.dispositions.setCurrentRow((chosen or rows or [-1])[0])
        self._update()

    def _narrow(self, text: str) -> None:
        """Hide what does not match every typed word; a heading hides with all its dispositions."""
        words = text.casefold().split()
        heading: QListWidgetItem | None = None
        shown_under: dict[int, bool] = {}
        for row in range(self.dispositions.count()):
            item = self.dispositions.item(row)
            if item in self._headings:
                heading = item
                shown_under[row] = False
                continue
            haystack = f"{item.text()} {item.toolTip()} {item.data(DispositionIdRole)}".casefold()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            if not hidden and heading is not None:
                shown_under[self.dispositions.row(heading)] = True
        for row, shown in shown_under.items():
            self.dispositions.item(row).setHidden(not shown)
        rows = self._choosable_rows()
        self.dispositions.setCurrentRow(rows[0] if rows else -1)
        self._update()

    def current_id(self) -> str | None:
        item = self.dispositions.currentItem()
        return item.data(DispositionIdRole) if item is not None and not item.isHidden() else None

    def _update(self) -> None:
        item = self.dispositions.currentItem()
        chosen = self.current_id() is not None
        self.description.setText(item.toolTip() if chosen and item is not None else "")
        self.resolve_button.setEnabled(chosen)
        self.empty.setVisible(not chosen and bool(self.search.text().strip()))

    def _resolve_current(self) -> None:
        disposition_id = self.current_id()
        if disposition_id is None:
            return
        note = self.note.toPlainText().strip()
        if len(note) > MAX_TEXT:  # the note is queued as one: refuse here, keeping the text
            message = self.tr("The closing note has {n} characters; {max} at most.")
            self.problem.setText(message.format(n=f"{len(note):,}", max=f"{MAX_TEXT:,}"))
            self.problem.show()
            self.note.setFocus()
            return
        self.resolution_chosen.emit(disposition_id, note)
        self.accept()
