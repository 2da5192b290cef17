"""POST /api/v1/accounts and POST /api/v1/tokens."""
from __future__ import annotations

from models import ApiToken, Organisation, User
from tests import factories
from tests.api.conftest import (
    INVALID_CREDIT_CODE,
    VALID_CREDIT_CODE,
    assert_error,
    count,
    persist,
)


def account_body(**overrides) -> dict:
    body = {
        "email": "zhang@example.edu.cn",
        "password": "long enough password",
        "display_name": "张三",
        "phone": "13800001111",
        "organisation": {
            "name": "太原测试大学",
            "kind": "university",
            "province": "山西省",
            "city": "太原市",
            "credit_code": VALID_CREDIT_CODE,
        },
    }
    body.update(overrides)
    return body


def test_registering_with_an_organisation_makes_the_user_its_unverified_owner(client):
    response = client.post("/api/v1/accounts", json=account_body())

    assert response.status_code == 201
    data = response.get_json()
    assert data["user"]["email"] == "zhang@example.edu.cn"
    assert data["user"]["org_role"] == "owner"
    assert data["user"]["roles"] == []
    assert data["user"]["organisation_id"] == data["organisation"]["id"]
    assert data["organisation"]["credit_code"] == VALID_CREDIT_CODE
    assert data["organisation"]["verified"] is False
    assert "password_hash" not in data["user"]


def test_registering_with_an_invite_code_joins_that_organisation_as_member(client):
    org = factories.OrganisationFactory()

    response = client.post("/api/v1/accounts", json=account_body(organisation=None, invite_code=org.invite_code))

    assert response.status_code == 201
    assert response.get_json()["user"]["organisation_id"] == org.id
    assert response.get_json()["user"]["org_role"] == "member"


def test_invalid_credit_code_is_reported_on_the_nested_field_and_creates_nothing(client):
    users, orgs = count(User), count(Organisation)
    body = account_body()
    body["organisation"]["credit_code"] = INVALID_CREDIT_CODE

    fields = assert_error(client.post("/api/v1/accounts", json=body), 422, "validation_error")

    assert set(fields) == {"organisation.credit_code"}
    assert (count(User), count(Organisation)) == (users, orgs)


def test_account_and_organisation_errors_come_back_together(client):
    body = account_body(email="not-an-email", password="short")
    body["organisation"] = {"kind": "university"}

    fields = assert_error(client.post("/api/v1/accounts", json=body), 422)

    assert {"email", "password", "organisation.name", "organisation.province", "organisation.city"} <= set(fields)


def test_an_email_already_registered_is_a_422_on_email(client):
    factories.UserFactory(email="zhang@example.edu.cn")
    persist()
    orgs = count(Organisation)

    fields = assert_error(client.post("/api/v1/accounts", json=account_body()), 422)

    assert "email" in fields
    assert count(Organisation) == orgs


def test_an_unknown_invite_code_is_a_422_on_invite_code(client):
    users = count(User)

    fields = assert_error(client.post("/api/v1/accounts", json=account_body(invite_code="nope")), 422)

    assert "invite_code" in fields
    assert count(User) == users


def test_a_token_is_issued_for_correct_credentials(client):
    user = factories.UserFactory()

    response = client.post("/api/v1/tokens", json={"email": user.email, "password": factories.DEFAULT_PASSWORD})

    assert response.status_code == 201
    data = response.get_json()
    assert data["token"] and data["expires_at"]
    me = client.post("/api/v1/offers", json={}, headers={"Authorization": f"Bearer {data['token']}"})
    assert me.status_code == 422  # authenticated: the empty body is judged, not the caller


def test_a_wrong_password_is_a_401_and_issues_no_token(client):
    user = factories.UserFactory()
    persist()
    tokens = count(ApiToken)

    response = client.post("/api/v1/tokens", json={"email": user.email, "password": "wrong password"})

    assert_error(response, 401, "unauthorized")
    assert count(ApiToken) == tokens


def test_a_token_request_without_password_is_a_422(client):
    assert "password" in assert_error(client.post("/api/v1/tokens", json={"email": "a@example.com"}), 422)
