"""moderation jobs

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 06:20:00.000000

A customer's mention to hide (or unhide) on its network, as an agent asked from the console: the
hub's moderator takes each job to the account's connector under a lease, retrying what failed for
now, and records the outcome as a case event.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "moderation_jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("mention_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_ms", sa.BigInteger(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until_ms", sa.BigInteger(), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("moderation_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_jobs_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("moderation_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_jobs_status"))
    op.drop_table("moderation_jobs")
