"""Telling the agent about SLA breaches and crises as they happen, from the local cache.

Every ``INTERVAL_S`` (and whenever synced changes arrive) it looks for promises that fell due since
the last look — on cases assigned to or held by this agent, or still unassigned — and for crisis
alerts the hub raised since, for colleagues asking for a case this agent holds (or keeping one
they asked for), and for cases a colleague assigned to this agent; each becomes one desktop notice
(the notifier drops repeats and respects the agent's mute and switches). At start it does not
replay old breaches: only what changes from now on — but a colleague's request still waiting is
told, since it waits for an answer.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from console.domain.clock import now_ms
from console.domain.excerpt import excerpt
from console.domain.sync import AppliedChanges
from console.domain.translatable import translatable
from console.services.notifications import Notice, NoticeKind, Notifier
from console.storage import claim_requests
from console.storage.alerts_repo import assignments_to, breaches_between, crisis_alerts_since, note_mentions
from console.storage.database import CacheDatabase, CacheError

log = logging.getLogger(__name__)

INTERVAL_S = 15.0
CRISIS_LOOKBACK_MS = 15 * 60_000  # a crisis raised just before the app started is still news


class AlertWatch:
    def __init__(
        self,
        db: CacheDatabase,
        notifier: Notifier,
        current_user: Callable[[], str | None],
        clock: Callable[[], int] = now_ms,
    ):
        self._db = db
        self._notifier = notifier
        self._user = current_user
        self._clock = clock
        start = clock()
        self._breaches_after = start
        self._alerts_after = start - CRISIS_LOOKBACK_MS
        self._kept_after = start
        self._new_events: set[str] = set()  # pulled since the last look: notes may mention me
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def saw(self, changes: AppliedChanges) -> None:
        """A pull landed: look again, at its events too."""
        self._new_events |= changes.events
        self.wake()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.check()
            except CacheError as error:  # the cache closing at shutdown, or a disk problem: try later
                log.warning("alerts: %s", error)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(INTERVAL_S):
                    await self._wake.wait()

    async def check(self) -> list[Notice]:
        """One look; returns the notices it gave the notifier (shown or not)."""
        now, user = self._clock(), self._user()
        after_breach, after_alert = self._breaches_after, self._alerts_after
        breaches = await self._db.read(lambda c: breaches_between(c, after_breach, now, user))
        alerts = await self._db.read(lambda c: crisis_alerts_since(c, after_alert))
        self._breaches_after = now
        if alerts:
            self._alerts_after = max(alert.raised_ms for alert in alerts)
        notices = await self._claim_notices(user, now) if user else []
        fresh, self._new_events = self._new_events, set()
        if user and fresh:
            mentioned = await self._db.read(lambda c: note_mentions(c, fresh, user))
            notices += [
                Notice.of(
                    NoticeKind.NOTE_MENTION,
                    translatable("Notices", "{author} mentioned you in a note"),
                    "{text}",
                    f"note:{note.event_id}",
                    author=note.author,
                    text=excerpt(note.text, 160),
                )
                for note in mentioned
            ]
            given = await self._db.read(lambda c: assignments_to(c, fresh, user))
            notices += [
                Notice.of(
                    NoticeKind.ASSIGNED,
                    translatable("Notices", "{by} assigned a case to you"),
                    "{text}",
                    f"assigned:{assignment.event_id}",
                    by=assignment.by,
                    text=excerpt(assignment.excerpt, 160),
                )
                for assignment in given
            ]
        notices += [
            Notice.of(
                NoticeKind.CRISIS,
                translatable("Notices", "Crisis alert"),
                translatable("Notices", "{reason} — routed to {team}"),
                f"crisis:{alert.id}",
                reason=alert.reason,
                team=alert.team,
            )
            for alert in alerts
        ]
        notices += [
            Notice.of(
                NoticeKind.SLA_BREACH,
                translatable("Notices", "First response overdue")
                if breach.first_response
                else translatable("Notices", "Resolution overdue"),
                "{text}",
                breach.case_id,
                text=excerpt(breach.excerpt, 120) or breach.case_id,
            )
            for breach in breaches
        ]
        for notice in notices:
            self._notifier.notify(notice)
        return notices

    async def _claim_notices(self, user: str, now: int) -> list[Notice]:
        after = self._kept_after
        asked = await self._db.read(lambda c: claim_requests.pending(c, user, now))
        kept = await self._db.read(lambda c: claim_requests.kept_from(c, user, after))
        if kept:
            self._kept_after = max(at_ms for _case, _name, at_ms in kept)
        # Keys carry the request's time: a second request for the same case is news again.
        return [
            Notice.of(
                NoticeKind.CLAIM_REQUEST,
                translatable("Notices", "{name} asks for a case you hold"),
                "{message}"
                if request.message
                else translatable("Notices", "Hand it over or keep it from the case pane."),
                f"claim:{request.case_id}:{request.requester}:{request.at_ms}",
                name=request.requester_name,
                message=request.message,
            )
            for request in asked
        ] + [
            Notice.of(
                NoticeKind.CLAIM_REQUEST,
                translatable("Notices", "{holder} keeps the case"),
                translatable("Notices", "Your request was declined; the case stays with them."),
                f"kept:{case_id}:{at_ms}",
                holder=holder,
            )
            for case_id, holder, at_ms in kept
        ]
