"""The map of a whole decision tree (M in the guidance panel): every step in layers from the start,
the way taken so far highlighted, the current step ringed. Click a step on the way to edit its answer."""

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from console.guidance.tree import Tree
from console.guidance.tree_layout import layered
from console.ui.style import tokens

BOX_W, BOX_H, GAP_X, GAP_Y = 160, 46, 22, 44
NodeRole = 0  # QGraphicsItem data key holding the node id


class TreeMap(QDialog):
    node_clicked = Signal(str)
    """A step of the map was clicked (its node id)."""

    def __init__(
        self,
        tree: Tree,
        path: tuple[str, ...],
        current: str | None,
        selected: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="treeMap")
        self.setWindowTitle(self.tr("Map of {title}").format(title=tree.title))
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene, objectName="treeMapView")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        legend = QLabel(
            self.tr("Highlighted: the way taken so far · ringed: where the session is"),
            objectName="treeMapLegend",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend)
        self.boxes: dict[str, QGraphicsRectItem] = {}
        self.highlighted: set[str] = set(path)
        self.current = current
        self._draw(tree, path, current, selected)
        self.view.mousePressEvent = self._pressed  # type: ignore[method-assign]
        self.resize(900, 620)
        focus = self.boxes.get(selected or current or tree.start)
        if focus is not None:
            self.view.centerOn(focus)

    def _draw(self, tree: Tree, path: tuple[str, ...], current: str | None, selected: str | None) -> None:
        places = layered(tree)
        widths: dict[int, int] = {}
        for layer, position in places.values():
            widths[layer] = max(widths.get(layer, 0), position + 1)
        widest = max(widths.values(), default=1)

        def centre(node_id: str) -> QPointF:
            layer, position = places[node_id]
            offset = (widest - widths[layer]) * (BOX_W + GAP_X) / 2
            return QPointF(
                offset + position * (BOX_W + GAP_X) + BOX_W / 2, layer * (BOX_H + GAP_Y) + BOX_H / 2
            )

        taken = set(pairwise(path))
        theme = tokens()
        accent, border, muted = QColor(theme["accent"]), QColor(theme["border"]), QColor(theme["muted"])
        for node in tree.nodes:
            for edge in node.edges:
                if edge.target not in places:
                    continue
                start, end = centre(node.id), centre(edge.target)
                on_way = (node.id, edge.target) in taken
                pen = QPen(accent if on_way else muted, 2.5 if on_way else 1)
                self.scene.addLine(start.x(), start.y() + BOX_H / 2, end.x(), end.y() - BOX_H / 2, pen)
        for node in tree.nodes:
            point = centre(node.id)
            rect = QRectF(point.x() - BOX_W / 2, point.y() - BOX_H / 2, BOX_W, BOX_H)
            on_way = node.id in self.highlighted
            box = self.scene.addRect(
                rect,
                QPen(accent if on_way or node.id == selected else border, 3 if node.id == current else 1),
                QBrush(QColor(theme["selection"] if on_way else theme["surface"])),
            )
            box.setData(NodeRole, node.id)
            box.setToolTip(f"{node.id} ({node.type})")
            self.boxes[node.id] = box
            name = QGraphicsSimpleTextItem(node.id, box)
            font = QFont()
            font.setBold(node.id == current)
            name.setFont(font)
            name.setBrush(QBrush(QColor(theme["text"])))
            name.setPos(rect.x() + 8, rect.y() + 5)
            kind = QGraphicsSimpleTextItem(str(node.type), box)
            kind.setBrush(QBrush(muted))
            kind.setPos(rect.x() + 8, rect.y() + 24)

    def _pressed(self, event) -> None:
        item = self.view.itemAt(event.position().toPoint())
        while item is not None and item.data(NodeRole) is None:
            item = item.parentItem()
        if item is not None:
            self.node_clicked.emit(item.data(NodeRole))
        QGraphicsView.mousePressEvent(self.view, event)
