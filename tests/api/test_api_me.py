"""GET and PATCH /api/v1/me: the caller's own account, with the language their notifications and e-mail use."""
from __future__ import annotations

from matchmaker.extensions import db
from models import User
from tests.api.conftest import assert_error, persist
from tests.factories import UserFactory


def test_me_shows_the_callers_account_with_phone_and_language(client, api_token):
    user = UserFactory(display_name="李明", phone="13800001111", locale="en")
    headers = api_token(user)

    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 200
    data = response.get_json()
    assert (data["id"], data["display_name"], data["phone"], data["locale"]) == (user.id, "李明", "13800001111", "en")
    assert "password_hash" not in data


def test_me_needs_a_token(client):
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")


def test_patching_me_changes_the_language_and_keeps_what_is_absent(client, api_token):
    user = UserFactory(display_name="李明", phone="13800001111", locale="zh")
    headers = api_token(user)

    response = client.patch("/api/v1/me", json={"locale": "en"}, headers=headers)

    assert response.status_code == 200
    assert response.get_json()["locale"] == "en"
    saved = db.session.get(User, user.id)
    assert (saved.display_name, saved.phone, saved.locale) == ("李明", "13800001111", "en")


def test_patching_me_with_an_unknown_language_is_a_422_on_that_field(client, api_token):
    user = UserFactory(locale="zh")
    headers = api_token(user)
    persist()

    fields = assert_error(client.patch("/api/v1/me", json={"locale": "fr", "display_name": ""}, headers=headers),
                          422, "validation_error")

    assert set(fields) == {"locale", "display_name"}
    assert db.session.get(User, user.id).locale == "zh"


def test_patching_me_with_something_other_than_an_object_is_a_400(client, api_token):
    headers = api_token(UserFactory())
    persist()
    assert_error(client.patch("/api/v1/me", json=["en"], headers=headers), 400)


def test_an_api_caller_without_accept_language_gets_errors_in_their_own_language(client, api_token):
    headers = api_token(UserFactory(locale="en"))
    persist()

    fields = assert_error(client.patch("/api/v1/me", json={"locale": "fr"}, headers=headers), 422)

    assert fields["locale"] == "Please choose 中文 or English."


def test_accept_language_outweighs_the_api_callers_own_language(client, api_token):
    headers = {**api_token(UserFactory(locale="en")), "Accept-Language": "zh-CN"}
    persist()

    fields = assert_error(client.patch("/api/v1/me", json={"locale": "fr"}, headers=headers), 422)

    assert fields["locale"] == "请选择中文或 English。"
