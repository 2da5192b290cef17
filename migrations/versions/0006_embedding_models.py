"""embedding models: vectors of several models side by side while the market switches

Revision ID: f60718293a4b
Revises: e5f607182930
Create Date: 2026-12-02 20:10:00.000000

A posting may hold one vector per model (a re-embed fills the new model's while matches are served from the old
one's), and `embedding_models` records which model serves and how far a re-embed has come. The model that made
most of the existing vectors is recorded as the serving one.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f60718293a4b'
down_revision = 'e5f607182930'
branch_labels = None
depends_on = None


def _spec_of(model_id: str) -> str:
    # What the encoder must be given to load a model again; "+cedict" only says how Chinese was shown to it.
    return model_id.removesuffix('+cedict')


def upgrade() -> None:
    op.create_table('embedding_models',
    sa.Column('model_id', sa.String(length=200), nullable=False),
    sa.Column('spec', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('serving', 'building', 'retired', name='embeddingstatus', native_enum=False, length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('model_id', name=op.f('pk_embedding_models'))
    )
    with op.batch_alter_table('embedding_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_embedding_models_status'), ['status'], unique=False)

    with op.batch_alter_table('posting_vectors', schema=None) as batch_op:
        batch_op.drop_constraint('uq_posting_vectors_posting', type_='unique')
        batch_op.create_unique_constraint('uq_posting_vectors_posting_model', ['posting_kind', 'posting_id', 'model_id'])

    bind = op.get_bind()
    row = bind.execute(sa.text(
        'SELECT model_id, count(*) AS n FROM posting_vectors GROUP BY model_id ORDER BY n DESC LIMIT 1')).first()
    if row is not None:
        bind.execute(sa.text(
            "INSERT INTO embedding_models (model_id, spec, status, done, total, error, updated_at) "
            "VALUES (:model_id, :spec, 'serving', :n, :n, '', CURRENT_TIMESTAMP)"),
            {'model_id': row[0], 'spec': _spec_of(row[0]), 'n': row[1]})


def downgrade() -> None:
    bind = op.get_bind()
    serving = bind.execute(sa.text("SELECT model_id FROM embedding_models WHERE status = 'serving'")).scalar()
    if serving is not None:
        bind.execute(sa.text('DELETE FROM posting_vectors WHERE model_id != :m'), {'m': serving})
    with op.batch_alter_table('posting_vectors', schema=None) as batch_op:
        batch_op.drop_constraint('uq_posting_vectors_posting_model', type_='unique')
        batch_op.create_unique_constraint('uq_posting_vectors_posting', ['posting_kind', 'posting_id'])

    with op.batch_alter_table('embedding_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_embedding_models_status'))
    op.drop_table('embedding_models')
