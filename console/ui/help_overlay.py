"""The keyboard help: a panel over the window listing every shortcut (? or F1; Esc or a click closes).

It lists the keys in force (:class:`~console.ui.shortcuts.ShortcutMap`), so a key changed in the
settings shows here at once.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from console.ui.shortcuts import PANEL_KEYS, SHORTCUTS, ShortcutMap, translated


class HelpOverlay(QFrame):
    def __init__(self, parent: QWidget, keys: ShortcutMap | None = None):
        super().__init__(parent, objectName="helpOverlay")
        self.keys = keys if keys is not None else ShortcutMap(parent=self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        panel = QFrame(self, objectName="helpPanel")
        self._grid = QGridLayout(panel)
        self._fill()
        self.keys.changed.connect(self._fill)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, meaning) as listed: the editable shortcuts in force, then the panels' own keys."""
        listed = [(self.keys.text(spec.id), translated(spec.description)) for spec in SHORTCUTS]
        return listed + [(keys, translated(meaning)) for keys, meaning in PANEL_KEYS]

    def _fill(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone now, not at the next event loop turn
                widget.deleteLater()
        self._grid.addWidget(QLabel(self.tr("Keyboard shortcuts"), objectName="helpTitle"), 0, 0, 1, 2)
        for row, (keys, meaning) in enumerate(self.rows(), start=1):
            self._grid.addWidget(QLabel(keys, objectName="helpKeys"), row, 0)
            self._grid.addWidget(QLabel(meaning), row, 1)

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
