"""Ctrl+K in the guidance panel: jump to any step or template of the tree. Type to filter, arrows to
move, Enter to jump, Esc to leave. What a jump does is the panel's to decide (guidance_panel.py)."""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from console.guidance.tree import InfoNode, InputNode, QuestionNode, Tree

TargetRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class JumpTarget:
    kind: str  # "node" or "template"
    name: str  # the node's id or the template's name
    text: str  # what the list shows and the filter searches


def targets(tree: Tree, path: tuple[str, ...]) -> list[JumpTarget]:
    """Every node (those on the way here first, marked) and every template of ``tree``."""
    found: list[JumpTarget] = []
    on_path = [n for n in tree.nodes if n.id in path]
    others = [n for n in tree.nodes if n.id not in path]
    for node in on_path + others:
        about = ""
        if isinstance(node, QuestionNode | InputNode):
            about = node.prompt
        elif isinstance(node, InfoNode):
            about = node.text
        mark = "● " if node.id in path else "   "
        text = f"{mark}{node.id} · {node.type}" + (f" — {about}" if about else "")
        found.append(JumpTarget("node", node.id, text))
    for template in tree.templates:
        found.append(JumpTarget("template", template.name, f"✎ {template.name} — {template.text}"))
    return found


class JumpPalette(QDialog):
    jumped = Signal(object)
    """The agent chose a JumpTarget."""

    def __init__(self, tree: Tree, path: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent, objectName="jumpPalette")
        self.setWindowTitle(self.tr("Jump to a step or template"))
        self.filter = QLineEdit(objectName="jumpFilter")
        self.filter.setPlaceholderText(self.tr("Type to filter steps and templates…"))
        self.filter.setAccessibleName(self.tr("Filter steps and templates"))
        self.list = QListWidget(objectName="jumpList")
        self.list.setAccessibleName(self.tr("Steps and templates"))
        hint = QLabel(
            self.tr("● on the way here: jumping edits that answer · ✎ a template: it goes into the reply"),
            objectName="jumpHint",
            wordWrap=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        for target in targets(tree, path):
            item = QListWidgetItem(target.text)
            item.setData(TargetRole, target)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.resize(520, 420)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
        return super().eventFilter(watched, event)

    def visible_targets(self) -> list[JumpTarget]:
        return [
            self.list.item(r).data(TargetRole)
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            shown = all(w in item.text().casefold() for w in words)
            item.setHidden(not shown)
            if shown and first < 0:
                first = row
        self.list.setCurrentRow(first)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        while 0 <= row + step < self.list.count():
            row += step
            if not self.list.item(row).isHidden():
                self.list.setCurrentRow(row)
                return

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        target = item.data(TargetRole)
        self.accept()  # closed first: a jump may open the map in its place
        self.jumped.emit(target)
