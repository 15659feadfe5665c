"""Choosing a canned response: type to filter, arrows to move, Enter to insert, Esc to leave."""

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.canned_library import CannedResponse, filtered
from console.ui.variables_dialog import label_of

ResponseRole = Qt.ItemDataRole.UserRole + 1
_OK, _CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


class CannedPicker(QDialog):
    def __init__(
        self,
        responses: tuple[CannedResponse, ...],
        language: str = "",
        values: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("cannedPicker")
        self.setWindowTitle(self.tr("Insert a canned response"))
        self._responses = responses
        self._language = language
        self._values = dict(values or {})  # what the case already tells: the preview reads as sent
        self.filter = QLineEdit(objectName="cannedFilter")
        self.filter.setPlaceholderText(self.tr("Type to filter: title, tag, words of the text…"))
        self.filter.setAccessibleName(self.tr("Filter canned responses"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(objectName="cannedList")
        self.list.setAccessibleDescription(
            self.tr("Responses matching the filter; Enter inserts the selected one into the reply")
        )
        self.list.setAccessibleName(self.tr("Canned responses"))
        self.list.setUniformItemSizes(True)
        self.preview = QLabel(objectName="cannedPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAccessibleName(self.tr("Text of the chosen response"))
        self.preview.setMinimumHeight(72)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(_OK | _CANCEL)
        self.insert_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.insert_button.setText(self.tr("Insert"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(520, 460)
        self.filter.textChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._show_preview)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.filter.installEventFilter(self)
        self._refill("")

    @property
    def chosen(self) -> CannedResponse | None:
        item = self.list.currentItem()
        return item.data(ResponseRole) if item is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The filter keeps the focus while the arrows move through the list.
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
        ):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _refill(self, query: str) -> None:
        self.list.clear()
        for response in filtered(self._responses, query, self._language):
            item = QListWidgetItem(f"{response.title}  ·  {response.language}")
            item.setData(ResponseRole, response)
            item.setToolTip(", ".join(response.tags))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.insert_button.setEnabled(self.list.count() > 0)
        self._show_preview()

    def _show_preview(self, *_args) -> None:
        response = self.chosen
        if response is None:
            self.preview.setText(self.tr("No canned response matches."))
            return
        rendering = response.template.render(self._values)
        if not rendering.complete:
            asked = {name: f"[{label_of(name)}]" for name in rendering.missing}
            rendering = response.template.render(self._values | asked)
        self.preview.setText(rendering.text or "")
