"""The workstation's end of the hub's live stream (``GET /v1/live``, Server-Sent Events).

A hint only wakes the puller sooner: the puller keeps polling (less often while the stream is up), so
a lost hint or a dead stream delays a change, never loses it. The stream reconnects with backoff and
``Last-Event-ID``, so the hub says at once whether the head moved while it was away.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from console.domain.clock import now_ms
from console.domain.presence import Activity, Presence
from console.sync.hub_client import HubClient, SignInRequiredError
from console.sync.puller import Backoff

log = logging.getLogger(__name__)

HEARTBEAT_TIMEOUT_S = 45.0
"""Give up on a stream silent this long: the hub sends a heartbeat every 15 s."""
SIGNED_OUT_RETRY_S = 300.0


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    event: str
    data: str
    id: str | None  # the last event id in force when it was dispatched


@dataclass(frozen=True, slots=True)
class ChangeHint:
    """The hub's change log reached ``head`` (in ``epoch``): pull if the cache is behind."""

    head: int
    epoch: str


class SSEParser:
    """The event-stream format as the WHATWG HTML standard defines it, fed one line at a time."""

    def __init__(self, last_id: str | None = None):
        self.last_id = last_id
        self.retry_ms: int | None = None
        self.comments = 0  # heartbeats, mostly
        self._event = ""
        self._data: list[str] = []

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its line break); returns an event when a blank line ends one."""
        if not line:
            if not self._data:
                self._event = ""
                return None
            dispatched = ServerSentEvent(self._event or "message", "\n".join(self._data), self.last_id)
            self._event, self._data = "", []
            return dispatched
        if line.startswith(":"):
            self.comments += 1
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self.last_id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None


ChangeListener = Callable[[ChangeHint], None]
PresenceListener = Callable[[tuple[Presence, ...]], None]
ConnectionListener = Callable[[bool], None]


class LiveClient:
    """Holds the live stream open for the app's life and reports what it carries.

    ``on_presence`` receives everyone present on the hub's cases after each change (and an empty
    tuple when the stream is lost: presence is unknown while disconnected). Each entry's ``at_ms`` is
    when it was last reported, on this workstation's clock, so its age shows how fresh it is.
    """

    def __init__(
        self,
        client: HubClient,
        on_change: ChangeListener,
        on_presence: PresenceListener | None = None,
        on_connection: ConnectionListener | None = None,
        heartbeat_timeout: float = HEARTBEAT_TIMEOUT_S,
        backoff: Backoff | None = None,
    ):
        self._client = client
        self._on_change = on_change
        self._on_presence = on_presence or (lambda _board: None)
        self._on_connection = on_connection or (lambda _connected: None)
        self._heartbeat_timeout = heartbeat_timeout
        self._backoff = backoff or Backoff(first=0.5, cap=30.0)
        self._wake = asyncio.Event()
        self.last_event_id: str | None = None
        self.connected = False
        self.presence: dict[tuple[str, str], Presence] = {}

    def wake(self) -> None:
        """Reconnect now instead of after the backoff (the puller reached the hub, or a sign-in)."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._follow()
                delay = self._backoff.next()  # the hub ended the stream (e.g. it is shutting down)
            except SignInRequiredError as error:
                log.info("live: %s", error)
                delay = SIGNED_OUT_RETRY_S
            except Exception as error:  # unreachable, not a hub, a bad answer: try again later
                delay = self._backoff.next()
                log.info("live: stream lost (%s); reconnecting in %.1f s", error, delay)
            finally:
                self._set_connected(False)
            # Not wait_for: on 3.11 it can swallow a cancel that lands as the event is set, and stop()
            # would wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _follow(self) -> None:
        async with self._client.live(self.last_event_id, self._heartbeat_timeout) as lines:
            self._set_connected(True)
            parser = SSEParser(self.last_event_id)
            async for line in lines:
                received = parser.feed(line)
                if received is not None:
                    self._backoff.reset()
                    self._handle(received)
                self.last_event_id = parser.last_id

    def _handle(self, received: ServerSentEvent) -> None:
        try:
            data = json.loads(received.data)
            if received.event == "change":
                hint = ChangeHint(int(data["head"]), str(data["epoch"]))
                self._on_change(hint)
            elif received.event == "presence-snapshot":
                now = now_ms()
                board = {}
                for item in data["presence"]:
                    entry = Presence.from_json(item)
                    board[entry.key] = replace(entry, at_ms=now - max(0, int(item.get("age_ms", 0))))
                self.presence = board
                self._on_presence(tuple(board.values()))
            elif received.event == "presence":
                entry = replace(Presence.from_json(data), at_ms=now_ms())
                if entry.activity is Activity.LEFT:
                    self.presence.pop(entry.key, None)
                else:
                    self.presence[entry.key] = entry
                self._on_presence(tuple(self.presence.values()))
        except (KeyError, TypeError, ValueError) as error:
            log.warning("live: ignoring a malformed %s event: %s", received.event, error)

    def _set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if not connected and self.presence:
            self.presence = {}
            self._on_presence(())
        self._on_connection(connected)
