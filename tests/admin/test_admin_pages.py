"""Admin area: access, organisation verification, posting moderation, audit log."""
import pytest
from sqlalchemy import select

from models import AuditEntry, Organisation, TechNeed, TechOffer
from models.choices import PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory

ADMIN_PAGES = ["/admin/", "/admin/organisations", "/admin/postings", "/admin/audit", "/admin/targets"]


def _audit_entries(session, action):
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def admin(auth):
    user = UserFactory(admin=True)
    auth.login(user)
    return user


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_admins_are_forbidden(client, auth, url):
    auth.login(UserFactory())
    assert client.get(url).status_code == 403


def test_non_admins_cannot_verify_an_organisation(client, auth):
    org = OrganisationFactory(unverified=True)
    auth.login(UserFactory(broker=True))
    assert auth.post(f"/admin/organisations/{org.id}/verify").status_code == 403
    assert org.verified_at is None


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admins_see_every_admin_page(client, admin, url):
    assert client.get(url).status_code == 200


def test_dashboard_lists_an_unverified_organisation(client, admin):
    OrganisationFactory(unverified=True, name="晋中新材料研究院")
    page = client.get("/admin/").get_data(as_text=True)
    assert "晋中新材料研究院" in page


def test_dashboard_shows_an_empty_state_without_unverified_organisations(client, admin):
    page = client.get("/admin/").get_data(as_text=True)
    assert "没有等待认证的机构" in page


def test_verifying_publishes_pending_offers_and_needs(client, auth, admin, session):
    org = OrganisationFactory(unverified=True)
    offer = OfferFactory(organisation=org, status=PostingStatus.PENDING, published_at=None)
    need = NeedFactory(organisation=org, status=PostingStatus.PENDING, published_at=None)
    response = auth.post(f"/admin/organisations/{org.id}/verify", follow_redirects=True)
    assert "发布了 2 条" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(TechOffer, offer.id).status == PostingStatus.PUBLISHED
    assert session.get(TechNeed, need.id).status == PostingStatus.PUBLISHED
    assert org.verified


def test_verifying_writes_an_audit_entry(client, auth, admin, session):
    org = OrganisationFactory(unverified=True)
    auth.post(f"/admin/organisations/{org.id}/verify")
    [entry] = _audit_entries(session, "organisation.verify")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "organisations", org.id)


def test_revoking_verification_unverifies_and_is_audited(client, auth, admin, session):
    org = OrganisationFactory()
    response = auth.post(f"/admin/organisations/{org.id}/revoke")
    assert response.status_code == 302
    session.expire_all()
    assert not org.verified
    assert len(_audit_entries(session, "organisation.unverify")) == 1


def test_verify_without_csrf_token_is_refused_and_changes_nothing(client, admin, session):
    org = OrganisationFactory(unverified=True)
    offer = OfferFactory(organisation=org, status=PostingStatus.PENDING, published_at=None)
    session.commit()  # the rows exist before the request, so its rollback cannot take them away
    response = client.post(f"/admin/organisations/{org.id}/verify")
    assert response.status_code == 400
    session.expire_all()
    assert session.get(Organisation, org.id).verified_at is None
    assert session.get(TechOffer, offer.id).status == PostingStatus.PENDING
    assert _audit_entries(session, "organisation.verify") == []


def test_closing_a_posting_from_moderation_closes_it_and_is_audited(client, auth, admin, session):
    offer = OfferFactory()
    auth.post(f"/admin/postings/offer/{offer.id}/close", {"reason": "重复发布"})
    session.expire_all()
    assert session.get(TechOffer, offer.id).status == PostingStatus.CLOSED
    [entry] = _audit_entries(session, "offer.close")
    assert entry.target_id == offer.id
    assert entry.details == {"reason": "重复发布"}


def test_moderation_page_offers_a_close_button_with_confirmation(client, admin):
    need = NeedFactory(status=PostingStatus.PENDING)
    page = client.get("/admin/postings?kind=need&status=pending").get_data(as_text=True)
    assert f"/admin/postings/need/{need.id}/close" in page
    assert "data-confirm" in page


def test_organisations_are_paginated(client, admin):
    OrganisationFactory.create_batch(25, unverified=True)
    first = client.get("/admin/organisations?status=unverified").get_data(as_text=True)
    second = client.get("/admin/organisations?status=unverified&page=2").get_data(as_text=True)
    assert first.count('<tr id="org-') == 20
    assert second.count('<tr id="org-') == 5


def test_organisations_can_be_searched_by_name(client, admin):
    OrganisationFactory(name="太原理工大学")
    OrganisationFactory(name="中北大学")
    page = client.get("/admin/organisations?status=all&q=理工").get_data(as_text=True)
    assert "太原理工大学" in page
    assert "中北大学" not in page


def test_postings_are_filtered_by_status(client, admin):
    OfferFactory(title="待审核成果", status=PostingStatus.PENDING)
    OfferFactory(title="已发布成果")
    OfferFactory(title="已关闭成果", status=PostingStatus.CLOSED)
    page = client.get("/admin/postings?kind=offer&status=closed").get_data(as_text=True)
    assert "已关闭成果" in page
    assert "待审核成果" not in page
    assert "已发布成果" not in page


def test_postings_page_shows_an_empty_state(client, admin):
    page = client.get("/admin/postings?kind=need&status=closed").get_data(as_text=True)
    assert "没有该状态的信息" in page


def test_audit_log_lists_entries(client, auth, admin):
    org = OrganisationFactory(unverified=True)
    auth.post(f"/admin/organisations/{org.id}/verify")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "机构认证通过" in page and 'title="organisation.verify"' in page
    assert admin.display_name in page
