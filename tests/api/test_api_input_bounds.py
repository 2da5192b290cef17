"""Input at and beyond every bound answers 4xx in the JSON error shape, never a 500."""
from __future__ import annotations

import pytest

from models import TechNeed, TechOffer
from tests import factories
from tests.api.conftest import assert_error, count, persist
from tests.factories import OfferFactory

HUGE = 100000000000000000000  # beyond 2^63
BEYOND_INTEGER = 2**31  # one past PostgreSQL's INTEGER, the primary keys' type


def _refused_offer(client, api_token, body: dict, status: int) -> dict:
    """POST an offer that must be refused with `status`; checks nothing was created and returns error.fields."""
    headers = api_token(factories.UserFactory())
    persist()
    before = count(TechOffer)
    fields = assert_error(client.post("/api/v1/offers", json=body, headers=headers), status)
    assert count(TechOffer) == before
    return fields


@pytest.mark.parametrize("posting_id", [BEYOND_INTEGER, HUGE])
def test_an_id_beyond_a_database_integer_is_404(client, posting_id):
    assert_error(client.get(f"/api/v1/offers/{posting_id}"), 404, "not_found")
    assert_error(client.get(f"/api/v1/needs/{posting_id}/matches"), 404, "not_found")


@pytest.mark.parametrize("interest_id", [BEYOND_INTEGER, HUGE, str(HUGE)])
def test_an_id_beyond_a_database_integer_in_a_body_is_422(client, api_token, interest_id):
    headers = api_token(factories.UserFactory(is_broker=True))

    fields = assert_error(client.post("/api/v1/cases", json={"interest_id": interest_id}, headers=headers), 422)

    assert set(fields) == {"interest_id"}


@pytest.mark.parametrize("page", [str(HUGE), "0", "-1", "null", "1.5", ""])
def test_a_page_that_is_not_a_positive_integer_in_range_is_422(client, page):
    fields = assert_error(client.get(f"/api/v1/offers?page={page}"), 422, "validation_error")

    assert set(fields) == {"page"}


def test_a_page_past_the_last_is_422_naming_the_page(client):
    fields = assert_error(client.get("/api/v1/offers?page=1000000"), 422, "validation_error")

    assert set(fields) == {"page"}


def test_the_first_page_of_an_empty_list_is_an_empty_page(client):
    body = client.get("/api/v1/offers?page=1").get_json()

    assert body["items"] == [] and body["page"] == 1 and body["pages"] == 1


def test_a_web_page_past_the_last_is_404(client):
    OfferFactory()

    assert client.get("/offers?page=2").status_code == 404
    assert client.get("/offers?page=1").status_code == 200


def test_json_nested_fifty_thousand_deep_is_400(client):
    deep = "[" * 50_000 + "]" * 50_000

    assert_error(client.post("/api/v1/tokens", data=deep, content_type="application/json"), 400, "bad_request")


def test_a_search_of_a_thousand_words_answers(client):
    q = " ".join(f"词{n}" for n in range(1100))

    assert client.get("/api/v1/offers", query_string={"q": q}).status_code == 200
    assert client.get("/api/v1/search", query_string={"q": q}).status_code == 200


def test_an_event_in_the_year_one_is_422(client, api_token):
    body = {"kind": "matchmaking", "title": "对接会", "starts_at": "0001-01-01T00:00:00+08:00",
            "ends_at": "0001-01-01T02:00:00+08:00", "slot_minutes": 20, "tables": 5}

    fields = assert_error(client.post("/api/v1/events", json=body,
                                      headers=api_token(factories.UserFactory(is_organiser=True))), 422)

    assert {"starts_at", "ends_at"} <= set(fields)


@pytest.mark.parametrize("title", [["a", "b"], 12345, {"zh": "标题"}, True])
def test_a_title_that_is_not_a_string_is_422_and_creates_nothing(client, api_token, offer_body, title):
    assert set(_refused_offer(client, api_token, offer_body(title=title), 422)) == {"title"}


def test_keywords_that_are_not_strings_are_422(client, api_token, offer_body):
    fields = assert_error(client.post("/api/v1/offers", json=offer_body(keywords=[{"a": 1}]),
                                      headers=api_token(factories.UserFactory())), 422)

    assert set(fields) == {"keywords"}


@pytest.mark.parametrize("text", ["固态\x00电池", "合同\u202egpj.exe", "隔离\u2066文本\u2069", "垂直\x0b制表", "转义\x1b字符"])
def test_nul_bytes_other_control_characters_and_bidi_controls_are_refused(client, api_token, offer_body, text):
    assert set(_refused_offer(client, api_token, offer_body(description=text), 400)) == {"description"}


def test_tabs_and_line_breaks_are_kept(client, api_token, offer_body):
    response = client.post("/api/v1/offers", json=offer_body(description="第一行\n第二行\r\n\t缩进"),
                           headers=api_token(factories.UserFactory()))

    assert response.status_code == 201


def test_a_nul_byte_in_a_query_argument_is_refused(client):
    fields = assert_error(client.get("/api/v1/offers", query_string={"q": "电池\x00"}), 400)

    assert set(fields) == {"q"}


@pytest.mark.parametrize("amount", [1e20, "NaN", "Infinity", "-1e15"])
def test_a_budget_its_column_cannot_hold_is_422(client, api_token, need_body, amount):
    headers = api_token(factories.UserFactory())
    persist()
    before = count(TechNeed)

    fields = assert_error(client.post("/api/v1/needs", json=need_body(budget_max_wan=amount), headers=headers), 422)

    assert "budget_max_wan" in fields
    assert count(TechNeed) == before


def test_the_largest_budget_its_column_holds_is_accepted(client, api_token, need_body):
    response = client.post("/api/v1/needs", json=need_body(budget_max_wan="9999999999.99"),
                           headers=api_token(factories.UserFactory()))

    assert response.status_code == 201
