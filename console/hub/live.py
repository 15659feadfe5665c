"""The live stream behind ``GET /v1/live``: change hints and presence, to every hub process's clients.

How a change reaches every subscriber, whichever hub process committed it:

* **PostgreSQL (one or more hub processes on one database): LISTEN/NOTIFY plus a head poll.** Every
  writing transaction ends with :meth:`console.hub.changelog.SequenceAllocator.close`, which issues
  ``NOTIFY horseshoe_live`` inside the transaction. PostgreSQL delivers a notification only at commit,
  to every listening session of every process, and never for a rollback, so a hint can never precede
  the data it announces, and no write path can forget it (all of them allocate change numbers). Each
  hub process listens on one dedicated connection in a background thread (a thread, not the event
  loop: psycopg's async connections need a selector loop, which Windows does not give by default).
  Notifications are not durable: one sent while the listener reconnects is lost, so the same thread
  also reads the counter every second; a missed hint is late by at most that, never lost. A trigger
  on the change tables or logical decoding would also work, but need schema changes or privileges for
  what one NOTIFY already does.
* **SQLite (the embedded, single-process hub):** there is no cross-process channel, and none is
  needed. The allocator marks its connection with the new head; when the connection goes back to the
  pool (after the commit), this broker wakes its watcher, which reads the counter at once. A poll every
  250 ms (one indexed row in WAL mode, microseconds) catches writes by other processes, such as
  ``horseshoe-hub users add``.

Presence crosses processes the same way: the process that receives a report applies it at once and
NOTIFYs it (JSON, well under PostgreSQL's 8,000-byte limit) with its own origin id, which it skips
when the notification comes back. Each process keeps the current presence in memory and expires
entries not refreshed within the TTL itself, announcing each as ``left``. A process that starts late
learns of earlier reports at their next refresh (within one refresh interval). Nothing is stored.

A supervisor may set an agent's desk status (:meth:`LiveBroker.set_desk_status`). The entry carries
who set it and when, and every process holds it as that agent's *setting* until the agent makes an
explicit choice (a report marked ``chosen``) or :data:`SET_STATUS_HOLD_MS` passes. Meanwhile the
agent's routine refreshes keep the supervisor's status rather than their own, so a workstation that
has not yet heard of the setting cannot undo it; it adopts it when the entry reaches it. The setting
outlives the agent's presence: an agent offline when it was set (their entry expires after the TTL,
as any) gets it back with their first report. Like presence it lives in memory only: a hub process
started after the setting does not know it.

Every subscriber gets frames from one fan-out on the event loop; a client too slow to take a thousand
queued frames is disconnected and, reconnecting with ``Last-Event-ID``, loses nothing but presence
frames, which the snapshot on connect replaces.
"""

import asyncio
import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, event, func, select

from console.domain.clock import now_ms
from console.domain.presence import (
    DESK,
    DESK_STATUSES,
    PRESENCE_TTL_MS,
    SET_STATUS_HOLD_MS,
    Activity,
    Presence,
    desk_statuses,
)
from console.hub import changelog
from console.hub.database import reader

log = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
"""A comment line this often keeps proxies from closing an idle stream and lets clients notice a
dead one (the workstation gives up after three missed heartbeats)."""
POSTGRES_POLL_S = 1.0
SQLITE_POLL_S = 0.25
QUEUE_LIMIT = 1000
MAX_NOTIFY_BYTES = 7900  # PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more
_LISTEN_SLICE_S = 0.2  # how long the listener waits at a time, so stop() is never kept waiting long

_CLOSE = object()


@dataclass(slots=True, eq=False)  # compared and hashed by identity, as set members
class _Subscriber:
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))


@dataclass(slots=True)
class _Entry:
    presence: Presence
    seen: float  # the loop's clock when this process last heard of it


class LiveUnavailableError(RuntimeError):
    """The broker is not running (the app's lifespan did not start it, or it is shutting down)."""


