"""Desktop notifications, Qt-free: what to tell the agent, and whether they want to hear it.

The UI gives a ``show(notice)`` callable (a tray balloon) and optionally a ``sound()``; this service
decides whether to call them. Triggers (SLA breach, crisis alert, …) call :meth:`Notifier.notify`.
The mute, the switch per kind and the sound are the agent's settings
(:class:`console.services.user_settings.SettingsStore`), so they survive restarts.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class NoticeKind(StrEnum):
    SLA_BREACH = "sla_breach"
    CRISIS = "crisis"
    CLAIM_REQUEST = "claim_request"  # a colleague asks for a case I hold, or kept one I asked for
    NOTE_MENTION = "note_mention"  # a colleague @mentioned me in a case note
    BROADCAST = "broadcast"  # a supervisor's team note to my team or everyone
    ASSIGNED = "assigned"  # someone else assigned a case to me


class NoticeSwitches(Protocol):
    """What the notifier asks of the settings (SettingsStore is one)."""

    @property
    def notifications_muted(self) -> bool: ...

    def set_notifications_muted(self, muted: bool) -> None: ...

    def notifies(self, kind: str) -> bool: ...

    @property
    def notification_sound(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    title: str  # in English, filled in (logs, tests); the ui shows ``templates`` translated
    body: str
    case_id: str | None = None
    # The English title and body before filling in, marked with translatable("Notices", …), and
    # their values: the ui translates the templates, then fills them in.
    templates: tuple[str, str] | None = field(default=None, compare=False)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, kind: NoticeKind, title: str, body: str, case_id: str | None, **values: Any) -> "Notice":
        """A notice from English templates (``str.format`` fields) and their values."""
        return cls(kind, title.format(**values), body.format(**values), case_id, (title, body), values)


class Notifier:
    def __init__(self, switches: NoticeSwitches, show: Callable[[Notice], None] | None = None):
        self._switches = switches
        self._show = show
        self._sound: Callable[[], None] | None = None
        self._recent: dict[tuple[NoticeKind, str | None], None] = {}

    @property
    def muted(self) -> bool:
        return self._switches.notifications_muted

    def set_muted(self, muted: bool) -> None:
        self._switches.set_notifications_muted(muted)

    def attach(self, show: Callable[[Notice], None] | None, sound: Callable[[], None] | None = None) -> None:
        """Where notices go (None: nowhere, e.g. no system tray), and how to sound one."""
        self._show = show
        self._sound = sound

    def notify(self, notice: Notice) -> bool:
        """Show ``notice`` unless muted, its kind switched off, no display, or already shown for that
        case and kind.

        Returns whether it was shown. A case breaching its SLA is told once, not on every refresh.
        """
        key = (notice.kind, notice.case_id)
        if self.muted or self._show is None or not self._switches.notifies(notice.kind.value):
            return False
        if notice.case_id is not None and key in self._recent:
            return False
        self._recent[key] = None
        if len(self._recent) > 1000:  # forget the oldest
            self._recent.pop(next(iter(self._recent)))
        self._show(notice)
        if self._sound is not None and self._switches.notification_sound:
            self._sound()
        return True
