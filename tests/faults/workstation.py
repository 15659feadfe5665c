"""A headless workstation for the fault campaign: the real sync client, no Qt.

``python -m tests.faults.workstation --hub URL --cache FILE --username U --password P --seed N``

It signs in through the real session service, opens its own cache file and runs the real Outbox,
Pusher and Puller, wired as the app wires them; a seeded script acts on the hub's cases through
the real CaseActions (claim, release, note, tag, draft, reply under the token it holds, handoff,
resolve, reopen, guidance, presence). The outbox is the durable record of what it did: the
checker reads the surviving cache file, so a kill -9 loses nothing the checker needs.

Signals from the campaign runner: SIGUSR1 ends the script and drains the outbox (writing
``drained`` to the status file); SIGTERM then pulls to the hub's head, writes the final status
and exits 0. A kill -9 can come at any moment.
"""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from sqlalchemy import select

from console.domain.mutation import MutationKind, Outcome
from console.domain.sync import AppliedChanges, LinkState
from console.guidance.session_events import Note, step_payload
from console.services.cases import ActionError, CaseActions
from console.services.credentials import Credentials
from console.services.session import SessionService, SignInError
from console.storage.database import open_cache
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.storage.schema import cases, outbox
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, SignInRequiredError
from console.sync.puller import Puller
from console.sync.pusher import Pusher

log = logging.getLogger("workstation")

TEAMS = ("Support", "PR", "Legal", "Sales", "Marketing")
TAGS = ("vip", "refund", "bug", "press", "lead")
# (action, weight): claims and replies dominate, as on a real shift.
ACTIONS = (
    ("claim", 18),
    ("release", 6),
    ("note", 16),
    ("tag", 8),
    ("untag", 4),
    ("draft", 8),
    ("reply", 16),
    ("handoff", 3),
    ("resolve", 4),
    ("reopen", 4),
    ("guidance", 4),
    ("presence", 6),
    ("takeover", 3),  # only a supervisor's is granted; an agent's is refused with the holder's name
    ("assign", 3),  # to oneself or to nobody: an agent's is refused when a colleague has the case
)


class CountingOutbox(Outbox):
    """The real outbox, counting how often a restored hub made it send answered mutations again."""

    resent = 0

    async def resend_from(self, workstation_id: str, seq: int) -> int:
        count = await super().resend_from(workstation_id, seq)
        self.resent += count
        return count


