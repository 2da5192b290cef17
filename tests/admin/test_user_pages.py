"""Admin pages for users: the list with search, filters and pager, the user's page, and cases needing a broker."""
from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from matchmaker.extensions import db
from models import AuditEntry, BrokerProfile, Case, User
from models.choices import CaseStage
from tests.conftest import csrf_token
from tests.factories import DEFAULT_PASSWORD, CaseFactory, OrganisationFactory, UserFactory


@pytest.fixture
def admin(auth):
    user = UserFactory(admin=True, display_name="管理员乙")
    auth.login(user)
    return user


def _page(client, url: str, **args) -> str:
    response = client.get(url, query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# -- the list --------------------------------------------------------------------------------------------------------

def test_the_admin_nav_links_to_the_users_page(client, admin):
    assert 'href="/admin/users"' in _page(client, "/admin/")


def test_the_users_page_searches_by_organisation_name(client, admin):
    member = UserFactory(organisation=OrganisationFactory(name="晋北煤化工研究院"), display_name="孙工")
    UserFactory(display_name="不相干的人")

    page = _page(client, "/admin/users", q="煤化工")

    assert f'id="user-{member.id}"' in page and "孙工" in page and "不相干的人" not in page


def test_the_users_page_filters_by_role_and_status(client, admin):
    broker = UserFactory(is_broker=True, display_name="在岗经纪人")
    retired = UserFactory(is_broker=True, active=False, display_name="停用经纪人")
    UserFactory(display_name="普通成员丙")

    active_brokers = _page(client, "/admin/users", role="broker", status="active")
    inactive = _page(client, "/admin/users", status="inactive")

    assert f'id="user-{broker.id}"' in active_brokers
    assert f'id="user-{retired.id}"' not in active_brokers and "普通成员丙" not in active_brokers
    assert f'id="user-{retired.id}"' in inactive and f'id="user-{broker.id}"' not in inactive


def test_the_users_page_is_paginated(client, admin):
    for n in range(21):
        UserFactory(display_name=f"翻页用户{n:02d}")

    first = _page(client, "/admin/users", q="翻页用户")
    second = _page(client, "/admin/users", q="翻页用户", page=2)

    assert first.count('id="user-') == 20 and 'rel="next"' in first
    assert second.count('id="user-') == 1 and 'rel="prev"' in second


def test_the_users_page_has_an_empty_state_and_survives_bad_arguments(client, admin):
    page = _page(client, "/admin/users", q="没有这个人", role="king", status="odd", page="x")

    assert "没有符合条件的用户" in page


def test_non_admins_get_403_on_user_pages(client, auth):
    user = UserFactory(is_broker=True)
    auth.login(user)

    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{user.id}").status_code == 403
    assert auth.post(f"/admin/users/{user.id}/roles", {"roles": ["admin"]}).status_code == 403
    assert not _fresh(user).is_admin


# -- one user --------------------------------------------------------------------------------------------------------

def test_the_user_page_shows_role_checkboxes_and_a_confirmed_deactivation(client, admin):
    user = UserFactory(is_organiser=True, display_name="钱组织")

    page = _page(client, f"/admin/users/{user.id}")

    assert '<input checked id="roles-1" name="roles" type="checkbox" value="organiser">' in page
    assert '<input id="roles-0" name="roles" type="checkbox" value="broker">' in page
    assert f'action="/admin/users/{user.id}/deactivate"' in page and "data-confirm=" in page


def test_unknown_and_huge_user_ids_are_404(client, admin):
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/users/99999999999999999999999").status_code == 404


def test_roles_are_saved_from_the_user_page_and_audited(client, auth, admin):
    user = UserFactory()

    response = auth.post(f"/admin/users/{user.id}/roles", {"roles": ["broker", "organiser"]})

    assert response.status_code == 302
    assert _fresh(user).platform_roles == ["broker", "organiser"]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles")).actor_id == admin.id


def test_the_last_admin_unticking_their_admin_role_sees_the_error_next_to_the_roles(client, auth, admin, session):
    session.execute(User.__table__.update().where(User.id != admin.id).values(is_admin=False))

    response = auth.post(f"/admin/users/{admin.id}/roles", {"roles": ["broker"]})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="field-roles"' in page and "不能取消唯一管理员的管理员角色" in page
    assert _fresh(admin).is_admin and not _fresh(admin).is_broker


def test_deactivating_from_the_user_page_ends_their_session(app, client, auth, admin):
    user = UserFactory()
    theirs = app.test_client()
    g.pop("csrf_token", None)  # the test's app context outlives requests; a second client needs its own token
    theirs.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(theirs)})
    assert theirs.get("/organisation/").status_code == 200

    g.pop("csrf_token", None)
    response = auth.post(f"/admin/users/{user.id}/deactivate", follow_redirects=True)

    assert "已停用" in response.get_data(as_text=True)
    assert not _fresh(user).active
    assert theirs.get("/organisation/").status_code == 302


