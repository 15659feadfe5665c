"""Desktop notifications, Qt-free: what to tell the agent, and whether they muted it.

The UI gives a ``show(title, body)`` callable (a tray balloon); this service decides whether to call
it. Triggers (SLA breach, crisis alert) call :meth:`Notifier.notify`; the mute survives restarts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from console.services.preferences import Preferences


class NoticeKind(StrEnum):
    SLA_BREACH = "sla_breach"
    CRISIS = "crisis"
    CLAIM_REQUEST = "claim_request"  # a colleague asks for a case I hold, or kept one I asked for
    NOTE_MENTION = "note_mention"  # a colleague @mentioned me in a case note
    BROADCAST = "broadcast"  # a supervisor's team note to my team or everyone


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    title: str
    body: str
    case_id: str | None = None


class Notifier:
    def __init__(self, preferences: Preferences, show: Callable[[Notice], None] | None = None):
        self._preferences = preferences
        self._show = show
        self._recent: dict[tuple[NoticeKind, str | None], None] = {}

    @property
    def muted(self) -> bool:
        return self._preferences.notifications_muted

    def set_muted(self, muted: bool) -> None:
        self._preferences.set_notifications_muted(muted)

    def attach(self, show: Callable[[Notice], None] | None) -> None:
        """Where notices go (None: nowhere, e.g. no system tray)."""
        self._show = show

    def notify(self, notice: Notice) -> bool:
        """Show ``notice`` unless muted, unheard of a display, or already shown for that case and kind.

        Returns whether it was shown. A case breaching its SLA is told once, not on every refresh.
        """
        key = (notice.kind, notice.case_id)
        if self.muted or self._show is None or (notice.case_id is not None and key in self._recent):
            return False
        self._recent[key] = None
        if len(self._recent) > 1000:  # forget the oldest
            self._recent.pop(next(iter(self._recent)))
        self._show(notice)
        return True
