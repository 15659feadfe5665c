"""A loopback TCP proxy that breaks connections on purpose, between workstations and hub processes.

It forwards bytes both ways and, drawing from a seeded random generator, cuts a connection in the
middle of a request (the hub gets half of it) or of a response (the hub did the work, the answer
is lost), stalls a chunk, delivers a push a second time later (to the other hub, if any), or
refuses new connections for a while. It spreads connections over one
or more upstream hubs (round robin) and fails over to the next when one does not answer, which is
how two hub processes on one PostgreSQL get exercised.
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CHUNK = 65536


@dataclass
class Faults:
    """Chances per forwarded chunk; zero everywhere is a faithful proxy."""

    cut_request: float = 0.0  # forward half of a request chunk, then drop the connection
    cut_response: float = 0.0  # forward half of a response chunk, then drop the connection
    stall: float = 0.0  # hold a chunk back for ``stall_seconds`` before forwarding it
    stall_seconds: tuple[float, float] = (0.5, 3.0)
    duplicate: float = 0.0  # per push: deliver it once more, later, to the next hub (answer discarded)
    duplicate_delay: tuple[float, float] = (0.0, 3.0)


@dataclass
class Counts:
    connections: int = 0
    refused: int = 0
    no_upstream: int = 0
    cut_requests: int = 0
    cut_responses: int = 0
    stalls: int = 0
    cut_all: int = 0  # connections dropped by cut_all()
    duplicated_pushes: int = 0
    by_upstream: dict[str, int] = field(default_factory=dict)


class Proxy:
    def __init__(self, upstreams: list[tuple[str, int]], seed: int, faults: Faults | None = None):
        self.upstreams = list(upstreams)
        self.faults = faults or Faults()
        self.counts = Counts()
        self._rng = random.Random(seed)
        self._next = 0
        self._refuse_until = 0.0
        self._open: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task] = set()
        self._server: asyncio.Server | None = None
        self.port = 0
        # Sees every request chunk on its way to an upstream (by index): the campaign uses it to kill
        # a process while a push is in flight.
        self.on_request: Callable[[bytes, int], None] | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._accept, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._server is not None:
            self._server.close()
            self.cut_all(count=False)
            await self._server.wait_closed()

    def cut_all(self, count: bool = True) -> int:
        """Drop every open connection now, as a network outage would."""
        writers = list(self._open)
        for writer in writers:
            _abort(writer)
        if count:
            self.counts.cut_all += len(writers)
        return len(writers)

    def refuse_for(self, seconds: float) -> None:
        """Refuse new connections (accept and close at once) for ``seconds``."""
        self._refuse_until = asyncio.get_running_loop().time() + seconds

    async def _accept(self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() < self._refuse_until:
            self.counts.refused += 1
            _abort(client)
            return
        upstream = await self._connect_upstream()
        if upstream is None:
            self.counts.no_upstream += 1
            _abort(client)
            return
        hub_reader, hub, index = upstream
        self.counts.connections += 1
        self._open.update((client, hub))
        try:
            await asyncio.gather(
                self._pump(client_reader, hub, (client, hub), request=True, upstream=index),
                self._pump(hub_reader, client, (client, hub), request=False, upstream=index),
            )
        finally:
            for writer in (client, hub):
                self._open.discard(writer)
                _abort(writer)

    async def _connect_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, int] | None:
        """The next upstream in turn; the ones after it when it refuses (failover)."""
        count = len(self.upstreams)
        start, self._next = self._next, self._next + 1
        for offset in range(count):
            index = (start + offset) % count
            host, port = self.upstreams[index]
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                continue
            key = f"{host}:{port}"
            self.counts.by_upstream[key] = self.counts.by_upstream.get(key, 0) + 1
            return reader, writer, index
        return None

    async def _pump(self, reader, writer, pair, request: bool, upstream: int) -> None:
        cut_chance = self.faults.cut_request if request else self.faults.cut_response
        push = bytearray()  # the push request being forwarded, kept whole to deliver it again
        try:
            while data := await reader.read(CHUNK):
                if request and self.on_request is not None:
                    self.on_request(data, upstream)
                if request and (push or data.startswith(b"POST /v1/sync/push ")):
                    push += data
                    if _complete(push):
                        if self.faults.duplicate and self._rng.random() < self.faults.duplicate:
                            delay = self._rng.uniform(*self.faults.duplicate_delay)
                            self._spawn(self._deliver_again(bytes(push), upstream + 1, delay))
                        push.clear()
                if self.faults.stall and self._rng.random() < self.faults.stall:
                    self.counts.stalls += 1
                    await asyncio.sleep(self._rng.uniform(*self.faults.stall_seconds))
                if cut_chance and self._rng.random() < cut_chance:
                    writer.write(data[: len(data) // 2])
                    with contextlib.suppress(OSError):
                        await writer.drain()
                    if request:
                        self.counts.cut_requests += 1
                    else:
                        self.counts.cut_responses += 1
                    for end in pair:
                        _abort(end)
                    return
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            if writer.can_write_eof() and not writer.is_closing():
                with contextlib.suppress(OSError):
                    writer.write_eof()  # a half-close: the other direction may still be answering

    def _spawn(self, work) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver_again(self, request: bytes, upstream: int, delay: float) -> None:
        """A duplicate of a push, late and to another hub when there is one, as a retrying middlebox
        or a client's resend racing its original might deliver it; its answer goes nowhere."""
        await asyncio.sleep(delay)
        host, port = self.upstreams[upstream % len(self.upstreams)]
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            return
        self.counts.duplicated_pushes += 1
        try:
            writer.write(request)
            await writer.drain()
            async with asyncio.timeout(10):
                await reader.read(CHUNK)  # the start of the answer: the hub has applied it by then
        except (OSError, TimeoutError):
            pass
        finally:
            _abort(writer)


def _complete(request: bytearray) -> bool:
    """Whether ``request`` holds a whole HTTP request (headers and a Content-Length body)."""
    end = request.find(b"\r\n\r\n")
    if end < 0:
        return False
    length = 0
    for line in bytes(request[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    return len(request) >= end + 4 + length


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a reset rather than a graceful FIN, like a cable pulled mid-transfer."""
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()
