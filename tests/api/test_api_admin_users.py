"""GET /api/v1/admin/users, PUT …/roles, POST and DELETE …/deactivation."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import ApiToken, AuditEntry, Case, User
from tests.api.conftest import assert_error, persist
from tests.factories import CaseFactory, OrganisationFactory, UserFactory

USERS = "/api/v1/admin/users"


@pytest.fixture
def admin():
    return UserFactory(admin=True, display_name="平台管理员甲")


@pytest.fixture
def headers(admin, api_token):
    return api_token(admin)


def _roles(client, headers, user_id, body):
    return client.put(f"{USERS}/{user_id}/roles", json=body, headers=headers)


# -- the list --------------------------------------------------------------------------------------------------------

def test_the_user_list_has_the_offers_list_shape_and_each_user_its_roles_and_organisation(client, headers, admin):
    org = OrganisationFactory(name="晋中理工大学")
    member = UserFactory(organisation=org, is_broker=True, display_name="王经纪")

    body = client.get(USERS, query_string={"q": "王经纪"}, headers=headers).get_json()

    assert set(body) == {"items", "page", "pages", "total"}
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    [item] = body["items"]
    assert item["id"] == member.id and item["email"] == member.email and item["display_name"] == "王经纪"
    assert item["organisation"] == {"id": org.id, "name": "晋中理工大学", "kind": "university"}
    assert (item["roles"], item["active"]) == (["broker"], True)


def test_the_user_list_searches_name_email_and_organisation_name(client, headers):
    by_name = UserFactory(display_name="赵青山")
    by_email = UserFactory(email="qingshan.zhao@example.cn")
    by_org = UserFactory(organisation=OrganisationFactory(name="青山新材料研究院"))
    UserFactory(display_name="无关用户")

    for q, expected in (("赵青山", by_name), ("qingshan.zhao", by_email), ("青山新材料", by_org)):
        items = client.get(USERS, query_string={"q": q}, headers=headers).get_json()["items"]
        assert [i["id"] for i in items] == [expected.id], q


def test_the_user_list_filters_by_role_and_status(client, headers, admin):
    organiser = UserFactory(is_organiser=True, display_name="筛选测试组织者")
    retired = UserFactory(is_organiser=True, active=False, display_name="筛选测试停用组织者")
    UserFactory(display_name="筛选测试普通用户")

    def ids(**args):
        body = client.get(USERS, query_string={"q": "筛选测试", **args}, headers=headers).get_json()
        return {i["id"] for i in body["items"]}

    assert ids(role="organiser") == {organiser.id, retired.id}
    assert ids(role="organiser", status="active") == {organiser.id}
    assert ids(status="inactive") == {retired.id}
    admins = client.get(USERS, query_string={"role": "admin"}, headers=headers).get_json()["items"]
    assert admin.id in {i["id"] for i in admins} and all("admin" in i["roles"] for i in admins)


def test_the_user_list_pages_by_twenty(client, headers):
    for n in range(23):
        UserFactory(display_name=f"分页用户{n:02d}")

    first = client.get(USERS, query_string={"q": "分页用户"}, headers=headers).get_json()
    second = client.get(USERS, query_string={"q": "分页用户", "page": 2}, headers=headers).get_json()

    assert (first["total"], first["pages"], len(first["items"])) == (23, 2, 20)
    assert (second["page"], len(second["items"])) == (2, 3)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_an_unknown_role_filter_is_422_and_a_bad_page_falls_back_to_the_first(client, headers):
    assert "role" in assert_error(client.get(USERS, query_string={"role": "king"}, headers=headers), 422)
    body = client.get(USERS, query_string={"page": "999999999999999999999"}, headers=headers).get_json()
    assert body["page"] == 1


def test_the_user_list_is_for_admins_only(client, api_token):
    assert_error(client.get(USERS), 401, "unauthorized")
    assert_error(client.get(USERS, headers=api_token(UserFactory(is_broker=True, is_organiser=True))), 403, "forbidden")


# -- roles -----------------------------------------------------------------------------------------------------------

def test_putting_roles_replaces_them_and_audits_the_change(client, headers, admin):
    user = UserFactory(is_broker=True)

    response = _roles(client, headers, user.id, {"roles": ["organiser", "admin"]})

    assert response.status_code == 200
    assert response.get_json()["roles"] == ["organiser", "admin"]
    db.session.expire_all()
    assert db.session.get(User, user.id).platform_roles == ["organiser", "admin"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "users", user.id)
    assert entry.details == {"added": ["admin", "organiser"], "removed": ["broker"]}


@pytest.mark.parametrize("body", [
    {"roles": ["broker", "king"]},
    {"roles": "broker"},
    {"roles": [1, 2]},
    {"roles": [["broker"]]},
    {"roles": None},
    {"roles": {"broker": True}},
    {},
], ids=["unknown-name", "not-a-list", "numbers", "nested-list", "null", "object", "missing"])
def test_a_bad_roles_body_is_422_on_roles_and_changes_nothing(client, headers, body):
    user = UserFactory(is_broker=True)
    persist()

    fields = assert_error(_roles(client, headers, user.id, body), 422, "validation_error")

    assert "roles" in fields
    db.session.expire_all()
    assert db.session.get(User, user.id).platform_roles == ["broker"]


def test_a_roles_body_that_is_not_a_json_object_is_400(client, headers):
    user = UserFactory()
    assert_error(client.put(f"{USERS}/{user.id}/roles", data="[]", content_type="application/json", headers=headers), 400)


def test_putting_roles_needs_a_token_and_the_admin_role(client, api_token):
    user = UserFactory()
    persist()

    assert_error(_roles(client, {}, user.id, {"roles": ["broker"]}), 401, "unauthorized")
    assert_error(_roles(client, api_token(UserFactory(is_organiser=True)), user.id, {"roles": ["broker"]}), 403)
    assert_error(_roles(client, api_token(user), user.id, {"roles": ["admin"]}), 403)
    db.session.expire_all()
    assert db.session.get(User, user.id).platform_roles == []


@pytest.mark.parametrize("user_id", ["999999", "99999999999999999999999"])
def test_roles_of_an_unknown_user_are_404(client, headers, user_id):
    assert_error(client.put(f"{USERS}/{user_id}/roles", json={"roles": []}, headers=headers), 404, "not_found")


def test_the_last_active_admin_cannot_lose_the_admin_role(client, session, headers, admin):
    session.execute(User.__table__.update().where(User.id != admin.id).values(is_admin=False))
    persist()

    response = _roles(client, headers, admin.id, {"roles": ["broker"]})

    assert "roles" in assert_error(response, 409, "conflict")
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_admin


def test_an_admin_may_give_up_the_admin_role_while_another_active_admin_remains(client, headers, admin):
    UserFactory(admin=True)

    response = _roles(client, headers, admin.id, {"roles": []})

    assert response.status_code == 200 and response.get_json()["roles"] == []


def test_an_inactive_admin_does_not_count_as_another_admin(client, session, headers, admin):
    session.execute(User.__table__.update().where(User.id != admin.id).values(is_admin=False))
    UserFactory(admin=True, active=False)
    persist()

    assert_error(_roles(client, headers, admin.id, {"roles": []}), 409, "conflict")


# -- deactivation ----------------------------------------------------------------------------------------------------

def test_deactivation_ends_sessions_revokes_tokens_and_is_audited(client, headers, api_token, admin):
    user = UserFactory()
    api_token(user)
    api_token(user)

    response = client.post(f"{USERS}/{user.id}/deactivation", headers=headers)

    assert response.status_code == 200 and response.get_json()["active"] is False
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.active, stored.session_version) == (False, 1)
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivate"))
    assert (entry.actor_id, entry.target_id, entry.details) == (admin.id, user.id, {"tokens_revoked": 2})


def test_a_deactivated_user_cannot_get_a_new_token(client, headers):
    user = UserFactory()
    client.post(f"{USERS}/{user.id}/deactivation", headers=headers)

    response = client.post("/api/v1/tokens", json={"email": user.email, "password": "correct horse battery"})

    assert_error(response, 401, "unauthorized")


def test_deactivation_keeps_the_users_cases(client, headers):
    case = CaseFactory()

    client.post(f"{USERS}/{case.broker.id}/deactivation", headers=headers)

    db.session.expire_all()
    assert db.session.get(Case, case.id).broker_id == case.broker.id


def test_reactivation_lets_the_user_log_in_again_but_old_tokens_stay_revoked(client, headers, api_token):
    user = UserFactory()
    old = api_token(user)
    client.post(f"{USERS}/{user.id}/deactivation", headers=headers)

    response = client.delete(f"{USERS}/{user.id}/deactivation", headers=headers)

    assert response.status_code == 200 and response.get_json()["active"] is True
    assert_error(client.get("/api/v1/broker/queue", headers=old), 401)
    assert client.post("/api/v1/tokens", json={"email": user.email, "password": "correct horse battery"}).status_code == 201


def test_an_admin_cannot_deactivate_themselves(client, headers, admin):
    UserFactory(admin=True)

    assert_error(client.post(f"{USERS}/{admin.id}/deactivation", headers=headers), 409, "conflict")
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


def test_deactivation_is_for_admins_only(client, api_token):
    user = UserFactory()
    persist()

    assert_error(client.post(f"{USERS}/{user.id}/deactivation"), 401)
    assert_error(client.post(f"{USERS}/{user.id}/deactivation", headers=api_token(UserFactory())), 403)
    assert_error(client.delete(f"{USERS}/{user.id}/deactivation", headers=api_token(UserFactory())), 403)
    db.session.expire_all()
    assert db.session.get(User, user.id).active


def test_deactivating_an_unknown_user_is_404(client, headers):
    assert_error(client.post(f"{USERS}/424242424/deactivation", headers=headers), 404, "not_found")


def test_one_user_can_be_read_by_id(client, headers):
    user = UserFactory(organisation=None, is_organiser=True)

    body = client.get(f"{USERS}/{user.id}", headers=headers).get_json()

    assert (body["id"], body["organisation"], body["roles"], body["active"]) == (user.id, None, ["organiser"], True)
