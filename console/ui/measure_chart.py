"""A small bar chart of one measure over time (day or week), painted with QPainter: QtCharts is not
in PySide6-Essentials. Each bar is a period with cases, oldest first; its height is the measure's
figure, and a period whose figure stands on no case has no bar (a gap, not a zero). The tooltip
lists every period's figure with its n, and so does the accessible description, for a screen reader."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # the period, e.g. 2026-11-30
    value: float | None
    n: int
    text: str  # the value as the table writes it


MAX_SLOT = 64.0  # px per period: two days do not fill the width with two slabs


class MeasureChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="analyticsChart")
        self.points: tuple[Point, ...] = ()
        self.title = ""
        self.setAccessibleName(self.tr("Chart"))
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_points(self, title: str, points: Sequence[Point]) -> None:
        self.title, self.points = title, tuple(points)
        figures = [f"{p.label}: {p.text} (n={p.n})" for p in self.points if p.value is not None]
        self.setToolTip("\n".join(f"{p.label}: {p.text} (n={p.n})" for p in self.points))
        # A chart is only pixels to a screen reader: its name is its title, its description its figures.
        self.setAccessibleName(title)
        self.setAccessibleDescription("; ".join(figures) or self.tr("No figures in this period"))
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text)
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.title)
        values = [p.value for p in self.points if p.value is not None]
        plot = area.adjusted(0, line + 6, 0, -(line + 4))
        if not values:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("No figures in this period"))
            painter.end()
            return
        low, high = min(0.0, *values), max(0.0, *values)
        span = (high - low) or 1.0
        zero_y = plot.bottom() - (0.0 - low) / span * plot.height()
        grid = QColor(text)
        grid.setAlpha(60)
        painter.setPen(grid)
        painter.drawLine(QLineF(plot.left(), zero_y, plot.right(), zero_y))
        slot = min(plot.width() / len(self.points), MAX_SLOT)
        left = plot.left()
        bar = palette.color(QPalette.ColorRole.Highlight)
        for i, point in enumerate(self.points):
            if point.value is None:
                continue
            top = plot.bottom() - (point.value - low) / span * plot.height()
            x = left + i * slot + slot * 0.15
            painter.fillRect(QRectF(x, min(top, zero_y), max(slot * 0.7, 1.0), abs(zero_y - top)), bar)
        # The periods under their bars, as many as fit without touching (every k-th period).
        painter.setPen(text)
        widest = max(metrics.horizontalAdvance(p.label) for p in self.points) + 12
        every = max(1, math.ceil(widest / slot))
        for i in range(0, len(self.points), every):
            centre = left + (i + 0.5) * slot
            x = min(max(centre - widest / 2, area.left()), area.right() - widest)  # ends stay inside
            below = QRectF(x, plot.bottom() + 2, widest, line)
            painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, self.points[i].label)
        top_point = max((p for p in self.points if p.value is not None), key=lambda p: p.value)
        highest = self.tr("highest {value}").format(value=top_point.text)
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, highest)
        painter.end()