class Workstation:
    def __init__(self, args):
        self.args = args
        self.name = args.name
        self.rng = random.Random(f"{args.seed}:{args.name}:{args.incarnation}")
        self.status_path = Path(args.status)
        self.stats = {
            "name": self.name,
            "incarnation": args.incarnation,
            "created": 0,
            "answers": 0,
            "duplicate_answers": 0,
            "rejected": 0,
            "sign_ins": 0,
            "resets": 0,
            "phase": "starting",
        }
        self.cache = open_cache(Path(args.cache))
        self.outbox = CountingOutbox(self.cache)
        self.client = HubClient(args.hub, timeout=args.timeout)
        self.replica = Replica(self.cache)
        self.pusher = Pusher(
            self.client,
            self.outbox,
            batch_size=args.batch,
            idle_interval=1.0,
            on_answered=self._answered,
        )
        self.puller = Puller(
            self.client, self.replica, page_size=500, poll_interval=0.5, on_changes=self._pulled
        )
        self.session = SessionService(self.client, Credentials(), self.puller, self.pusher)
        self.actions = CaseActions(self.outbox, self.pusher, lambda: self.pusher.user_id)
        self.user_id: str | None = None
        self.n = 0

    # --- wiring as the app does it ---------------------------------------------------------------

    def _answered(self, results) -> None:
        self.stats["answers"] += len(results)
        self.stats["duplicate_answers"] += sum(r.outcome is Outcome.DUPLICATE for r in results)
        self.stats["rejected"] += sum(r.outcome is Outcome.REJECTED for r in results)
        self.puller.wake()
        self._save()

    def _pulled(self, changes: AppliedChanges) -> None:
        if changes.reset:  # as the app does: a new epoch may mean a hub that forgot what it answered
            self.stats["resets"] += 1
            self.pusher.hub_replaced()
            self._save()  # now: on a slow run no answer may follow the restore to save it along

    def _save(self, **extra) -> None:
        self.stats.update(extra, resent=self.outbox.resent)
        temporary = self.status_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.stats))
        os.replace(temporary, self.status_path)

    # --- life ------------------------------------------------------------------------------------

    async def sign_in(self) -> None:
        """Sign in, retrying while the hub is down (and again whenever a restored hub forgot the token)."""
        while True:
            try:
                user = await self.session.sign_in(self.args.username, self.args.password)
            except SignInError as error:
                log.info("%s: sign-in failed (%s); retrying", self.name, error)
                await asyncio.sleep(0.3 + self.rng.random() * 0.5)
                continue
            self.user_id = user.user_id
            self.stats["workstation_id"] = await self.outbox.workstation_id(user.user_id)
            self.stats["sign_ins"] += 1
            self._save()
            return

    async def keep_signed_in(self) -> None:
        """A restored hub may not know a token issued after its backup: sign in again, as a person would."""
        while True:
            await asyncio.sleep(0.5)
            if self.puller.status.state is LinkState.SIGNED_OUT:
                await self.sign_in()
                await asyncio.sleep(2.0)  # let the woken puller show the new state

    async def script(self) -> None:
        kinds, weights = zip(*ACTIONS, strict=True)
        while True:
            await asyncio.sleep(self.rng.uniform(0.02, self.args.pace))
            case_ids = await self._case_ids()
            if not case_ids:
                continue
            # A few cases see most of the work, so claims collide.
            case_id = case_ids[min(int(self.rng.expovariate(0.35)), len(case_ids) - 1)]
            action = self.rng.choices(kinds, weights)[0]
            if action == "reply" and self.rng.random() < 0.8:  # mostly on a case this desk holds
                held = await self._held_cases()
                case_id = self.rng.choice(held) if held else case_id
            try:
                await self._do(action, case_id)
            except ActionError as error:
                log.info("%s: %s refused locally: %s", self.name, action, error)
                continue
            self.stats["created"] += 1
            if self.stats["created"] % 10 == 0:
                self._save()

    async def _do(self, action: str, case_id: str) -> None:
        self.n += 1
        mark = f"{self.name}#{self.args.incarnation}.{self.n}"  # unique text: a repeat is a duplicate
        rng, act = self.rng, self.actions
        if action == "claim":
            await act.claim(case_id)
        elif action == "takeover":
            await act.claim(case_id, takeover=True)
        elif action == "release":
            await act.release(case_id)
        elif action == "note":
            await act.note(case_id, f"note {mark}")
        elif action in ("tag", "untag"):
            await act.tag(case_id, rng.choice(TAGS), on=action == "tag")
        elif action == "draft":
            await act.save_draft(case_id, f"draft {mark}")
        elif action == "reply":
            await act.reply(case_id, f"reply {mark}", await self._token(case_id))
        elif action == "handoff":
            await act.hand_off(case_id, rng.choice(TEAMS), f"handoff {mark}")
        elif action == "resolve":
            await act.resolve(case_id, rng.choice(("answered", "no action", "")))
        elif action == "assign":
            await act.assign(case_id, rng.choice((self.user_id, None)))
        elif action == "reopen":
            await act.reopen(case_id, f"reopen {mark}")
        elif action == "guidance":
            note = Note(
                index=0, at=datetime.now(UTC), tree="refunds@1", node=f"node-{rng.randint(1, 5)}", text=mark
            )
            await act.guidance_step(case_id, step_payload(f"s-{mark}", "refunds@1", "", note))
        elif action == "presence":
            activity = rng.choice(("viewing", "typing", "left"))
            await self.outbox.enqueue(self.user_id, MutationKind.PRESENCE, case_id, {"activity": activity})
            self.pusher.wake()

    async def _token(self, case_id: str) -> int:
        """The token this desk holds the case under, as a person's screen would show it: the replica's,
        or the latest grant the hub answered; now and then a stale one, to exercise needs-review."""

        def read(connection):
            row = connection.execute(
                select(cases.c.claim_holder, cases.c.claim_token).where(cases.c.id == case_id)
            ).first()
            grants = connection.execute(
                select(outbox.c.detail)
                .where(outbox.c.case_id == case_id, outbox.c.kind == "claim", outbox.c.outcome == "applied")
                .order_by(outbox.c.seq.desc())
                .limit(1)
            ).first()
            return row, grants

        row, grant = await self.cache.read(read)
        token = row.claim_token if row is not None else 0
        if grant is not None and grant.detail:
            token = max(token, json.loads(grant.detail).get("claim_token", 0))
        if self.rng.random() < 0.1:
            token = max(0, token - 1)
        return token

    async def _held_cases(self) -> list[str]:
        now = int(time.time() * 1000)
        query = select(cases.c.id).where(cases.c.claim_holder == self.user_id, cases.c.claim_expires_ms > now)
        return await self.cache.read(lambda c: list(c.scalars(query.order_by(cases.c.id))))

    async def _case_ids(self) -> list[str]:
        return await self.cache.read(
            lambda c: list(c.scalars(select(cases.c.id).order_by(cases.c.opened_ms, cases.c.id)))
        )

    # --- quiescing -------------------------------------------------------------------------------

    async def drain(self) -> None:
        """Send everything, through whatever faults are left, until the outbox is empty."""
        while True:
            try:
                await self.pusher.drain()
                state = await self.outbox.state(self.user_id)
                if state.pending == 0:
                    return
            except SignInRequiredError:
                await self.sign_in()
            except (HubUnreachableError, HubResponseError) as error:
                log.info("%s: drain: %s", self.name, error)
                await asyncio.sleep(0.3)

    async def pull_to_head(self) -> dict:
        """Pull until the cache is at the hub's head in the hub's epoch (the hub is quiet by now)."""
        while True:
            try:
                await self.drain()
                info = await self.client.health()
                await self.puller.sync_once()
                cursor = await self.replica.cursor(self.client.base_url)
                at = _cursor_seq(cursor.cursor)
                if cursor.epoch == info.epoch and at >= info.head:
                    pending = (await self.outbox.state(self.user_id)).pending
                    if pending == 0:
                        return {"epoch": cursor.epoch, "head": cursor.head}
            except SignInRequiredError:
                await self.sign_in()
            except (HubUnreachableError, HubResponseError) as error:
                log.info("%s: final pull: %s", self.name, error)
                await asyncio.sleep(0.3)


