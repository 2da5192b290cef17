"""Offers and needs through the API: create, read, patch and search."""
from __future__ import annotations

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.market.services import market_today
from models import TechNeed, TechOffer
from models.choices import Maturity, PostingStatus
from tests import factories
from tests.api.conftest import assert_error, count, persist

KINDS = [("offers", TechOffer, "offer_body"), ("needs", TechNeed, "need_body")]


@pytest.mark.parametrize(("plural", "model", "body_fixture"), KINDS)
def test_a_verified_organisation_publishes_at_once(client, api_token, request, plural, model, body_fixture):
    user = factories.UserFactory()
    body = request.getfixturevalue(body_fixture)()

    response = client.post(f"/api/v1/{plural}", json=body, headers=api_token(user))

    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "published"
    assert data["organisation"]["id"] == user.organisation_id
    assert db.session.get(model, data["id"]).title == body["title"]


def test_an_unverified_organisations_offer_is_pending_and_hidden_from_anonymous_lists(client, api_token, offer_body):
    user = factories.UserFactory(organisation__unverified=True)

    created = client.post("/api/v1/offers", json=offer_body(), headers=api_token(user)).get_json()

    assert created["status"] == "pending"
    listed = client.get("/api/v1/offers").get_json()
    assert created["id"] not in [item["id"] for item in listed["items"]]
    assert client.get(f"/api/v1/offers/{created['id']}").status_code == 404


def test_draft_status_keeps_the_posting_a_draft(client, api_token, offer_body):
    user = factories.UserFactory()

    response = client.post("/api/v1/offers", json=offer_body(status="draft"), headers=api_token(user))

    assert response.get_json()["status"] == "draft"


def test_the_field_may_be_given_by_its_chinese_name(client, api_token, offer_body):
    user = factories.UserFactory()

    response = client.post("/api/v1/offers", json=offer_body(field="新材料"), headers=api_token(user))

    assert response.status_code == 201
    assert response.get_json()["field"] == {"code": "new_materials", "name_zh": "新材料", "name_en": "New materials"}


def test_the_offer_is_serialised_with_its_kind_specific_fields(client, api_token, offer_body):
    user = factories.UserFactory()

    data = client.post("/api/v1/offers", json=offer_body(), headers=api_token(user)).get_json()

    assert data["kind"] == "offer"
    assert data["maturity"] == "pilot"
    assert data["transfer_modes"] == ["license", "transfer"]
    assert data["asking_price_wan"] == 300.0
    assert data["price_negotiable"] is False
    assert data["keywords"] == ["固态电池", "电解质"]
    assert data["contact_name"] == "李老师"
    assert data["created_at"].endswith("+00:00")


def test_the_need_is_serialised_with_its_kind_specific_fields(client, api_token, need_body):
    user = factories.UserFactory()

    data = client.post("/api/v1/needs", json=need_body(), headers=api_token(user)).get_json()

    assert data["kind"] == "need"
    assert (data["budget_min_wan"], data["budget_max_wan"]) == (50.0, 150.0)
    assert data["deadline"] == "2027-06-30"
    assert data["cooperation_modes"] == ["commissioned"]
    assert data["maturity_required"] is None


def test_a_write_without_a_token_is_401_and_creates_nothing(client, offer_body):
    before = count(TechOffer)

    assert_error(client.post("/api/v1/offers", json=offer_body()), 401, "unauthorized")

    assert count(TechOffer) == before


def test_an_invalid_token_is_401(client, offer_body):
    response = client.post("/api/v1/offers", json=offer_body(), headers={"Authorization": "Bearer nonsense"})

    assert_error(response, 401, "unauthorized")


def test_a_missing_title_is_422_on_title_and_creates_nothing(client, api_token, offer_body):
    headers = api_token(factories.UserFactory())
    persist()
    before = count(TechOffer)
    body = offer_body()
    del body["title"]

    fields = assert_error(client.post("/api/v1/offers", json=body, headers=headers), 422, "validation_error")

    assert set(fields) == {"title"}
    assert count(TechOffer) == before


