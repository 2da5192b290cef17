"""Failed password checks are throttled per client and email; successful logins never count."""
from __future__ import annotations

from matchmaker.auth.throttle import FAILED_LOGIN_LIMIT
from tests import factories
from tests.api.conftest import assert_error

ALLOWED_FAILURES = int(FAILED_LOGIN_LIMIT.split()[0])


def test_the_login_form_refuses_after_too_many_failed_passwords(client, auth):
    user = factories.UserFactory()
    for _ in range(ALLOWED_FAILURES):
        assert auth.login(user, password="wrong password").status_code == 422

    response = auth.login(user)

    assert response.status_code == 429
    assert "尝试次数过多" in response.get_data(as_text=True)


def test_successful_logins_do_not_use_up_the_allowance(client, auth):
    user = factories.UserFactory()
    for _ in range(ALLOWED_FAILURES + 2):
        assert auth.login(user).status_code == 302
        auth.logout()


def test_failures_for_one_email_do_not_lock_out_another(client, auth):
    victim, other = factories.UserFactory(), factories.UserFactory()
    for _ in range(ALLOWED_FAILURES):
        auth.login(victim, password="wrong password")

    assert auth.login(other).status_code == 302


def test_the_token_api_answers_429_in_the_error_shape_after_too_many_failures(client):
    user = factories.UserFactory()
    body = {"email": user.email, "password": "wrong password"}
    for _ in range(ALLOWED_FAILURES):
        assert client.post("/api/v1/tokens", json=body).status_code == 401

    assert_error(client.post("/api/v1/tokens", json={**body, "password": factories.DEFAULT_PASSWORD}), 429,
                 "too_many_requests")
