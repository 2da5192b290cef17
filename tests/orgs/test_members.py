"""The owner's members page: list, remove (which ends the member's sessions), hand over ownership, invitation code."""
from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from matchmaker.extensions import db
from models import ApiToken, AuditEntry, User
from models.choices import OrgRole
from tests.conftest import csrf_token
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory


@pytest.fixture
def org():
    return OrganisationFactory(name="晋城光电研究院")


@pytest.fixture
def owner(org, auth):
    user = UserFactory(organisation=org, org_role=OrgRole.OWNER, display_name="负责人周")
    auth.login(user)
    return user


@pytest.fixture
def member(org):
    return UserFactory(organisation=org, org_role=OrgRole.MEMBER, display_name="成员吴")


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_owner_sees_every_member_with_name_email_role_and_confirmed_actions(client, owner, member):
    page = client.get("/organisation/members").get_data(as_text=True)

    assert "负责人周" in page and "成员吴" in page and member.email in page and "成员" in page
    assert f'action="/organisation/members/{member.id}/remove"' in page
    assert f'action="/organisation/members/{owner.id}/remove"' not in page
    assert page.count("data-confirm=") >= 3  # remove, hand over, reset the invitation code


def test_an_owner_alone_sees_an_empty_state(client, owner):
    assert "只有您一位成员" in client.get("/organisation/members").get_data(as_text=True)


def test_the_profile_links_owners_to_the_members_page(client, owner):
    assert 'href="/organisation/members"' in client.get("/organisation/").get_data(as_text=True)


def test_non_owners_get_403(client, auth, org, member):
    auth.login(member)
    other = UserFactory(organisation=org, org_role=OrgRole.MEMBER)

    assert client.get("/organisation/members").status_code == 403
    assert auth.post(f"/organisation/members/{other.id}/remove").status_code == 403
    assert auth.post(f"/organisation/members/{other.id}/owner").status_code == 403
    assert _fresh(other).organisation_id == org.id


def test_users_without_an_organisation_get_403(client, auth):
    auth.login(UserFactory(organisation=None))
    assert client.get("/organisation/members").status_code == 403


def test_removing_a_member_ends_their_session_and_tokens_and_is_audited(app, client, auth, org, owner, member,
                                                                      api_token):
    theirs = app.test_client()
    g.pop("csrf_token", None)  # the test's app context outlives requests; a second client needs its own token
    theirs.post("/login", data={"email": member.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(theirs)})
    assert theirs.get("/organisation/").status_code == 200
    headers = api_token(member)

    g.pop("csrf_token", None)
    response = auth.post(f"/organisation/members/{member.id}/remove", follow_redirects=True)

    assert "已将“成员吴”移出本机构" in response.get_data(as_text=True)
    removed = _fresh(member)
    assert (removed.organisation_id, removed.session_version) == (None, 1)
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == member.id)).all() == []
    assert theirs.get("/organisation/").status_code == 302
    assert client.get("/api/v1/broker/queue", headers=headers).status_code == 401
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.member_remove"))
    assert (entry.actor_id, entry.target_id, entry.details["member_id"]) == (owner.id, org.id, member.id)


def test_the_owner_cannot_remove_themselves(client, auth, org, owner):
    response = auth.post(f"/organisation/members/{owner.id}/remove", follow_redirects=True)

    assert "不能将自己移出机构" in response.get_data(as_text=True)
    assert _fresh(owner).organisation_id == org.id


def test_a_user_of_another_organisation_cannot_be_removed(client, auth, owner):
    stranger = UserFactory()

    assert auth.post(f"/organisation/members/{stranger.id}/remove").status_code == 404
    assert auth.post("/organisation/members/99999999999999999999/remove").status_code == 404
    assert _fresh(stranger).organisation_id is not None


def test_handing_over_ownership_makes_the_old_owner_a_member(client, auth, org, owner, member):
    response = auth.post(f"/organisation/members/{member.id}/owner")

    assert response.status_code == 302
    assert _fresh(member).org_role == OrgRole.OWNER
    assert _fresh(owner).org_role == OrgRole.MEMBER
    assert client.get("/organisation/members").status_code == 403
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.owner_transfer"))
    assert entry.details == {"from_user": owner.id, "to_user": member.id}


def test_ownership_cannot_go_to_a_deactivated_member(client, auth, org, owner):
    retired = UserFactory(organisation=org, org_role=OrgRole.MEMBER, active=False)

    response = auth.post(f"/organisation/members/{retired.id}/owner", follow_redirects=True)

    assert "已停用" in response.get_data(as_text=True)
    assert _fresh(owner).org_role == OrgRole.OWNER


def test_resetting_the_invitation_code_from_the_members_page_is_audited(client, auth, org, owner):
    old = org.invite_code

    response = auth.post("/organisation/invite-code?next=members")

    assert response.headers["Location"].endswith("/organisation/members")
    db.session.expire_all()
    assert db.session.get(type(org), org.id).invite_code != old
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.invite_code")) is not None


def test_the_members_page_speaks_english_after_the_switch(client, owner, member):
    client.get("/lang/en")

    page = client.get("/organisation/members").get_data(as_text=True)

    assert "Members" in page and "Make owner" in page and "成员管理" not in page
