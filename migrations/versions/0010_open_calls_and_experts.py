"""open calls and experts: 揭榜挂帅 calls with their milestones, and the expert role with its profile

`users.is_expert` is added with the server default '0', a plain value: on SQLite a SQL-expression default makes
batch mode copy the users table, and dropping the old copy would fire every ON DELETE that points at users.

Revision ID: 10a1b2c3d4e5
Revises: 09a1b2c3d4e5
Create Date: 2026-12-06 15:03:04.594773
"""
from alembic import op
import sqlalchemy as sa


revision = '10a1b2c3d4e5'
down_revision = '09a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('expert_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('affiliation', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_expert_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_expert_profiles'))
    )
    op.create_table('open_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'reviewing', 'awarded', 'in_delivery', 'completed', 'cancelled', name='opencallstatus', native_enum=False, length=20), nullable=False),
    sa.Column('reward_wan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('submission_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivery_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('eligible_org_kinds', sa.JSON(), nullable=False),
    sa.Column('eligible_regions', sa.JSON(), nullable=False),
    sa.Column('qualifications', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('reward_wan > 0', name=op.f('ck_open_calls_reward_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_open_calls_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['tech_needs.id'], name=op.f('fk_open_calls_need_id_tech_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_calls')),
    sa.UniqueConstraint('need_id', name=op.f('uq_open_calls_need_id'))
    )
    with op.batch_alter_table('open_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_calls_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_open_calls_submission_deadline'), ['submission_deadline'], unique=False)

    op.create_table('open_call_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('share', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.CheckConstraint('share > 0 AND share <= 100', name=op.f('ck_open_call_milestones_share_in_range')),
    sa.ForeignKeyConstraint(['call_id'], ['open_calls.id'], name=op.f('fk_open_call_milestones_call_id_open_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_call_milestones'))
    )
    with op.batch_alter_table('open_call_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_call_milestones_call_id'), ['call_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_expert', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_expert')

    with op.batch_alter_table('open_call_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_call_milestones_call_id'))

    op.drop_table('open_call_milestones')
    with op.batch_alter_table('open_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_calls_submission_deadline'))
        batch_op.drop_index(batch_op.f('ix_open_calls_status'))

    op.drop_table('open_calls')
    op.drop_table('expert_profiles')