def test_an_unknown_field_is_422_on_field_and_creates_nothing(client, api_token, need_body):
    headers = api_token(factories.UserFactory())
    persist()
    before = count(TechNeed)

    fields = assert_error(client.post("/api/v1/needs", json=need_body(field="炼金术"), headers=headers), 422)

    assert set(fields) == {"field"}
    assert count(TechNeed) == before


def test_all_invalid_fields_are_reported_at_once(client, api_token, offer_body):
    body = offer_body(title="", field="nope", transfer_modes=[])

    fields = assert_error(client.post("/api/v1/offers", json=body, headers=api_token(factories.UserFactory())), 422)

    assert {"title", "field", "transfer_modes"} <= set(fields)


def test_get_shows_a_published_posting_to_anyone_without_contact(client):
    offer = factories.OfferFactory()

    data = client.get(f"/api/v1/offers/{offer.id}").get_json()

    assert data["id"] == offer.id
    assert data["title"] == offer.title
    assert not {"contact_name", "contact_phone", "contact_email"} & set(data)


def test_contact_fields_are_hidden_from_other_organisations(client, api_token):
    offer = factories.OfferFactory()
    stranger = factories.UserFactory()

    data = client.get(f"/api/v1/offers/{offer.id}", headers=api_token(stranger)).get_json()

    assert "contact_phone" not in data


def test_contact_fields_are_shown_to_the_offering_organisation(client, api_token):
    offer = factories.OfferFactory()
    member = factories.UserFactory(organisation=offer.organisation)

    data = client.get(f"/api/v1/offers/{offer.id}", headers=api_token(member)).get_json()

    assert data["contact_phone"] == offer.contact_phone


def test_get_of_an_unknown_posting_is_404(client):
    assert_error(client.get("/api/v1/needs/999999"), 404, "not_found")


def test_patch_changes_only_the_given_keys(client, api_token):
    offer = factories.OfferFactory()
    owner = factories.UserFactory(organisation=offer.organisation)
    original_description = offer.description

    response = client.patch(
        f"/api/v1/offers/{offer.id}", json={"title": "新标题", "field": "智能传感器"}, headers=api_token(owner)
    )

    assert response.status_code == 200
    data = response.get_json()
    assert data["title"] == "新标题"
    assert data["field"]["code"] == "smart_sensors"
    assert data["description"] == original_description
    assert data["asking_price_wan"] == 120.0


def test_patch_of_a_need_keeps_its_budget(client, api_token):
    need = factories.NeedFactory()
    owner = factories.UserFactory(organisation=need.organisation)

    data = client.patch(f"/api/v1/needs/{need.id}", json={"deadline": "2027-01-31"}, headers=api_token(owner)).get_json()

    assert data["deadline"] == "2027-01-31"
    assert (data["budget_min_wan"], data["budget_max_wan"]) == (50.0, 200.0)


def test_patch_of_another_organisations_posting_is_403_and_changes_nothing(client, api_token):
    offer = factories.OfferFactory()
    headers = api_token(factories.UserFactory())
    persist()
    title = offer.title

    assert_error(client.patch(f"/api/v1/offers/{offer.id}", json={"title": "抢来的"}, headers=headers), 403, "forbidden")

    db.session.expire_all()
    assert db.session.get(TechOffer, offer.id).title == title


def test_patch_of_a_posting_the_caller_may_not_see_is_404(client, api_token):
    draft = factories.OfferFactory(status=PostingStatus.DRAFT, published_at=None)
    headers = api_token(factories.UserFactory())

    assert_error(client.patch(f"/api/v1/offers/{draft.id}", json={"title": "x"}, headers=headers), 404)


def test_patch_without_a_token_is_401_and_changes_nothing(client):
    offer = factories.OfferFactory()
    persist()
    title = offer.title

    assert_error(client.patch(f"/api/v1/offers/{offer.id}", json={"title": "匿名修改"}), 401)

    db.session.expire_all()
    assert db.session.get(TechOffer, offer.id).title == title


def test_an_invalid_patch_is_422_and_changes_nothing(client, api_token):
    offer = factories.OfferFactory()
    headers = api_token(factories.UserFactory(organisation=offer.organisation))
    persist()
    title = offer.title

    fields = assert_error(client.patch(f"/api/v1/offers/{offer.id}", json={"title": ""}, headers=headers), 422)

    assert set(fields) == {"title"}
    db.session.expire_all()
    assert db.session.get(TechOffer, offer.id).title == title


