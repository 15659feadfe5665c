"""Brand accounts in each channel-health state, as the poller would have left them (tests only)."""

from sqlalchemy import Engine, insert

from console.channels.normalized import Quarantined
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import quarantine
from console.hub.ingest import upsert_accounts
from console.hub.schema import account_credentials, channel_state, channel_streams

SECRET = "sealed-token-that-must-never-leave"


def seed_channels(hub_engine: Engine) -> int:
    """Six accounts — ok, waiting (just credentialed), late, failing, stopped, no credentials — and
    returns the time they were set at."""
    now = now_ms()
    upsert_accounts(
        hub_engine,
        [
            BrandAccount("x-fine", Network.X, "fine", "Fine", "Support"),
            BrandAccount("x-new", Network.X, "new", "New", "Support"),
            BrandAccount("x-late", Network.X, "late", "Late", "Support"),
            BrandAccount("yt-failing", Network.YOUTUBE, "failing", "Failing", "PR"),
            BrandAccount("reddit-stopped", Network.REDDIT, "stopped", "Stopped", "Support"),
            BrandAccount("bsky-bare", Network.BLUESKY, "bare", "Bare", "Support"),
        ],
    )
    with hub_engine.begin() as connection:
        connection.execute(
            insert(account_credentials),
            [
                {"account_id": a, "secret": SECRET, "key_id": "k1", "updated_ms": now}
                for a in ("x-fine", "x-new", "x-late", "yt-failing", "reddit-stopped")
            ],
        )
        state = {"last_error": None, "last_error_ms": None, "failures": 0}
        state |= {"lease_owner": None, "not_before_ms": now + 30_000, "stopped_ms": None}
        connection.execute(
            insert(channel_state),
            [
                state | {"account_id": "x-fine", "last_success_ms": now - 60_000},
                state | {"account_id": "x-late", "last_success_ms": now - 181_000},  # 3 × 60 s ago and more
                state
                | {
                    "account_id": "yt-failing",
                    "last_success_ms": now - 3_600_000,
                    "last_error": "HTTP 503 from youtube: backend error",
                    "last_error_ms": now - 5_000,
                    "failures": 2,
                },
                state
                | {
                    "account_id": "reddit-stopped",
                    "last_success_ms": None,
                    "last_error": "HTTP 401: token revoked",
                    "last_error_ms": now - 9_000,
                    "failures": 1,
                    "stopped_ms": now - 9_000,
                },
            ],
        )
        # x-fine's streams: its mentions and its DMs, both fetched a minute ago.
        connection.execute(
            insert(channel_streams),
            [
                {"account_id": "x-fine", "stream": name, "last_success_ms": now - 60_000, "failures": 0}
                | {"not_before_ms": now + 30_000}
                for name in ("mentions", "dms")
            ],
        )
    bad = [Quarantined.of("no 'text' in data[0]", {"id": "1"}, "data[0]")]
    quarantine.hold(hub_engine, Network.YOUTUBE, "yt-failing", "fetch", bad * 2, now - 1_000)
    quarantine.hold(hub_engine, Network.YOUTUBE, "yt-failing", "fetch", bad, now - 2 * 86_400_000)  # too old
    return now
