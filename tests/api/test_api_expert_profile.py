"""GET and PUT /api/v1/me/expert-profile: an expert's fields (codes or names) and affiliation; non-experts get 403."""
from __future__ import annotations

import pytest

from matchmaker.experts import services
from matchmaker.extensions import db
from models import ExpertProfile
from tests.api.conftest import assert_error, persist
from tests.factories import UserFactory

URL = "/api/v1/me/expert-profile"


@pytest.fixture
def expert():
    return UserFactory(expert=True)


def _saved(user) -> ExpertProfile | None:
    db.session.expire_all()
    return db.session.get(ExpertProfile, user.id)


def test_an_expert_reads_an_empty_profile_before_setting_it(client, api_token, expert):
    response = client.get(URL, headers=api_token(expert))

    assert response.status_code == 200
    assert response.get_json() == {"fields": [], "affiliation": None}


def test_an_expert_reads_their_profile(client, api_token, session, expert):
    services.update_expert_profile(session, expert, expert, ["magnesium_alloy"], "山西省镁基材料研究院")

    body = client.get(URL, headers=api_token(expert)).get_json()

    assert body == {"fields": ["magnesium_alloy"], "affiliation": "山西省镁基材料研究院"}


def test_putting_the_profile_replaces_fields_and_affiliation(client, api_token, expert):
    response = client.put(URL, json={"fields": ["biomedicine", "green_food"], "affiliation": "汾河大学 药学院"},
                          headers=api_token(expert))

    assert response.status_code == 200
    assert response.get_json() == {"fields": ["biomedicine", "green_food"], "affiliation": "汾河大学 药学院"}
    assert _saved(expert).fields == ["biomedicine", "green_food"]


def test_fields_may_be_given_by_their_chinese_labels(client, api_token, expert):
    response = client.put(URL, json={"fields": ["新能源电池", "镁合金精深加工"]}, headers=api_token(expert))

    assert response.get_json()["fields"] == ["new_energy_battery", "magnesium_alloy"]


def test_leaving_out_the_affiliation_clears_it(client, api_token, session, expert):
    services.update_expert_profile(session, expert, expert, ["biomedicine"], "汾河大学")

    response = client.put(URL, json={"fields": []}, headers=api_token(expert))

    assert response.get_json() == {"fields": [], "affiliation": None}


def test_an_unknown_field_is_a_422_naming_fields_and_changes_nothing(client, api_token, expert):
    headers = api_token(expert)
    persist()

    fields = assert_error(client.put(URL, json={"fields": ["biomedicine", "炼金术"]}, headers=headers), 422,
                          "validation_error")

    assert set(fields) == {"fields"} and "炼金术" in fields["fields"]
    assert _saved(expert) is None


@pytest.mark.parametrize("body, names", [
    ({}, {"fields"}),
    ({"fields": None}, {"fields"}),
    ({"fields": "biomedicine"}, {"fields"}),
    ({"fields": [1, 2]}, {"fields"}),
    ({"fields": [], "affiliation": 12}, {"affiliation"}),
    ({"fields": [], "affiliation": "研" * 201}, {"affiliation"}),
], ids=["missing", "null", "a-string", "numbers", "affiliation-number", "affiliation-too-long"])
def test_a_malformed_profile_is_a_422_naming_the_key(client, api_token, expert, body, names):
    headers = api_token(expert)
    persist()

    assert set(assert_error(client.put(URL, json=body, headers=headers), 422)) == names


def test_a_body_that_is_not_an_object_is_400(client, api_token, expert):
    assert_error(client.put(URL, json=["biomedicine"], headers=api_token(expert)), 400)


def test_non_experts_get_403_and_cannot_edit_a_profile(client, api_token):
    user = UserFactory()
    headers = api_token(user)
    persist()

    assert_error(client.get(URL, headers=headers), 403, "forbidden")
    assert_error(client.put(URL, json={"fields": ["biomedicine"]}, headers=headers), 403, "forbidden")
    assert _saved(user) is None


def test_an_admin_who_is_not_an_expert_has_no_expert_profile_either(client, api_token):
    assert_error(client.get(URL, headers=api_token(UserFactory(admin=True))), 403, "forbidden")


def test_the_expert_profile_needs_a_token(client):
    assert_error(client.get(URL), 401, "unauthorized")
    assert_error(client.put(URL, json={"fields": []}), 401, "unauthorized")


def test_me_lists_the_expert_role(client, api_token, expert):
    assert client.get("/api/v1/me", headers=api_token(expert)).get_json()["roles"] == ["expert"]
