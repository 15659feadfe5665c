"""published decision trees and choice rules

Replicas of the hub's published tree versions and choice-rules files, so the guidance panel runs
trees offline. New tables only: the next pull fills them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 02:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tree_versions",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("tree_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("published_ms", sa.BigInteger(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tree_versions"),
    )
    op.create_table(
        "tree_choice_rules",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("published_ms", sa.BigInteger(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tree_choice_rules"),
    )


def downgrade() -> None:
    op.drop_table("tree_choice_rules")
    op.drop_table("tree_versions")
