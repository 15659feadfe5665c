"""The "Assign to…" picker: the people who take cases, from the replicated user directory.

The team that owns the cases comes first; everyone else follows under "Other teams" (the hub takes
that only from a supervisor, and records it as their decision). Type to narrow the list; Enter (the
default button) or a double click assigns to the highlighted person; "Assign to me" and "Unassign"
are one click. The dialog only chooses: the window queues the mutations, and the hub decides who
may (an agent's choice of a colleague comes back refused, with the reason).
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.ui import accessible

UserIdRole = Qt.ItemDataRole.UserRole + 1


class AssignDialog(QDialog):
    assignee_chosen = Signal(object)
    """Someone was chosen: their user id, or None to leave the cases unassigned."""

    def __init__(
        self,
        people: tuple[tuple[str, str, tuple[str, ...]], ...],
        me: str | None,
        count: int,
        owners: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="assignDialog")
        self._me = me
        self.setWindowTitle(self.tr("Assign"))
        self._build_ui(count)
        inside = [person for person in people if not owners or owners & set(person[2])]
        outside = [person for person in people if owners and not owners & set(person[2])]
        for person in inside:
            self._add(person)
        if outside:
            self.others = QListWidgetItem(self.tr("Other teams"))
            self.others.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: never current, never chosen
            self.people.addItem(self.others)
            for person in outside:
                self._add(person)
        self.people.setCurrentRow(0 if inside else 1)
        self._update()

    def _add(self, person: tuple[str, str, tuple[str, ...]]) -> None:
        user_id, name, teams = person
        label = self.tr("{name} (you)").format(name=name) if user_id == self._me else name
        item = QListWidgetItem(label)
        item.setData(UserIdRole, user_id)
        item.setToolTip(", ".join(teams) or self.tr("No team"))
        self.people.addItem(item)

    others: QListWidgetItem | None = None

    def _build_ui(self, count: int) -> None:
        what = self.tr("{n} cases").format(n=count) if count > 1 else self.tr("the case")
        heading = QLabel(self.tr("Assign {what} to:").format(what=what))
        self.search = QLineEdit(placeholderText=self.tr("Type a name…"), clearButtonEnabled=True)
        accessible.name(
            self.search, self.tr("Find a person"), self.tr("Narrows the list to names containing the text")
        )
        self.people = QListWidget()
        accessible.name(
            self.people,
            self.tr("People"),
            self.tr("Who the cases can go to; Enter assigns to the selected one"),
        )
        self.people.setUniformItemSizes(True)
        self.empty = QLabel(self.tr("Nobody matches."), objectName="assignEmpty")
        self.empty.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.assign_button = QPushButton(self.tr("&Assign"), default=True)
        self.me_button = QPushButton(self.tr("Assign to &me"), enabled=self._me is not None)
        self.unassign_button = QPushButton(self.tr("&Unassign"))
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.buttons.addButton(self.me_button, role)
        self.buttons.addButton(self.unassign_button, role)
        self.buttons.addButton(self.assign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        # A button added beside the box's own Cancel is otherwise tabbed past it: say the order.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        accessible.tab_order(
            self.search, self.people, self.assign_button, self.me_button, self.unassign_button, cancel
        )
        self.search.textChanged.connect(self._narrow)
        self.people.itemDoubleClicked.connect(lambda _item: self._assign_current())
        self.people.currentRowChanged.connect(lambda _row: self._update())
        self.buttons.accepted.connect(self._assign_current)
        self.buttons.rejected.connect(self.reject)
        self.me_button.clicked.connect(lambda: self._choose(self._me))
        self.unassign_button.clicked.connect(lambda: self._choose(None))
        self.resize(320, 380)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter always means "assign to the highlighted person", never another button's autoDefault.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._assign_current()
            return
        super().keyPressEvent(event)

    def _narrow(self, text: str) -> None:
        """Hide whoever does not match every typed word; the first match becomes the current one."""
        words = text.casefold().split()
        heading = self.people.row(self.others) if self.others is not None else self.people.count()
        first = None
        others_shown = False
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item is self.others:
                continue
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden:
                others_shown |= row > heading
                first = row if first is None else first
        if self.others is not None:
            self.others.setHidden(not others_shown)
        self.people.setCurrentRow(first if first is not None else -1)
        self._update()

    def _current(self) -> str | None:
        item = self.people.currentItem()
        return item.data(UserIdRole) if item is not None and not item.isHidden() else None

    def _update(self) -> None:
        self.assign_button.setEnabled(self._current() is not None)
        self.empty.setVisible(self.people.count() > 0 and self._current() is None)

    def _assign_current(self) -> None:
        user_id = self._current()
        if user_id is not None:
            self._choose(user_id)

    def _choose(self, user_id: str | None) -> None:
        self.assignee_chosen.emit(user_id)
        self.accept()
