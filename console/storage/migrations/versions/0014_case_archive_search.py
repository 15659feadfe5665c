"""case archive search

The reviewer's case archive (console.storage.archive_repo): full-text indexes over the brand
replies' text and the notes (an agent's ``note_added``, a guidance session's note step), kept in step
by triggers as the mentions' index is (``console.storage.search.ARCHIVE_DDL``, which also fills them
from the rows already cached), and the cases in both orders the archive lists them: newest first by
opening or by last update.

A later migration that recreates ``replies`` or ``events`` must run ``ARCHIVE_DDL`` again.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-06 08:20:00
"""

from alembic import op

from console.storage import search

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_opened", "cases", ["opened_ms", "id"], unique=False)
    op.create_index("ix_cases_updated", "cases", ["updated_ms", "id"], unique=False)
    for statement in search.ARCHIVE_DDL:
        op.execute(statement)


def downgrade() -> None:
    for name in (*search.REPLY_TRIGGERS, *search.NOTE_TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {search.NOTES}")
    op.execute(f"DROP TABLE IF EXISTS {search.REPLIES}")
    op.drop_index("ix_cases_updated", table_name="cases")
    op.drop_index("ix_cases_opened", table_name="cases")
