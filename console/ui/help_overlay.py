"""The keyboard help: a panel over the window listing every shortcut (? or F1; Esc or a click closes)."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

SHORTCUTS = (
    ("J / K", "Next / previous mention (loads more at the end)"),
    ("Enter", "Open the case in the side pane"),
    ("C", "Claim the selected cases"),
    ("Ctrl+Shift+K", "Release the selected cases"),
    ("Ctrl+Shift+R", "Replay the selected case event by event (←/→, Home/End, Space plays)"),
    ("T", "Tag the selected cases…"),
    ("Shift+S", "Resolve the selected cases as spam"),
    ("N", "Get next: claim the case you should work on now"),
    ("A", "Assign the selected cases to someone, to you, or to nobody…"),
    ("Shift+N", "Add a note to the case (@name tells a colleague)…"),
    ("R / Shift+R", "Resolve the selected cases with a disposition… / reopen them"),
    ("Z", "Snooze the selected cases until a time…"),
    ("H", "Hand the selected cases off to another team, with a reason…"),
    ("Shift+H", "Hide the selected customer message on its network (X, Facebook, Instagram)"),
    ("Ctrl+Enter", "Send the reply in the composer (5 s to undo with Ctrl+Z)"),
    ("Ctrl+Space", "Canned responses in the composer"),
    ("Ctrl+1 / 2 / 3", "Conversation / timeline / customer, in the case pane"),
    ("Ctrl+G", "Guidance: the decision-tree panel takes the keyboard"),
    ("1–9 / Enter", "Guidance: choose an option / accept the suggestion (its why is shown)"),
    ("Backspace / Alt+Left", "Guidance: back to the previous decision"),
    ("Ctrl+K / M / N", "Guidance: jump to a step or template / tree map / note on the step"),
    ("Shift+Click / Ctrl+Click", "Select several mentions"),
    ("Ctrl+F", "Quick search"),
    ("Esc", "Leave the search, close this help"),
    ("? / F1", "This help"),
)


class HelpOverlay(QFrame):
    def __init__(self, parent: QWidget):
        super().__init__(parent, objectName="helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        panel = QFrame(self, objectName="helpPanel")
        grid = QGridLayout(panel)
        title = QLabel(self.tr("Keyboard shortcuts"), objectName="helpTitle")
        grid.addWidget(title, 0, 0, 1, 2)
        for row, (keys, meaning) in enumerate(SHORTCUTS, start=1):
            grid.addWidget(QLabel(keys, objectName="helpKeys"), row, 0)
            grid.addWidget(QLabel(self.tr(meaning)), row, 1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.close_help()
        else:
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_help(self) -> None:
        self.hide()
        self.parentWidget().setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Question, Qt.Key.Key_F1):
            self.close_help()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, _event: QMouseEvent) -> None:
        self.close_help()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
