"""case facts

The analytics' per-case facts (console.storage.case_facts): a narrow table derived from the cases,
mentions and events in the cache, and the cases whose facts are out of date — here, all of them:
they are derived when the analytics are first opened. Derived data only.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:40:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# console.storage.schema.FACT_FAMILIES as this revision made them.
FAMILIES = {
    "network": ("network",),
    "account": ("account_id",),
    "team": ("team",),
    "agent": ("agent",),
    "guidance": ("guidance",),
    "day": ("day",),
}
COUNTS = ("excluded", "response_bucket", "response_ms", "resolved_ever", "reopened", "sentiment_change", "opened_ms")


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("opened_ms", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=False),
        sa.Column("guidance", sa.String(length=300), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("first_ms", sa.BigInteger(), nullable=False),
        sa.Column("response_ms", sa.BigInteger(), nullable=True),
        sa.Column("response_bucket", sa.Integer(), nullable=True),
        sa.Column("resolution_ms", sa.BigInteger(), nullable=True),
        sa.Column("resolution_bucket", sa.Integer(), nullable=True),
        sa.Column("resolved_ever", sa.Integer(), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("sentiment_change", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_facts")),
    )
    for family, keys in FAMILIES.items():
        op.create_index(f"ix_case_facts_{family}", "case_facts", [*keys, *COUNTS], unique=False)
        op.create_index(
            f"ix_case_facts_{family}_resolution",
            "case_facts",
            [*keys, "resolution_bucket", "resolution_ms", "opened_ms"],
            unique=False,
            sqlite_where=sa.text("excluded = 0 AND resolution_bucket IS NOT NULL"),
        )
    op.create_table(
        "case_facts_stale",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_facts_stale")),
        sqlite_with_rowid=False,
    )
    # Every case the cache holds is derived when the analytics are first opened.
    op.execute("INSERT INTO case_facts_stale (case_id) SELECT id FROM cases")


def downgrade() -> None:
    for family in FAMILIES:
        op.drop_index(f"ix_case_facts_{family}_resolution", table_name="case_facts")
        op.drop_index(f"ix_case_facts_{family}", table_name="case_facts")
    op.drop_table("case_facts")
    op.drop_table("case_facts_stale")
