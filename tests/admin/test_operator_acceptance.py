"""Issue 10 acceptance: staff run the platform — roles from the CLI and the API, deactivation that ends every session."""
from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from models import AuditEntry, User
from tests.conftest import csrf_token
from tests.factories import DEFAULT_PASSWORD, UserFactory

ADMIN_EMAIL = "ops@market.example.cn"
ADMIN_PASSWORD = "first-admin-2026"
PROTECTED = "/organisation/"


def _token(client, email: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _role_entries(user_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "user.roles", AuditEntry.target_id == user_id).order_by(AuditEntry.id)))


def test_a_new_operator_creates_an_admin_with_the_cli_then_grants_and_revokes_broker_through_the_api(app, client):
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD])
    assert result.exit_code == 0, result.output
    registered = client.post("/api/v1/accounts", json={
        "email": "new.broker@example.cn", "password": "broker-pass-1", "display_name": "新经纪人",
        "organisation": {"name": "太原技术转移中心", "kind": "broker_agency", "province": "山西省", "city": "太原市"}})
    assert registered.status_code == 201
    user_id = registered.get_json()["user"]["id"]
    admin = _token(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    user = _token(client, "new.broker@example.cn", "broker-pass-1")

    assert client.get("/api/v1/broker/queue", headers=user).status_code == 403
    granted = client.put(f"/api/v1/admin/users/{user_id}/roles", json={"roles": ["broker"]}, headers=admin)
    assert granted.status_code == 200 and granted.get_json()["roles"] == ["broker"]
    assert client.get("/api/v1/broker/queue", headers=user).status_code == 200
    revoked = client.put(f"/api/v1/admin/users/{user_id}/roles", json={"roles": []}, headers=admin)
    assert revoked.status_code == 200 and revoked.get_json()["roles"] == []
    assert client.get("/api/v1/broker/queue", headers=user).status_code == 403

    db.session.expire_all()
    admin_id = db.session.scalar(select(User.id).where(User.email == ADMIN_EMAIL))
    entries = _role_entries(user_id)
    assert [(e.actor_id, e.details["added"], e.details["removed"]) for e in entries] == [
        (admin_id, ["broker"], []), (admin_id, [], ["broker"])]


# -- acceptance 2: deactivation ends the session cookie, the remember-me cookie and the bearer token at once -------

def _deactivate(client, api_token, user: User) -> None:
    response = client.post(f"/api/v1/admin/users/{user.id}/deactivation", headers=api_token(UserFactory(admin=True)))
    assert response.status_code == 200 and response.get_json()["active"] is False


def _login(client, user: User, remember: bool = False):
    data = {"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def _with_cookie(app, name: str, value: str):
    fresh = app.test_client()
    fresh.set_cookie(name, value, domain="localhost")
    return fresh


def test_deactivation_makes_a_copy_of_the_session_cookie_useless(app, client, api_token):
    user = UserFactory()
    _login(client, user)
    copy = _with_cookie(app, "session", client.get_cookie("session").value)
    assert copy.get(PROTECTED).status_code == 200

    _deactivate(app.test_client(), api_token, user)

    response = copy.get(PROTECTED)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(PROTECTED).status_code == 302


def test_deactivation_makes_a_copy_of_the_remember_me_cookie_useless(app, client, api_token):
    user = UserFactory()
    _login(client, user, remember=True)
    remember = client.get_cookie("remember_token").value
    before = _with_cookie(app, "remember_token", remember)
    assert before.get(PROTECTED).status_code == 200

    _deactivate(app.test_client(), api_token, user)

    after = _with_cookie(app, "remember_token", remember)
    response = after.get(PROTECTED)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert before.get(PROTECTED).status_code == 302


def test_deactivation_makes_the_users_bearer_token_useless(client, api_token):
    user = UserFactory()
    headers = api_token(user)
    assert client.get("/api/v1/broker/queue", headers=headers).status_code == 403  # valid token, not a broker

    _deactivate(client, api_token, user)

    response = client.get("/api/v1/broker/queue", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
