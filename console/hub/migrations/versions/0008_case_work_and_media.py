"""case work: snooze, disposition, sentiment before and after the answer; mention media

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 00:30:00.000000

A case can be snoozed until a time (a new customer message wakes it), is resolved with a
disposition from the catalog, and records the customer's sentiment before the first answer and in
their first message after it. A mention keeps its media (JSON list of {kind, url, preview_url}).
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snoozed_until_ms', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('disposition', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sentiment_before', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('sentiment_after', sa.Float(), nullable=True))
    op.add_column('mentions', sa.Column('media', sa.Text(), server_default='[]', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_column('media')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('sentiment_after')
        batch_op.drop_column('sentiment_before')
        batch_op.drop_column('disposition')
        batch_op.drop_column('snoozed_until_ms')
