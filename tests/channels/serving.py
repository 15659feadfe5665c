"""Serving recorded exchanges back through httpx's mock transport, and keeping what was asked."""

from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

from console.channels.recordings import Exchange


class Replay:
    """An httpx transport handler answering each (method, path) with its recorded response, in
    order when a path was recorded more than once; every request is kept in ``requests``."""

    def __init__(self, exchanges: Iterable[Exchange]):
        self.answers: dict[tuple[str, str], list[Exchange]] = {}
        for exchange in exchanges:
            key = (exchange.method, urlsplit(exchange.url).path.rstrip("/"))
            self.answers.setdefault(key, []).append(exchange)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.answers.get((request.method, request.url.path.rstrip("/")))
        if not queue:
            return httpx.Response(404, json={"error": f"not recorded: {request.method} {request.url.path}"})
        exchange = queue.pop(0) if len(queue) > 1 else queue[0]
        headers = {
            k: v
            for k, v in exchange.headers.items()
            if k not in ("content-encoding", "content-length", "transfer-encoding")
        }
        return httpx.Response(exchange.status, headers=headers, content=exchange.body)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))
