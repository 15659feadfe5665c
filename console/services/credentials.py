"""Secrets (the agent's hub token) in the OS keyring — and an explicit, visible fallback without one.

On a headless Linux keyring's "fail" backend raises ``NoKeyringError``; keyrings.alt would store
secrets base64-encoded in a plain file. Neither is acceptable silently: without a secure backend
secrets live in memory for this session only, and :attr:`Credentials.notice` says so for the UI.
"""

import logging

import keyring
import keyring.backend
import keyring.errors

from console.domain.translatable import translatable
from console.services.errors import KnownError

log = logging.getLogger(__name__)

SERVICE = "horseshoe"

# Backends that keep secrets readable by anyone who can read the user's files.
_PLAINTEXT_MODULES = ("keyrings.alt.file", "keyring.backends.null", "keyring.backends.fail")


class CredentialsError(KnownError):
    """The keyring refused an operation (locked, denied); the message says which and why."""


class Credentials:
    def __init__(self, backend: keyring.backend.KeyringBackend | None = None):
        self._backend = backend or keyring.get_keyring()
        self._memory: dict[str, str] = {}
        self.secure = _is_secure(self._backend)

    @property
    def backend_name(self) -> str:
        backend = type(self._backend)
        return f"{backend.__module__}.{backend.__name__}"

    @property
    def notice(self) -> str | None:
        """A sentence for the user when secrets cannot be stored safely, else None."""
        if self.secure:
            return None
        return (
            "No secure credential store (keyring backend: "
            f"{self.backend_name}). Sign-ins are kept for this session only; install and unlock "
            "a Secret Service keyring (GNOME Keyring, KWallet) to remember them."
        )

    def get(self, account: str) -> str | None:
        if not self.secure:
            return self._memory.get(account)
        try:
            return self._backend.get_password(SERVICE, account)
        except keyring.errors.KeyringError as error:
            raise CredentialsError(
                translatable("Errors", "The keyring did not give the secret for {account}: {error}"),
                account=account,
                error=error,
            ) from error

    def set(self, account: str, secret: str) -> None:
        if not self.secure:
            self._memory[account] = secret
            return
        try:
            self._backend.set_password(SERVICE, account, secret)
        except keyring.errors.KeyringError as error:
            raise CredentialsError(
                translatable("Errors", "The keyring did not store the secret for {account}: {error}"),
                account=account,
                error=error,
            ) from error

    def delete(self, account: str) -> None:
        self._memory.pop(account, None)
        if not self.secure:
            return
        try:
            self._backend.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: the outcome the caller wanted
        except keyring.errors.KeyringError as error:
            raise CredentialsError(
                translatable("Errors", "The keyring did not delete the secret for {account}: {error}"),
                account=account,
                error=error,
            ) from error


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    if module.startswith(_PLAINTEXT_MODULES) or "Plaintext" in type(backend).__name__:
        return False
    try:
        priority = backend.priority
    except Exception:  # a backend whose priority check fails is not usable here
        return False
    if module.startswith("keyring.backends.chainer"):
        return any(_is_secure(b) for b in getattr(backend, "backends", ()))
    return priority > 0
