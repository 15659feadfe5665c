"""Telling colleagues which case this agent has open, and showing who else is on the same case.

Presence is live only: while the hub cannot be reached nothing is queued (a "viewing" from ten
minutes ago is noise), and nothing is stored. The hub forgets a report after ``PRESENCE_TTL_MS``,
so the open case is reported again every ``REFRESH_S`` while it stays open.

A supervisor may set this agent's desk status from their desk. The hub then publishes it marked
with who set it, and keeps it over this workstation's routine refreshes; :meth:`PresenceReporter.adopt`
takes it as the agent's status (so nothing here reports the old one again) and says so, for the
status bar. The agent's own next choice is sent marked ``chosen``, which ends the setting.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable

from console.domain.clock import now_ms
from console.domain.presence import DESK, DESK_STATUSES, PRESENCE_TTL_MS, Activity, Presence
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, SignInRequiredError

log = logging.getLogger(__name__)

REFRESH_S = 10.0  # a third of the hub's TTL: one lost report does not make the agent vanish


class PresenceReporter:
    def __init__(self, client: HubClient, signed_in: Callable[[], bool] = lambda: True):
        self._client = client
        self._signed_in = signed_in
        self._case: str | None = None
        self._activity = Activity.VIEWING
        self._wake = asyncio.Event()
        self._announced: set[str] = set()  # cases the hub may show this agent on, until "left" is sent
        self._status = Activity.AVAILABLE  # at the desk; routing gives new cases to available agents
        self._chosen = 0  # how many choices the agent made since the hub last heard one (0: none)
        self._adopted: tuple[str, int] | None = None  # the last setting taken: (who, when)
        self._held = False  # the status now is a setting someone else made, not the agent's choice
        self._choice_ms = 0  # when the hub took the agent's last choice (hub clock): older settings ended

    @property
    def case_id(self) -> str | None:
        return self._case

    def set(self, case_id: str | None, activity: Activity = Activity.VIEWING) -> None:
        """The case now open (None: none) and what the agent does on it; reported at once."""
        if (case_id, activity) != (self._case, self._activity):
            self._case, self._activity = case_id, activity
            self._wake.set()

    @property
    def status(self) -> Activity:
        return self._status

    def set_status(self, status: Activity) -> None:
        """Available, busy or away at the desk; reported at once and with every refresh."""
        if status not in DESK_STATUSES:
            raise ValueError(f"{status} is not a desk status")
        if status is not self._status or self._held:
            self._status, self._held = status, False
            self._chosen += 1  # the agent's own choice: it ends a status a supervisor set
            self._wake.set()

    def adopt(self, board: Iterable[Presence], me: str | None) -> Presence | None:
        """Take a desk status someone else set for ``me`` from the live ``board``, as the agent's own.

        Returns the entry when it is news (a setting not adopted before), for the UI to tell the
        agent who set what; None otherwise. Nothing is adopted while the agent's own choice is on its
        way (the hub ends any setting with it), nor a setting the hub had before the agent's last
        choice (a board that has not caught up with the choice yet); a newer one comes back with the
        next board, at the latest after the agent's next refresh."""
        if me is None or self._chosen:
            return None
        for entry in board:
            if (
                entry.user_id == me
                and entry.is_desk
                and entry.set_by_other
                and entry.activity in DESK_STATUSES
            ):
                setting = (entry.set_by, entry.set_at_ms)
                if setting == self._adopted or entry.set_at_ms <= self._choice_ms:
                    return None
                self._adopted, self._status, self._held = setting, entry.activity, True
                return entry
        return None

    async def run(self) -> None:
        """Report changes at once and the open case every ``REFRESH_S``; on cancel, say "left"."""
        try:
            while True:
                self._wake.clear()
                await self._report()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(REFRESH_S):
                        await self._wake.wait()
        finally:
            for case_id in [*self._announced, DESK]:  # leaving the desk too: no more new cases
                with contextlib.suppress(Exception):  # best effort on the way out
                    await asyncio.shield(self._send(case_id, Activity.LEFT))

    async def _report(self) -> None:
        if not self._signed_in():
            return
        case, activity = self._case, self._activity  # set() may change them while this awaits
        chosen = self._chosen
        published = await self._send(DESK, self._status, chosen > 0)
        if published is not None and chosen:
            self._choice_ms = max(self._choice_ms, _int(published.get("at_ms")))
            if self._chosen == chosen:
                self._chosen = 0  # heard (and no newer choice meanwhile): the next reports are refreshes
        for previous in list(self._announced - {case}):
            await self._send(previous, Activity.LEFT)
            self._announced.discard(previous)
        if case:
            self._announced.add(case)  # before the request: a cancel mid-way still ends with "left"
            await self._send(case, activity)

    async def _send(self, case_id: str, activity: Activity, chosen: bool = False) -> dict | None:
        """The entry the hub published, or None when the report did not reach it."""
        try:
            published = await self._client.presence(case_id, activity.value, chosen=chosen)
        except (HubUnreachableError, SignInRequiredError, HubResponseError) as error:
            log.debug("presence not reported: %s", error)  # live only: the next refresh tries again
            return None
        return published if isinstance(published, dict) else {}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def others_on(
    board: Iterable[Presence], case_id: str, me: str | None, at_ms: int | None = None
) -> list[Presence]:
    """Who else is on ``case_id`` now, those typing first, then the freshest reports."""
    now = now_ms() if at_ms is None else at_ms
    present = [
        p
        for p in board
        if p.case_id == case_id
        and p.user_id != me
        and p.activity is not Activity.LEFT
        and now - p.at_ms < PRESENCE_TTL_MS
    ]
    present.sort(key=lambda p: (p.activity is not Activity.TYPING, -p.at_ms))
    return present
