"""A pass the hub runs again and again in the background for as long as it serves (auto-assignment,
the crisis watch, polling the networks): started and stopped with the app, and never ended by one
failed pass — a database outage is logged and the next pass tries again."""

import asyncio
import contextlib
import logging
import os
import socket
import uuid

log = logging.getLogger(__name__)


class Periodic:
    """Subclasses give the task's ``name``, one pass (:meth:`run_pass`) and the pause after it."""

    name = "periodic"
    _task: asyncio.Task | None = None

    async def run_pass(self) -> object:
        raise NotImplementedError

    def pause_s(self) -> float:
        raise NotImplementedError

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.run_pass()
            except Exception:
                log.exception("%s: a pass failed; trying again", self.name)
            await asyncio.sleep(self.pause_s())


def lease_owner(given: str | None = None) -> str:
    """Who holds a lease (a poll's, a publish's, a moderation job's): this process, told apart from
    the hub's other processes on this host and others."""
    return (given or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")[:64]
