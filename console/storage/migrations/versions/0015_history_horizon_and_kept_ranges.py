"""history horizon and kept ranges

The history horizon a cursor was pulled under (sync_state.history_days and floor_ms), the date
ranges downloaded with "Keep offline" (kept_ranges), and the cases the pull brought back from
beyond the horizon that are still to be fetched whole (history_wanted). Existing caches hold every
case, which is what no horizon means.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("history_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("floor_ms", sa.BigInteger(), nullable=True))
    op.create_table(
        "kept_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_ms", sa.BigInteger(), nullable=False),
        sa.Column("to_ms", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("resume_after", sa.Text(), nullable=True),
        sa.Column("started_ms", sa.BigInteger(), nullable=False),
        sa.Column("finished_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_ranges")),
    )
    op.create_table(
        "history_wanted",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_history_wanted")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("history_wanted")
    op.drop_table("kept_ranges")
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("floor_ms")
        batch.drop_column("history_days")