class LiveBroker:
    """One per hub process: knows the change head and who is present, and fans both out.

    Start and stop it on the serving event loop (the app's lifespan does). :meth:`publish_presence`
    may be called from any thread; :meth:`stream` yields one client's SSE text.
    """

    def __init__(
        self,
        engine: Engine,
        heartbeat_s: float = HEARTBEAT_S,
        presence_ttl_ms: int = PRESENCE_TTL_MS,
        poll_s: float | None = None,
        hold_ms: int = SET_STATUS_HOLD_MS,
    ):
        self._engine = engine
        self._reading = reader(engine)
        self._postgres = engine.dialect.name == "postgresql"
        self.heartbeat_s = heartbeat_s
        self.presence_ttl_s = presence_ttl_ms / 1000
        self.poll_s = poll_s or (POSTGRES_POLL_S if self._postgres else SQLITE_POLL_S)
        self.origin = uuid.uuid4().hex
        self.epoch = ""
        self.head = 0
        self._presence: dict[tuple[str, str], _Entry] = {}
        self.hold_ms = hold_ms
        self._settings: dict[str, Presence] = {}  # user → the desk status someone else set for them
        self._subscribers: set[_Subscriber] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False
        self._stopping = threading.Event()
        self._kicked = threading.Event()
        self._thread: threading.Thread | None = None
        self._sweeper: asyncio.Task | None = None

    # -- running -------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.epoch, self.head = await asyncio.to_thread(self._read_head)
        if not self._postgres:
            event.listen(self._engine, "checkin", self._on_checkin)
        watch = self._listen if self._postgres else self._poll
        self._thread = threading.Thread(target=watch, name="hub-live-watch", daemon=True)
        self._thread.start()
        self._sweeper = asyncio.create_task(self._expire_presence(), name="hub-live-presence")

    @property
    def running(self) -> bool:
        return self._loop is not None and not self._closing

    async def stop(self) -> None:
        self.close_streams()
        self._stopping.set()
        self._kicked.set()
        if self._sweeper:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        if not self._postgres and event.contains(self._engine, "checkin", self._on_checkin):
            event.remove(self._engine, "checkin", self._on_checkin)
        if self._thread:
            await asyncio.to_thread(self._thread.join, 5.0)
        self._loop = None

    def close_streams(self) -> None:
        """End every open stream (from any thread): the server waits for open responses before it
        shuts down, and an SSE response never ends by itself. Clients reconnect elsewhere or later."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._close_all)

    def _close_all(self) -> None:
        self._closing = True
        for subscriber in list(self._subscribers):
            self._drop(subscriber)

    # -- the stream ------------------------------------------------------------------------------

    async def stream(self, last_event_id: str | None) -> AsyncIterator[str]:
        """One client's frames: the presence snapshot, a hint if the head is not ``last_event_id``,
        then hints and presence as they happen, with a heartbeat comment when idle."""
        if not self.running:
            raise LiveUnavailableError("the live stream is not running")
        subscriber = _Subscriber()
        self._subscribers.add(subscriber)  # before the snapshot: nothing falls between the two
        try:
            yield self._snapshot_frame()
            sent = (self.epoch, self.head)
            if _parse_id(last_event_id) != self.head:
                yield _change_frame(self.epoch, self.head)
            while True:
                try:  # not wait_for, which on 3.11 can swallow a cancel (a closing server)
                    async with asyncio.timeout(self.heartbeat_s):
                        item = await subscriber.queue.get()
                except TimeoutError:
                    yield ": heartbeat\n\n"
                    continue
                if item is _CLOSE:
                    return
                position, frame = item
                if position is not None:
                    if position[0] == sent[0] and position[1] <= sent[1]:
                        continue  # already announced (e.g. the hint on connect)
                    sent = position
                yield frame
        finally:
            self._subscribers.discard(subscriber)

    def _snapshot_frame(self) -> str:
        now = self._loop.time()
        entries = [
            {**entry.presence.to_json(), "age_ms": round((now - entry.seen) * 1000)}
            for entry in self._presence.values()
        ]
        return _frame("presence-snapshot", {"presence": entries, "at_ms": now_ms()})

    def _broadcast(self, position: tuple[str, int] | None, frame: str) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber.queue.put_nowait((position, frame))
            except asyncio.QueueFull:
                log.warning("live: a client fell %d frames behind; disconnecting it", QUEUE_LIMIT)
                self._drop(subscriber)

    def _drop(self, subscriber: _Subscriber) -> None:
        self._subscribers.discard(subscriber)
        while not subscriber.queue.empty():
            subscriber.queue.get_nowait()
        subscriber.queue.put_nowait(_CLOSE)

    # -- change hints ------------------------------------------------------------------------------

    def _on_head(self, epoch: str | None, head: int) -> None:
        """On the loop: announce a head that moved (or any head of a new epoch)."""
        epoch = epoch or self.epoch
        if epoch == self.epoch and head <= self.head:
            return
        self.epoch, self.head = epoch, head
        self._broadcast((epoch, head), _change_frame(epoch, head))

    def _offer_head(self, epoch: str | None, head: int) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._on_head, epoch, head)

    def _read_head(self) -> tuple[str, int]:
        with self._reading.connect() as connection:
            return changelog.epoch(connection), changelog.head(connection)

    def _on_checkin(self, _dbapi_connection, record) -> None:
        if record is not None and record.info.pop(changelog.HEAD_MARK, None) is not None:
            self._kicked.set()

    def _poll(self) -> None:
        """SQLite: read the counter when a local commit says so, and every ``poll_s`` regardless."""
        while not self._stopping.is_set():
            self._kicked.wait(self.poll_s)
            self._kicked.clear()
            if self._stopping.is_set():
                return
            try:
                self._offer_head(*self._read_head())
            except Exception:  # keep watching: the next poll may succeed
                log.exception("live: reading the change head failed")
                self._stopping.wait(1.0)

    def _listen(self) -> None:
        """PostgreSQL: LISTEN on a dedicated connection, reconnecting with backoff; poll the head too."""
        import psycopg

        conninfo = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        delay = 0.5
        while not self._stopping.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as connection:
                    connection.execute(f"LISTEN {changelog.LIVE_CHANNEL}")
                    delay = 0.5
                    self._follow(connection)
            except Exception as error:  # psycopg or SQLAlchemy errors: the database went away
                if self._stopping.is_set():
                    return
                log.warning("live: listener connection failed (%s); retrying in %.1f s", error, delay)
                self._stopping.wait(delay)
                delay = min(delay * 2, 10.0)

    def _follow(self, connection) -> None:
        due = 0.0  # poll at once: anything committed before LISTEN took effect was not notified
        while not self._stopping.is_set():
            if time.monotonic() >= due:
                self._offer_head(*self._read_head())
                due = time.monotonic() + self.poll_s
            wait = max(0.01, min(_LISTEN_SLICE_S, due - time.monotonic()))
            for notify in connection.notifies(timeout=wait):
                self._on_notify(notify.payload)
                if self._stopping.is_set() or time.monotonic() >= due:
                    break

    def _on_notify(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            if message["kind"] == "change":
                self._offer_head(None, int(message["head"]))
            elif message["kind"] == "presence" and message.get("origin") != self.origin:
                presence = Presence.from_json(message)
                if self._loop is not None:
                    self._loop.call_soon_threadsafe(self._apply_presence, presence)
        except (KeyError, TypeError, ValueError, RuntimeError) as error:
            log.warning("live: ignoring a malformed notification %r: %s", payload[:200], error)

    # -- presence --------------------------------------------------------------------------------------

    def publish_presence(
        self,
        agent_id: str,
        username: str,
        name: str,
        case_id: str,
        activity: Activity | str,
        at_ms: int,
        chosen: bool = False,
    ) -> Presence:
        """Tell every hub process's subscribers that this person is viewing, typing on or has left
        the case. Thread-safe; on PostgreSQL it sends a NOTIFY, so call it off the event loop (plain
        ``def`` endpoints run in a worker thread). Raises ValueError for an unknown activity or an
        oversized report, :class:`LiveUnavailableError` when the broker is not running.

        A desk status not ``chosen`` (a routine refresh) gives way to a status a supervisor set for
        this person and still held; the entry published, returned, says which it is."""
        presence = Presence(agent_id, username, name, case_id, Activity(activity), at_ms)
        held = self._settings.get(agent_id)  # one dict read: safe from any thread
        if (
            not chosen
            and held is not None
            and case_id == DESK
            and presence.activity in DESK_STATUSES
            and at_ms - held.set_at_ms < self.hold_ms
        ):
            presence = replace(held, username=username, name=name, at_ms=at_ms)
        return self._publish(presence)

    def set_desk_status(
        self, agent_id: str, username: str, name: str, status: Activity, by_id: str, by_name: str, at_ms: int
    ) -> Presence:
        """A supervisor (``by_id``) sets this person's desk status: published at once, marked as
        theirs, and held until the person's next explicit choice (see the module's docstring)."""
        if Activity(status) not in DESK_STATUSES:
            raise ValueError(f"{status} is not a desk status (available, busy, away)")
        presence = Presence(agent_id, username, name, DESK, Activity(status), at_ms, by_id, by_name, at_ms)
        return self._publish(presence)

    def _publish(self, presence: Presence) -> Presence:
        payload = json.dumps({"kind": "presence", "origin": self.origin, **presence.to_json()})
        if len(payload.encode()) > MAX_NOTIFY_BYTES:
            raise ValueError("the presence report is too large")
        loop = self._loop
        if loop is None or not self.running:
            raise LiveUnavailableError("the live stream is not running")
        loop.call_soon_threadsafe(self._apply_presence, presence)
        if self._postgres:
            with self._engine.connect() as connection:
                connection.execute(select(func.pg_notify(changelog.LIVE_CHANNEL, payload)))
                connection.commit()
        return presence

    def desk_statuses(self) -> dict[str, Activity]:
        """Who is at their desk now and their status, as every hub process's reports say. Call it
        on the broker's event loop (the routing loop does)."""
        return desk_statuses((entry.presence for entry in self._presence.values()), now_ms())

    def _apply_presence(self, presence: Presence) -> None:
        if presence.is_desk and presence.activity in DESK_STATUSES:
            if presence.set_by_other:
                self._settings[presence.user_id] = presence
            else:  # the person's own choice (or a process that never heard of the setting)
                self._settings.pop(presence.user_id, None)
        if presence.activity is Activity.LEFT:
            self._presence.pop(presence.key, None)
        else:
            self._presence[presence.key] = _Entry(presence, self._loop.time())
        self._broadcast(None, _frame("presence", presence.to_json()))

    async def _expire_presence(self) -> None:
        interval = min(1.0, self.presence_ttl_s / 4)
        while True:
            await asyncio.sleep(interval)
            deadline = self._loop.time() - self.presence_ttl_s
            oldest = now_ms() - self.hold_ms
            for user, held in list(self._settings.items()):
                if held.set_at_ms < oldest:
                    del self._settings[user]
            for entry in list(self._presence.values()):
                if entry.seen < deadline:
                    self._apply_presence(replace(entry.presence, activity=Activity.LEFT, at_ms=now_ms()))


def _parse_id(last_event_id: str | None) -> int | None:
    text = (last_event_id or "").strip()
    return int(text) if text.isdigit() else None


def _change_frame(epoch: str, head: int) -> str:
    return f"id: {head}\n" + _frame("change", {"head": head, "epoch": epoch})


def _frame(kind: str, data: dict) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
