"""team notes (broadcasts)

The replica of the hub's team notes this user is addressed by, for the banner and "Team notes…".
A new table only: the next pull fills it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
    )
    op.create_index("ix_broadcasts_created", "broadcasts", ["created_ms", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_broadcasts_created", table_name="broadcasts")
    op.drop_table("broadcasts")
