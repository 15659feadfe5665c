"""Channel health for supervisors: ``GET /v1/channels/health``.

Per brand account: when it was last fetched, its last error with the reason, failures in a row,
whether it is stopped, its next poll, and how many of its payloads were quarantined in the last day —
with a state that sums it up — and each of its streams (mentions, DMs, the live stream): last
success, error, stopped, failures, when due, backfills still to go on with. Whether credentials are
stored is said; the credentials never leave.
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import Engine, func, select

from console.domain.agent import Agent, Permission
from console.domain.clock import now_ms
from console.hub.poller import PollPolicy, backfills_of
from console.hub.schema import account_credentials, accounts, channel_state, channel_streams, quarantine
from console.hub.security import permission_dependency

DAY_MS = 86_400_000
LATE_AFTER_INTERVALS = 3  # a success older than this many poll intervals is late


def state_of(row: dict, now: int, policy: PollPolicy, credentials_ms: int | None = None) -> str:
    """ "no credentials", "stopped", "failing", "waiting", "late", "partial", "catching up" or "ok"
    — the first that applies.

    "waiting": never fetched, its first poll still pending — until that is as overdue as a late
    account's next one, counted from when the credentials were stored (``credentials_ms``)."""
    if not row["has_credentials"]:
        return "no credentials"
    if row["stopped"]:
        return "stopped"
    if row["failures"]:
        return "failing"
    last = row["last_success_ms"]
    late_ms = LATE_AFTER_INTERVALS * policy.interval_s(row["network"]) * 1000
    if last is None:
        return "waiting" if credentials_ms is not None and now - credentials_ms <= late_ms else "late"
    if now - last > late_ms:
        return "late"
    streams = row.get("streams") or ()
    if any(s["stopped"] or s["failures"] for s in streams):
        return "partial"  # a DM stream the token does not reach, or one backing off alone
    if any(s["backfills"] for s in streams):
        return "catching up"  # a gap's backfill goes on over the next polls
    return "ok"


def _streams(engine: Engine) -> dict[str, list[dict]]:
    """Each account's streams (console.hub.streams; ``live`` for a listened one), by account id."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(channel_streams).order_by(channel_streams.c.account_id, channel_streams.c.stream)
        ).all()
    found: dict[str, list[dict]] = {}
    for r in rows:
        found.setdefault(r.account_id, []).append(
            {
                "name": r.stream,
                "last_success_ms": r.last_success_ms,
                "last_error": r.last_error,
                "stopped": r.stopped_ms is not None,
                "failures": r.failures or 0,
                "next_ms": r.not_before_ms,
                "backfills": len(backfills_of(r.backfill)),
            }
        )
    return found


def channel_health(engine: Engine, now: int, policy: PollPolicy | None = None) -> list[dict]:
    policy = policy or PollPolicy()
    quarantined = (
        select(quarantine.c.account_id, func.count().label("n"))
        .where(quarantine.c.received_ms > now - DAY_MS)
        .group_by(quarantine.c.account_id)
        .subquery()
    )
    query = (
        select(
            accounts.c.id,
            accounts.c.network,
            accounts.c.handle,
            accounts.c.team,
            account_credentials.c.account_id.label("credentialed"),  # whether a row is there, and
            account_credentials.c.updated_ms.label("credentials_ms"),  # when: never the secret
            channel_state.c.last_success_ms,
            channel_state.c.last_error,
            channel_state.c.last_error_ms,
            channel_state.c.failures,
            channel_state.c.stopped_ms,
            channel_state.c.not_before_ms,
            quarantined.c.n,
        )
        .outerjoin(account_credentials, account_credentials.c.account_id == accounts.c.id)
        .outerjoin(channel_state, channel_state.c.account_id == accounts.c.id)
        .outerjoin(quarantined, quarantined.c.account_id == accounts.c.id)
        .order_by(accounts.c.network, accounts.c.handle)
    )
    with engine.connect() as connection:
        found = connection.execute(query).all()
    streams = _streams(engine)
    result = []
    for r in found:
        row = {
            "account_id": r.id,
            "network": r.network,
            "handle": r.handle,
            "team": r.team,
            "has_credentials": r.credentialed is not None,
            "last_success_ms": r.last_success_ms,
            "last_error": r.last_error,
            "last_error_ms": r.last_error_ms,
            "failures": r.failures or 0,
            "stopped": r.stopped_ms is not None,
            "next_poll_ms": r.not_before_ms,
            "quarantined_24h": r.n or 0,
            "streams": streams.get(r.id, []),
        }
        row["state"] = state_of(row, now, policy, r.credentials_ms)
        result.append(row)
    return result


def channel_health_router(
    engine: Engine, caller: Callable[..., Agent], policy: PollPolicy | None = None
) -> APIRouter:
    router = APIRouter(prefix="/v1/channels", tags=["channels"])
    # Supervisors and admins: the people who act on a broken channel (agents and reviewers get 403).
    may_manage = permission_dependency(caller, Permission.MANAGE_OTHERS_WORK)

    @router.get("/health")
    def health(_agent: Annotated[Agent, Depends(may_manage)]) -> dict:
        now = now_ms()
        return {"now_ms": now, "accounts": channel_health(engine, now, policy)}

    return router
