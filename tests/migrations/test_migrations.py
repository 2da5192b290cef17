"""The Alembic migrations build the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from matchmaker.db import make_engine
from models import Base, TechField
from models.base import created_on
from models.choices import DEFAULT_FIELDS


def test_migrations_match_the_models(database_url):
    """The session's database was built by `upgrade head`; autogenerate must find nothing to add."""
    engine = make_engine(database_url)
    with engine.connect() as conn:
        options = {"compare_type": True, "include_object": created_on(conn.dialect.name)}
        diff = compare_metadata(MigrationContext.configure(conn, opts=options), Base.metadata)
    engine.dispose()
    assert diff == []


def test_migrations_create_every_model_table(database_url):
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_seed_the_field_taxonomy(session):
    codes = set(session.scalars(select(TechField.code)))
    assert codes == {code for code, _zh, _en in DEFAULT_FIELDS}