def _cursor_seq(cursor: str | None) -> int:
    """The change number in a cursor (``EPOCH:SEQ``, or ``EPOCH:SEQ:SCOPE`` once pulls are scoped)."""
    parts = (cursor or "").split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


async def run(args) -> int:
    desk = Workstation(args)
    loop = asyncio.get_running_loop()
    drain_asked, stop_asked = asyncio.Event(), asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, drain_asked.set)
    loop.add_signal_handler(signal.SIGTERM, stop_asked.set)
    await desk.sign_in()
    desk._save(phase="running")
    tasks = [
        asyncio.create_task(desk.pusher.run(), name="pusher"),
        asyncio.create_task(desk.puller.run(), name="puller"),
        asyncio.create_task(desk.keep_signed_in(), name="sign-in"),
        asyncio.create_task(desk.script(), name="script"),
    ]
    await drain_asked.wait()
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    started = time.monotonic()
    await desk.drain()
    desk._save(phase="drained", drain_s=round(time.monotonic() - started, 2))
    await stop_asked.wait()
    final = await desk.pull_to_head()
    desk._save(phase="done", **final)
    await desk.client.aclose()
    desk.cache.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--status", required=True, help="JSON file this process keeps its counts in")
    parser.add_argument("--name", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--incarnation", type=int, default=0, help="how many times this desk restarted")
    parser.add_argument("--pace", type=float, default=0.15, help="longest pause between actions (s)")
    parser.add_argument("--batch", type=int, default=20, help="mutations per push")
    parser.add_argument("--timeout", type=float, default=5.0, help="HTTP timeout (s)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format=f"%(asctime)s {args.name} %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
