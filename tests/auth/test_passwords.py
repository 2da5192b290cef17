"""Forgotten and changed passwords: a reset link by e-mail that tells nobody else whether the address exists, and a
change that ends every other session."""
import re
import time

from flask import current_app, g

from matchmaker.auth.recovery import reset_token
from matchmaker.auth.services import authenticate
from matchmaker.extensions import db
from tests.conftest import Auth, CommittingClient, csrf_token
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "a-new-password-42"
LINK_RE = re.compile(r"https?://\S+/password/reset/(\S+)")
FLASH_RE = re.compile(r'<div class="flash[^"]*" role="status">(.*?)</div>', re.S)


def _ask_for_reset(client, email: str):
    return client.post("/password/forgot", data={"email": email, "csrf_token": csrf_token(client)},
                       follow_redirects=True)


def _reset(client, token: str, password: str = NEW_PASSWORD):
    return client.post(f"/password/reset/{token}", data={"password": password, "password_confirm": password,
                                                         "csrf_token": csrf_token(client)})


def _token_from(message) -> str:
    return LINK_RE.search(message.get_content()).group(1)


def _answer_without_address(response, email: str) -> tuple[int, str]:
    return response.status_code, FLASH_RE.search(response.get_data(as_text=True)).group(1).replace(email, "…")


def test_asking_for_a_reset_mails_a_link_to_the_accounts_address(client, outbox):
    user = UserFactory()

    _ask_for_reset(client, user.email)

    [message] = outbox
    assert message["To"] == user.email and _token_from(message)


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_mailed_to_it(client, outbox):
    user = UserFactory()

    known = _answer_without_address(_ask_for_reset(client, user.email), user.email)
    unknown = _answer_without_address(_ask_for_reset(client, "nobody@example.org"), "nobody@example.org")

    assert known == unknown
    assert [m["To"] for m in outbox] == [user.email]


def test_the_link_sets_a_new_password(client, outbox):
    user = UserFactory()
    _ask_for_reset(client, user.email)

    response = _reset(client, _token_from(outbox[0]))

    assert response.status_code == 302
    assert authenticate(db.session, user.email, NEW_PASSWORD) is user
    assert authenticate(db.session, user.email, DEFAULT_PASSWORD) is None


def test_a_reset_link_works_once(client, outbox):
    user = UserFactory()
    _ask_for_reset(client, user.email)
    token = _token_from(outbox[0])
    _reset(client, token)

    again = _reset(client, token, "yet-another-password")

    assert again.status_code == 410
    assert authenticate(db.session, user.email, NEW_PASSWORD) is user


def test_a_reset_link_older_than_an_hour_is_refused(client, monkeypatch):
    user = UserFactory()
    token = reset_token(user, current_app.secret_key)
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)  # itsdangerous reads the clock through time.time

    assert _reset(client, token).status_code == 410


def test_a_tampered_reset_link_is_refused(client):
    token = reset_token(UserFactory(), current_app.secret_key)

    assert client.get(f"/password/reset/{token[:-2]}xx").status_code == 410


def test_resetting_the_password_ends_the_users_sessions_and_tokens(app, client, api_token):
    user = UserFactory()
    headers = api_token(user)
    app.test_client_class = CommittingClient
    laptop = app.test_client()
    Auth(laptop).login(user)
    g.pop("csrf_token", None)  # Flask-WTF keeps the other browser's token on `g`, which this test's context outlives

    _reset(client, reset_token(user, current_app.secret_key))

    assert laptop.get("/account").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_changing_the_password_needs_the_current_one(client, auth):
    user = UserFactory()
    auth.login(user)

    response = auth.post("/account/password", {"pw-current_password": "wrong-password",
                                               "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD})

    assert response.status_code == 422
    assert "当前密码不正确" in response.get_data(as_text=True)
    assert authenticate(db.session, user.email, DEFAULT_PASSWORD) is user


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, auth, api_token):
    user = UserFactory()
    headers = api_token(user)
    auth.login(user)
    app.test_client_class = CommittingClient
    laptop = app.test_client()
    g.pop("csrf_token", None)
    Auth(laptop).login(user)
    g.pop("csrf_token", None)

    response = auth.post("/account/password", {"pw-current_password": DEFAULT_PASSWORD,
                                               "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD})

    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert laptop.get("/account").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_the_api_answers_a_reset_request_alike_for_known_and_unknown_addresses(client, outbox):
    user = UserFactory()

    known = client.post("/api/v1/password-resets", json={"email": user.email})
    unknown = client.post("/api/v1/password-resets", json={"email": "nobody@example.org"})

    assert (known.status_code, known.get_json()) == (unknown.status_code, unknown.get_json()) == (202, {"status": "sent"})
    assert [m["To"] for m in outbox] == [user.email]


def test_the_api_changes_the_password_and_ends_the_token_it_was_changed_with(client, api_token):
    user = UserFactory()
    headers = api_token(user)

    response = client.put("/api/v1/me/password", headers=headers,
                          json={"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD})

    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert authenticate(db.session, user.email, NEW_PASSWORD) is user


def test_the_api_refuses_a_wrong_current_password_naming_the_field(client, api_token):
    headers = api_token(UserFactory())

    response = client.put("/api/v1/me/password", headers=headers,
                          json={"current_password": "wrong-password", "password": NEW_PASSWORD})

    assert response.status_code == 422
    assert "current_password" in response.get_json()["error"]["fields"]


def test_reset_requests_for_one_address_are_limited(client, outbox):
    user = UserFactory()

    answers = [client.post("/api/v1/password-resets", json={"email": user.email}).status_code for _ in range(4)]

    assert answers == [202, 202, 202, 429]
    assert len(outbox) == 3
