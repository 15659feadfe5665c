"""What a hub's TLS certificate is, and whether this workstation may trust it — before any sign-in.

The first-run wizard shows the certificate to the person connecting; an untrusted one (self-signed, an
unknown authority) may be trusted explicitly, which saves it as a CA file the hub client then verifies
against. Expired or issued for another host: refused, whoever would trust it.
"""

import asyncio
import contextlib
import datetime
import enum
import hashlib
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from console.sync.hub_client import HubUnreachableError

# OpenSSL's verify codes that no explicit trust can excuse (X509_V_ERR_*).
_CERT_NOT_YET_VALID, _CERT_HAS_EXPIRED, _HOSTNAME_MISMATCH, _IP_MISMATCH = 9, 10, 62, 64


class Verdict(enum.Enum):
    TRUSTED = "trusted"  # the system store (or the CA file given) vouches for it
    UNTRUSTED = "untrusted"  # valid for this host, but nobody this workstation knows signed it
    REFUSED = "refused"  # expired, not yet valid, or for another host


@dataclass(frozen=True, slots=True)
class Certificate:
    subject: str
    issuer: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    sha256: str  # colon-separated upper-case hex, as browsers show it
    pem: str

    @property
    def self_signed(self) -> bool:
        return self.subject == self.issuer


@dataclass(frozen=True, slots=True)
class CertificateReport:
    certificate: Certificate
    verdict: Verdict
    reason: str = ""  # OpenSSL's words for why it is not trusted (or refused)


class CaFileError(ValueError):
    """The CA file cannot be read, or holds no certificate."""


def verify_for(ca_file: Path | None) -> ssl.SSLContext:
    """The TLS context the hub client uses: the system store, plus ``ca_file`` when one was chosen or a
    certificate was trusted explicitly (partial chains allowed, so a trusted leaf is enough)."""
    context = ssl.create_default_context()
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as error:
            raise CaFileError(f"{ca_file} is not a usable CA file ({error})") from error
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


async def probe_certificate(
    host: str, port: int, ca_file: Path | None = None, wait_s: float = 5.0
) -> CertificateReport:
    """Fetch the certificate ``host:port`` presents and judge it; :class:`HubUnreachableError` when no
    TLS conversation happens at all (DNS, refused, timeout, not TLS), with the cause in words."""
    unchecked = ssl.create_default_context()
    unchecked.check_hostname = False
    unchecked.verify_mode = ssl.CERT_NONE
    der = await _handshake(host, port, unchecked, wait_s, want_certificate=True)
    certificate = _parse(der)
    try:
        await _handshake(host, port, verify_for(ca_file), wait_s)
        return CertificateReport(certificate, Verdict.TRUSTED)
    except ssl.SSLCertVerificationError as error:
        untrusted = error
    # Would it pass if trusted? Trusting exactly this certificate leaves only the checks that no trust
    # excuses (validity dates, host name), and OpenSSL words them.
    pinned = ssl.create_default_context(cadata=certificate.pem)
    pinned.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    try:
        await _handshake(host, port, pinned, wait_s)
    except ssl.SSLCertVerificationError as error:
        return CertificateReport(certificate, Verdict.REFUSED, _words(error))
    if untrusted.verify_code in (_CERT_NOT_YET_VALID, _CERT_HAS_EXPIRED, _HOSTNAME_MISMATCH, _IP_MISMATCH):
        return CertificateReport(certificate, Verdict.REFUSED, _words(untrusted))
    return CertificateReport(certificate, Verdict.UNTRUSTED, _words(untrusted))


async def _handshake(
    host: str, port: int, context: ssl.SSLContext, wait_s: float, want_certificate: bool = False
) -> bytes:
    """One TLS handshake; returns the peer's certificate (DER) when asked. Verification failures
    propagate as :class:`ssl.SSLCertVerificationError`; everything else is "unreachable"."""
    try:
        async with asyncio.timeout(wait_s):
            _reader, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
    except ssl.SSLCertVerificationError:
        raise
    except TimeoutError as error:
        raise HubUnreachableError(f"no answer from {host}:{port} within {wait_s:g} s (timed out)") from error
    except socket.gaierror as error:
        raise HubUnreachableError(f"unknown host {host} ({error.strerror})") from error
    except ConnectionRefusedError as error:
        raise HubUnreachableError(f"connection refused by {host}:{port}") from error
    except ssl.SSLError as error:
        raise HubUnreachableError(f"TLS failure with {host}:{port} ({_ssl_words(error)})") from error
    except (ConnectionError, OSError) as error:
        raise HubUnreachableError(f"cannot reach {host}:{port} ({error.strerror or error})") from error
    try:
        der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True) if want_certificate else b""
    finally:
        writer.close()
        # The probe is over: a server slow (or rude) in saying goodbye changes nothing.
        with contextlib.suppress(TimeoutError, ConnectionError, ssl.SSLError):
            await asyncio.wait_for(writer.wait_closed(), 1.0)
    if want_certificate and not der:
        raise HubUnreachableError(f"{host}:{port} presented no certificate")
    return der


def fingerprint(pem: str) -> str:
    """The SHA-256 of the first certificate in ``pem``, as :attr:`Certificate.sha256` words it;
    ValueError when there is none."""
    parsed = x509.load_pem_x509_certificate(pem.encode("ascii"))
    return _sha256(parsed.public_bytes(serialization.Encoding.DER))


def _parse(der: bytes) -> Certificate:
    parsed = x509.load_der_x509_certificate(der)
    return Certificate(
        subject=parsed.subject.rfc4514_string(),
        issuer=parsed.issuer.rfc4514_string(),
        not_before=parsed.not_valid_before_utc,
        not_after=parsed.not_valid_after_utc,
        sha256=_sha256(der),
        pem=parsed.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def _sha256(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _words(error: ssl.SSLCertVerificationError) -> str:
    return error.verify_message or _ssl_words(error)


def _ssl_words(error: ssl.SSLError) -> str:
    if error.reason == "WRONG_VERSION_NUMBER":
        return "the server does not speak TLS on this port"
    return (error.reason or str(error)).replace("_", " ").lower()
