"""`matchmaker users …`: platform roles and deactivation from the command line, each audited with no actor."""
from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from matchmaker.admin import users
from matchmaker.errors import DomainError
from matchmaker.extensions import db
from models import User

users_cli = AppGroup("users", help="Grant and revoke platform roles, deactivate and reactivate accounts.")
ROLE = click.Choice(list(users.ROLES))


def _describe(user: User) -> str:
    roles = ",".join(user.platform_roles) or "-"
    status = "active" if user.active else "inactive"
    return f"{user.id}\t{user.email}\t{user.display_name}\t{roles}\t{status}"


def _apply(email: str, change: Callable[[User], User]) -> User:
    """Run one change on the user with `email` and commit it; a refusal is a click error and changes nothing."""
    try:
        user = change(users.user_by_email(db.session, email))
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    return user


@users_cli.command("grant")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE)
def grant(email: str, role: str) -> None:
    """Give a user a platform role."""
    user = _apply(email, lambda u: users.grant_role(db.session, None, u, role))
    click.echo(f"{user.email}: roles {', '.join(user.platform_roles) or '-'}")


@users_cli.command("revoke")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE)
def revoke(email: str, role: str) -> None:
    """Take a platform role from a user (never the admin role of the last active admin)."""
    user = _apply(email, lambda u: users.revoke_role(db.session, None, u, role))
    click.echo(f"{user.email}: roles {', '.join(user.platform_roles) or '-'}")


@users_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate(email: str) -> None:
    """Lock a user out and end all their sessions and API tokens (never the last active admin)."""
    user = _apply(email, lambda u: users.deactivate_user(db.session, None, u))
    click.echo(f"{user.email}: deactivated; sessions and tokens ended")


@users_cli.command("reactivate")
@click.option("--email", required=True)
def reactivate(email: str) -> None:
    """Let a deactivated user log in again."""
    user = _apply(email, lambda u: users.reactivate_user(db.session, None, u))
    click.echo(f"{user.email}: active")


@users_cli.command("list")
@click.option("--role", type=ROLE, default=None, help="Only users with this role.")
@click.option("--status", type=click.Choice(list(users.STATUSES)), default="all", show_default=True)
def list_users(role: str | None, status: str) -> None:
    """List users as tab-separated id, e-mail, name, roles and status, newest first."""
    rows = db.session.scalars(users.users_query(role=role or "", status=status))
    count = 0
    for user in rows:
        click.echo(_describe(user))
        count += 1
    click.echo(f"{count} users", err=True)
