"""Accessible names and descriptions set in one call, a tab order set in one call, and the checks the
accessibility tests make of a window (what is unnamed, undescribed, or a tab stop).

A screen reader announces a control by its accessible name (what it is) and description (what it does
or what it shows). Qt derives a name from a button's text or a buddy label; everything else — fields
without a label, icon-only buttons, custom-painted charts and tiles — needs one set here. A painted
widget's description says its value, so a listener hears the figure a sighted agent sees.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# The kinds of control an agent operates; a label or a frame is read as part of these, not on its own.
INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def name(widget: QWidget, text: str, description: str = "") -> QWidget:
    """Sets the accessible name and, when given, the description; returns the widget for chaining."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (each after the one before it in the focus chain).

    A button box among them's own focus proxy (its first button) is dropped: with it, Qt 6.11's Tab
    jumps from the field before the box to that proxy and skips the buttons ordered before it (the
    Cancel a dialog's own button was added beside), or cycles among the box's buttons for good.
    """
    for widget in widgets:
        box = widget.parentWidget()
        if isinstance(box, QDialogButtonBox):
            box.setFocusProxy(None)
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def tab_stops(root: QWidget) -> list[QWidget]:
    """The operable controls under ``root`` that Tab should reach: enabled, shown, taking Tab focus."""
    return [
        widget
        for widget in root.findChildren(QWidget)
        if widget.window() is root.window()
        and operable(widget)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]


def announced_name(widget: QWidget) -> str:
    """The name assistive technology reads for the widget: set, from its text, or from a buddy label."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    if isinstance(widget, QComboBox):
        # On Linux a combo box's Name is its current value; its name is set or comes from the label
        # related to it (the buddy), which AT-SPI reads as "labelled by".
        labels = interface.relations(QAccessible.RelationFlag.Label)
        label = labels[0][0].text(QAccessible.Text.Name) if labels else ""
        return (widget.accessibleName() or label).strip()
    return interface.text(QAccessible.Text.Name).strip()


def operable(widget: QWidget) -> bool:
    """True for a visible control that takes focus or a click: the ones that must be named."""
    if not widget.isVisible() or not widget.isEnabled() or isinstance(widget, (QScrollBar, QHeaderView)):
        return False  # a scroll bar or a header is read as part of its view
    if not isinstance(widget, INTERACTIVE):
        return widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
    # A combo box's own line edit and a spin box's are read through their owner.
    parent = widget.parentWidget()
    return not (isinstance(widget, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox)))


def unnamed(root: QWidget) -> list[str]:
    """Every operable control under ``root`` with no accessible name, described for a failure message."""
    found = []
    for widget in root.findChildren(QWidget):
        # A popup (a combo box's list, a completer's) is its own window, named when it opens.
        if widget.window() is root.window() and operable(widget) and not announced_name(widget):
            found.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return found


def undescribed(root: QWidget) -> list[str]:
    """Every operable control under ``root`` without a description (set, or its tooltip) that needs one.

    A button's text is the action it takes, and tabs say their pages: those may go without.
    Fields, lists, tables, combo boxes and sliders say what they hold or do with the keys.
    """
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root.window() or not operable(widget):
            continue
        if isinstance(widget, (QAbstractButton, QTabBar, QTabWidget)):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Description).strip():
            found.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return found
