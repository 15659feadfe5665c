"""The composer's text field: keyboard first, and no key lost to the editor's own shortcuts."""

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from console.domain.personal_data import Finding
from console.ui.style import tokens


class ReplyEditor(QPlainTextEdit):
    send_requested = Signal()
    """Ctrl+Enter was pressed: send the reply."""
    canned_requested = Signal()
    """Ctrl+Space was pressed: open the canned responses."""
    undo_send_requested = Signal()
    """Ctrl+Z was pressed while a reply waits to be sent: take it back."""
    left = Signal()
    """The editor lost the focus: a moment to save the draft."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composerEditor")
        self.setAccessibleDescription(self.tr("The reply to the customer; Tab moves on to Send"))
        self.setTabChangesFocus(True)  # Tab moves on to Send; a reply has no use for tab characters
        self.send_pending = False  # set by the composer during the undo window

    def mark(self, spans: Iterable[Finding]) -> None:
        """Underline ``spans`` (personal data in a public reply) so the agent sees what would show."""
        marks = []
        for span in spans:
            mark = QTextEdit.ExtraSelection()
            mark.cursor = QTextCursor(self.document())
            mark.cursor.setPosition(span.start)
            mark.cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
            mark.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            mark.format.setUnderlineColor(QColor(tokens()["warning"]))
            marks.append(mark)
        self.setExtraSelections(marks)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        control = modifiers == Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.send_requested.emit()
        elif control and event.key() == Qt.Key.Key_Space:
            self.canned_requested.emit()
        elif self.send_pending and event.matches(QKeySequence.StandardKey.Undo):
            self.undo_send_requested.emit()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()
