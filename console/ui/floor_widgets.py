"""The floor view's parts: a headline tile, the day's charts, the broadcast dialog and its tables."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.floor import HOUR_MS, Hour, hour_label
from console.services.floor import DEFINED, DEFINITIONS
from console.ui import report_text as fmt
from console.ui.measure_chart import MeasureChart, Point
from console.ui.style import tokens
from console.ui.translation import shown


class Tile(QFrame):
    """One headline figure: a big value over its caption; the definition is its tooltip."""

    def __init__(self, name: str, caption: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="floorTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—", objectName=f"floorTile_{name}")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, objectName="floorTileCaption", wordWrap=True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.setAccessibleName(caption)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, text: str, alarm: bool = False) -> None:
        self.value.setText(text)
        # Read as one phrase, "43 at risk", not a bare number and a caption apart.
        self.setAccessibleName(self.tr("{value} {caption}").format(value=text, caption=self.caption.text()))
        self.value.setStyleSheet(f"color: {tokens()['danger']};" if alarm else "")


def table(model, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)  # the arrows walk the rows; Tab goes on to the next control
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view


class DayCharts(QWidget):
    """Volume, sentiment and first-response times per hour of the day, midnight to midnight."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="floorChartsPage")
        self.volume, self.sentiment, self.response = MeasureChart(), MeasureChart(), MeasureChart()
        layout = QVBoxLayout(self)
        for chart in (self.volume, self.sentiment, self.response):
            layout.addWidget(chart, 1)

    def show_day(self, day: Sequence[Hour], now: int) -> None:
        tr = self.tr
        hours = list(day)
        while hours and len(hours) < 24:  # the rest of the day, empty: the bars fill it as it goes
            hours.append(Hour(hours[-1].start_ms + HOUR_MS, 0, None, 0, None))
        self.volume.show_points(
            tr("Mentions per hour"),
            [
                Point(hour_label(h.start_ms), float(h.mentions) if h.start_ms <= now else None, h.mentions,
                      f"{h.mentions:,}")
                for h in hours
            ],
        )  # fmt: skip
        self.sentiment.show_points(
            tr("Mean customer sentiment per hour (−1 to 1)"),
            [
                Point(hour_label(h.start_ms), h.sentiment, h.mentions, fmt.sentiment(h.sentiment))
                for h in hours
            ],
        )
        self.response.show_points(
            tr("First response time per hour (median, minutes)"),
            [
                Point(
                    hour_label(h.start_ms),
                    None if h.response_ms is None else h.response_ms / 60_000,
                    h.responses,
                    fmt.duration(None if h.response_ms is None else h.response_ms / 1000),
                )
                for h in hours
            ],
        )
        # Each chart's definition above its figures (MeasureChart's tooltip lists every hour).
        for chart, key in (
            (self.volume, "volume"),
            (self.sentiment, "sentiment"),
            (self.response, "response"),
        ):
            chart.setToolTip(shown(DEFINED, DEFINITIONS[key]) + "\n" + chart.toolTip())
