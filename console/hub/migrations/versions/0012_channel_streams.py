"""channel streams

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:20:00.000000

An account is polled on more than one endpoint (its mentions and its direct messages): where each
stream stands — its since-marker, its last success, the backfills a poll had to cut short (the
page to go on from, down to which time), a permanent failure of that stream alone (a token
without the DM permission), and its own pace (when it is due again, its failures in a row, so a
rate-limited DM endpoint does not slow the mentions down) — moves from ``channel_state`` to one row
per (account, stream). The cursor an account had becomes its main stream's.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Each network's main stream (console.hub.streams), as named when this migration was written.
MAIN = {
    "x": "mentions",
    "facebook": "feed",
    "instagram": "media",
    "youtube": "threads",
    "reddit": "inbox",
    "mastodon": "mentions",
    "bluesky": "notifications",
}


def upgrade() -> None:
    streams = op.create_table(
        "channel_streams",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=32), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("last_success_ms", sa.BigInteger(), nullable=True),
        sa.Column("backfill", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("stopped_ms", sa.BigInteger(), nullable=True),
        sa.Column("not_before_ms", sa.BigInteger(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("account_id", "stream"),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT s.account_id, s.cursor, s.last_success_ms, a.network FROM channel_state s "
            # An account polled with nothing found yet has no cursor, but its last success
            # still bounds the first poll after the upgrade (without it: one page, no backfill).
            "JOIN accounts a ON a.id = s.account_id "
            "WHERE s.cursor IS NOT NULL OR s.last_success_ms IS NOT NULL"
        )
    ).all()
    moved = [
        {
            "account_id": row.account_id,
            "stream": MAIN[row.network],
            "cursor": row.cursor,
            "last_success_ms": row.last_success_ms,
        }
        for row in rows
        if row.network in MAIN
    ]
    if moved:
        op.bulk_insert(streams, moved)
    with op.batch_alter_table("channel_state", schema=None) as batch_op:
        batch_op.drop_column("cursor")


def downgrade() -> None:
    with op.batch_alter_table("channel_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cursor", sa.Text(), nullable=True))
    op.execute(
        "UPDATE channel_state SET cursor = (SELECT c.cursor FROM channel_streams c JOIN accounts a "
        "ON a.id = c.account_id WHERE c.account_id = channel_state.account_id AND c.stream = CASE a.network "
        + " ".join(f"WHEN '{network}' THEN '{stream}'" for network, stream in MAIN.items())
        + " END)"
    )
    op.drop_table("channel_streams")
