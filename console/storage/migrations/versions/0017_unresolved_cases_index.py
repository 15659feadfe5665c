"""unresolved cases index

A partial index over the cases not resolved, so the floor view's first read takes the few thousand
open cases without scanning every case the cache holds. Derived data only.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 08:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_unresolved",
        "cases",
        ["opened_ms"],
        unique=False,
        sqlite_where=sa.text("status != 'resolved'"),
    )


def downgrade() -> None:
    op.drop_index("ix_cases_unresolved", table_name="cases")
