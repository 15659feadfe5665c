"""What a supervisor does to the floor from their desk: set an agent's status, send a team note.

Setting a status is live, like presence: it needs the hub now (an "away" that lands an hour later
would be wrong), so offline it fails with the reason. A team note is durable instead: it goes
through the outbox like any local work and reaches the hub once, whenever the hub answers.
"""

from collections.abc import Callable

from console.domain.broadcast import broadcast_problem
from console.domain.mutation import MutationKind
from console.domain.presence import DESK_STATUSES, Activity
from console.domain.translatable import translatable
from console.services.cases import queue_mutation
from console.services.errors import KnownError
from console.storage.outbox import Outbox
from console.sync.hub_client import (
    HubClient,
    HubRefusedError,
    HubResponseError,
    HubUnreachableError,
    SignInRequiredError,
)
from console.sync.pusher import Pusher


class SupervisionError(KnownError):
    """A supervisor action that could not be done, with the reason (offline, not permitted, no such agent)."""


class Supervision:
    def __init__(
        self, client: HubClient, outbox: Outbox, pusher: Pusher, current_user: Callable[[], str | None]
    ):
        self._client = client
        self._outbox = outbox
        self._pusher = pusher
        self._current_user = current_user

    async def set_agent_status(self, user_id: str, status: Activity) -> None:
        """Set ``user_id``'s desk status (available, busy, away) on the hub, at once: routing follows
        it, and the agent's workstation adopts it and tells the agent who set it."""
        if status not in DESK_STATUSES:
            raise SupervisionError(
                translatable("Errors", "{status} is not a desk status: choose available, busy or away"),
                status=status,
            )
        try:
            await self._client.set_agent_status(user_id, Activity(status).value)
        except HubUnreachableError as error:
            raise SupervisionError(
                translatable("Errors", "Offline: {error}. A status is set on the hub, live."), error=error
            ) from error
        except SignInRequiredError as error:
            raise SupervisionError(
                translatable("Errors", "Sign in to set a colleague's status ({error})."), error=error
            ) from error
        except HubRefusedError as error:
            raise SupervisionError(
                translatable("Errors", "The hub refused: {error}."), error=error
            ) from error
        except HubResponseError as error:
            raise SupervisionError(
                translatable("Errors", "The hub did not set the status: {error}"), error=error
            ) from error

    async def broadcast(self, text: str, team_id: str | None = None) -> None:
        """Queue a team note to ``team_id``'s members (None: everyone). Durable: it is in the outbox
        when this returns and reaches the hub exactly once; the hub may still refuse it (its reason
        shows with the outbox's answers)."""
        text = text.strip()
        problem = broadcast_problem(text)
        if problem:
            raise SupervisionError(
                translatable("Errors", "Cannot send the note: {problem}."), problem=problem
            )
        payload = {"text": text} | ({"team_id": team_id} if team_id else {})
        await queue_mutation(
            self._outbox,
            self._pusher,
            self._current_user(),
            MutationKind.BROADCAST,
            "",
            payload,
            SupervisionError,
        )
