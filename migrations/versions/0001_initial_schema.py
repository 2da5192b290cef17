"""initial schema

Revision ID: aa472adedfd3
Revises: 
Create Date: 2026-11-23 11:33:28.921912
"""
from alembic import op
import sqlalchemy as sa


revision = 'aa472adedfd3'
down_revision = None
branch_labels = None
depends_on = None


# Frozen copy of the taxonomy seed: later edits to models.choices must not rewrite history.
SEED_FIELDS = [
    ("new_energy_battery", "新能源电池", "New-energy batteries"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("advanced_equipment", "高端装备", "High-end equipment"),
    ("electronic_information", "电子信息", "Electronics and IT"),
    ("new_materials", "新材料", "New materials"),
    ("modern_agriculture", "现代农业", "Modern agriculture"),
    ("green_food", "绿色食品", "Green food"),
    ("magnesium_alloy", "镁合金精深加工", "Magnesium alloy processing"),
    ("smart_sensors", "智能传感器", "Smart sensors"),
    ("energy_saving", "节能环保", "Energy saving and environment"),
    ("other", "其他", "Other"),
]


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('university', 'institute', 'enterprise', 'investor', 'broker_agency', 'incubator', 'government', name='orgkind', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('province', sa.String(length=20), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('invite_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_organisations_credit_code')),
    sa.UniqueConstraint('invite_code', name=op.f('uq_organisations_invite_code'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_name'), ['name'], unique=False)

    op.create_table('tech_fields',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=50), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_fields')),
    sa.UniqueConstraint('code', name=op.f('uq_tech_fields_code')),
    sa.UniqueConstraint('name_zh', name=op.f('uq_tech_fields_name_zh'))
    )
    fields = sa.table(
        "tech_fields",
        sa.column("code", sa.String), sa.column("name_zh", sa.String), sa.column("name_en", sa.String),
        sa.column("position", sa.Integer), sa.column("active", sa.Boolean),
    )
    op.bulk_insert(fields, [
        {"code": code, "name_zh": zh, "name_en": en, "position": i, "active": True}
        for i, (code, zh, en) in enumerate(SEED_FIELDS)
    ])
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('org_role', sa.Enum('owner', 'member', name='orgrole', native_enum=False, length=10), nullable=False),
    sa.Column('is_broker', sa.Boolean(), nullable=False),
    sa.Column('is_organiser', sa.Boolean(), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('target_type', sa.String(length=30), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_created_at'), ['created_at'], unique=False)

    op.create_table('tech_needs',
    sa.Column('budget_min_wan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('budget_max_wan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('cooperation_modes', sa.JSON(), nullable=False),
    sa.Column('maturity_required', sa.Enum('lab', 'small_trial', 'pilot', 'small_batch', 'industrial', name='maturity', native_enum=False, length=20), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'closed', name='postingstatus', native_enum=False, length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tech_needs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['field_id'], ['tech_fields.id'], name=op.f('fk_tech_needs_field_id_tech_fields')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tech_needs_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_needs'))
    )
    with op.batch_alter_table('tech_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_needs_field_id'), ['field_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_needs_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_needs_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_needs_status'), ['status'], unique=False)

    op.create_table('tech_offers',
    sa.Column('maturity', sa.Enum('lab', 'small_trial', 'pilot', 'small_batch', 'industrial', name='maturity', native_enum=False, length=20), nullable=False),
    sa.Column('ip_status', sa.Enum('granted_patent', 'patent_pending', 'software_copyright', 'trade_secret', 'none', name='ipstatus', native_enum=False, length=20), nullable=False),
    sa.Column('patent_numbers', sa.JSON(), nullable=False),
    sa.Column('transfer_modes', sa.JSON(), nullable=False),
    sa.Column('asking_price_wan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('price_negotiable', sa.Boolean(), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_phone', sa.String(length=30), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'closed', name='postingstatus', native_enum=False, length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tech_offers_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['field_id'], ['tech_fields.id'], name=op.f('fk_tech_offers_field_id_tech_fields')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tech_offers_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_offers'))
    )
    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_offers_field_id'), ['field_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_offers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_offers_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_offers_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_offers_status'))
        batch_op.drop_index(batch_op.f('ix_tech_offers_region'))
        batch_op.drop_index(batch_op.f('ix_tech_offers_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_tech_offers_field_id'))

    op.drop_table('tech_offers')
    with op.batch_alter_table('tech_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_needs_status'))
        batch_op.drop_index(batch_op.f('ix_tech_needs_region'))
        batch_op.drop_index(batch_op.f('ix_tech_needs_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_tech_needs_field_id'))

    op.drop_table('tech_needs')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    op.drop_table('tech_fields')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_name'))

    op.drop_table('organisations')
