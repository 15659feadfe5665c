"""The hub's HTTP API (FastAPI). Endpoints are plain ``def``: their database work runs in the threadpool."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from fastapi.requests import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine

import console
from console.domain.agent import Agent, Permission
from console.domain.clock import now_ms
from console.domain.presence import Activity
from console.hub import auth, changelog
from console.hub.database import reader
from console.hub.demo_feed import DemoFeed
from console.hub.live import LiveBroker, LiveUnavailableError
from console.hub.migrate import current_revision
from console.hub.pull import MAX_LIMIT, pull
from console.hub.security import Credentials, caller_dependency, permission_dependency, unauthorized

SERVICE = "horseshoe-hub"


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    label: str = Field("", max_length=255, description="which workstation or tool signs in")


class PresenceRequest(BaseModel):
    case_id: str = Field(min_length=1, max_length=64)
    activity: Activity


def create_app(
    engine: Engine,
    demo: DemoFeed | None = None,
    token_ttl_ms: int = auth.DEFAULT_TOKEN_TTL_MS,
    live: LiveBroker | None = None,
) -> FastAPI:
    live = live or LiveBroker(engine)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await live.start()
        task = asyncio.create_task(demo.run(), name="demo-feed") if demo else None
        try:
            yield
        finally:
            await live.stop()
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

    @app.get("/v1/sync/pull")
    def sync_pull(
        _agent: Annotated[Agent, may_read],
        after: str | None = Query(None, description="EPOCH:SEQ from the previous page; empty to start"),
        limit: int = Query(1000, ge=1, le=MAX_LIMIT),
    ) -> Response:
        try:
            page = pull(engine, after, limit)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        # Bytes, not a dict: JSONResponse would encode the page again with the slower standard encoder.
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
                agent.id, agent.username, agent.name, request.case_id, request.activity, now_ms()
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
