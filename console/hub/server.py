"""Running the hub: in the foreground for ``horseshoe-hub serve``, or in a thread when embedded."""

import asyncio
import logging
import socket
import threading
import time

import uvicorn
from fastapi import FastAPI

log = logging.getLogger(__name__)


def end_live_streams(app: FastAPI) -> None:
    """End the app's open live streams: uvicorn waits for open responses before shutting down (and
    before the lifespan's shutdown), and a Server-Sent Events response never ends by itself."""
    live = getattr(app.state, "live", None)
    if live is not None:
        live.close_streams()


class HubServer(uvicorn.Server):
    """uvicorn's server that also ends the live streams when asked to exit (Ctrl-C, SIGTERM)."""

    def __init__(self, config: uvicorn.Config, app: FastAPI):
        super().__init__(config)
        self._app = app

    def handle_exit(self, sig, frame) -> None:
        end_live_streams(self._app)
        super().handle_exit(sig, frame)


class EmbeddedHub:
    """A hub served by uvicorn on its own thread and event loop, so it never competes with the UI loop."""

    def __init__(
        self, app: FastAPI, host: str = "127.0.0.1", port: int = 0, tls: tuple[str, str] | None = None
    ):
        """``tls``: a certificate (chain) file and its key file, to serve HTTPS."""
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        self._app = app
        self._scheme = "https" if tls else "http"
        certificate, key = tls or (None, None)
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ssl_certfile=certificate,
            ssl_keyfile=key,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="embedded-hub", daemon=True)
        self.error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"{self._scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> str:
        """Serve in the background; returns the hub's URL once it accepts requests."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the embedded hub did not start: {self.error or 'timed out'}")
            time.sleep(0.01)
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        end_live_streams(self._app)
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()

    def _serve(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._socket]))
        except BaseException as error:  # reported to the starting thread through start()
            self.error = error
            log.exception("embedded hub stopped")
