"""Delegates that paint from model roles only (never reaching into the model)."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.ui.queue_model import BadgeRole, RightToLeftRole
from console.ui.style import badge_colors, current


class BadgeDelegate(QStyledItemDelegate):
    """A rounded pill with the cell's text, coloured by the semantic key in ``BadgeRole``.

    Pills are few (networks × sentiments × statuses) and antialiased paths are dear: each is drawn
    once into a pixmap and blitted after, which keeps a scrolled frame's paint time low.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pills: dict[tuple, QPixmap] = {}

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        key = index.data(BadgeRole)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not key or not text:
            super().paint(painter, option, index)
            return
        # Draw the row background and selection as usual, without text.
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        pill = self._pill(key, text, option, painter.device().devicePixelRatioF())
        ratio = pill.devicePixelRatioF()
        height = pill.height() / ratio
        painter.drawPixmap(QPointF(option.rect.x() + 4, option.rect.center().y() - height / 2 + 1), pill)

    def _pill(self, key: str, text: str, option: QStyleOptionViewItem, ratio: float) -> QPixmap:
        metrics = option.fontMetrics
        width = min(option.rect.width() - 8, metrics.horizontalAdvance(text) + 16)
        height = min(option.rect.height() - 8, metrics.height() + 6)
        # The theme is part of the key: a theme changed in the settings repaints in its colours.
        cache_key = (key, text, width, height, option.font.key(), ratio, current().name)
        pill = self._pills.get(cache_key)
        if pill is not None:
            return pill
        pill = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        pill.setDevicePixelRatio(ratio)
        pill.fill(Qt.GlobalColor.transparent)
        background, foreground = badge_colors(key)
        painter = QPainter(pill)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        shape = QRectF(0, 0, width, height)
        painter.drawRoundedRect(shape, height / 2, height / 2)
        painter.setFont(option.font)
        painter.setPen(foreground)
        painter.drawText(
            shape,
            Qt.AlignmentFlag.AlignCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 8),
        )
        painter.end()
        if len(self._pills) > 512:  # widths change as columns resize: never grow without bound
            self._pills.clear()
        self._pills[cache_key] = pill
        return pill


class ExcerptDelegate(QStyledItemDelegate):
    """One elided line in the text's own direction: Arabic or Hebrew starts at the right edge (and is
    elided at its logical end, which Qt places on the left).

    The model's excerpt is already a single line with controls made visible, so nothing here can
    grow the row; the view's fixed row height does the rest.
    """

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
        if index.data(RightToLeftRole):
            option.direction = Qt.LayoutDirection.RightToLeft
