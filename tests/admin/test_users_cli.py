"""`matchmaker users grant|revoke|deactivate|reactivate|list`."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import ApiToken, AuditEntry, User
from tests.factories import UserFactory


@pytest.fixture
def users_cli(app):
    """Run `matchmaker users …` on what the test set up (committed to its savepoint first)."""
    runner = app.test_cli_runner()

    def run(*args: str):
        db.session.commit()
        result = runner.invoke(args=["users", *args])
        db.session.expire_all()
        return result

    return run


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def test_grant_gives_a_role_and_is_audited_without_an_actor(users_cli):
    user = UserFactory(email="grant.me@example.cn")

    result = users_cli("grant", "--email", "Grant.Me@example.cn", "--role", "broker")

    assert result.exit_code == 0, result.output
    assert "broker" in result.output
    assert _user(user.id).is_broker
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles", AuditEntry.target_id == user.id))
    assert (entry.actor_id, entry.details["added"], entry.details["via"]) == (None, ["broker"], "cli")


def test_revoke_takes_a_role_away(users_cli):
    user = UserFactory(is_organiser=True, is_broker=True)

    result = users_cli("revoke", "--email", user.email, "--role", "organiser")

    assert result.exit_code == 0, result.output
    assert _user(user.id).platform_roles == ["broker"]


def test_revoking_the_last_admins_admin_role_fails_clearly_and_changes_nothing(users_cli, session):
    last = UserFactory(admin=True)
    session.execute(User.__table__.update().where(User.id != last.id).values(is_admin=False))

    result = users_cli("revoke", "--email", last.email, "--role", "admin")

    assert result.exit_code != 0
    assert "唯一的管理员" in result.output
    assert _user(last.id).is_admin


def test_deactivate_ends_the_users_tokens_and_reactivate_lets_them_back(users_cli, api_token):
    user = UserFactory()
    api_token(user)

    result = users_cli("deactivate", "--email", user.email)

    assert result.exit_code == 0, result.output
    assert (_user(user.id).active, _user(user.id).session_version) == (False, 1)
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []
    assert users_cli("reactivate", "--email", user.email).exit_code == 0
    assert _user(user.id).active


def test_the_last_active_admin_cannot_be_deactivated_from_the_cli(users_cli, session):
    last = UserFactory(admin=True)
    session.execute(User.__table__.update().where(User.id != last.id).values(is_admin=False))

    result = users_cli("deactivate", "--email", last.email)

    assert result.exit_code != 0 and "唯一的管理员" in result.output
    assert _user(last.id).active


@pytest.mark.parametrize("command", [["grant", "--role", "broker"], ["revoke", "--role", "broker"], ["deactivate"],
                                     ["reactivate"]])
def test_an_unknown_email_is_a_clear_error(users_cli, command):
    result = users_cli(command[0], "--email", "nobody@example.cn", *command[1:])

    assert result.exit_code != 0
    assert "nobody@example.cn" in result.output


def test_an_unknown_role_is_refused_by_click(users_cli):
    user = UserFactory()

    result = users_cli("grant", "--email", user.email, "--role", "king")

    assert result.exit_code == 2 and "king" in result.output
    assert _user(user.id).platform_roles == []


def test_list_shows_users_with_a_role(users_cli):
    broker = UserFactory(is_broker=True, email="listed.broker@example.cn")
    other = UserFactory(email="not.listed@example.cn")

    result = users_cli("list", "--role", "broker")

    assert result.exit_code == 0, result.output
    assert broker.email in result.output and other.email not in result.output
    assert "broker" in result.output.splitlines()[0]


def test_the_audit_log_names_the_command_line_as_the_actor(users_cli, client, auth):
    user = UserFactory()
    users_cli("grant", "--email", user.email, "--role", "organiser")
    auth.login(UserFactory(admin=True))

    page = client.get("/admin/audit").get_data(as_text=True)

    assert "user.roles" in page and "命令行" in page
