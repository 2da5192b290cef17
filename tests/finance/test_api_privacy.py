"""Acceptance 2: a financing need is never visible to another enterprise, to anonymous users, or to a financial
organisation it does not match. Every finance API route, as each of seven kinds of caller."""
from __future__ import annotations

import json
import re

import pytest

from tests.finance.conftest import ACTORS, NEED_READERS, SECRET, Market

PRODUCT_BODY = {"kind": "tech_loan", "title": "科创贷", "description": "面向科技型中小企业的信用贷款产品。",
                "amount_min_wan": 10, "amount_max_wan": 500, "fields": [], "regions": [], "qualifications": [],
                "patent_collateral": False}
NEED_BODY = {"title": "研发中心建设融资", "purpose": "建设研发中心，购置检测设备。", "amount_wan": 300, "stage": "growth",
             "field": "new_energy_battery", "region": "山西省", "qualifications": ["high_tech"],
             "patent_numbers": [], "revenue_wan": 2000, "collateral": "none"}
FINANCIAL = {"matching_bank", "other_bank", "investor"}

# (method, path, body, actors who may succeed). Paths use {product} and {need}.
API_ROUTES = [
    ("POST", "/api/v1/financial-products", lambda m: PRODUCT_BODY, FINANCIAL),
    ("GET", "/api/v1/financial-products", None, set(ACTORS)),
    ("GET", "/api/v1/financial-products/{product}", None, set(ACTORS)),
    ("POST", "/api/v1/financial-products/{product}/withdrawal", None, {"matching_bank", "admin"}),
    ("GET", "/api/v1/financial-products/{product}/matches", None, {"matching_bank", "admin"}),
    ("POST", "/api/v1/financing-needs", lambda m: NEED_BODY, {"owner", "other_enterprise"}),
    ("GET", "/api/v1/financing-needs", None, set(ACTORS) - {"anonymous"}),
    ("GET", "/api/v1/financing-needs/queue", None, FINANCIAL),
    ("GET", "/api/v1/financing-needs/{need}", None, NEED_READERS),
    ("POST", "/api/v1/financing-needs/{need}/closure", None, {"owner", "admin"}),
    ("GET", "/api/v1/financing-needs/{need}/matches", None, {"owner", "admin"}),
    ("POST", "/api/v1/financing-needs/{need}/interest", lambda m: {"product_id": m.product.id}, {"matching_bank"}),
    ("POST", "/api/v1/financing-needs/{need}/decisions",
     lambda m: {"product_id": m.product.id, "outcome": "approved", "amount_wan": 300}, {"matching_bank"}),
    ("GET", "/api/v1/financing-needs/{need}/decisions", None, NEED_READERS),
]


def _path(template: str, market: Market) -> str:
    return template.format(product=market.product.id, need=market.need.id)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "template", "body", "may_succeed"), API_ROUTES,
                         ids=[f"{m} {p}" for m, p, _b, _s in API_ROUTES])
def test_finance_api_shows_each_caller_only_what_is_theirs(client, api_token, market, actor, method, template, body,
                                                           may_succeed):
    user = market.user(actor)
    response = client.open(_path(template, market), method=method, headers=api_token(user) if user else {},
                           json=body(market) if body else None)

    if actor not in NEED_READERS:
        assert SECRET not in _text(response)
    if actor in may_succeed:
        assert response.status_code < 300, response.get_data(as_text=True)
    else:
        assert response.status_code in (401, 403, 404, 409, 422), response.status_code
    if actor == "anonymous" and (method != "GET" or "financing-needs" in template):
        assert response.status_code == 401


def _text(response) -> str:
    """The body as a reader sees it (JSON escapes Chinese as \\uXXXX)."""
    body = response.get_json(silent=True)
    return json.dumps(body, ensure_ascii=False) if body is not None else response.get_data(as_text=True)


@pytest.mark.parametrize("actor", sorted(NEED_READERS))
def test_those_who_may_read_the_need_read_it_whole(client, api_token, market, actor):
    response = client.get(f"/api/v1/financing-needs/{market.need.id}", headers=api_token(market.user(actor)))

    assert SECRET in _text(response)


def test_a_bank_whose_products_do_not_match_gets_404_for_the_need(client, api_token, market):
    response = client.get(f"/api/v1/financing-needs/{market.need.id}", headers=api_token(market.other_bank))

    assert response.status_code == 404


def test_the_need_drops_out_of_a_banks_queue_when_its_product_is_withdrawn(client, api_token, market):
    headers = api_token(market.matching_bank)
    client.post(f"/api/v1/financial-products/{market.product.id}/withdrawal", headers=headers)

    assert client.get(f"/api/v1/financing-needs/{market.need.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/financing-needs/queue", headers=headers).get_json()["items"] == []


def test_a_bank_that_took_the_need_up_keeps_reading_it_after_it_closes(client, api_token, market):
    bank = api_token(market.matching_bank)
    client.post(f"/api/v1/financing-needs/{market.need.id}/interest", headers=bank,
                json={"product_id": market.product.id})
    client.post(f"/api/v1/financing-needs/{market.need.id}/closure", headers=api_token(market.owner))

    assert client.get(f"/api/v1/financing-needs/{market.need.id}", headers=bank).status_code == 200
    assert client.get(f"/api/v1/financing-needs/{market.need.id}",
                      headers=api_token(market.investor)).status_code == 404


def test_every_finance_api_route_is_in_the_matrix(app):
    covered = {(m, re.sub(r"\{\w+\}", "<>", p)) for m, p, _b, _s in API_ROUTES}
    routes = {(method, re.sub(r"<[^>]+>", "<>", rule.rule))
              for rule in app.url_map.iter_rules()
              if rule.rule.startswith(("/api/v1/financial-products", "/api/v1/financing-needs"))
              for method in rule.methods - {"HEAD", "OPTIONS"}}

    assert routes == covered
