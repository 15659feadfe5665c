"""events by type

The tree report reads every recorded guidance step (``type = 'guidance_step'``) out of a cache that
also holds every other event of every case; without an index it scans the whole table.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 02:45:00
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_type", ["type"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type")
