"""An expert's profile: the active fields they judge (by code or name) and their affiliation, set by the expert on
their account page or by an admin on the user's page (audited); nobody else may touch it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.experts import services
from matchmaker.extensions import db
from models import AuditEntry, ExpertProfile, TechField
from tests.factories import UserFactory


def _saved(user) -> ExpertProfile:
    db.session.expire_all()
    return db.session.get(ExpertProfile, user.id)


# -- the service -----------------------------------------------------------------------------------------------------

def test_an_expert_without_a_profile_has_an_empty_one(session):
    profile = services.expert_profile(session, UserFactory(expert=True))

    assert (profile.fields, profile.affiliation) == ([], None)


def test_an_expert_sets_their_fields_and_affiliation(session):
    expert = UserFactory(expert=True)

    services.update_expert_profile(session, expert, expert, ["biomedicine", "green_food"], "  汾河大学 药学院 ")

    assert (_saved(expert).fields, _saved(expert).affiliation) == (["biomedicine", "green_food"], "汾河大学 药学院")


def test_fields_may_be_given_by_their_chinese_or_english_names_and_are_stored_once_as_codes(session):
    expert = UserFactory(expert=True)

    profile = services.update_expert_profile(session, expert, expert, ["新能源电池", "Biomedicine", "new_energy_battery"],
                                             None)

    assert profile.fields == ["new_energy_battery", "biomedicine"]


def test_an_unknown_field_is_refused_on_fields_naming_it(session):
    expert = UserFactory(expert=True)

    with pytest.raises(ValidationError) as refused:
        services.update_expert_profile(session, expert, expert, ["biomedicine", "炼金术"], "")

    assert set(refused.value.fields) == {"fields"} and "炼金术" in refused.value.fields["fields"]
    assert _saved(expert) is None


def test_an_inactive_field_is_unknown(session):
    session.execute(TechField.__table__.update().where(TechField.code == "other").values(active=False))

    with pytest.raises(ValidationError):
        services.resolve_fields(session, ["other"])


def test_an_affiliation_over_200_characters_is_refused_on_affiliation(session):
    expert = UserFactory(expert=True)

    with pytest.raises(ValidationError) as refused:
        services.update_expert_profile(session, expert, expert, [], "研" * 201)

    assert set(refused.value.fields) == {"affiliation"}


def test_a_non_expert_cannot_set_an_expert_profile(session):
    user = UserFactory()

    with pytest.raises(PermissionDenied):
        services.update_expert_profile(session, user, user, ["biomedicine"], "汾河大学")


def test_nobody_but_the_expert_and_admins_edits_an_experts_profile(session):
    expert = UserFactory(expert=True)

    with pytest.raises(PermissionDenied):
        services.update_expert_profile(session, UserFactory(expert=True), expert, ["biomedicine"], "冒名单位")


def test_an_admin_edits_an_experts_profile_and_it_is_audited(session):
    admin, expert = UserFactory(admin=True), UserFactory(expert=True)

    services.update_expert_profile(session, admin, expert, ["magnesium_alloy"], "河东工业大学")

    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "user.expert_profile"))
    assert (entry.actor_id, entry.target_id) == (admin.id, expert.id)
    assert entry.details == {"fields": ["magnesium_alloy"], "affiliation": "河东工业大学"}


def test_an_expert_editing_their_own_profile_writes_no_audit_entry(session):
    expert = UserFactory(expert=True)

    services.update_expert_profile(session, expert, expert, ["magnesium_alloy"], "河东工业大学")

    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "user.expert_profile")) is None


def test_an_admin_must_grant_the_role_before_setting_a_profile(session):
    with pytest.raises(ValidationError) as refused:
        services.update_expert_profile(session, UserFactory(admin=True), UserFactory(), ["biomedicine"], "")

    assert "fields" in refused.value.fields


def test_the_profile_stays_when_the_role_is_revoked(session):
    expert = UserFactory(expert=True)
    services.update_expert_profile(session, expert, expert, ["biomedicine"], "汾河大学")

    expert.is_expert = False
    session.flush()

    assert _saved(expert).fields == ["biomedicine"]


# -- the account page ------------------------------------------------------------------------------------------------

def test_the_account_page_shows_the_expert_section_to_experts_only(client, auth):
    auth.login(UserFactory())
    assert 'id="expert"' not in client.get("/account").get_data(as_text=True)

    auth.logout()
    auth.login(UserFactory(expert=True))
    page = client.get("/account").get_data(as_text=True)
    assert 'id="expert"' in page and 'value="new_energy_battery"' in page and 'name="affiliation"' in page


def test_an_expert_saves_their_profile_on_the_account_page(client, auth):
    expert = UserFactory(expert=True)
    auth.login(expert)

    response = auth.post("/account/expert-profile", {"fields": ["smart_sensors"], "affiliation": "长三角先进传感研究院"})

    assert response.status_code == 302 and response.headers["Location"].endswith("/account#expert")
    assert (_saved(expert).fields, _saved(expert).affiliation) == (["smart_sensors"], "长三角先进传感研究院")
    page = client.get("/account").get_data(as_text=True)
    assert 'checked id="fields-' in page and 'value="长三角先进传感研究院"' in page


def test_an_unknown_field_is_shown_next_to_the_fields_on_the_account_page(client, auth):
    auth.login(UserFactory(expert=True))

    response = auth.post("/account/expert-profile", {"fields": ["alchemy"]})

    assert response.status_code == 422
    assert '<p class="error" id="err-fields">未知的技术领域：alchemy</p>' in response.get_data(as_text=True)


def test_a_non_expert_posting_an_expert_profile_gets_403(client, auth):
    user = UserFactory()
    auth.login(user)

    assert auth.post("/account/expert-profile", {"fields": ["biomedicine"]}).status_code == 403
    assert _saved(user) is None


# -- the admin's user page -------------------------------------------------------------------------------------------

def test_the_admin_edits_an_experts_profile_on_the_user_page(client, auth):
    admin, expert = UserFactory(admin=True), UserFactory(expert=True, is_broker=True)
    auth.login(admin)
    page = client.get(f"/admin/users/{expert.id}").get_data(as_text=True)
    assert 'id="expert"' in page and 'name="expert-fields"' in page and 'id="coverage"' in page

    response = auth.post(f"/admin/users/{expert.id}/expert-profile",
                         {"expert-fields": ["biomedicine"], "expert-affiliation": "西部生物医药研究院"})

    assert response.status_code == 302
    assert (_saved(expert).fields, _saved(expert).affiliation) == (["biomedicine"], "西部生物医药研究院")


def test_the_user_page_of_a_non_expert_has_no_expert_section(client, auth):
    auth.login(UserFactory(admin=True))
    assert 'id="expert"' not in client.get(f"/admin/users/{UserFactory().id}").get_data(as_text=True)


def test_the_audit_log_reads_an_expert_profile_change_in_words(client, auth, session):
    admin, expert = UserFactory(admin=True), UserFactory(expert=True)
    services.update_expert_profile(session, admin, expert, ["biomedicine"], "汾河大学")
    auth.login(admin)

    page = client.get("/admin/audit").get_data(as_text=True)

    assert "修改专家信息" in page and "工作单位" in page and "汾河大学" in page and "生物医药" in page
