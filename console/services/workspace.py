"""Which workspace this desk opens — the embedded demo or a team's hub — chosen once in the first-run
wizard, kept as a small JSON in the user's config directory and used at every start after (the command
line and the environment still win). Connecting is checked step by step before anything is saved: the
address, the hub's certificate, that a Horseshoe hub answers, and the sign-in."""

import hashlib
import ipaddress
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from console.domain.translatable import translatable
from console.services.atomic_file import write_atomically
from console.services.credentials import Credentials
from console.services.errors import KnownError
from console.services.session import SessionService, SignedIn
from console.sync import tls_probe
from console.sync.hub_client import (
    HubClient,
    HubResponseError,
    HubUnreachableError,
    NotAHubError,
    unreachable_cause,
)
from console.sync.tls_probe import CaFileError, Certificate, CertificateReport, Verdict

# Certificate, CertificateReport and Verdict are the wizard's too: the ui never imports sync.
__all__ = [
    "Certificate",
    "CertificateReport",
    "Connection",
    "HubAddress",
    "HubCheck",
    "Verdict",
    "Workspace",
    "WorkspaceError",
    "WorkspaceFile",
    "check_hub_url",
    "opening",
]

log = logging.getLogger(__name__)

FILE_NAME = "workspace.json"
CERTIFICATES = "certificates"  # the CA files kept for hubs, beside FILE_NAME
_VERSION = 1


class WorkspaceError(KnownError):
    """The address, the certificate or the hub is not usable; the message says why and what to check."""


@dataclass(frozen=True, slots=True)
class Workspace:
    hub_url: str | None = None
    """The team's hub; None: the embedded demo hub."""
    ca_file: Path | None = None
    """A CA file (chosen, or a certificate trusted explicitly) the hub's TLS is verified against."""
    fingerprint: str | None = None
    """SHA-256 of the certificate trusted explicitly, so the person can compare it later."""

    @property
    def demo(self) -> bool:
        return self.hub_url is None


