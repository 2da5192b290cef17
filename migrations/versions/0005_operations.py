"""operations: session versions, locales, notification params, imports

Revision ID: e5f607182930
Revises: d4e5f6071829
Create Date: 2026-12-02 16:50:06.607762

Users gain a session version (raised to end every session) and a language; notifications are stored as a kind
with parameters; spreadsheet imports get their table.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e5f607182930'
down_revision = 'd4e5f6071829'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('posting_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'failed', 'succeeded', name='importstatus', native_enum=False, length=10), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('duplicates', sa.String(length=10), nullable=False),
    sa.Column('submit', sa.Boolean(), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('validated_rows', sa.Integer(), nullable=False),
    sa.Column('embedded_rows', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('created', sa.JSON(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_posting_imports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_posting_imports_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_imports'))
    )
    with op.batch_alter_table('posting_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_imports_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_imports_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_imports_status'), ['status'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locale', sa.String(length=5), server_default='zh', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
        batch_op.drop_column('session_version')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('params')

    with op.batch_alter_table('posting_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_imports_status'))
        batch_op.drop_index(batch_op.f('ix_posting_imports_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_posting_imports_created_by_id'))

    op.drop_table('posting_imports')
