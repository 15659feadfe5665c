"""Signing the workstation in to its hub: the token lives in the keyring, never in settings."""

import json
import socket
from dataclasses import asdict, dataclass

from console.domain.translatable import translatable
from console.services.credentials import Credentials
from console.services.errors import KnownError
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, NotAHubError
from console.sync.hub_client import SignInRequiredError as _Refused
from console.sync.puller import Puller
from console.sync.pusher import Pusher


class SignInError(KnownError):
    """The sign-in did not happen; the message says why in words for the person signing in."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: str
    username: str
    name: str
    role: str


class SessionService:
    def __init__(
        self,
        client: HubClient,
        credentials: Credentials,
        puller: Puller | None = None,
        pusher: Pusher | None = None,
    ):
        """Without a puller and pusher (the first-run wizard, before sync runs) a sign-in only keeps
        the token for the desk that starts next."""
        self._client = client
        self._credentials = credentials
        self._puller = puller
        self._pusher = pusher
        self._account = f"token@{client.base_url}"  # one sign-in per hub
        self._who = f"user@{client.base_url}"  # who that was, so work can be queued offline after a restart
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
        who = self._credentials.get(self._who)
        self._client.token = token
        if token is not None and who:
            try:
                self._signed_in(SignedIn(**json.loads(who)))
            except (TypeError, ValueError):
                self._credentials.delete(self._who)  # unreadable: the next sign-in writes it again
        return token is not None

    async def sign_in(self, username: str, password: str) -> SignedIn:
        if not username.strip() or not password:
            raise SignInError(translatable("Errors", "Enter your username and password."))
        try:
            result = await self._client.login(username.strip(), password, _label())
        except _Refused as error:
            raise SignInError(
                translatable("Errors", "The hub refused the sign-in: {error}"), error=error
            ) from error
        except HubUnreachableError as error:
            raise SignInError(
                translatable("Errors", "The hub cannot be reached ({error}). Try again when you are online."),
                error=error,
            ) from error
        except (NotAHubError, HubResponseError) as error:
            raise SignInError(translatable("Errors", "The sign-in failed: {error}"), error=error) from error
        user = SignedIn(result.user_id, result.username, result.name, result.role)
        self._credentials.set(self._account, result.token)
        self._credentials.set(self._who, json.dumps(asdict(user)))
        self._signed_in(user)
        if self._puller is not None:
            self._puller.wake()
        return user

    def _signed_in(self, user: SignedIn) -> None:
        self.user = user
        if self._pusher is not None:
            self._pusher.user_id = user.user_id
            self._pusher.wake()

    async def sign_out(self) -> None:
        await self._client.logout()
        self._credentials.delete(self._account)
        self._credentials.delete(self._who)
        self.user = None
        self._pusher.user_id = None  # the outbox keeps this user's unsent work for their next sign-in
        self._puller.wake()  # the loop finds out it is signed out, and says so


def _label() -> str:
    return f"workstation {socket.gethostname()}"[:255]
