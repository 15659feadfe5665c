"""Windows come back where the agent left them: geometry, toolbars and docks, and every named
splitter, kept per user in :class:`console.services.preferences.Preferences` as base64 strings.

A state Qt cannot read (another Qt version, a damaged file) is ignored piece by piece: the window
opens at its defaults, never fails to open.
"""

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from console.services.preferences import Preferences

GEOMETRY = "geometry"
STATE = "state"
SPLITTER = "splitter:"  # + the splitter's objectName


def save_window(window: QMainWindow, preferences: Preferences, name: str) -> None:
    state = {
        GEOMETRY: _text(window.saveGeometry()),
        STATE: _text(window.saveState()),
    }
    for splitter in _splitters(window):
        state[SPLITTER + splitter.objectName()] = _text(splitter.saveState())
    preferences.save_window_state(name, state)


def restore_window(window: QMainWindow, preferences: Preferences, name: str) -> bool:
    """Apply what was saved for ``name``; False when nothing was (the window keeps its defaults)."""
    state = preferences.window_state(name)
    if not state:
        return False
    if GEOMETRY in state:
        window.restoreGeometry(_blob(state[GEOMETRY]))  # Qt keeps it on a screen that still exists
    if STATE in state:
        window.restoreState(_blob(state[STATE]))
    for splitter in _splitters(window):
        saved = state.get(SPLITTER + splitter.objectName())
        if saved:
            splitter.restoreState(_blob(saved))
    return True


def bring_forward(window: QWidget) -> None:
    """Show ``window`` in front, un-minimised (a second launch, a click on the tray icon)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _splitters(window: QWidget) -> list[QSplitter]:
    """Named splitters only: a name is what ties a saved state to the splitter it came from."""
    return [s for s in window.findChildren(QSplitter) if s.objectName()]


def _text(blob: QByteArray) -> str:
    return bytes(blob.toBase64()).decode("ascii")


def _blob(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii", "replace"))
