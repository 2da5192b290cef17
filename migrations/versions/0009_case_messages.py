"""case messages: the broker and each side of a case write to each other, one thread per side

Revision ID: 09a1b2c3d4e5
Revises: 08192a3b4c5d
Create Date: 2026-12-06 10:00:00.000000

A case has two threads, the offer side with the broker and the demand side with the broker; a side reads only its
own. The interest that opened a case is the first message of its organisation's thread: cases opened before this
revision get theirs copied here, later ones when the broker opens the case.
"""
from alembic import op
import sqlalchemy as sa


revision = '09a1b2c3d4e5'
down_revision = '08192a3b4c5d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('thread', sa.String(length=10), nullable=False),
    sa.Column('from_broker', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('interest_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("thread IN ('offer', 'demand')", name=op.f('ck_case_messages_thread')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_messages_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interest_id'], ['interests.id'], name=op.f('fk_case_messages_interest_id_interests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_messages')),
    sa.UniqueConstraint('interest_id', name=op.f('uq_case_messages_interest_id'))
    )
    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_messages_case_id'), ['case_id'], unique=False)

    # The interests brokers already took up open their side's thread.
    interests = sa.table('interests', sa.column('id'), sa.column('case_id'), sa.column('organisation_id'),
                         sa.column('user_id'), sa.column('message'), sa.column('created_at'))
    cases = sa.table('cases', sa.column('id'), sa.column('offer_id'))
    offers = sa.table('tech_offers', sa.column('id'), sa.column('organisation_id'))
    messages = sa.table('case_messages', sa.column('case_id'), sa.column('thread'), sa.column('from_broker'),
                        sa.column('author_id'), sa.column('interest_id'), sa.column('body'), sa.column('created_at'))
    thread = sa.case((offers.c.organisation_id == interests.c.organisation_id, sa.literal('offer')),
                     else_=sa.literal('demand'))
    rows = (sa.select(interests.c.case_id, thread, sa.false(), interests.c.user_id, interests.c.id,
                      interests.c.message, interests.c.created_at)
            .select_from(interests.join(cases, cases.c.id == interests.c.case_id)
                         .join(offers, offers.c.id == cases.c.offer_id))
            .where(interests.c.message != ''))
    op.execute(messages.insert().from_select(
        ['case_id', 'thread', 'from_broker', 'author_id', 'interest_id', 'body', 'created_at'], rows))


def downgrade() -> None:
    with op.batch_alter_table('case_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_messages_case_id'))

    op.drop_table('case_messages')
