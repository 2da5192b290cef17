"""Products and needs through the API: creation with labels, decisions and their rules, interest opening a case whose
introduction, once the enterprise accepts, shows both sides' contacts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import Notification
from tests.api.conftest import assert_error
from tests.factories import UserFactory
from tests.finance.test_api_privacy import NEED_BODY, PRODUCT_BODY


def _decide(client, api_token, market, **body):
    return client.post(f"/api/v1/financing-needs/{market.need.id}/decisions", headers=api_token(market.matching_bank),
                       json={"product_id": market.product.id, **body})


def test_a_product_may_be_given_by_chinese_labels(client, api_token, market):
    body = {**PRODUCT_BODY, "kind": "知识产权质押贷", "fields": ["新能源电池"], "qualifications": ["高新技术企业"]}

    response = client.post("/api/v1/financial-products", headers=api_token(market.matching_bank), json=body)

    assert response.status_code == 201
    product = response.get_json()
    assert (product["kind"], product["fields"], product["qualifications"]) == (
        "ip_pledge_loan", ["new_energy_battery"], ["high_tech"])


def test_a_product_whose_maximum_is_below_its_minimum_is_refused_beside_the_field(client, api_token, market):
    body = {**PRODUCT_BODY, "amount_min_wan": 500, "amount_max_wan": 100}

    response = client.post("/api/v1/financial-products", headers=api_token(market.matching_bank), json=body)

    assert "amount_max_wan" in assert_error(response, 422)


def test_an_enterprise_cannot_publish_a_product(client, api_token, market):
    response = client.post("/api/v1/financial-products", headers=api_token(market.owner), json=PRODUCT_BODY)

    assert_error(response, 403)


def test_a_bank_cannot_post_a_financing_need(client, api_token, market):
    response = client.post("/api/v1/financing-needs", headers=api_token(market.matching_bank), json=NEED_BODY)

    assert_error(response, 403)


def test_a_need_may_name_its_field_in_chinese(client, api_token, market):
    response = client.post("/api/v1/financing-needs", headers=api_token(market.owner),
                           json={**NEED_BODY, "field": "新能源电池"})

    assert response.status_code == 201 and response.get_json()["field"] == "new_energy_battery"


def test_a_need_keeps_its_qualifications_with_certificate_numbers(client, api_token, market):
    body = {**NEED_BODY, "qualifications": [{"code": "科技型中小企业", "certificate_no": "2024140100A0001"}]}

    response = client.post("/api/v1/financing-needs", headers=api_token(market.owner), json=body)

    assert response.get_json()["qualifications"] == [{"code": "tech_sme", "certificate_no": "2024140100A0001"}]


@pytest.mark.parametrize("qualifications", ["high_tech", [{"code": "unknown"}], [{"code": "high_tech", "x": 1}],
                                            [["high_tech"]], [{"code": "high_tech", "certificate_no": "9" * 61}]])
def test_malformed_qualifications_are_a_422_naming_them(client, api_token, market, qualifications):
    response = client.post("/api/v1/financing-needs", headers=api_token(market.owner),
                           json={**NEED_BODY, "qualifications": qualifications})

    assert "qualifications" in assert_error(response, 422)


def test_an_approval_records_the_amount_and_tells_the_enterprise(client, api_token, market):
    response = _decide(client, api_token, market, outcome="approved", amount_wan=800)

    assert response.status_code == 201
    assert (response.get_json()["outcome"], response.get_json()["amount_wan"]) == ("approved", 800.0)
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == market.owner.id)).all()
    assert "financing.decision" in kinds


def test_an_approval_without_an_amount_is_refused(client, api_token, market):
    assert "amount_wan" in assert_error(_decide(client, api_token, market, outcome="approved"), 422)


def test_an_approval_above_the_products_maximum_is_refused(client, api_token, market):
    response = _decide(client, api_token, market, outcome="approved", amount_wan=1000.01)

    assert "amount_wan" in assert_error(response, 422)


def test_a_decline_needs_a_reason_from_the_set(client, api_token, market):
    assert "reason" in assert_error(_decide(client, api_token, market, outcome="declined"), 422)
    assert "reason" in assert_error(_decide(client, api_token, market, outcome="declined", reason="bored"), 422)
    assert _decide(client, api_token, market, outcome="declined", reason="collateral").status_code == 201


def test_a_second_decision_for_the_same_product_is_a_conflict(client, api_token, market):
    _decide(client, api_token, market, outcome="declined", reason="risk")

    assert_error(_decide(client, api_token, market, outcome="approved", amount_wan=100), 409)


def test_a_bank_cannot_decide_under_another_banks_product(client, api_token, market):
    response = client.post(f"/api/v1/financing-needs/{market.need.id}/decisions",
                           headers=api_token(market.investor),
                           json={"product_id": market.product.id, "outcome": "approved", "amount_wan": 100})

    assert "product_id" in assert_error(response, 422)


def test_interest_opens_a_financing_case_awaiting_the_enterprise(client, api_token, market):
    response = client.post(f"/api/v1/financing-needs/{market.need.id}/interest",
                           headers=api_token(market.matching_bank), json={"product_id": market.product.id})

    case = client.get(f"/api/v1/cases/{response.get_json()['case_id']}", headers=api_token(market.owner)).get_json()
    assert (case["source"], case["stage"], case["offer"]) == ("finance", "contacted", None)
    assert case["introduction"]["offer_side_accepted_at"] and not case["introduction"]["demand_side_accepted_at"]
    assert case["contacts"] is None


def test_once_the_enterprise_accepts_both_sides_see_each_others_contacts(client, api_token, market):
    case_id = client.post(f"/api/v1/financing-needs/{market.need.id}/interest", headers=api_token(market.matching_bank),
                          json={"product_id": market.product.id}).get_json()["case_id"]

    accepted = client.post(f"/api/v1/cases/{case_id}/introduction/accept", headers=api_token(market.owner))

    assert accepted.status_code == 200
    case = client.get(f"/api/v1/cases/{case_id}", headers=api_token(market.matching_bank)).get_json()
    assert case["stage"] == "introduced"
    assert case["contacts"]["offer_side"]["email"] == market.matching_bank.email
    assert case["contacts"]["demand_side"]["email"] == market.owner.email


def test_a_second_interest_under_the_same_product_is_a_conflict(client, api_token, market):
    url, headers = f"/api/v1/financing-needs/{market.need.id}/interest", api_token(market.matching_bank)
    client.post(url, headers=headers, json={"product_id": market.product.id})

    assert_error(client.post(url, headers=headers, json={"product_id": market.product.id}), 409)


def test_a_financing_case_records_no_technology_contract(client, api_token, market):
    admin = UserFactory(admin=True)
    case_id = client.post(f"/api/v1/financing-needs/{market.need.id}/interest", headers=api_token(market.matching_bank),
                          json={"product_id": market.product.id}).get_json()["case_id"]

    response = client.post(f"/api/v1/cases/{case_id}/contract", headers=api_token(admin),
                           json={"type": "license", "amount_wan": 10, "signed_on": "2026-11-01"})

    assert_error(response, 409)
