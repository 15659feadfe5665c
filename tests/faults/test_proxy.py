"""The campaign's fault proxy, against a small HTTP server on loopback: each fault does what it says."""

import asyncio

import httpx
import pytest
import pytest_asyncio

from tests.faults.proxy import Faults, Proxy


class Upstream:
    """Answers every request with 200 and counts the pushes it received whole."""

    def __init__(self):
        self.pushes = 0
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                body = await reader.readexactly(length)
                if head.startswith(b"POST /v1/sync/push") and body.endswith(b"}"):
                    self.pushes += 1
                answer = b'{"ok":true}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()


PUSH = {"workstation_id": "w", "mutations": [{"id": "m", "seq": 1}]}


@pytest_asyncio.fixture
async def upstreams():
    servers = [Upstream(), Upstream()]
    for server in servers:
        await server.start()
    yield servers
    for server in servers:
        await server.stop()


async def _proxy(upstreams, faults: Faults) -> tuple[Proxy, httpx.AsyncClient]:
    proxy = Proxy([("127.0.0.1", u.port) for u in upstreams], seed=1, faults=faults)
    port = await proxy.start()
    return proxy, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5)


@pytest.mark.asyncio
async def test_a_faithful_proxy_spreads_connections_over_the_hubs(upstreams):
    proxy, client = await _proxy(upstreams, Faults())
    for _ in range(4):
        assert (await client.post("/v1/sync/push", json=PUSH)).json() == {"ok": True}
        await client.aclose()  # a new connection each time: round robin
        client = httpx.AsyncClient(base_url=client.base_url)
    assert [u.pushes for u in upstreams] == [2, 2]
    await client.aclose()
    await proxy.stop()


@pytest.mark.asyncio
async def test_a_cut_response_loses_the_answer_after_the_hub_got_the_request(upstreams):
    proxy, client = await _proxy(upstreams, Faults(cut_response=1.0))
    with pytest.raises(httpx.TransportError):
        await client.post("/v1/sync/push", json=PUSH)
    assert sum(u.pushes for u in upstreams) == 1 and proxy.counts.cut_responses == 1
    await client.aclose()
    await proxy.stop()


@pytest.mark.asyncio
async def test_a_push_is_delivered_again_to_the_other_hub(upstreams):
    proxy, client = await _proxy(upstreams, Faults(duplicate=1.0, duplicate_delay=(0.0, 0.0)))
    assert (await client.post("/v1/sync/push", json=PUSH)).status_code == 200
    for _ in range(50):
        if proxy.counts.duplicated_pushes and sum(u.pushes for u in upstreams) == 2:
            break
        await asyncio.sleep(0.02)
    assert [u.pushes for u in upstreams] == [1, 1]
    await client.aclose()
    await proxy.stop()


@pytest.mark.asyncio
async def test_refusing_and_failing_over(upstreams):
    proxy, client = await _proxy(upstreams, Faults())
    proxy.refuse_for(5)
    with pytest.raises(httpx.TransportError):
        await client.post("/v1/sync/push", json=PUSH)
    assert proxy.counts.refused == 1
    proxy.refuse_for(0)
    await upstreams[0].stop()  # the first hub is down: its turn goes to the next
    for _ in range(2):
        async with httpx.AsyncClient(base_url=client.base_url) as fresh:
            assert (await fresh.post("/v1/sync/push", json=PUSH)).status_code == 200
    assert upstreams[1].pushes == 2
    await client.aclose()
    await proxy.stop()
