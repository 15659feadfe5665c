"""channel poll lease and stop

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 03:40:00.000000

Where each account's polling stands across hub processes: which process polls it, and the time
before which no process may (the short lease of the one polling it, then its next poll's time), so
only one polls an account at a time and the schedule survives a restart; and when polling stopped
on a permanent failure (a revoked token), so it resumes only once the account's credentials change.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("not_before_ms", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("stopped_ms", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_state", schema=None) as batch_op:
        batch_op.drop_column("stopped_ms")
        batch_op.drop_column("not_before_ms")
        batch_op.drop_column("lease_owner")
