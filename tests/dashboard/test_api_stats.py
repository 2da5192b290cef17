"""GET /api/v1/stats: the dashboard's numbers as JSON, for administrators and organisers only."""
from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import assert_error
from tests.dashboard.world import expected


def test_without_a_token_it_is_401(client):
    assert_error(client.get("/api/v1/stats"), 401, "unauthorized")


@pytest.mark.parametrize("role", ["member", "broker"])
def test_members_and_brokers_get_403(client, api_token, request, role):
    assert_error(client.get("/api/v1/stats", headers=api_token(request.getfixturevalue(role))), 403, "forbidden")


@pytest.mark.parametrize("role", ["admin", "organiser"])
def test_the_numbers_agree_with_the_rows(client, api_token, world, request, role):
    response = client.get("/api/v1/stats", headers=api_token(request.getfixturevalue(role)))

    assert response.status_code == 200
    assert response.get_json() == expected(world)


def test_filters_by_days_and_field(client, api_token, world, admin):
    response = client.get("/api/v1/stats?start=2026-03-01&end=2026-05-31&field=new_materials",
                          headers=api_token(admin))

    assert response.status_code == 200
    body = response.get_json()
    assert body == expected(world, start=date(2026, 3, 1), end=date(2026, 5, 31), code="new_materials")
    assert body["filters"] == {"start": "2026-03-01", "end": "2026-05-31", "field": "new_materials"}
    assert body["months"][0] == "2026-03" and body["months"][-1] >= "2026-05"


@pytest.mark.parametrize(("query", "field"), [
    ("start=yesterday", "start"),
    ("start=2026-05-01&end=2026-04-01", "end"),
    ("field=no_such_field", "field"),
    ("end=1999-12-31", "end"),
])
def test_bad_filters_are_422(client, api_token, admin, query, field):
    fields = assert_error(client.get(f"/api/v1/stats?{query}", headers=api_token(admin)), 422, "validation_error")

    assert field in fields


def test_it_is_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/stats"]["get"]

    assert {p["name"] for p in operation["parameters"]} == {"start", "end", "field"}
    assert set(operation["responses"]) == {"200", "400", "401", "403", "422", "429"}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"filters", "months", "totals", "postings", "matches", "funnel", "contracts",
                                         "brokers", "events", "on_market", "open_calls"}
    assert set(schema["properties"]["open_calls"]["properties"]) == {
        "calls_published", "proposals", "awarded_wan", "paid_wan", "milestones_on_time", "milestones_late"}
