"""POST /api/v1/admin/organisations/<id>/verification."""
from __future__ import annotations

from matchmaker.extensions import db
from models import Organisation, TechOffer
from models.choices import PostingStatus
from tests import factories
from tests.api.conftest import assert_error, persist


def test_verification_publishes_the_pending_postings(client, api_token):
    org = factories.OrganisationFactory(unverified=True)
    offer = factories.OfferFactory(organisation=org, status=PostingStatus.PENDING, published_at=None)
    admin = factories.UserFactory(admin=True)

    response = client.post(f"/api/v1/admin/organisations/{org.id}/verification", headers=api_token(admin))

    assert response.status_code == 200
    data = response.get_json()
    assert data["organisation"]["verified"] is True
    assert data["published_postings"] == 1
    db.session.expire_all()
    assert db.session.get(TechOffer, offer.id).status.value == "published"
    assert client.get(f"/api/v1/offers/{offer.id}").status_code == 200


def test_a_non_admin_may_not_verify_and_nothing_changes(client, api_token):
    org = factories.OrganisationFactory(unverified=True)
    headers = api_token(factories.UserFactory())
    persist()

    assert_error(client.post(f"/api/v1/admin/organisations/{org.id}/verification", headers=headers), 403, "forbidden")

    db.session.expire_all()
    assert db.session.get(Organisation, org.id).verified_at is None


def test_verification_without_a_token_is_401(client):
    org = factories.OrganisationFactory(unverified=True)

    assert_error(client.post(f"/api/v1/admin/organisations/{org.id}/verification"), 401, "unauthorized")


def test_verifying_an_unknown_organisation_is_404(client, api_token):
    headers = api_token(factories.UserFactory(admin=True))

    assert_error(client.post("/api/v1/admin/organisations/999999/verification", headers=headers), 404, "not_found")


def test_revoking_verification_withdraws_the_published_postings(client, api_token):
    org = factories.OrganisationFactory()
    offer = factories.OfferFactory(organisation=org)
    need = factories.NeedFactory(organisation=org)
    closed = factories.OfferFactory(organisation=org, status=PostingStatus.CLOSED)
    admin = factories.UserFactory(admin=True)

    response = client.delete(f"/api/v1/admin/organisations/{org.id}/verification", headers=api_token(admin))

    assert response.status_code == 200
    assert response.get_json()["withdrawn_postings"] == 2
    assert response.get_json()["organisation"]["verified"] is False
    db.session.expire_all()
    assert [p.status for p in (offer, need, closed)] == [PostingStatus.PENDING, PostingStatus.PENDING,
                                                         PostingStatus.CLOSED]
    assert client.get(f"/api/v1/offers/{offer.id}").status_code == 404  # no longer public


def test_after_revocation_an_edit_does_not_bring_a_posting_back_into_view(client, api_token):
    owner = factories.UserFactory()
    offer = factories.OfferFactory(organisation=owner.organisation)
    admin = factories.UserFactory(admin=True)
    client.delete(f"/api/v1/admin/organisations/{owner.organisation.id}/verification", headers=api_token(admin))

    client.patch(f"/api/v1/offers/{offer.id}", json={"title": "改过的标题"}, headers=api_token(owner))

    listed = client.get("/api/v1/offers", query_string={"q": "改过的标题"}).get_json()["items"]
    assert listed == [] and client.get(f"/api/v1/offers/{offer.id}").status_code == 404


def test_only_admins_revoke_verification(client, api_token):
    org = factories.OrganisationFactory()
    member = factories.UserFactory(organisation=org)
    persist()

    assert_error(client.delete(f"/api/v1/admin/organisations/{org.id}/verification", headers=api_token(member)),
                 403, "forbidden")
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).verified_at is not None
