"""published decision trees and the rules that choose them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 02:30:00.000000

One row per published tree version (immutable, identified by its content digest) and one per
published choice-rules file (the one changed last is in force); both replicate to workstations.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'tree_versions',
        sa.Column('id', sa.String(length=255), nullable=False),
        sa.Column('tree_id', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('title', sa.String(length=255), nullable=False),
        sa.Column('published_ms', sa.BigInteger(), nullable=False),
        sa.Column('published_by', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tree_id', 'version'),
    )
    with op.batch_alter_table('tree_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tree_versions_seq'), ['seq'], unique=False)
    op.create_table(
        'tree_choice_rules',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('published_ms', sa.BigInteger(), nullable=False),
        sa.Column('published_by', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('tree_choice_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tree_choice_rules_seq'), ['seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tree_choice_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tree_choice_rules_seq'))
    op.drop_table('tree_choice_rules')
    with op.batch_alter_table('tree_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tree_versions_seq'))
    op.drop_table('tree_versions')
