"""Delegates that paint from model roles only (never reaching into the model)."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.ui.queue_model import BadgeRole, RightToLeftRole
from console.ui.style import badge_colors


class BadgeDelegate(QStyledItemDelegate):
    """A rounded pill with the cell's text, coloured by the semantic key in ``BadgeRole``."""

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
        background, foreground = badge_colors(key)
        metrics = option.fontMetrics
        width = min(option.rect.width() - 8, metrics.horizontalAdvance(text) + 16)
        height = min(option.rect.height() - 8, metrics.height() + 6)
        pill = QRectF(option.rect.x() + 4, option.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(foreground)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


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
