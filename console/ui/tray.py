"""Desktop notifications through the system tray (when the desktop has one)."""

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from console.services.notifications import Notice, NoticeKind


class TrayNotifications:
    """Shows a :class:`Notice` as a tray message; ``available`` is False without a system tray."""

    def __init__(self, icon: QIcon, parent: QWidget):
        self.available = QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
        self._tray = QSystemTrayIcon(icon, parent) if self.available else None
        if self._tray is not None:
            self._tray.setToolTip("Horseshoe")
            self._tray.show()

    def show(self, notice: Notice) -> None:
        if self._tray is None:
            return
        icon = {
            NoticeKind.CRISIS: QSystemTrayIcon.MessageIcon.Critical,
            NoticeKind.CLAIM_REQUEST: QSystemTrayIcon.MessageIcon.Information,
        }.get(notice.kind, QSystemTrayIcon.MessageIcon.Warning)
        self._tray.showMessage(notice.title, notice.body, icon, 10_000)

    def hide(self) -> None:
        if self._tray is not None:
            self._tray.hide()
