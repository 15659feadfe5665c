"""customers and identities

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 00:20:00.000000

Customers, the identities (network, handle) linked into each, notes about them and their history
of links, splits, tier and details changes (console.hub.customers). Every author of a mention
stored before this revision gets an identity and a customer here, at new change numbers, so
workstations pull them with their next page and old cases have a profile too.
"""

import time

from alembic import op
import sqlalchemy as sa

from console.domain.customer_links import handle_key, name_key
from console.domain.ids import uuid7

_CHUNK = 5000


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'customers',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('display_name', sa.String(length=255), nullable=False),
        sa.Column('tier', sa.String(length=16), nullable=False),
        sa.Column('crm_id', sa.String(length=255), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('merged_into', sa.String(length=36), nullable=True),
        sa.Column('created_ms', sa.BigInteger(), nullable=False),
        sa.Column('updated_ms', sa.BigInteger(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_crm_id'), ['crm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_seq'), ['seq'], unique=False)
    op.create_table(
        'identities',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('customer_id', sa.String(length=36), nullable=False),
        sa.Column('network', sa.String(length=16), nullable=False),
        sa.Column('handle', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('handle_key', sa.String(length=255), nullable=False),
        sa.Column('name_key', sa.String(length=255), nullable=False),
        sa.Column('linked_by', sa.String(length=64), nullable=False),
        sa.Column('linked_ms', sa.BigInteger(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('network', 'handle'),
    )
    with op.batch_alter_table('identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identities_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identities_handle_key'), ['handle_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_identities_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_identities_seq'), ['seq'], unique=False)
    op.create_table(
        'customer_notes',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('customer_id', sa.String(length=36), nullable=False),
        sa.Column('author', sa.String(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('at_ms', sa.BigInteger(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('customer_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_notes_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_notes_seq'), ['seq'], unique=False)
    op.create_table(
        'customer_events',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('customer_id', sa.String(length=36), nullable=False),
        sa.Column('type', sa.String(length=16), nullable=False),
        sa.Column('actor', sa.String(length=64), nullable=False),
        sa.Column('at_ms', sa.BigInteger(), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('customer_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_events_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_events_seq'), ['seq'], unique=False)
    _identities_for_stored_authors()


def _identities_for_stored_authors() -> None:
    connection = op.get_bind()
    authors = connection.execute(
        sa.text(
            "SELECT network, author_handle, MAX(author_name) FROM mentions WHERE NOT from_brand "
            "GROUP BY network, author_handle ORDER BY MIN(created_ms)"
        )
    ).all()
    if not authors:
        return
    seq = connection.execute(sa.text("SELECT seq FROM change_counter WHERE id = 1")).scalar_one()
    now = int(time.time() * 1000)
    customers = sa.table(
        'customers', *(sa.column(name) for name in (
            'id', 'display_name', 'tier', 'crm_id', 'email', 'merged_into', 'created_ms', 'updated_ms', 'seq'
        ))
    )
    identities = sa.table(
        'identities', *(sa.column(name) for name in (
            'id', 'customer_id', 'network', 'handle', 'name', 'handle_key', 'name_key', 'linked_by',
            'linked_ms', 'seq',
        ))
    )
    for start in range(0, len(authors), _CHUNK):
        customer_rows, identity_rows = [], []
        for network, handle, name in authors[start : start + _CHUNK]:
            customer_id = uuid7(now)
            seq += 2
            customer_rows.append({
                'id': customer_id, 'display_name': name or handle, 'tier': 'standard', 'crm_id': '',
                'email': '', 'merged_into': None, 'created_ms': now, 'updated_ms': now, 'seq': seq - 1,
            })
            identity_rows.append({
                'id': uuid7(now), 'customer_id': customer_id, 'network': network, 'handle': handle,
                'name': name or '', 'handle_key': handle_key(handle), 'name_key': name_key(name or ''),
                'linked_by': 'ingest', 'linked_ms': now, 'seq': seq,
            })
        connection.execute(customers.insert(), customer_rows)
        connection.execute(identities.insert(), identity_rows)
    connection.execute(sa.text("UPDATE change_counter SET seq = :seq WHERE id = 1"), {"seq": seq})


def downgrade() -> None:
    for table in ('customer_events', 'customer_notes', 'identities', 'customers'):
        op.drop_table(table)
