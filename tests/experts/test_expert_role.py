"""Experts are users with the `expert` role, granted and revoked like the other platform roles: through the API, the
command line and the admin's user page, and found by the user list's role filter."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.admin import users
from matchmaker.extensions import db
from models import AuditEntry, User
from tests.api.conftest import persist
from tests.factories import UserFactory


@pytest.fixture
def admin():
    return UserFactory(admin=True, display_name="专家库管理员")


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def _audit_of(user: User) -> AuditEntry:
    return db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles",
                                                      AuditEntry.target_id == user.id))


def test_the_expert_role_is_one_of_the_platform_roles():
    user = UserFactory(expert=True, is_organiser=True)

    assert "expert" in users.ROLES
    assert user.platform_roles == ["organiser", "expert"]


def test_an_admin_grants_the_expert_role_through_the_api_and_it_is_audited(client, api_token, admin):
    user = UserFactory()

    response = client.put(f"/api/v1/admin/users/{user.id}/roles", json={"roles": ["expert"]}, headers=api_token(admin))

    assert response.status_code == 200 and response.get_json()["roles"] == ["expert"]
    assert _fresh(user).is_expert
    assert _audit_of(user).details == {"added": ["expert"], "removed": []}


def test_the_api_user_list_filters_experts(client, api_token, admin):
    expert = UserFactory(expert=True, display_name="筛选专家")
    UserFactory(display_name="筛选非专家")

    body = client.get("/api/v1/admin/users", query_string={"q": "筛选", "role": "expert"},
                      headers=api_token(admin)).get_json()

    assert [item["id"] for item in body["items"]] == [expert.id]


def test_the_cli_grants_and_revokes_the_expert_role(app):
    user = UserFactory(email="expert.cli@example.cn")
    persist()
    runner = app.test_cli_runner()

    granted = runner.invoke(args=["users", "grant", "--email", user.email, "--role", "expert"])
    assert granted.exit_code == 0, granted.output
    assert _fresh(user).is_expert and _audit_of(user).details["via"] == "cli"

    revoked = runner.invoke(args=["users", "revoke", "--email", user.email, "--role", "expert"])
    assert revoked.exit_code == 0, revoked.output
    assert not _fresh(user).is_expert


def test_the_cli_lists_only_experts_with_the_role_filter(app):
    expert = UserFactory(expert=True)
    other = UserFactory()
    persist()

    result = app.test_cli_runner().invoke(args=["users", "list", "--role", "expert"])

    assert result.exit_code == 0, result.output
    assert expert.email in result.output and other.email not in result.output


def test_the_admins_user_page_offers_and_saves_the_expert_role(client, auth, admin):
    user = UserFactory()
    auth.login(admin)

    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    response = auth.post(f"/admin/users/{user.id}/roles", {"roles": ["expert"]})

    assert 'name="roles" type="checkbox" value="expert"' in page and "评审专家" in page
    assert response.status_code == 302
    assert _fresh(user).platform_roles == ["expert"]


def test_the_admins_user_list_shows_and_filters_experts(client, auth, admin):
    expert = UserFactory(expert=True, display_name="列表专家")
    UserFactory(display_name="列表非专家")
    auth.login(admin)

    page = client.get("/admin/users", query_string={"q": "列表", "role": "expert"}).get_data(as_text=True)

    assert f'id="user-{expert.id}"' in page and "列表非专家" not in page
    assert '<span class="badge badge-role">评审专家</span>' in page