def test_an_admin_cannot_deactivate_themselves_from_the_page(client, auth, admin):
    UserFactory(admin=True)

    response = auth.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)

    assert "不能停用自己的账号" in response.get_data(as_text=True)
    assert _fresh(admin).active


def test_the_brokers_coverage_is_edited_on_the_user_page(client, auth, admin):
    broker = UserFactory(is_broker=True)
    assert 'id="coverage"' in _page(client, f"/admin/users/{broker.id}")

    response = auth.post(f"/admin/users/{broker.id}/coverage", {"fields": ["new_energy_battery"], "regions": ["山西省"]})

    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(BrokerProfile, broker.id)
    assert (profile.fields, profile.regions) == (["new_energy_battery"], ["山西省"])
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.broker_coverage")) is not None


def test_an_unknown_region_is_shown_next_to_the_coverage_field(client, auth, admin):
    broker = UserFactory(is_broker=True)

    response = auth.post(f"/admin/users/{broker.id}/coverage", {"regions": ["火星"]})

    assert response.status_code == 422
    assert 'id="field-regions"' in response.get_data(as_text=True)


# -- cases whose broker is gone --------------------------------------------------------------------------------------

def test_open_cases_of_a_deactivated_broker_are_listed_for_reassignment(client, auth, admin):
    case = CaseFactory()
    CaseFactory(broker=case.broker, stage=CaseStage.CLOSED)
    kept = CaseFactory()
    auth.post(f"/admin/users/{case.broker.id}/deactivate")

    page = _page(client, "/admin/")

    assert f'id="case-{case.id}"' in page and f'id="case-{kept.id}"' not in page
    assert page.count('id="case-') == 1


def test_the_dashboard_says_when_no_case_needs_a_broker(client, admin):
    CaseFactory()
    assert "所有进行中的对接都有在岗的经纪人" in _page(client, "/admin/")


def test_a_case_of_a_deactivated_broker_can_be_handed_to_another_broker(client, auth, admin):
    case = CaseFactory()
    successor = UserFactory(is_broker=True, display_name="接手经纪人")
    auth.post(f"/admin/users/{case.broker.id}/deactivate")

    response = auth.post(f"/admin/cases/{case.id}/broker", {"broker_id": successor.id}, follow_redirects=True)

    assert "接手经纪人" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).broker_id == successor.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.reassign"))
    assert (entry.actor_id, entry.target_id, entry.details["to_broker"]) == (admin.id, case.id, successor.id)
    assert f'id="case-{case.id}"' not in _page(client, "/admin/")


def test_a_case_cannot_be_handed_to_an_inactive_or_non_broker(client, auth, admin):
    case = CaseFactory()
    original = case.broker_id
    for candidate in (UserFactory(), UserFactory(is_broker=True, active=False)):
        response = auth.post(f"/admin/cases/{case.id}/broker", {"broker_id": candidate.id}, follow_redirects=True)
        assert "请选择一位在岗的技术经纪人" in response.get_data(as_text=True)
    assert auth.post(f"/admin/cases/{case.id}/broker", {"broker_id": "abc"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).broker_id == original


def test_the_user_pages_speak_english_after_the_switch(client, admin):
    user = UserFactory(is_broker=True)
    client.get("/lang/en")

    listing = _page(client, "/admin/users")
    detail = _page(client, f"/admin/users/{user.id}")

    assert ">Users<" in listing and "Name, e-mail or organisation" in listing
    assert "Platform roles" in detail and "Broker coverage" in detail and "Deactivate account" in detail
    assert "平台角色" not in detail
