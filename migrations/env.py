"""Alembic environment: the URL comes from Matchmaker's settings unless the caller passes a connection."""
from alembic import context

from matchmaker.config import load_settings
from matchmaker.db import make_engine
from models import Base
from models.base import created_on

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs) -> None:
    dialect = kwargs["connection"].dialect.name if "connection" in kwargs else None
    context.configure(
        target_metadata=target_metadata,
        include_object=created_on(dialect) if dialect else None,
        compare_type=True,
        render_as_batch=True,  # SQLite can only alter tables by copying them
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url") or load_settings()["DATABASE_URL"], literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or load_settings()["DATABASE_URL"])
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table and drops the old one; with foreign keys on, that drop would cascade into
            # the rows that refer to it. The pragma only takes effect outside a transaction.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        _configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("the migration left rows whose foreign keys point nowhere")
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
