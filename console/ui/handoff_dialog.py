"""The "Hand off…" dialog: pass the case to another team, saying why.

The team that owns the case now is listed, marked, and cannot be chosen. The reason is required
(the receiving team reads it first), at least a few words; a short one is refused with a message
and the text is kept.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
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

TeamRole = Qt.ItemDataRole.UserRole + 1
MIN_REASON = 10  # characters: "see thread" is not a reason the next team can act on
MAX_REASON = 500


class HandoffDialog(QDialog):
    handoff_chosen = Signal(str, str)
    """A hand-off was asked for: the team, and the reason (trimmed)."""

    def __init__(
        self,
        teams: Sequence[str],
        current_team: str | None = None,
        min_reason: int = MIN_REASON,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="handoffDialog")
        self.setWindowTitle(self.tr("Hand off case"))
        self._min_reason = min_reason
        self._build_ui()
        for team in sorted(set(teams), key=str.casefold):
            item = QListWidgetItem(team)
            if team == current_team:
                item.setText(self.tr("{team} (owns the case now)").format(team=team))
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # listed for orientation, never offered
            else:
                item.setData(TeamRole, team)
            self.teams.addItem(item)
        offered = [r for r in range(self.teams.count()) if self.teams.item(r).data(TeamRole)]
        self.teams.setCurrentRow(offered[0] if offered else -1)
        self.none_left.setVisible(not offered)

    def _build_ui(self) -> None:
        teams_label = QLabel(self.tr("Hand off &to:"))
        self.teams = QListWidget(objectName="handoffTeams")
        self.teams.setAccessibleDescription(
            self.tr("The team the case goes to; type a letter to jump to a team")
        )
        self.teams.setAccessibleName(self.tr("Teams"))
        teams_label.setBuddy(self.teams)
        self.none_left = QLabel(self.tr("There is no other team to hand off to."), objectName="dialogProblem")
        reason_label = QLabel(self.tr("&Reason (the next team reads this first):"))
        self.reason = QLineEdit(objectName="handoffReason", maxLength=MAX_REASON)
        self.reason.setAccessibleName(self.tr("Reason for the hand-off"))
        self.reason.setPlaceholderText(self.tr("e.g. asks about a contract renewal, needs sales"))
        reason_label.setBuddy(self.reason)
        self.problem = QLabel(objectName="dialogProblem", wordWrap=True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.handoff_button = QPushButton(self.tr("&Hand off"), default=True)
        self.buttons.addButton(self.handoff_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(teams_label)
        layout.addWidget(self.teams, 1)
        layout.addWidget(self.none_left)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        # A button added beside the box's own Cancel is otherwise tabbed past it: say the order.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        accessible.tab_order(self.teams, self.reason, self.handoff_button, cancel)
        self.teams.itemDoubleClicked.connect(lambda _item: self.reason.setFocus())
        self.reason.textChanged.connect(lambda _text: self.problem.hide())
        self.buttons.accepted.connect(self._hand_off)
        self.buttons.rejected.connect(self.reject)
        self.resize(340, 360)

    def showEvent(self, event: QShowEvent) -> None:
        # Focus set before the first show is lost to the dialog's own choice (its default button).
        super().showEvent(event)
        self.teams.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._hand_off()
            return
        super().keyPressEvent(event)

    def current_team(self) -> str | None:
        item = self.teams.currentItem()
        return item.data(TeamRole) if item is not None else None

    def _hand_off(self) -> None:
        team = self.current_team()
        reason = " ".join(self.reason.text().split())
        if team is None:
            self._refuse(self.tr("Choose the team to hand the case to."), self.teams)
        elif len(reason) < self._min_reason:
            message = self.tr("Say why in at least {n} characters: the next team starts from it.")
            self._refuse(message.format(n=self._min_reason), self.reason)
        else:
            self.handoff_chosen.emit(team, reason)
            self.accept()

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.problem.setText(message)
        self.problem.show()
        focus.setFocus()
