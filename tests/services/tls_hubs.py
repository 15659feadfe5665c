"""Real local hubs for the first-run checks: over HTTPS with a trustme certificate (an authority no
system store knows), and the ways an address can fail (nothing listening, not a hub, never answering)."""

import contextlib
import datetime
import http.server
import socket
import threading

import trustme

from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.server import EmbeddedHub

PASSWORD = "correct horse battery"


@contextlib.contextmanager
def tls_hub(tmp_path, *identities: str, expired: bool = False):
    """A hub with one user, ana, served over HTTPS; yields (url, the CA's PEM file)."""
    authority = trustme.CA()
    when = {}
    if expired:
        now = datetime.datetime.now(datetime.UTC)
        day = datetime.timedelta(days=1)
        when = {"not_before": now - 30 * day, "not_after": now - day}
    issued = authority.issue_cert(*(identities or ("127.0.0.1",)), **when)
    cert, key, ca = tmp_path / "hub-cert.pem", tmp_path / "hub-key.pem", tmp_path / "ca.pem"
    issued.private_key_and_cert_chain_pem.write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    authority.cert_pem.write_to_path(str(ca))
    engine = create_hub_engine(str(tmp_path / "tls-hub.sqlite"))
    migrate.upgrade(engine)
    auth.add_user(engine, "ana", PASSWORD, name="Ana")
    hub = EmbeddedHub(create_app(engine), tls=(str(cert), str(key)))
    try:
        yield hub.start(), ca
    finally:
        hub.stop()
        engine.dispose()


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _WebPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body>An intranet page</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def web_page():
    """A plain web server that is not a hub; yields its http URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def silent_port():
    """A port that accepts connections and never says a word; yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
