"""GET /api/v1/targets and PUT /api/v1/targets/<year>: the same numbers as the service, who may call them, and
every bad input a 422 in the JSON error shape."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from matchmaker.targets.progress import progress
from models import AuditEntry, Target
from tests.targets.world import CODES, SHANXI, YEAR

ITEM_KEYS = {"indicator", "label", "target", "quarters", "target_to_date", "actual", "pace_needed", "projection",
             "behind"}


def test_get_answers_the_services_numbers_as_of_the_months_end(client, api_token, targets, organiser, session):
    body = client.get(f"/api/v1/targets?year={YEAR}&region={SHANXI}&month=8", headers=api_token(organiser)).get_json()

    assert body["year"] == YEAR and body["region"] == SHANXI and body["as_of"] == "2025-08-31"
    assert [item["indicator"] for item in body["items"]] == CODES
    assert all(set(item) == ITEM_KEYS and item["label"] for item in body["items"])
    rows = progress(session, YEAR, SHANXI, date(2025, 8, 31))
    assert [{k: v for k, v in item.items() if k != "label"} for item in body["items"]] == [r.as_json() for r in rows]


def test_put_sets_changes_and_removes_targets_and_answers_like_get(client, api_token, admin, session):
    headers = api_token(admin)
    first = client.put("/api/v1/targets/2031", headers=headers, json={
        "region": SHANXI, "indicators": {"contract_count": 12, "events": {"value": 8, "quarters": [1, 2, 2, 3]}}})
    second = client.put("/api/v1/targets/2031", headers=headers, json={
        "region": SHANXI, "indicators": {"contract_count": None, "events": 10.5}})

    assert first.status_code == second.status_code == 200
    items = {item["indicator"]: item for item in first.get_json()["items"]}
    assert items["contract_count"]["target"] == 12 and items["events"]["quarters"] == [1, 2, 2, 3]
    assert second.get_json() == client.get(f"/api/v1/targets?year=2031&region={SHANXI}", headers=headers).get_json()
    rows = session.scalars(select(Target).where(Target.year == 2031)).all()
    assert [(r.region, r.indicator, float(r.value), r.quarters) for r in rows] == [(SHANXI, "events", 10.5, None)]
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "target.set")).all()
    assert len(entries) == 2 and entries[-1].details == {"year": 2031, "region": SHANXI,
                                                         "indicators": ["contract_count", "events"]}


@pytest.mark.parametrize(("year", "body", "field"), [
    (2031, {"indicators": {"contracts": 3}}, "indicators"),
    (2031, {"indicators": {"events": -1}}, "indicators.events"),
    (2031, {"indicators": {"events": "12"}}, "indicators.events"),
    (2031, {"indicators": {"events": True}}, "indicators.events"),
    (2031, {"indicators": {"events": 1e12 + 1}}, "indicators.events"),
    (2031, {"indicators": {"events": {"value": 10, "quarters": [1, 2, 3]}}}, "indicators.events.quarters"),
    (2031, {"indicators": {"events": {"value": 10, "quarters": [1, 2, 3, "4"]}}}, "indicators.events.quarters"),
    (2031, {"indicators": {"events": {"value": 10, "quarters": [1, 2, 3, 4.02]}}}, "indicators.events.quarters"),
    (2031, {"indicators": {"events": {"quarters": [1, 2, 3, 4]}}}, "indicators.events"),
    (2031, {"indicators": [12]}, "indicators"),
    (2031, {}, "indicators"),
    (2031, {"region": "火星", "indicators": {"events": 1}}, "region"),
    (1999, {"indicators": {"events": 1}}, "year"),
    (2101, {"indicators": {"events": 1}}, "year"),
], ids=["unknown code", "negative", "string", "boolean", "over 1e12", "three quarters", "a quarter not a number",
        "quarters off the value", "no value", "not an object", "missing", "unknown region", "1999", "2101"])
def test_a_bad_target_is_a_422_naming_its_field(client, api_token, admin, session, year, body, field):
    response = client.put(f"/api/v1/targets/{year}", headers=api_token(admin), json=body)

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert session.scalars(select(Target)).all() == []


def test_quarters_within_a_cent_of_the_value_are_accepted(client, api_token, admin):
    response = client.put("/api/v1/targets/2031", headers=api_token(admin),
                          json={"indicators": {"contract_turnover_wan": {"value": 100, "quarters": [25, 25, 25, 25.01]}}})

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["year=1999", "year=20x5", "month=13", "month=0", "month=1.5", "region=火星",
                                   "year=99999999999999999999"])
def test_a_bad_query_is_a_422(client, api_token, organiser, query):
    response = client.get(f"/api/v1/targets?{query}", headers=api_token(organiser))

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_anonymous_callers_get_401(client):
    assert client.get("/api/v1/targets").status_code == 401
    assert client.put("/api/v1/targets/2031", json={"indicators": {}}).status_code == 401


def test_only_admins_set_and_only_dashboard_readers_read(client, api_token, organiser, member, session):
    body = {"indicators": {"events": 3}}

    assert client.put("/api/v1/targets/2031", headers=api_token(organiser), json=body).status_code == 403
    assert client.put("/api/v1/targets/2031", headers=api_token(member), json=body).status_code == 403
    assert client.get("/api/v1/targets", headers=api_token(member)).status_code == 403
    assert client.get("/api/v1/targets", headers=api_token(organiser)).status_code == 200
    assert session.scalars(select(Target)).all() == []
