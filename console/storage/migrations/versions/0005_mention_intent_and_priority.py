"""mention intent and priority

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:00:00.000000

What the hub understood of each mention at ingest: its intent and the stored (base) part of its
priority with the reasons for it, a JSON list of [reason, points] (see console.domain.priority).
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intent', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('priority_reasons', sa.Text(), server_default='[]', nullable=False))
    # The queue's priority order (console.domain.priority.sort_key, 300000 ms a point), for keyset pages.
    op.create_index('ix_mentions_priority', 'mentions', [sa.text('priority * 300000 - created_ms'), 'id'])


def downgrade() -> None:
    op.drop_index('ix_mentions_priority', 'mentions')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_column('priority_reasons')
        batch_op.drop_column('priority')
        batch_op.drop_column('intent')
