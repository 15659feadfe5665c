"""The keyboard help: a panel over the window listing every shortcut, grouped by where it works
(? or Help → Keyboard shortcuts; Esc or a click closes).

It lists the keys in force (:class:`~console.ui.shortcuts.ShortcutMap`), so a key changed in the
settings shows here at once.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from console.ui.shortcuts import PANEL_KEYS, PLACES, SHORTCUTS, ShortcutMap, translated


class HelpOverlay(QFrame):
    def __init__(self, parent: QWidget, keys: ShortcutMap | None = None):
        super().__init__(parent, objectName="helpOverlay")
        self.keys = keys if keys is not None else ShortcutMap(parent=self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        panel = QFrame(objectName="helpPanel")
        self._grid = QGridLayout(panel)
        self._fill()
        self.keys.changed.connect(self._fill)
        # Centred; scrolled when large text or a small window leaves it no room.
        centre = QWidget(objectName="helpCentre")
        column = QVBoxLayout(centre)
        column.addStretch(1)
        column.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.scroll = QScrollArea(objectName="helpScroll", widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(centre)
        self.scroll.viewport().setAutoFillBackground(False)  # the window shows around the panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        parent.installEventFilter(self)
        self.hide()

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(where, [(keys, meaning)]) in the order shown: the editable shortcuts in force first, by
        the first part of their id, then the panels' own keys by place."""
        grouped: dict[str, list[tuple[str, str]]] = {place: [] for place in PLACES}
        for spec in SHORTCUTS:
            grouped[spec.id.split(".", 1)[0]].append((self.keys.text(spec.id), translated(spec.description)))
        for place, keys, meaning in PANEL_KEYS:
            grouped[place].append((keys, translated(meaning)))
        return [(translated(PLACES[place]), rows) for place, rows in grouped.items() if rows]

    def rows(self) -> list[tuple[str, str]]:
        """(keys, meaning) as listed, every section's in turn."""
        return [row for _place, rows in self.sections() for row in rows]

    def _fill(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone now, not at the next event loop turn
                widget.deleteLater()
        self._grid.addWidget(QLabel(self.tr("Keyboard shortcuts"), objectName="helpTitle"), 0, 0, 1, 4)
        # Two columns of sections, each filled to about half the rows, so the list fits a laptop.
        sections = self.sections()
        half = sum(len(rows) + 1 for _place, rows in sections) / 2
        line, column, used = 1, 0, 0
        for place, rows in sections:
            if column == 0 and used and used + len(rows) / 2 > half:
                line, column = 1, 2
            self._grid.addWidget(QLabel(place, objectName="helpPlace"), line, column, 1, 2)
            line += 1
            for keys, meaning in rows:
                self._grid.addWidget(QLabel(keys, objectName="helpKeys"), line, column)
                self._grid.addWidget(QLabel(meaning), line, column + 1)
                line += 1
            used += len(rows) + 1
        self._grid.setHorizontalSpacing(14)

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
