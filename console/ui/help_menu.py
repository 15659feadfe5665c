"""The Help menu of the main window: the user guide (F1), the keyboard shortcuts (?) and About."""

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, qVersion
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

import console
from console.log_files import LOG_NAME, current_log_file
from console.settings import default_log_dir
from console.ui.guide_window import GuideWindow
from console.ui.help_overlay import HelpOverlay
from console.ui.shortcuts import ShortcutMap

LICENCE = "MIT"


class HelpMenu(QObject):
    """Builds Help on ``window``'s menu bar and binds F1 to the guide (the key the agent chose)."""

    def __init__(self, window: QMainWindow, keys: ShortcutMap, overlay: HelpOverlay):
        super().__init__(window)
        self._window = window
        self._keys = keys
        self.guide: GuideWindow | None = None
        self.about_box: QMessageBox | None = None
        self.menu: QMenu = window.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = self.menu.addAction(self.tr("&User guide"), self.show_guide)
        self.shortcuts_action = self.menu.addAction(self.tr("&Keyboard shortcuts"), overlay.toggle)
        self.menu.addSeparator()
        self.about_action = self.menu.addAction(self.tr("&About Horseshoe"), self.show_about)
        # The keys are QShortcuts of the map (changeable in Settings); the menu only shows them.
        keys.bind("window.guide", window, self.show_guide)
        self.menu.aboutToShow.connect(self._show_keys)
        self._show_keys()

    def _show_keys(self) -> None:
        key = self._keys.text
        self.guide_action.setText(self.tr("&User guide") + "\t" + key("window.guide"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts") + "\t" + key("window.help"))

    def show_guide(self) -> None:
        if self.guide is None:
            self.guide = GuideWindow(self._window)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def about_text(self) -> str:
        log = current_log_file() or default_log_dir() / LOG_NAME  # this desk's own, with --data-dir
        lines = (
            self.tr("<h3>Horseshoe {version}</h3>").format(version=console.__version__),
            self.tr("<p>A desktop agent console for social customer care.</p>"),
            self.tr("<p>Licence: {licence}</p>").format(licence=LICENCE),
            self.tr("<p>Log file: {path}</p>").format(path=_escape(str(log))),
            self.tr("<p>Qt {qt} · PySide6 {pyside}</p>").format(qt=qVersion(), pyside=pyside_version),
        )
        return "".join(lines)

    def show_about(self) -> None:
        """Version, licence and where the log is (selectable, to paste into a bug report)."""
        if self.about_box is None:
            self.about_box = QMessageBox(self._window, objectName="aboutBox")
            self.about_box.setWindowTitle(self.tr("About Horseshoe"))
            self.about_box.setTextFormat(Qt.TextFormat.RichText)
            self.about_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.about_box.setStandardButtons(QMessageBox.StandardButton.Close)
        self.about_box.setText(self.about_text())
        self.about_box.show()
        self.about_box.raise_()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
