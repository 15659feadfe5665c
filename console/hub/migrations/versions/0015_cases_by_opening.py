"""cases by opening

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 08:10:00.000000

A workstation's "Keep offline" download pages the cases of a date range by (opened_ms, id)
(console.hub.history); without an index each page would scan every case. Last activity is in it
too, so a range is counted and paged from the index alone (for a scope of every team).
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_opened", "cases", ["opened_ms", "id", "updated_ms"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_opened", table_name="cases")
