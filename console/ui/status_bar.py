"""The status bar: link to the hub, last sync, and how much the queue holds."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.domain.clock import format_age, now_ms
from console.domain.presence import Activity, Presence
from console.domain.sync import LinkState, OutboxState, SyncStatus

_STATE_TEXT = {
    LinkState.CONNECTING: QT_TRANSLATE_NOOP("SyncStatusBar", "Connecting to {hub}…"),
    LinkState.ONLINE: QT_TRANSLATE_NOOP("SyncStatusBar", "● Online · {hub}"),
    LinkState.OFFLINE: QT_TRANSLATE_NOOP(
        "SyncStatusBar", "● Offline · {hub} unreachable, retrying in {retry}"
    ),
    LinkState.NOT_A_HUB: QT_TRANSLATE_NOOP(
        "SyncStatusBar", "● {hub} is not a Horseshoe hub · retrying in {retry}"
    ),
    LinkState.FAILED: QT_TRANSLATE_NOOP("SyncStatusBar", "● Sync error · retrying in {retry}"),
    LinkState.SIGNED_OUT: QT_TRANSLATE_NOOP("SyncStatusBar", "● Signed out of {hub} · sign in to sync"),
}


class SyncStatusBar(QStatusBar):
    def __init__(self, hub_label: str, credential_notice: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._hub_label = hub_label
        self._status: SyncStatus | None = None
        self.link = QLabel(objectName="linkState")
        self.link.setAccessibleName(self.tr("Hub connection"))
        self.last_sync = QLabel(objectName="lastSync")
        self.last_sync.setAccessibleName(self.tr("Last sync"))
        self.rows = QLabel(objectName="rowCount")
        self.outbox = QLabel(objectName="outboxState")
        self.outbox.setAccessibleName(self.tr("Unsent work"))
        self.outbox.hide()
        self._outbox: OutboxState | None = None
        self.addWidget(self.link, 1)
        self.addPermanentWidget(self.outbox)
        if credential_notice:
            notice = QLabel(self.tr("⚠ Sign-ins not stored securely"), objectName="credentialNotice")
            notice.setToolTip(credential_notice)
            self.addPermanentWidget(notice)
        self.addPermanentWidget(self.rows)
        self.addPermanentWidget(self.last_sync)
        self._timer = QTimer(self, interval=1000, timeout=self._refresh_age)
        self._timer.start()
        self.show_status(SyncStatus(LinkState.CONNECTING, hub_label))

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        retry = f"{status.retry_in_s:.0f} s" if status.retry_in_s is not None else "a moment"
        text = self.tr(_STATE_TEXT[status.state]).format(hub=self._hub_label, retry=retry)
        self.link.setText(text)
        self.link.setToolTip(status.message or status.hub_url)
        self.link.setProperty("state", status.state.value)
        self.link.style().unpolish(self.link)
        self.link.style().polish(self.link)
        self._refresh_age()

    def show_status_set(self, entry: Presence) -> None:
        """Tell the agent a supervisor set their desk status (PresenceReporter.adopt's news)."""
        status = {
            Activity.AVAILABLE: self.tr("Available"),
            Activity.BUSY: self.tr("Busy"),
            Activity.AWAY: self.tr("Away"),
        }.get(entry.activity, entry.activity.value)
        who = entry.set_by_name or self.tr("a supervisor")
        self.showMessage(
            self.tr("Your status was set to {status} by {name}").format(status=status, name=who), 30_000
        )

    def show_rows(self, loaded: int, total: int | None = None) -> None:
        if total is None:
            self.rows.setText(self.tr("{n:,} loaded").format(n=loaded))
        else:
            self.rows.setText(self.tr("{total:,} mentions").format(total=total))

    def show_outbox(self, state: OutboxState) -> None:
        """Unsent local work, and how long the oldest has waited; hidden when everything is sent."""
        self._outbox = state
        self._refresh_age()

    def _refresh_age(self) -> None:
        state = self._outbox
        self.outbox.setVisible(bool(state and state.pending))
        if state and state.pending:
            oldest = format_age(state.oldest_pending_ms or now_ms(), now_ms())
            self.outbox.setText(self.tr("⇡ {n} unsent · oldest {age}").format(n=state.pending, age=oldest))
            self.outbox.setToolTip(
                self.tr("Your work is kept on this computer and sent as soon as the hub answers.")
            )
        last = self._status.last_sync_ms if self._status else None
        if last is None:
            self.last_sync.setText(self.tr("Never synced"))
        else:
            self.last_sync.setText(self.tr("Synced {age} ago").format(age=format_age(last, now_ms())))
