"""The tray icon: desktop notifications, and the queue at a glance — "N in queue · M at risk ·
K breached" in its tooltip and menu, counted by :meth:`QueueService.desk_counts` over the cache (not
read off the queue's model, which holds only the pages the agent scrolled through and the filter
the agent chose). A click brings the window forward.

Without a system tray (some desktops, offscreen) there is no icon, but the counts and the menu are
still kept, so what the tray would say is testable everywhere.
"""

import asyncio
import logging
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon

from console.domain.sync import AppliedChanges
from console.services.errors import KnownError
from console.services.notifications import Notice, NoticeKind
from console.services.queue import DeskCounts, QueueService
from console.ui.translation import notice_text
from console.ui.window_state import bring_forward

log = logging.getLogger(__name__)

SETTLE_MS = 2_000  # syncs landing within this are counted once
TICK_MS = 30_000  # promises fall due with time alone: count again now and then
# The counts share the cache's reader with the queue's pages: on a big cache (a count of ~2 s at a
# million mentions) they wait this many times their own duration before the next one.
SHARE = 20


class TrayNotifications(QObject):
    """Shows a :class:`Notice` as a tray message; ``available`` is False without a system tray (or
    one that cannot show messages)."""

    def __init__(self, icon: QIcon, window: QMainWindow, queue: QueueService | None = None):
        super().__init__(window)
        self._window = window
        self._queue = queue
        self._task: asyncio.Task | None = None
        self._not_before = 0.0  # monotonic time before which counting again waits (see SHARE)
        self.settle_ms = SETTLE_MS
        self.counts: DeskCounts | None = None
        self.icon_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.available = self.icon_available and QSystemTrayIcon.supportsMessages()
        self.menu = QMenu(window)
        self.menu.setObjectName("trayMenu")
        self.summary = self.menu.addAction(self.tr("Counting the queue…"))
        self.summary.setEnabled(False)  # a line to read, not a command
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Show Horseshoe"), self.bring_forward)
        self.menu.addAction(self.tr("Quit Horseshoe"), window.close)
        self._tray = QSystemTrayIcon(icon, self) if self.icon_available else None
        if self._tray is not None:
            self._tray.setContextMenu(self.menu)
            self._tray.activated.connect(self._activated)
            self._tray.setToolTip("Horseshoe")
            self._tray.show()
        self.tooltip = "Horseshoe"
        self._settle = QTimer(self, singleShot=True, timeout=self.refresh)
        self._tick = QTimer(self, interval=TICK_MS, timeout=self.refresh)
        if queue is not None:
            self._tick.start()
            self.refresh()

    # -- notices -----------------------------------------------------------------------------------

    def show(self, notice: Notice) -> None:
        if self._tray is None or not self.available:
            return
        icon = {
            NoticeKind.CRISIS: QSystemTrayIcon.MessageIcon.Critical,
            NoticeKind.CLAIM_REQUEST: QSystemTrayIcon.MessageIcon.Information,
        }.get(notice.kind, QSystemTrayIcon.MessageIcon.Warning)
        self._tray.showMessage(*notice_text(notice), icon, 10_000)

    # -- counts ------------------------------------------------------------------------------------

    def on_changes(self, changes: AppliedChanges) -> None:
        """A sync landed: count again shortly (only if cases or mentions moved)."""
        # Not restarted while pending: syncs landing every second must not postpone the count forever.
        if (changes.reset or changes.cases or changes.mentions) and not self._settle.isActive():
            self._settle.start(self.settle_ms)

    def refresh(self) -> None:
        if self._queue is None:
            return
        if self._task is not None and not self._task.done():
            self._settle.start(self.settle_ms)  # one is running: count again after it, not beside it
            return
        wait = self._not_before - time.monotonic()
        if wait > 0:
            self._settle.start(max(self.settle_ms, int(wait * 1000)))
            return
        self._task = asyncio.ensure_future(self._count())

    async def _count(self) -> None:
        started = time.monotonic()
        try:
            counts = await self._queue.desk_counts()
        except KnownError as error:  # the cache closing, or a disk problem: the next tick tries again
            log.warning("tray counts: %s", error)
            return
        finally:
            self._not_before = time.monotonic() + SHARE * (time.monotonic() - started)
        self.show_counts(counts)

    def show_counts(self, counts: DeskCounts) -> None:
        self.counts = counts
        line = self.tr("{queue} in queue · {risk} at risk · {breached} breached").format(
            queue=self._number(counts.in_queue, counts.cap),
            risk=self._number(counts.at_risk, counts.cap),
            breached=self._number(counts.breached, counts.cap),
        )
        self.summary.setText(line)
        self.tooltip = f"Horseshoe\n{line}"
        if self._tray is not None:
            self._tray.setToolTip(self.tooltip)

    @staticmethod
    def _number(n: int, cap: int) -> str:
        return f"{cap:,}+" if n > cap else f"{n:,}"

    # -- the window --------------------------------------------------------------------------------

    def bring_forward(self) -> None:
        bring_forward(self._window)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.bring_forward()

    def shutdown(self) -> None:
        """Before the cache closes: no more counting."""
        self._settle.stop()
        self._tick.stop()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def hide(self) -> None:
        if self._tray is not None:
            self._tray.hide()
