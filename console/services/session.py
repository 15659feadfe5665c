"""Signing the workstation in to its hub: the token lives in the keyring, never in settings."""

import socket
from dataclasses import dataclass

from console.services.credentials import Credentials
from console.services.errors import KnownError
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, NotAHubError
from console.sync.hub_client import SignInRequiredError as _Refused
from console.sync.puller import Puller


class SignInError(KnownError):
    """The sign-in did not happen; the message says why in words for the person signing in."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    username: str
    name: str
    role: str


class SessionService:
    def __init__(self, client: HubClient, credentials: Credentials, puller: Puller):
        self._client = client
        self._credentials = credentials
        self._puller = puller
        self._account = f"token@{client.base_url}"  # one sign-in per hub
        self.user: SignedIn | None = None

    @property
    def hub_url(self) -> str:
        return self._client.base_url

    @property
    def remembers_sign_in(self) -> bool:
        """Whether a sign-in outlives this run (only with a secure keyring)."""
        return self._credentials.secure

    def restore(self) -> bool:
        """Use the token kept from an earlier run, if any; the hub says soon whether it still holds."""
        token = self._credentials.get(self._account)
        self._client.token = token
        return token is not None

    async def sign_in(self, username: str, password: str) -> SignedIn:
        if not username.strip() or not password:
            raise SignInError("Enter your username and password.")
        try:
            result = await self._client.login(username.strip(), password, _label())
        except _Refused as error:
            raise SignInError(f"The hub refused the sign-in: {error}") from error
        except HubUnreachableError as error:
            raise SignInError(
                f"The hub cannot be reached ({error}). Try again when you are online."
            ) from error
        except (NotAHubError, HubResponseError) as error:
            raise SignInError(f"The sign-in failed: {error}") from error
        self._credentials.set(self._account, result.token)
        self.user = SignedIn(result.username, result.name, result.role)
        self._puller.wake()
        return self.user

    async def sign_out(self) -> None:
        await self._client.logout()
        self._credentials.delete(self._account)
        self.user = None
        self._puller.wake()  # the loop finds out it is signed out, and says so


def _label() -> str:
    return f"workstation {socket.gethostname()}"[:255]
