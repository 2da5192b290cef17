"""technology finance and targets: financial products, financing needs and decisions, yearly targets, and
cases that pair a product with a financing need (offer_id becomes optional), and 融资路演 pitches of financing
needs

Revision ID: 12a1b2c3d4e5
Revises: 11a1b2c3d4e5
Create Date: 2026-12-06 19:35:48.544374
"""
from alembic import op
import sqlalchemy as sa


revision = '12a1b2c3d4e5'
down_revision = '11a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('financial_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('tech_loan', 'ip_pledge_loan', 'loan_equity_linkage', 'equity', 'guarantee', name='financekind', native_enum=False, length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('amount_min_wan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('amount_max_wan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('rate_percent', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('qualifications', sa.JSON(), nullable=False),
    sa.Column('min_revenue_wan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('patent_collateral', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_min_wan >= 0 AND amount_max_wan >= amount_min_wan', name=op.f('ck_financial_products_amount_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_financial_products_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_financial_products_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_financial_products'))
    )
    with op.batch_alter_table('financial_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financial_products_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_financial_products_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('financing_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('amount_wan', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('stage', sa.Enum('seed', 'startup', 'growth', 'expansion', 'mature', name='financingstage', native_enum=False, length=20), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('qualifications', sa.JSON(), nullable=False),
    sa.Column('patent_numbers', sa.JSON(), nullable=False),
    sa.Column('revenue_wan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('collateral', sa.Enum('patent', 'property', 'equipment', 'receivables', 'guarantor', 'none', name='collateral', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='financingstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_wan > 0', name=op.f('ck_financing_needs_amount_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_financing_needs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['field_id'], ['tech_fields.id'], name=op.f('fk_financing_needs_field_id_tech_fields')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_financing_needs_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_financing_needs'))
    )
    with op.batch_alter_table('financing_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financing_needs_field_id'), ['field_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_financing_needs_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_financing_needs_status'), ['status'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('quarters', sa.JSON(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_targets_value_not_negative')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_targets_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('year', 'region', 'indicator', name='one_per_indicator')
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_year'), ['year'], unique=False)

    op.create_table('financing_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('approved', 'declined', name='decisionoutcome', native_enum=False, length=20), nullable=False),
    sa.Column('amount_wan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('reason', sa.Enum('revenue', 'collateral', 'credit', 'out_of_scope', 'risk', 'incomplete', 'other', name='declinereason', native_enum=False, length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_wan IS NULL OR amount_wan > 0', name=op.f('ck_financing_decisions_amount_positive')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_financing_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['financing_needs.id'], name=op.f('fk_financing_decisions_need_id_financing_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['financial_products.id'], name=op.f('fk_financing_decisions_product_id_financial_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_financing_decisions')),
    sa.UniqueConstraint('need_id', 'product_id', name='one_per_product')
    )
    with op.batch_alter_table('financing_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financing_decisions_decided_on'), ['decided_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_financing_decisions_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_financing_decisions_product_id'), ['product_id'], unique=False)

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('financing_need_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_financing_need_id_financing_needs'), 'financing_needs', ['financing_need_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('product_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('financing_need_id', sa.Integer(), nullable=True))
        batch_op.alter_column('offer_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_cases_financing_need_id'), ['financing_need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_product_id'), ['product_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_financing_need_id_financing_needs'), 'financing_needs', ['financing_need_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_cases_product_id_financial_products'), 'financial_products', ['product_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    # Financing cases have no offer and cannot survive offer_id becoming required again.
    op.execute("DELETE FROM cases WHERE offer_id IS NULL")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_product_id_financial_products'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_financing_need_id_financing_needs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_product_id'))
        batch_op.drop_index(batch_op.f('ix_cases_financing_need_id'))
        batch_op.alter_column('offer_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('financing_need_id')
        batch_op.drop_column('product_id')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_financing_need_id_financing_needs'), type_='foreignkey')
        batch_op.drop_column('financing_need_id')

    with op.batch_alter_table('financing_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financing_decisions_product_id'))
        batch_op.drop_index(batch_op.f('ix_financing_decisions_need_id'))
        batch_op.drop_index(batch_op.f('ix_financing_decisions_decided_on'))

    op.drop_table('financing_decisions')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_year'))

    op.drop_table('targets')
    with op.batch_alter_table('financing_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financing_needs_status'))
        batch_op.drop_index(batch_op.f('ix_financing_needs_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_financing_needs_field_id'))

    op.drop_table('financing_needs')
    with op.batch_alter_table('financial_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financial_products_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_financial_products_active'))

    op.drop_table('financial_products')
