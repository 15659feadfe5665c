"""Real local hubs for the first-run checks: over HTTPS with a trustme certificate (an authority no
system store knows), and the ways an address can fail (nothing listening, not a hub, never answering)."""

import contextlib
import datetime
import http.server
import ipaddress
import socket
import threading

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.server import EmbeddedHub

PASSWORD = "correct horse battery"
LOOPBACK = ipaddress.ip_address("127.0.0.1")


@contextlib.contextmanager
def tls_hub(tmp_path, *identities: str, expired: bool = False, self_signed: bool = False):
    """A hub with one user, ana, served over HTTPS; yields (url, the CA's PEM file). The certificate
    is issued by a trustme authority, or signed by its own key (the CA file is then itself)."""
    cert, key, ca = tmp_path / "hub-cert.pem", tmp_path / "hub-key.pem", tmp_path / "ca.pem"
    if self_signed:
        _self_signed(cert, key)
        ca.write_bytes(cert.read_bytes())
    else:
        authority = trustme.CA()
        when = {}
        if expired:
            now = datetime.datetime.now(datetime.UTC)
            day = datetime.timedelta(days=1)
            when = {"not_before": now - 30 * day, "not_after": now - day}
        issued = authority.issue_cert(*(identities or ("127.0.0.1",)), **when)
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


def _self_signed(cert_path, key_path) -> None:
    """A certificate for 127.0.0.1 signed by its own key, as an administrator makes one in a hurry."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hub.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


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
