"""open call proposals, review and delivery: proposals with attachments, assigned experts and their scores,
milestone deliveries, and the call's award fields

Revision ID: 11a1b2c3d4e5
Revises: 10a1b2c3d4e5
Create Date: 2026-12-06 16:25:04.510647
"""
from alembic import op
import sqlalchemy as sa


revision = '11a1b2c3d4e5'
down_revision = '10a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('open_call_experts',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('conflict', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_open_call_experts_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['call_id'], ['open_calls.id'], name=op.f('fk_open_call_experts_call_id_open_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['expert_id'], ['users.id'], name=op.f('fk_open_call_experts_expert_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'expert_id', name=op.f('pk_open_call_experts'))
    )
    with op.batch_alter_table('open_call_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_call_experts_expert_id'), ['expert_id'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('approach', sa.Text(), nullable=False),
    sa.Column('team', sa.JSON(), nullable=False),
    sa.Column('budget_wan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('awarded', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_wan >= 0', name=op.f('ck_proposals_budget_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['open_calls.id'], name=op.f('fk_proposals_call_id_open_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_proposals_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_proposals_offer_id_tech_offers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_proposals_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_proposals_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('call_id', 'organisation_id', name='one_per_organisation')
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('milestone_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('reported', 'accepted', 'rejected', name='deliverystatus', native_enum=False, length=20), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('paid_wan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('late', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_milestone_deliveries_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['milestone_id'], ['open_call_milestones.id'], name=op.f('fk_milestone_deliveries_milestone_id_open_call_milestones'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_milestone_deliveries_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_deliveries')),
    sa.UniqueConstraint('milestone_id', 'proposal_id', name='one_per_winner')
    )
    with op.batch_alter_table('milestone_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_deliveries_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_deliveries_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_attachments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_proposal_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_proposal_attachments_storage_key'))
    )
    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_attachments_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['users.id'], name=op.f('fk_proposal_scores_expert_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_scores_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_scores')),
    sa.UniqueConstraint('proposal_id', 'expert_id', name='one_per_expert')
    )
    with op.batch_alter_table('proposal_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_scores_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_scores_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('open_call_milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))

    with op.batch_alter_table('open_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_awards', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('awarded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('award_reason', sa.Text(), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('open_calls', schema=None) as batch_op:
        batch_op.drop_column('award_reason')
        batch_op.drop_column('awarded_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('max_awards')

    with op.batch_alter_table('open_call_milestones', schema=None) as batch_op:
        batch_op.drop_column('due_on')

    with op.batch_alter_table('proposal_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_scores_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_scores_expert_id'))

    op.drop_table('proposal_scores')
    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_attachments_proposal_id'))

    op.drop_table('proposal_attachments')
    with op.batch_alter_table('milestone_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_deliveries_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_milestone_deliveries_milestone_id'))

    op.drop_table('milestone_deliveries')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_call_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('open_call_experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_call_experts_expert_id'))

    op.drop_table('open_call_experts')
