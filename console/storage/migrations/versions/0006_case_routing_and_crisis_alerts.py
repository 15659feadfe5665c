"""case routing and crisis alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:20:00.000000

The hub's routing of each case (priority, SLA policy and due times) and its crisis alerts, as
replicated to the workstation.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('sla_policy', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('first_response_due_ms', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('resolution_due_ms', sa.BigInteger(), nullable=True))
    op.create_table(
        'crisis_alerts',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('bucket_start_ms', sa.BigInteger(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('baseline', sa.Float(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('mention_ids', sa.Text(), nullable=False),
        sa.Column('team', sa.String(length=64), nullable=False),
        sa.Column('raised_ms', sa.BigInteger(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('crisis_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crisis_alerts_raised_ms'), ['raised_ms'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('crisis_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crisis_alerts_raised_ms'))
    op.drop_table('crisis_alerts')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('resolution_due_ms')
        batch_op.drop_column('first_response_due_ms')
        batch_op.drop_column('sla_policy')
        batch_op.drop_column('priority')
