"""API tokens: listed, revoked one by one or the current one, and pruned once expired."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from matchmaker.auth.services import issue_token
from models import ApiToken, utcnow
from tests import factories
from tests.api.conftest import assert_error, persist


def _token(session, user) -> tuple[dict, int]:
    issued = issue_token(session, user)
    persist()
    return {"Authorization": f"Bearer {issued.token}"}, issued.id


def test_the_list_holds_the_callers_tokens_and_marks_the_current_one(session, client):
    user = factories.UserFactory()
    older, older_id = _token(session, user)
    current, current_id = _token(session, user)
    _token(session, factories.UserFactory())  # another user's

    items = client.get("/api/v1/tokens", headers=current).get_json()["items"]

    assert [(t["id"], t["current"]) for t in items] == [(current_id, True), (older_id, False)]
    assert all("token" not in t for t in items)


def test_a_revoked_token_is_401(session, client):
    user = factories.UserFactory()
    keeper, _keeper_id = _token(session, user)
    revoked, revoked_id = _token(session, user)

    assert client.delete(f"/api/v1/tokens/{revoked_id}", headers=keeper).status_code == 204

    assert_error(client.get("/api/v1/me", headers=revoked), 401, "unauthorized")
    assert client.get("/api/v1/me", headers=keeper).status_code == 200


def test_revoking_the_current_token_logs_the_client_out(session, client):
    headers, _token_id = _token(session, factories.UserFactory())

    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204

    assert_error(client.get("/api/v1/tokens", headers=headers), 401)


def test_another_users_token_is_not_found_and_stays_valid(session, client):
    mine, _mine_id = _token(session, factories.UserFactory())
    theirs, theirs_id = _token(session, factories.UserFactory())

    assert_error(client.get(f"/api/v1/tokens/{theirs_id}", headers=mine), 404, "not_found")
    assert_error(client.delete(f"/api/v1/tokens/{theirs_id}", headers=mine), 404, "not_found")
    assert client.get("/api/v1/me", headers=theirs).status_code == 200


def test_expired_tokens_are_pruned_when_a_token_is_issued(session):
    user = factories.UserFactory()
    old = issue_token(session, user)
    session.get(ApiToken, old.id).expires_at = utcnow() - timedelta(seconds=1)
    session.flush()

    fresh = issue_token(session, user)

    assert set(session.scalars(select(ApiToken.id).where(ApiToken.user_id == user.id))) == {fresh.id}
