"""The reason dialog a tree's escalate step opens: the team and what happens, the tree's reason to edit.

A hand-off passes the case to the team (the case actions' hand-off, as H does); notify leaves the case
where it is and tells the team in a note on the case. Cancelling does neither — the session has
recorded the escalation as the tree's step either way, and the status line says it was not carried out.
"""

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from console.guidance.tree import EscalateNode
from console.ui import accessible
from console.ui.handoff_dialog import MAX_REASON, MIN_REASON


class EscalationDialog(QDialog):
    reason_given = Signal(str)
    """The agent confirmed the escalation with this reason (trimmed)."""

    def __init__(self, node: EscalateNode, parent: QWidget | None = None):
        super().__init__(parent, objectName="escalationDialog")
        self.node = node
        hand_off = node.mode == "hand_off"
        title = self.tr("Hand off to {team}") if hand_off else self.tr("Tell {team}")
        self.setWindowTitle(title.format(team=node.team))
        what = (
            self.tr("The guidance hands this case off to {team}. They read the reason first.")
            if hand_off
            else self.tr("The guidance tells {team} about this case; it stays with you.")
        )
        intro = QLabel(what.format(team=node.team), objectName="escalationIntro", wordWrap=True)
        label = QLabel(self.tr("&Reason:"))
        self.reason = QLineEdit(node.reason, objectName="escalationReason", maxLength=MAX_REASON)
        self.reason.setAccessibleDescription(self.tr("Why the case is escalated; the team reads it first"))
        self.reason.setAccessibleName(self.tr("Reason for the escalation"))
        label.setBuddy(self.reason)
        self.problem = QLabel(objectName="dialogProblem", wordWrap=True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = QPushButton(self.tr("&Hand off") if hand_off else self.tr("&Notify"), default=True)
        buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        # A button added beside the box's own Cancel is otherwise tabbed past it: say the order.
        accessible.tab_order(
            self.reason, self.confirm, buttons.button(QDialogButtonBox.StandardButton.Cancel)
        )
        self.resize(420, 160)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reason.setFocus()
        self.reason.selectAll()

    def _confirm(self) -> None:
        reason = " ".join(self.reason.text().split())
        if len(reason) < MIN_REASON:
            self.problem.setText(
                self.tr("Say why in at least {n} characters: the team starts from it.").format(n=MIN_REASON)
            )
            self.problem.show()
            self.reason.setFocus()
            return
        self.reason_given.emit(reason)
        self.accept()
