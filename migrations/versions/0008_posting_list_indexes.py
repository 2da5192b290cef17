"""posting list indexes: published postings newest first, and counted per field, without a table scan

Revision ID: 08192a3b4c5d
Revises: 0718293a4b5c
Create Date: 2026-12-04 19:30:00.000000

The market list (of all fields or one) and the home page read published postings by `published_at` and count them
per field; at 100k offers each of those reads was a sequential scan. The status index is the prefix of the new ones.
"""
from alembic import op
import sqlalchemy as sa


revision = '08192a3b4c5d'
down_revision = '0718293a4b5c'
branch_labels = None
depends_on = None

TABLES = ('tech_offers', 'tech_needs')


def upgrade() -> None:
    # SQLite cannot say NULLS LAST in an index; NULL sorts lowest there, so a plain index read backwards serves.
    newest = ([sa.text('published_at DESC NULLS LAST'), sa.text('id DESC')]
              if op.get_bind().dialect.name == 'postgresql' else ['published_at', 'id'])
    for table in TABLES:
        op.create_index(f'ix_{table}_status_published_at', table, ['status', *newest])
        op.create_index(f'ix_{table}_status_field_id', table, ['status', 'field_id', *newest])
        op.drop_index(f'ix_{table}_status', table_name=table)


def downgrade() -> None:
    for table in TABLES:
        op.create_index(f'ix_{table}_status', table, ['status'])
        op.drop_index(f'ix_{table}_status_field_id', table_name=table)
        op.drop_index(f'ix_{table}_status_published_at', table_name=table)