class WorkspaceFile:
    """The saved choice, and the certificates trusted for it, in ``config_dir``."""

    def __init__(self, config_dir: Path):
        self.config_dir = Path(config_dir)
        self.path = self.config_dir / FILE_NAME

    def load(self) -> Workspace | None:
        """The saved choice; None when there is none yet, or when the file is damaged (the wizard asks
        again, and the log says what was wrong)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("the saved workspace %s cannot be read, asking again: %s", self.path, error)
            return None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != _VERSION:
                raise ValueError(f"not a version {_VERSION} workspace file")
            hub_url, ca_file, fingerprint = data["hub_url"], data.get("ca_file"), data.get("fingerprint")
            if hub_url is not None:
                hub_url = check_hub_url(hub_url).url
            if not all(value is None or isinstance(value, str) for value in (ca_file, fingerprint)):
                raise ValueError("ca_file and fingerprint must be text")
        except (ValueError, KeyError, TypeError, WorkspaceError) as error:
            log.warning("the saved workspace %s is damaged, asking again: %s", self.path, error)
            return None
        if ca_file and (problem := self._unusable(Path(ca_file), fingerprint)):
            log.warning("the hub's trusted certificate %s, asking again", problem)
            return None
        return Workspace(hub_url, Path(ca_file) if ca_file else None, fingerprint)

    def _unusable(self, ca_file: Path, fingerprint: str | None) -> str:
        """Why a saved CA file is not to be trusted ('' when it is): it must be one this desk kept,
        unchanged since, and hold the certificate trusted explicitly when one was. Whatever it
        holds, the hub client trusts: a path edited to point elsewhere, or a file written over, is
        asked about again, not believed."""
        folder = (self.config_dir / CERTIFICATES).resolve()
        if not ca_file.is_absolute() or ca_file.resolve().parent != folder:
            return f"{ca_file} is not one kept in {folder}"
        try:
            pem = ca_file.read_text(encoding="ascii")
        except FileNotFoundError:
            return f"{ca_file} is gone"
        except (OSError, UnicodeDecodeError) as error:
            return f"{ca_file} cannot be read ({error})"
        if not ca_file.name.endswith(f"-{_digest(pem)}.pem"):
            return f"{ca_file} was changed after it was kept"
        if fingerprint is not None:
            try:
                held = tls_probe.fingerprint(pem)
            except ValueError:
                held = None
            if held != fingerprint:
                return f"{ca_file} does not hold the certificate trusted ({fingerprint})"
        return ""

    def save(self, workspace: Workspace) -> None:
        data = {
            "version": _VERSION,
            "hub_url": workspace.hub_url,
            "ca_file": str(workspace.ca_file.absolute()) if workspace.ca_file else None,
            "fingerprint": workspace.fingerprint,
        }
        self.config_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(data, indent=2) + "\n")

    def keep_certificate(self, hub_url: str, pem: str) -> Path:
        """Save a certificate trusted explicitly (or a chosen CA file's content) as this hub's CA file.

        Named for its content too: trusting another certificate in a wizard that is then cancelled
        writes a file of its own, never over the one the saved choice trusts."""
        folder = self.config_dir / CERTIFICATES
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"hub-{hashlib.sha1(hub_url.encode()).hexdigest()[:12]}-{_digest(pem)}.pem"
        write_atomically(path, pem)
        return path.absolute()

    def keep_ca_file(self, hub_url: str, source: Path) -> Path:
        """A chosen CA file copied beside the choice: it keeps working if the original moves."""
        try:
            pem = Path(source).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise WorkspaceError(
                translatable("Errors", "The CA file {source} cannot be read: {error}"),
                source=source,
                error=error,
            ) from error
        return self.keep_certificate(hub_url, pem)


def _digest(pem: str) -> str:
    """A kept CA file's content, in its name: a file written over no longer matches it."""
    return hashlib.sha256(pem.encode("ascii")).hexdigest()[:16]


def opening(
    hub_url: str | None, hub_ca_file: Path | None, first_run: bool, saved: Workspace | None
) -> Workspace | None:
    """What a start opens: the hub of the command line or environment (with the CA file saved for it,
    unless one was given too), else the saved choice (with the CA file given, if one was); None: ask
    (nothing chosen yet, or asked to)."""
    if first_run:
        return None
    if hub_url:
        if hub_ca_file is None and saved is not None and saved.hub_url == hub_url.rstrip("/"):
            hub_ca_file = saved.ca_file
        return Workspace(hub_url, hub_ca_file)
    if hub_ca_file is not None and saved is not None and saved.hub_url:
        return Workspace(saved.hub_url, hub_ca_file)  # --hub-ca alone: for the saved hub, as it says
    return saved


@dataclass(frozen=True, slots=True)
class HubAddress:
    url: str
    host: str
    port: int
    secure: bool
    warning: str = ""
    """Set for plain HTTP to another machine: the sign-in would travel unencrypted."""


def check_hub_url(text: str) -> HubAddress:
    """A hub address as typed, checked and normalised (no trailing slash, no query)."""
    text = text.strip()
    if not text:
        raise WorkspaceError(
            translatable("Errors", "Enter the hub's address, such as https://hub.example.com.")
        )
    if "://" not in text:
        raise WorkspaceError(
            translatable("Errors", "Start the address with https:// (or http:// for a hub on this computer).")
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise WorkspaceError(
            translatable("Errors", "This is not a usable address: {error}."), error=error
        ) from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise WorkspaceError(
            translatable("Errors", "A hub speaks https or http, not {scheme}."), scheme=parts.scheme
        )
    if not parts.hostname:
        raise WorkspaceError(translatable("Errors", "The address has no host name."))
    if parts.query or parts.fragment:
        raise WorkspaceError(translatable("Errors", "A hub address has no ? or # part."))
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    url = f"{scheme}://{netloc}{parts.path.rstrip('/')}"
    secure = scheme == "https"
    warning = ""
    if not secure and not _local(host):
        warning = (
            "This address uses plain http to another computer: your sign-in token would travel "
            "unencrypted. Ask for the hub's https address."
        )
    return HubAddress(url, host, port or (443 if secure else 80), secure, warning)


def _local(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Connection:
    version: str
    latency_ms: float


class HubCheck:
    """The wizard's checks, each async and Qt-free; failures are :class:`WorkspaceError` in words."""

    def __init__(self, credentials: Credentials, timeout: float = 10.0):
        self._credentials = credentials
        self._timeout = timeout

    async def certificate(self, address: HubAddress, ca_file: Path | None = None) -> CertificateReport:
        """The certificate the hub presents, and whether the system store (or ``ca_file``) trusts it."""
        try:
            return await tls_probe.probe_certificate(address.host, address.port, ca_file, self._timeout)
        except HubUnreachableError as error:
            raise _unreachable(address, error) from error
        except CaFileError as error:
            raise WorkspaceError(
                translatable("Errors", "That file cannot be used: {error}."), error=error
            ) from error

    async def test(self, address: HubAddress, ca_file: Path | None = None) -> Connection:
        """Ask the hub's /health who it is; the time is one round trip, connection set-up included."""
        client = self._client(address, ca_file)
        try:
            started = time.perf_counter()
            info = await client.health()
            latency = (time.perf_counter() - started) * 1000
        except HubUnreachableError as error:
            raise _unreachable(address, error) from error
        except NotAHubError as error:
            raise WorkspaceError(
                translatable(
                    "Errors",
                    "Something answers at {url}, but it is not a Horseshoe hub. "
                    "Check the address (a path after the host name, perhaps?).",
                ),
                url=address.url,
            ) from error
        except HubResponseError as error:
            raise WorkspaceError(
                translatable("Errors", "The hub answered with an error: {error}"), error=error
            ) from error
        finally:
            await client.aclose()
        return Connection(info.version, latency)

    async def sign_in(
        self, address: HubAddress, ca_file: Path | None, username: str, password: str
    ) -> SignedIn:
        """Sign in as the desk will (the token goes to the keyring under this hub's name)."""
        client = self._client(address, ca_file)
        try:
            return await SessionService(client, self._credentials).sign_in(username, password)
        finally:
            await client.aclose()

    def _client(self, address: HubAddress, ca_file: Path | None) -> HubClient:
        try:
            verify = tls_probe.verify_for(ca_file) if address.secure else True
        except CaFileError as error:
            raise WorkspaceError(
                translatable("Errors", "That file cannot be used: {error}."), error=error
            ) from error
        return HubClient(address.url, timeout=self._timeout, verify=verify)


def _unreachable(address: HubAddress, error: HubUnreachableError) -> WorkspaceError:
    """What stopped the connection, in words the agent can act on."""
    cause = unreachable_cause(error)
    where = {"host": address.host, "port": address.port, "error": error}
    if cause == "dns":
        text = translatable(
            "Errors", "The name {host} cannot be found (DNS). Check the spelling, or your network."
        )
    elif cause == "refused":
        text = translatable(
            "Errors",
            "{host} (port {port}) refused the connection: nothing listens there. "
            "Check the port, or whether the hub runs.",
        )
    elif cause == "timeout":
        text = translatable(
            "Errors",
            "{host} (port {port}) did not answer in time. A firewall may block it, or the hub is down.",
        )
    elif cause == "tls":
        text = translatable("Errors", "The secure (TLS) connection to {host} (port {port}) failed: {error}")
    else:
        text = translatable("Errors", "{host} (port {port}) cannot be reached: {error}")
    return WorkspaceError(text, **where)
