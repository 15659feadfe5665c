"""A supervisor's "Send team note…": a team (or everyone), the text, and how much of the limit it uses.

Used as::

    dialog = BroadcastDialog(parent, [(None, "Everyone"), ("Support", "Support"), ("PR", "PR")])
    dialog.note_chosen.connect(lambda team_id, text: ...)  # or: if dialog.exec(): dialog.result_value()
    dialog.open()

``teams`` are (team id, label) pairs; an "Everyone" entry (id None) is put first when missing. Send
stays disabled while the text is empty or over the limit, and the counter says why.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.broadcast import MAX_BROADCAST_TEXT, broadcast_problem


class BroadcastDialog(QDialog):
    note_chosen = Signal(object, str)
    """Send was pressed: the team id (None: everyone) and the note's text, stripped."""

    def __init__(self, parent: QWidget | None, teams: list[tuple[str | None, str]]):
        super().__init__(parent, objectName="broadcastDialog")
        self.setWindowTitle(self.tr("Send a team note"))
        self.team = QComboBox(objectName="broadcastTeam")
        self.team.setAccessibleDescription(self.tr("Who sees the note: everyone or one team"))
        if all(team_id is not None for team_id, _label in teams):
            self.team.addItem(self.tr("Everyone"), None)
        for team_id, label in teams:
            self.team.addItem(label, team_id)
        self.editor = QPlainTextEdit(objectName="broadcastEditor")
        self.editor.setAccessibleDescription(
            self.tr("The note shown on each agent's desk; Tab moves on to the buttons")
        )
        self.editor.setPlaceholderText(
            self.tr("What the team should know now, e.g. an outage and what to say")
        )
        self.editor.setTabChangesFocus(True)
        self.counter = QLabel(objectName="broadcastCounter")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText(self.tr("&Send"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&To:"), self.team)
        form.addRow(self.tr("&Note:"), self.editor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.counter)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._update)
        self.resize(520, 300)
        self._update()
        self.editor.setFocus()

    def _update(self) -> None:
        text = self.editor.toPlainText()
        over = len(text) > MAX_BROADCAST_TEXT
        self.counter.setText(
            self.tr("{count} / {limit} characters").format(
                count=f"{len(text):,}", limit=f"{MAX_BROADCAST_TEXT:,}"
            )
            + (self.tr(" — too long: shorten it to send") if over else "")
        )
        self.counter.setProperty("state", "over" if over else "")
        self.counter.style().unpolish(self.counter)
        self.counter.style().polish(self.counter)
        self.send_button.setEnabled(broadcast_problem(text) is None)

    def result_value(self) -> tuple[str | None, str] | None:
        """(team id or None for everyone, text) once sent; None when cancelled or not valid."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self._value()

    def _value(self) -> tuple[str | None, str] | None:
        text = self.editor.toPlainText().strip()
        return None if broadcast_problem(text) else (self.team.currentData(), text)

    def accept(self) -> None:
        value = self._value()
        if value is None:  # Enter pressed on an empty or over-long note: Send was disabled for it
            return
        super().accept()
        self.note_chosen.emit(*value)
