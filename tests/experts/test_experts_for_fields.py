"""experts_for_fields: active experts ranked by how many of the asked fields they cover, then by name."""
from __future__ import annotations

from matchmaker.experts.services import experts_for_fields, update_expert_profile
from tests.factories import UserFactory


def _expert(session, name: str, fields: list[str], **kwargs):
    user = UserFactory(expert=True, display_name=name, **kwargs)
    update_expert_profile(session, user, user, fields, "")
    return user


def _names(fits) -> list[str]:
    return [fit.user.display_name for fit in fits]


def test_experts_covering_more_of_the_fields_come_first_then_by_name(session):
    _expert(session, "乙专家", ["biomedicine"])
    _expert(session, "甲专家", ["green_food"])
    _expert(session, "丙专家", ["biomedicine", "green_food", "new_materials"])
    _expert(session, "丁专家", ["smart_sensors"])

    fits = experts_for_fields(session, ["biomedicine", "green_food"], limit=10)

    assert _names(fits) == ["丙专家", "乙专家", "甲专家"]
    assert [fit.shared_fields for fit in fits] == [["biomedicine", "green_food"], ["biomedicine"], ["green_food"]]


def test_the_limit_keeps_the_best_fits(session):
    _expert(session, "甲", ["biomedicine"])
    _expert(session, "乙", ["biomedicine", "green_food"])

    assert _names(experts_for_fields(session, ["biomedicine", "green_food"], limit=1)) == ["乙"]


def test_deactivated_experts_and_users_who_lost_the_role_are_not_suggested(session):
    _expert(session, "在岗专家", ["biomedicine"])
    _expert(session, "停用专家", ["biomedicine"]).active = False
    _expert(session, "卸任专家", ["biomedicine"]).is_expert = False
    session.flush()

    assert _names(experts_for_fields(session, ["biomedicine"], limit=10)) == ["在岗专家"]


def test_no_fields_asked_suggests_nobody(session):
    _expert(session, "甲", ["biomedicine"])

    assert experts_for_fields(session, [], limit=10) == []
