"""Matches and search through the API: ranked, explained, and never showing what the caller may not see."""
from __future__ import annotations

import pytest

from matchmaker.extensions import db
from models.choices import PostingStatus
from tests import factories
from tests.api.conftest import assert_error


@pytest.fixture
def recycling_need():
    need = factories.NeedFactory(title="退役动力电池回收利用", description="需要废旧锂电池回收和正极材料再生的成熟技术。")
    db.session.commit()
    return need


def _recycling_offer(**kwargs):
    return factories.OfferFactory(title="废旧锂电池正极材料直接再生技术",
                                  description="退役动力电池正极材料经补锂烧结直接再生，回收成本低。", **kwargs)


def test_need_matches_rank_the_solving_offer_first_with_an_explanation(client, recycling_need):
    offer = _recycling_offer()
    factories.OfferFactory(title="镁合金薄壁压铸", description="高真空压铸镁合金薄壁件。",
                           field=factories.field("magnesium_alloy"))

    body = client.get(f"/api/v1/needs/{recycling_need.id}/matches?limit=5").get_json()

    first = body["items"][0]
    assert first["offer"]["id"] == offer.id
    assert isinstance(first["score"], float)
    explanation = first["explanation"]
    assert "动力电池" in explanation["shared_terms"]
    assert explanation["field_match"] is True
    assert set(explanation["scores"]) >= {"dense", "lexical", "fused"}
    assert explanation["scores"]["fused"] == first["score"]


def test_matches_never_include_closed_or_other_organisations_pending_offers(client, recycling_need):
    closed = _recycling_offer(status=PostingStatus.CLOSED)
    pending = _recycling_offer(status=PostingStatus.PENDING, organisation__unverified=True)
    visible = _recycling_offer()

    ids = [i["offer"]["id"] for i in client.get(f"/api/v1/needs/{recycling_need.id}/matches").get_json()["items"]]

    assert visible.id in ids
    assert closed.id not in ids and pending.id not in ids


def test_match_items_do_not_reveal_contact_details(client, recycling_need):
    _recycling_offer()

    item = client.get(f"/api/v1/needs/{recycling_need.id}/matches").get_json()["items"][0]

    assert "contact_phone" not in item["offer"]


def test_the_field_filter_restricts_matches(client, recycling_need):
    _recycling_offer()
    other_field = _recycling_offer(field=factories.field("new_materials"))

    items = client.get(f"/api/v1/needs/{recycling_need.id}/matches?field=new_materials").get_json()["items"]

    assert [i["offer"]["id"] for i in items] == [other_field.id]


def test_offer_matches_list_needs(client, recycling_need):
    offer = _recycling_offer()

    items = client.get(f"/api/v1/offers/{offer.id}/matches").get_json()["items"]

    assert items[0]["need"]["id"] == recycling_need.id


def test_a_posting_created_through_the_api_is_matchable_at_once(client, api_token, recycling_need, offer_body):
    user = factories.UserFactory()
    created = client.post("/api/v1/offers", json=offer_body(
        title="退役锂电池回收再生", description="废旧锂电池回收，正极材料再生，金属回收率 98%。"), headers=api_token(user))

    items = client.get(f"/api/v1/needs/{recycling_need.id}/matches").get_json()["items"]

    assert created.status_code == 201
    assert created.get_json()["id"] in [i["offer"]["id"] for i in items]


def test_matches_of_a_hidden_need_answer_404(client):
    need = factories.NeedFactory(status=PostingStatus.DRAFT)

    assert_error(client.get(f"/api/v1/needs/{need.id}/matches"), 404)


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_a_bad_limit_answers_422_naming_the_field(client, recycling_need, limit):
    fields = assert_error(client.get(f"/api/v1/needs/{recycling_need.id}/matches?limit={limit}"), 422)

    assert "limit" in fields


def test_search_finds_a_chinese_offer_from_english_words(client):
    offer = _recycling_offer()

    items = client.get("/api/v1/search?q=lithium battery recycling&type=offer").get_json()["items"]

    assert items and items[0]["offer"]["id"] == offer.id


def test_search_for_needs_returns_needs(client, recycling_need):
    items = client.get("/api/v1/search?q=电池回收&type=need").get_json()["items"]

    assert items[0]["need"]["id"] == recycling_need.id


def test_search_without_words_or_with_an_unknown_type_answers_422(client):
    fields = assert_error(client.get("/api/v1/search?type=patent"), 422)

    assert set(fields) == {"q", "type"}
