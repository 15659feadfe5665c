"""Small painted widgets of the customer profile: a network pill and a sentiment sparkline."""

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from console.domain.customer import network_label
from console.ui.style import badge_colors, tokens


class NetworkPill(QWidget):
    """The network's name on its badge colours, as the queue shows networks."""

    PADDING = 7

    def __init__(self, network: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.network = network
        self.text = network_label(network)
        self.setAccessibleName(self.text)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self.text) + 2 * self.PADDING, metrics.height() + 4)

    def paintEvent(self, event) -> None:
        background, foreground = badge_colors(self.network)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(foreground)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
        painter.end()


class Sparkline(QWidget):
    """Sentiment per case, oldest to newest, on a -1 … +1 scale around a zero line; each case a dot
    in its sentiment's colour, so a trend reads at a glance without a chart library."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: list[float] = []
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[float]) -> None:
        self.values = list(values)
        self.setAccessibleDescription(", ".join(f"{value:+.2f}" for value in self.values))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 44)

    def points(self) -> list[QPointF]:
        """Where each value is drawn (also what tests check)."""
        if not self.values:
            return []
        area = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        step = area.width() / max(1, len(self.values) - 1)
        x0 = area.left() if len(self.values) > 1 else area.center().x()
        return [
            QPointF(x0 + i * step, area.center().y() - max(-1.0, min(1.0, value)) * area.height() / 2)
            for i, value in enumerate(self.values)
        ]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = self.rect().center().y()
        painter.setPen(QPen(QColor(tokens()["border"]), 1, Qt.PenStyle.DashLine))
        painter.drawLine(4, middle, self.width() - 4, middle)
        points = self.points()
        if len(points) > 1:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.setPen(QPen(QColor(tokens()["muted"]), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for value, point in zip(self.values, points, strict=True):
            key = "negative" if value <= -0.15 else "positive" if value >= 0.15 else "neutral"
            painter.setBrush(badge_colors(key)[1])
            painter.drawEllipse(point, 3.5, 3.5)
        painter.end()


class ElidedLabel(QLabel):
    """One line of text that shortens with "…" to the width it gets, instead of widening its parent."""

    def __init__(self, text: str, name: str, parent: QWidget | None = None):
        super().__init__(parent, objectName=name)
        self.full_text = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width()))
