"""routing, SLA and crisis alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:20:00.000000

Each case's priority and service level (policy, first-response and resolution due times), set by
routed events; each agent's capacity and language/network skills for auto-assignment; and the
crisis alerts the hub raises on a spike of negative mentions. Mentions get an index on their
case, which routing (a case's language) and re-logging a case both look up.
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
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity', sa.Integer(), server_default='8', nullable=False))
        batch_op.add_column(sa.Column('languages', sa.Text(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('networks', sa.Text(), server_default='[]', nullable=False))
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
        sa.UniqueConstraint('key', 'bucket_start_ms'),
    )
    with op.batch_alter_table('crisis_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crisis_alerts_seq'), ['seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('crisis_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crisis_alerts_seq'))
    op.drop_table('crisis_alerts')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('networks')
        batch_op.drop_column('languages')
        batch_op.drop_column('capacity')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_case_id'))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('resolution_due_ms')
        batch_op.drop_column('first_response_due_ms')
        batch_op.drop_column('sla_policy')
        batch_op.drop_column('priority')
