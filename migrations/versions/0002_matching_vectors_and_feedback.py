"""matching vectors and feedback

Revision ID: b7c1e2d3f405
Revises: aa472adedfd3
Create Date: 2026-11-23 16:45:41.264878
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c1e2d3f405'
down_revision = 'aa472adedfd3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('posting_vectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_kind', sa.String(length=5), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.String(length=200), nullable=False),
    sa.Column('text_hash', sa.String(length=32), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_vectors')),
    sa.UniqueConstraint('posting_kind', 'posting_id', name='uq_posting_vectors_posting')
    )
    with op.batch_alter_table('posting_vectors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_vectors_model_id'), ['model_id'], unique=False)

    op.create_table('match_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['tech_needs.id'], name=op.f('fk_match_feedback_need_id_tech_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_match_feedback_offer_id_tech_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_match_feedback_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_feedback')),
    sa.UniqueConstraint('user_id', 'need_id', 'offer_id', name='uq_match_feedback_verdict')
    )
    with op.batch_alter_table('match_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_feedback_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_feedback_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_feedback_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('tech_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_needs_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_offers_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_offers_updated_at'))

    with op.batch_alter_table('tech_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_needs_updated_at'))

    with op.batch_alter_table('match_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_match_feedback_offer_id'))
        batch_op.drop_index(batch_op.f('ix_match_feedback_need_id'))

    op.drop_table('match_feedback')
    with op.batch_alter_table('posting_vectors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_vectors_model_id'))

    op.drop_table('posting_vectors')
