"""queue search and sort indexes

Quick search: an FTS5 index over the mention text and author, with the mentions table as its
external content (keyed by the table's rowid, so the text is not stored twice), kept in step by
triggers — every path that writes mentions (the replica's upserts, case drops, resets) goes through
them. Two more (column, id) indexes make the language and reach sorts keyset range scans; two on
cases find an agent's cases for "My queue".

A later migration that recreates ``mentions`` (a batch "move and copy") drops these triggers and may
renumber rowids: it must run ``console.storage.search.DDL`` again, which also rebuilds the index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:00:00
"""

from alembic import op

from console.storage import search

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index("ix_mentions_lang", ["lang", "id"], unique=False)
        batch_op.create_index("ix_mentions_reach", ["author_followers", "id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_assignee", ["assignee"], unique=False)
        batch_op.create_index("ix_cases_claim_holder", ["claim_holder"], unique=False)
    for statement in search.DDL:
        op.execute(statement)


def downgrade() -> None:
    for name in search.TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {search.TABLE}")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_claim_holder")
        batch_op.drop_index("ix_cases_assignee")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_reach")
        batch_op.drop_index("ix_mentions_lang")
