"""The dialog an unexpected error opens: what happened in plain words, where the log is, and a
choice between carrying on and quitting. Opened by :class:`console.ui.crash_reporter.CrashReporter`,
never more than one at a time: further errors are counted on it."""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import console


class CrashDialog(QDialog):
    def __init__(
        self, key: str, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.keys = {key}  # the errors this dialog stands for (the first, and any counted on it)
        self._key = key
        self._summary = summary
        self._details = details
        self._log_path = log_path
        self._repeats = 0
        self._others = 0
        self.setWindowTitle(self.tr("Horseshoe — something went wrong"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowModality(Qt.WindowModality.NonModal)  # the desk stays usable behind it
        self._build_ui()

    def _build_ui(self) -> None:
        headline = QLabel(self.tr("Something went wrong in Horseshoe."), objectName="crashHeadline")
        font = headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        headline.setFont(font)
        explain = QLabel(
            self.tr(
                "Your work is kept: replies and case changes are saved locally before they are sent. "
                "You can carry on; if the desk behaves oddly, quit and start Horseshoe again."
            ),
            wordWrap=True,
        )
        self.what = QLabel(self.tr("What happened: {summary}").format(summary=self._summary), wordWrap=True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.repeats = QLabel(objectName="crashRepeats", wordWrap=True)
        self.repeats.hide()
        if self._log_path is not None:
            where = self.tr("The details are in the log file:")
            self.log_label = QLabel(str(self._log_path), objectName="crashLogPath")
        else:
            where = self.tr("No log file could be written; copy the details instead.")
            self.log_label = QLabel(objectName="crashLogPath")
        self.log_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.log_label.setAccessibleName(self.tr("Log file location"))
        self.details = QPlainTextEdit(self._details, readOnly=True, objectName="crashDetails")
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()

        self.open_folder = QPushButton(self.tr("Open log folder"))
        self.open_folder.setEnabled(self._log_path is not None)
        self.open_folder.clicked.connect(self._open_folder)
        self.copy = QPushButton(self.tr("Copy details"))
        self.copy.clicked.connect(self.copy_details)
        self.toggle = QPushButton(self.tr("Show details"), checkable=True)
        self.toggle.toggled.connect(self._show_details)
        tools = QHBoxLayout()
        for button in (self.open_folder, self.copy, self.toggle):
            tools.addWidget(button)
        tools.addStretch(1)

        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(
            self.tr("Quit Horseshoe"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.quit)

        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(explain)
        layout.addWidget(self.what)
        layout.addWidget(self.repeats)
        layout.addWidget(QLabel(where, wordWrap=True))
        layout.addWidget(self.log_label)
        layout.addLayout(tools)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        # Wrapped labels need a width to know their height: fixed first, then the dialog fits them.
        self.setMinimumWidth(560)
        self.adjustSize()

    def count(self, key: str, summary: str) -> None:
        """Another error while this dialog is open: counted here, not a dialog of its own."""
        self.keys.add(key)
        if key == self._key:
            self._repeats += 1
        else:
            self._others += 1
            self._details += f"\n\nAlso: {summary}"
            self.details.setPlainText(self._details)
        parts = []
        if self._repeats:
            parts.append(self.tr("This happened {n} more time(s).").format(n=self._repeats))
        if self._others:
            parts.append(self.tr("{n} other error(s) since; they are in the log.").format(n=self._others))
        self.repeats.setText(" ".join(parts))
        self.repeats.show()

    def report_text(self) -> str:
        """What "Copy details" puts on the clipboard: enough for a bug report."""
        where = str(self._log_path) if self._log_path else "no log file"
        return f"Horseshoe {console.__version__}\nLog: {where}\n\n{self._summary}\n\n{self._details}"

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def _open_folder(self) -> None:
        if self._log_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_path.parent)))

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()

    def quit(self) -> None:
        """Close every window: the main window's close ends the run and shuts down in order."""
        self.done(QDialog.DialogCode.Rejected)
        QApplication.closeAllWindows()
