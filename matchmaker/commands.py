"""Maintenance commands: `matchmaker db upgrade`, `matchmaker create-admin`, `matchmaker demo`."""
from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup
from sqlalchemy import func, select

from matchmaker.extensions import db

log = logging.getLogger(__name__)
db_cli = AppGroup("db", help="Database schema commands.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply the Alembic migrations to DATABASE_URL."""
    from matchmaker import migrate

    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {db.engine.url.render_as_string(hide_password=True)} is at {revision}")


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--password", required=True)
def create_admin(email: str, password: str) -> None:
    """Create a platform administrator (or reset an existing one's password)."""
    from matchmaker.auth.services import create_admin as create

    user = create(db.session, email, password)
    db.session.commit()
    click.echo(f"admin {user.email} is ready")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the market already has postings.")
def demo(if_empty: bool) -> None:
    """Load the demo market: organisations, users, offers and needs, plus a demo admin."""
    from matchmaker.demo.generate import DEMO_PASSWORD
    from matchmaker.demo.load import DEMO_ADMIN_EMAIL, load_demo
    from models import TechOffer

    if if_empty and db.session.scalar(select(func.count()).select_from(TechOffer)):
        click.echo("demo data already present; skipped")
    else:
        counts = load_demo(db.session)
        db.session.commit()
        click.echo("loaded " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    click.echo(f"demo admin:   {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"every other demo account uses the password {DEMO_PASSWORD}")


def register(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(create_admin)
    app.cli.add_command(demo)


def main() -> None:
    """Entry point of the `matchmaker` console script."""
    from matchmaker import create_app

    FlaskGroup(create_app=create_app, help="Matchmaker maintenance and development server.")()
