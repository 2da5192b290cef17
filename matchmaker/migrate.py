"""Running Alembic migrations from the application (no alembic.ini needed)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from matchmaker.config import PROJECT_ROOT


def alembic_config(database_url: str, connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(database_url: str, revision: str = "head", connection=None) -> None:
    """Bring the schema at `database_url` up to `revision`."""
    command.upgrade(alembic_config(database_url, connection), revision)
