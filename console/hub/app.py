"""The hub's HTTP API (FastAPI). Endpoints are plain ``def``: their database work runs in the threadpool."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.requests import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import Engine

import console
from console.domain.agent import ASSIGNABLE_ROLES, Agent, Permission
from console.domain.clock import now_ms
from console.domain.mutation import MutationKind
from console.domain.presence import DESK, DESK_STATUSES, Activity
from console.hub import auth, changelog, push
from console.hub.assigner import Assigner, AssignPolicy
from console.hub.channel_health import channel_health_router
from console.hub.checksum import checksum
from console.hub.crisis_watch import CrisisPolicy, CrisisWatch
from console.hub.database import reader
from console.hub.demo_feed import DemoFeed
from console.hub.history import MAX_CASES as MAX_HISTORY_CASES
from console.hub.history import history_of, history_range
from console.hub.listener import Listener
from console.hub.live import LiveBroker, LiveUnavailableError
from console.hub.mentioned import MentionFetcher
from console.hub.migrate import current_revision
from console.hub.moderator import Moderator
from console.hub.poller import Poller
from console.hub.publisher import Publisher
from console.hub.pull import MAX_LIMIT, pull
from console.hub.scope import Scope
from console.hub.security import Credentials, caller_dependency, permission_dependency, unauthorized
from console.hub.webhooks import WebhookSecrets, webhook_router

SERVICE = "horseshoe-hub"


class PushRequest(BaseModel):
    workstation_id: str = Field(min_length=1, max_length=36)
    mutations: list[dict] = Field(max_length=push.MAX_BATCH)


MAX_MS = 2**63 - 1  # a BIGINT: larger times would fail in the database, not be refused
FLOOR_HELP = "the workstation's history horizon: leave out resolved cases last active before it (epoch ms)"


class HistoryCasesRequest(BaseModel):
    ids: list[str] = Field(max_length=MAX_HISTORY_CASES, description="the cases to send whole")


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    label: str = Field("", max_length=255, description="which workstation or tool signs in")


class PresenceRequest(BaseModel):
    case_id: str = Field(max_length=64, description="the case; empty for a desk status")
    activity: Activity
    chosen: bool = Field(
        False, description="a desk status the person just chose (not a refresh): ends a supervisor's setting"
    )

    @model_validator(mode="after")
    def _desk_or_case(self) -> "PresenceRequest":
        desk = self.activity in DESK_STATUSES
        if self.activity is not Activity.LEFT and desk != (self.case_id == DESK):
            raise ValueError("available/busy/away go with an empty case_id, viewing/typing with a case")
        return self


class AgentStatusRequest(BaseModel):
    status: Activity

    @model_validator(mode="after")
    def _desk(self) -> "AgentStatusRequest":
        if self.status not in DESK_STATUSES:
            raise ValueError("a desk status is available, busy or away")
        return self


def create_app(
    engine: Engine,
    demo: DemoFeed | None = None,
    token_ttl_ms: int = auth.DEFAULT_TOKEN_TTL_MS,
    live: LiveBroker | None = None,
    publisher: Publisher | None = None,
    claim_lease_ms: int = push.CLAIM_LEASE_MS,
    assignment: AssignPolicy | None = None,
    crisis: CrisisPolicy | None = None,
    webhooks: WebhookSecrets | None = None,
    poller: Poller | None = None,
    http_client: httpx.AsyncClient | None = None,
    listener: Listener | None = None,
    mentioned: MentionFetcher | None = None,
    moderator: Moderator | None = None,
) -> FastAPI:
    """The hub's app; ``demo``, ``poller``, the stream ``listener``, ``moderator``, ``publisher``,
    auto-``assignment`` and the ``crisis`` watch run for as long as it serves, when given.
    ``http_client``, shared by the networks' connectors, is closed last."""
    live = live or LiveBroker(engine)
    assigner = Assigner(engine, live.desk_statuses, assignment) if assignment else None
    watch = CrisisWatch(engine, crisis) if crisis else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await live.start()
        # The readers stop first: the publisher closes the connectors they share as it stops.
        services = (poller, listener, moderator, publisher, assigner, watch)
        background = [service for service in services if service]
        for service in background:
            await service.start()
        task = asyncio.create_task(demo.run(), name="demo-feed") if demo else None
        try:
            yield
        finally:
            for service in background:
                await service.stop()
            await live.stop()
            if http_client is not None:
                await http_client.aclose()
            if task:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    reading = reader(engine)
    schema = current_revision(reading)  # migrations run before serving, never while
    app = FastAPI(title="Horseshoe hub", version=console.__version__, lifespan=lifespan)
    app.state.live = live  # the server ends its streams before shutting down (see console.hub.server)
    caller = caller_dependency(engine)
    may_read = Depends(permission_dependency(caller, Permission.READ))
    may_work = Depends(permission_dependency(caller, Permission.WORK_CASES))
    # Signed by the networks, not signed in.
    app.include_router(webhook_router(engine, webhooks or WebhookSecrets(), mentioned))
    app.include_router(channel_health_router(reading, caller, poller.policy if poller else None))

    def on_presence(agent: Agent, mutation) -> None:
        """A presence pushed through the outbox goes to the live stream only; a stale one is dropped."""
        with contextlib.suppress(LiveUnavailableError, ValueError):
            live.publish_presence(
                agent.id, agent.username, agent.name, mutation.case_id, mutation.payload["activity"], now_ms()
            )

    @app.get("/health")
    def health() -> dict:
        """Liveness plus what a workstation checks first: that this is a Horseshoe hub, and its epoch."""
        with reading.connect() as connection:
            epoch, head = changelog.epoch(connection), changelog.head(connection)
        return {
            "service": SERVICE,
            "version": console.__version__,
            "epoch": epoch,
            "head": head,
            "schema": schema,
            "demo": demo is not None,
        }

    @app.post("/v1/auth/login")
    def login(request: LoginRequest) -> dict:
        """A bearer token for the user, valid until it expires or is revoked."""
        try:
            issued = auth.login(engine, request.username, request.password, request.label, token_ttl_ms)
        except auth.AuthError as error:
            raise unauthorized(str(error)) from None
        return {"token": issued.token, "expires_ms": issued.expires_ms, "user": _user_json(issued.agent)}

    @app.post("/v1/auth/logout")
    def logout(credentials: Credentials, _agent: Annotated[Agent, Depends(caller)]) -> dict:
        """End this sign-in: the token stops working at once."""
        auth.revoke(engine, credentials.credentials)
        return {"signed_out": True}

    @app.get("/v1/auth/me")
    def me(agent: Annotated[Agent, Depends(caller)]) -> dict:
        return _user_json(agent)

    @app.post("/v1/sync/push")
    def sync_push(request: PushRequest, agent: Annotated[Agent, may_work]) -> dict:
        """Apply the workstation's mutations in its order, once each; see console.hub.push."""
        try:
            batch = [push.parse_mutation(request.workstation_id, item) for item in request.mutations]
            pushed = push.push(
                engine, agent, request.workstation_id, batch, on_presence, lease_ms=claim_lease_ms
            )
            if publisher and any(m.kind is MutationKind.REPLY for m in batch):
                publisher.wake()  # this process sends it at once; any other finds it within a poll
        except ValueError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
        except push.WorkstationError as error:
            raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from None
        return {"results": [push.result_json(r) for r in pushed.results], "next_seq": pushed.next_seq}

    @app.get("/v1/sync/pull")
    def sync_pull(
        agent: Annotated[Agent, may_read],
        after: str | None = Query(
            None, max_length=200, description="the cursor of the previous page; empty to start"
        ),
        limit: int = Query(1000, ge=1, le=MAX_LIMIT),
        until: int | None = Query(None, ge=0, description="stop at this change number (a checksum's head)"),
        floor_ms: int | None = Query(None, ge=0, le=MAX_MS, description=FLOOR_HELP),
    ) -> Response:
        """The changes the caller may see after ``after``; see console.hub.pull and console.hub.scope."""
        try:
            page = pull(engine, after, limit, scope=Scope.of(agent, floor_ms), until=until)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        # Bytes, not a dict: JSONResponse would encode the page again with the slower standard encoder.
        return Response(page.json_bytes(), media_type="application/json")

    @app.get("/v1/sync/checksum")
    def sync_checksum(
        agent: Annotated[Agent, may_read],
        floor_ms: int | None = Query(None, ge=0, le=MAX_MS, description=FLOOR_HELP),
    ) -> dict:
        """Per replicated table, the count and digest of what the caller may see at the current head."""
        return checksum(engine, Scope.of(agent, floor_ms)).as_json()

    @app.get("/v1/history")
    def history(
        agent: Annotated[Agent, may_read],
        from_ms: int = Query(..., ge=0, le=MAX_MS, description="the range's start (epoch ms)"),
        to_ms: int = Query(..., ge=0, le=MAX_MS, description="the range's end, excluded (epoch ms)"),
        after: str | None = Query(None, max_length=200, description="the previous page's `after`"),
        limit: int = Query(200, ge=1, le=MAX_HISTORY_CASES, description="cases per page"),
    ) -> Response:
        """Whole cases the caller sees whose activity overlaps the range; see console.hub.history."""
        try:
            page = history_range(engine, Scope.of(agent), from_ms, to_ms, after, limit)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return Response(page.json_bytes(), media_type="application/json")

    @app.post("/v1/history/cases")
    def history_cases(request: HistoryCasesRequest, agent: Annotated[Agent, may_read]) -> Response:
        """The named cases the caller sees, whole (a case the pull brought back from beyond its horizon)."""
        try:
            page = history_of(engine, Scope.of(agent), request.ids)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return Response(page.json_bytes(), media_type="application/json")

    @app.get("/v1/live")
    async def live_stream(request: Request, _agent: Annotated[Agent, may_read]) -> StreamingResponse:
        """Server-Sent Events: change hints and presence; see console.hub.live."""
        if not live.running:
            return JSONResponse({"error": "the live stream is not running"}, status_code=503)
        return StreamingResponse(
            live.stream(request.headers.get("last-event-id")),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.post("/v1/presence")
    def presence(request: PresenceRequest, agent: Annotated[Agent, may_read]) -> dict:
        """The caller is viewing, typing on or has left a case: tell everyone watching the stream."""
        try:
            entry = live.publish_presence(
                agent.id,
                agent.username,
                agent.name,
                request.case_id,
                request.activity,
                now_ms(),
                chosen=request.chosen,
            )
        except LiveUnavailableError as error:
            return JSONResponse({"error": str(error)}, status_code=503)
        return entry.to_json()

    @app.post("/v1/agents/{user_id}/status")
    def set_agent_status(
        request: AgentStatusRequest, user_id: str, agent: Annotated[Agent, may_read]
    ) -> dict:
        """A supervisor or admin sets an agent's desk status; see LiveBroker.set_desk_status."""
        if not agent.may(Permission.MANAGE_OTHERS_WORK):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"only supervisors and admins set a colleague's status; you are a {agent.role.value}",
            )
        with reading.connect() as connection:
            target = auth.user_by_id(connection, user_id)
        if target is None or target.disabled:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no active user {user_id} on this hub")
        if target.role not in ASSIGNABLE_ROLES:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                f"{target.name} has the {target.role.value} role; "
                "only agents and supervisors have a desk status",
            )
        try:
            entry = live.set_desk_status(
                target.id, target.username, target.name, request.status, agent.id, agent.name, now_ms()
            )
        except LiveUnavailableError as error:
            return JSONResponse({"error": str(error)}, status_code=503)
        return entry.to_json()

    return app


def _user_json(agent: Agent) -> dict:
    return {
        "id": agent.id,
        "username": agent.username,
        "name": agent.name,
        "role": agent.role.value,
        "teams": list(agent.teams),
    }
