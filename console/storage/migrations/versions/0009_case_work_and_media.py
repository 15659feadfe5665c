"""case work and media

Cases gain snooze, disposition and the customer's sentiment before and after the first answer;
mentions their media (JSON). Columns are added in place (ALTER TABLE ADD COLUMN), never by a batch
"move and copy" of ``mentions``, which would drop the search triggers and renumber rowids. An index
on (external_id, network) lets the case view find the post a conversation hangs under.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("snoozed_until_ms", sa.BigInteger(), nullable=True))
    op.add_column("cases", sa.Column("disposition", sa.String(length=64), nullable=True))
    op.add_column("cases", sa.Column("sentiment_before", sa.Float(), nullable=True))
    op.add_column("cases", sa.Column("sentiment_after", sa.Float(), nullable=True))
    op.add_column("mentions", sa.Column("media", sa.Text(), server_default="[]", nullable=False))
    op.create_index("ix_mentions_external", "mentions", ["external_id", "network"])


def downgrade() -> None:
    op.drop_index("ix_mentions_external", table_name="mentions")
    for column in ("sentiment_after", "sentiment_before", "disposition", "snoozed_until_ms"):
        op.drop_column("cases", column)
    op.drop_column("mentions", "media")
