"""The push side of sync: send the outbox to the hub, in order, until it is empty.

Sending is at-least-once and the hub applies exactly once (see console.hub.push), so this loop
never needs to know whether a request that timed out was applied: it sends it again.

A hub restored from a backup has forgotten what it applied after the backup. A pending mutation
reveals that (the hub expects an earlier number), but an empty outbox would not, and the forgotten
work would stay lost. So the pusher asks the hub which number it expects — an empty push — when it
starts and whenever the pull finds a new epoch, and sends again what the hub no longer has.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from console.domain.mutation import MutationResult
from console.domain.sync import OutboxState
from console.storage.outbox import Outbox
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, SignInRequiredError
from console.sync.puller import Backoff

log = logging.getLogger(__name__)

AnsweredListener = Callable[[list[MutationResult]], None]
StateListener = Callable[[OutboxState], None]


class Pusher:
    def __init__(
        self,
        client: HubClient,
        outbox: Outbox,
        batch_size: int = 200,
        idle_interval: float = 5.0,
        on_answered: AnsweredListener | None = None,
        on_state: StateListener | None = None,
    ):
        self._client = client
        self._outbox = outbox
        self._batch_size = batch_size
        self.idle_interval = idle_interval
        self._on_answered = on_answered or (lambda _results: None)
        self._on_state = on_state or (lambda _state: None)
        self._wake = asyncio.Event()
        self._backoff = Backoff()
        self.user_id: str | None = None  # whose outbox to send: the signed-in user
        self.last_error: str | None = None
        self._verify = True  # ask the hub what it expects before the next send

    def wake(self) -> None:
        """Send now (a mutation was queued, or the link came back)."""
        self._wake.set()

    def hub_replaced(self) -> None:
        """The hub's history changed (a new epoch): check what it still has, then send."""
        self._verify = True
        self._wake.set()

    async def drain(self) -> int:
        """Send until the user's outbox is empty; returns how many mutations were answered."""
        if self.user_id is None:
            return 0
        answered = 0
        workstation_id = await self._outbox.workstation_id(self.user_id)
        if self._verify:
            await self._resend_forgotten(workstation_id)
        while batch := await self._outbox.pending(self.user_id, self._batch_size):
            try:
                answer = await self._client.push(workstation_id, batch)
            except (HubUnreachableError, HubResponseError, SignInRequiredError) as error:
                await self._outbox.failed_attempt([m.id for m in batch], str(error))
                raise
            if answer.results:
                await self._outbox.answer(answer.results)
                answered += len(answer.results)
                self._on_answered(answer.results)
            elif answer.next_seq < batch[0].seq:
                resent = await self._outbox.resend_from(workstation_id, answer.next_seq)
                log.warning(
                    "the hub expects #%d: sending %d answered mutations again", answer.next_seq, resent
                )
            else:
                raise HubResponseError(
                    f"the hub took none of #{batch[0].seq}… and expects #{answer.next_seq}"
                )
            await self._report()
        return answered

    async def _resend_forgotten(self, workstation_id: str) -> None:
        expected = (await self._client.push(workstation_id, [])).next_seq
        resent = await self._outbox.resend_from(workstation_id, expected)
        if resent:
            log.warning("the hub forgot #%d on: sending %d answered mutations again", expected, resent)
        self._verify = False

    async def run(self) -> None:
        await self._report()
        while True:
            self._wake.clear()  # before the work: a wake() during it means "again", not lost
            delay = self.idle_interval
            try:
                await self.drain()
                self._backoff.reset()
                self.last_error = None
            except SignInRequiredError as error:
                self.last_error, delay = str(error), 3600.0  # the sign-in wakes us
            except (HubUnreachableError, HubResponseError) as error:
                self.last_error, delay = str(error), self._backoff.next()
            except Exception as error:  # a full disk, a bug: keep the outbox, say so, try again later
                log.exception("push failed")
                self.last_error, delay = f"push failed: {error}", self._backoff.next()
            await self._report()
            # Not wait_for: on 3.11 it can swallow a cancel that lands as the event is set, and stop()
            # would wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _report(self) -> None:
        self._on_state(await self._outbox.state(self.user_id))
