"""Web sessions end when they should: a log-out ends every copy of the session, and remember-me is bounded."""
from datetime import UTC, datetime, timedelta

from flask import g

from matchmaker.config import load_settings
from tests.conftest import Auth, CommittingClient, csrf_token
from tests.factories import DEFAULT_PASSWORD, UserFactory


def _copy_session(app, client) -> CommittingClient:
    """Another browser holding a copy of the client's session cookie (what a thief would replay)."""
    app.test_client_class = CommittingClient
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_a_copied_session_cookie_is_logged_in_until_the_owner_logs_out(app, client, auth):
    auth.login(UserFactory())
    copy = _copy_session(app, client)
    assert copy.get("/account").status_code == 200

    auth.logout()

    assert copy.get("/account").status_code == 302  # to the login page


def test_logging_out_ends_the_sessions_of_the_users_other_devices(app, client, auth):
    user = UserFactory()
    auth.login(user)
    app.test_client_class = CommittingClient
    laptop = app.test_client()
    g.pop("csrf_token", None)  # Flask-WTF keeps the first browser's token on `g`, which this test's context outlives
    Auth(laptop).login(user)
    assert laptop.get("/account").status_code == 200
    g.pop("csrf_token", None)

    assert auth.logout().status_code == 302

    assert laptop.get("/account").status_code == 302


def test_the_remember_me_cookie_is_http_only_same_site_and_lasts_thirty_days_at_most(client, auth):
    user = UserFactory()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                           "remember": "y", "csrf_token": csrf_token(client)})

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in attributes and attributes["samesite"].lower() == "samesite=lax"
    expires = datetime.strptime(attributes["expires"].split("=", 1)[1], "%a, %d %b %Y %H:%M:%S GMT")
    assert expires.replace(tzinfo=UTC) <= datetime.now(UTC) + timedelta(days=30, minutes=1)


def test_in_production_the_session_and_remember_me_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("MATCHMAKER_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-of-enough-length-0123456789")

    settings = load_settings()

    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["REMEMBER_COOKIE_DURATION"] <= timedelta(days=30)