def test_the_list_is_paginated_and_filtered(client):
    factories.OfferFactory.create_batch(21, field=factories.field("biomedicine"))
    factories.OfferFactory(title="唯一的传感器成果", field=factories.field("smart_sensors"))

    first = client.get("/api/v1/offers?field=biomedicine").get_json()
    second = client.get("/api/v1/offers?field=biomedicine&page=2").get_json()
    searched = client.get("/api/v1/offers?q=唯一的传感器").get_json()

    assert (first["total"], first["pages"], first["page"], len(first["items"])) == (21, 2, 1, 20)
    assert len(second["items"]) == 1
    assert [item["title"] for item in searched["items"]] == ["唯一的传感器成果"]


def test_a_logged_in_organisation_sees_its_own_pending_posting_in_the_list(client, api_token):
    offer = factories.OfferFactory(status=PostingStatus.PENDING, published_at=None, organisation__unverified=True)
    member = factories.UserFactory(organisation=offer.organisation)

    listed = client.get("/api/v1/offers", headers=api_token(member)).get_json()

    assert offer.id in [item["id"] for item in listed["items"]]


def test_vocabularies_take_their_chinese_labels_as_well_as_their_codes(client, api_token, offer_body):
    body = offer_body(maturity="中试", transfer_modes=["许可", "transfer"], ip_status="已授权专利")

    response = client.post("/api/v1/offers", json=body, headers=api_token(factories.UserFactory()))

    assert response.status_code == 201
    data = response.get_json()
    assert (data["maturity"], data["transfer_modes"], data["ip_status"]) == ("pilot", ["license", "transfer"],
                                                                            "granted_patent")


def test_an_unknown_label_is_still_a_422(client, api_token, offer_body):
    response = client.post("/api/v1/offers", json=offer_body(maturity="量产之后"),
                           headers=api_token(factories.UserFactory()))

    assert "maturity" in assert_error(response, 422)


def test_list_filters_take_a_vocabularys_chinese_label_too(client):
    pilot = factories.OfferFactory(maturity=Maturity.PILOT)
    lab = factories.OfferFactory(maturity=Maturity.LAB)

    by_code = {o["id"] for o in client.get("/api/v1/offers?maturity=pilot").get_json()["items"]}
    by_label = {o["id"] for o in client.get("/api/v1/offers", query_string={"maturity": "中试"}).get_json()["items"]}

    assert by_label == by_code and pilot.id in by_label and lab.id not in by_label


# -- sorting (issue 14) ----------------------------------------------------------------------------------------------

def test_needs_sorted_by_deadline_come_soonest_open_deadline_first(client):
    today = market_today()
    region = "西藏自治区"
    later = factories.NeedFactory(region=region, deadline=today + timedelta(days=60))
    none = factories.NeedFactory(region=region, deadline=None)
    soon = factories.NeedFactory(region=region, deadline=today + timedelta(days=5))

    listed = client.get("/api/v1/needs", query_string={"region": region, "sort": "deadline"}).get_json()

    assert [item["id"] for item in listed["items"]] == [soon.id, later.id, none.id]


def test_offers_sorted_by_price_come_cheapest_first(client):
    region = "西藏自治区"
    dear = factories.OfferFactory(region=region, asking_price_wan=500)
    cheap = factories.OfferFactory(region=region, asking_price_wan=50)

    listed = client.get("/api/v1/offers", query_string={"region": region, "sort": "price"}).get_json()

    assert [item["id"] for item in listed["items"]] == [cheap.id, dear.id]


def test_a_sort_the_kind_does_not_have_is_422_on_sort(client):
    response = client.get("/api/v1/offers?sort=deadline")

    assert "sort" in assert_error(response, 422, "validation_error")


def test_the_document_lists_each_kinds_sorts(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    def sorts(plural: str) -> list[str]:
        parameters = spec["paths"][f"/api/v1/{plural}"]["get"]["parameters"]
        return next(p for p in parameters if p["name"] == "sort")["schema"]["enum"]

    assert (sorts("offers"), sorts("needs")) == (["newest", "price"], ["newest", "deadline", "budget"])
