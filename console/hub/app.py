"""The hub's HTTP API (FastAPI). Endpoints are plain ``def``: their database work runs in the threadpool."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

import console
from console.hub import changelog
from console.hub.database import reader
from console.hub.demo_feed import DemoFeed
from console.hub.migrate import current_revision
from console.hub.pull import MAX_LIMIT, pull

SERVICE = "horseshoe-hub"


def create_app(engine: Engine, demo: DemoFeed | None = None) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(demo.run(), name="demo-feed") if demo else None
        try:
            yield
        finally:
            if task:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    reading = reader(engine)
    schema = current_revision(reading)  # migrations run before serving, never while
    app = FastAPI(title="Horseshoe hub", version=console.__version__, lifespan=lifespan)

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

    @app.get("/v1/sync/pull")
    def sync_pull(
        after: str | None = Query(None, description="EPOCH:SEQ from the previous page; empty to start"),
        limit: int = Query(1000, ge=1, le=MAX_LIMIT),
    ) -> Response:
        try:
            page = pull(engine, after, limit)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        # Bytes, not a dict: JSONResponse would encode the page again with the slower standard encoder.
        return Response(page.json_bytes(), media_type="application/json")

    return app
