"""The undo window before a reply is queued: "Sending in 5 s · Undo (Ctrl+Z)", counting down."""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class SendCountdown(QFrame):
    elapsed = Signal()
    """The window closed without Undo: queue the reply."""
    undo_clicked = Signal()
    """The Undo button was pressed."""

    def __init__(self, seconds: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composerUndo")
        self.setAccessibleName(self.tr("Sending soon"))
        self._seconds = seconds
        self._remaining = seconds
        self.text = QLabel(objectName="composerUndoText")
        self.button = QPushButton(self.tr("Undo"), objectName="composerUndoButton")
        self.button.setAccessibleName(self.tr("Undo sending"))
        self.button.clicked.connect(self.undo_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._window = QTimer(self, singleShot=True, interval=seconds * 1000)
        self._window.timeout.connect(self._elapse)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)
        self.setVisible(False)

    @property
    def running(self) -> bool:
        return self._window.isActive()

    def start(self) -> None:
        self._remaining = self._seconds
        self._show()
        self._window.start()
        self._tick.start()
        self.setVisible(True)

    def stop(self) -> None:
        self._window.stop()
        self._tick.stop()
        self.setVisible(False)

    def _elapse(self) -> None:
        self.stop()
        self.elapsed.emit()

    def _count_down(self) -> None:
        self._remaining = max(0, self._remaining - 1)
        self._show()

    def _show(self) -> None:
        self.text.setText(self.tr("Sending in {n} s · Undo (Ctrl+Z)").format(n=self._remaining))
