"""schedule runs: the meeting scheduler runs in the background, with its progress recorded

Revision ID: 0718293a4b5c
Revises: f60718293a4b
Create Date: 2026-12-03 10:00:00.000000

Each run of an event's scheduler gets a row: who started it, its status, the solver's best objective and bound so
far, and what it wrote. A partial unique index keeps one queued or running run per event.
"""
from alembic import op
import sqlalchemy as sa


revision = '0718293a4b5c'
down_revision = 'f60718293a4b'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade() -> None:
    op.create_table('schedule_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='schedulerunstatus', native_enum=False, length=10), nullable=False),
    sa.Column('time_limit', sa.Float(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('elapsed', sa.Float(), nullable=False),
    sa.Column('incumbent', sa.Float(), nullable=True),
    sa.Column('bound', sa.Float(), nullable=True),
    sa.Column('meetings_created', sa.Integer(), nullable=True),
    sa.Column('meetings_moved', sa.Integer(), nullable=True),
    sa.Column('meetings_kept', sa.Integer(), nullable=True),
    sa.Column('meetings_cancelled', sa.Integer(), nullable=True),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_schedule_runs_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_schedule_runs_started_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_runs'))
    )
    with op.batch_alter_table('schedule_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_runs_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_runs_started_by_id'), ['started_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_runs_status'), ['status'], unique=False)
        batch_op.create_index('uq_schedule_runs_active_event', ['event_id'], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    with op.batch_alter_table('schedule_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_schedule_runs_active_event')
        batch_op.drop_index(batch_op.f('ix_schedule_runs_status'))
        batch_op.drop_index(batch_op.f('ix_schedule_runs_started_by_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_runs_event_id'))
    op.drop_table('schedule_runs')
