"""Every API error is the JSON error shape, never HTML."""
from __future__ import annotations

from models import TechOffer
from tests import factories
from tests.api.conftest import assert_error, count, persist


def test_a_body_over_one_megabyte_is_413_and_creates_nothing(client, api_token, offer_body):
    headers = api_token(factories.UserFactory())
    persist()
    before = count(TechOffer)

    response = client.post("/api/v1/offers", json=offer_body(description="长" * (1024 * 1024)), headers=headers)

    assert_error(response, 413, "payload_too_large")
    assert count(TechOffer) == before


def test_an_oversize_body_is_413_whatever_its_content_type(client):
    response = client.post("/api/v1/tokens", data="x" * (1024 * 1024 + 1), content_type="text/plain")

    assert_error(response, 413)


def test_a_body_that_is_not_a_json_object_is_400(client, api_token):
    headers = api_token(factories.UserFactory())

    assert_error(client.post("/api/v1/offers", json=["a", "list"], headers=headers), 400, "bad_request")
    assert_error(client.post("/api/v1/tokens", data="{not json", content_type="application/json"), 400)
    assert_error(client.post("/api/v1/tokens", data="email=a", content_type="application/x-www-form-urlencoded"), 400)


def test_an_unknown_api_path_is_a_json_404(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_a_wrong_method_is_a_json_405(client):
    assert_error(client.delete("/api/v1/offers"), 405, "method_not_allowed")


def test_an_unknown_status_on_create_is_422(client, api_token, offer_body):
    headers = api_token(factories.UserFactory())

    fields = assert_error(client.post("/api/v1/offers", json=offer_body(status="published"), headers=headers), 422)

    assert set(fields) == {"status"}
