"""Brokerage through the API: interests, the broker queue, cases, transitions, introductions, contracts; privacy."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from matchmaker.brokerage import pipeline, services
from matchmaker.extensions import db
from models import Case, CaseStep, Contract, Interest
from models.choices import CaseStage, OrgKind
from tests.api.conftest import assert_error, count, persist
from tests.brokerage.deal import DEMAND_CONTACT, OFFER_CONTACT, Deal, make_deal
from tests.factories import OrganisationFactory, UserFactory

MESSAGE = "我们计划建设固态电池中试线，希望了解授权条件。"
CONTRACT = {"type": "license", "amount_wan": 120.5, "signed_on": "2026-11-02", "registration_no": "2026140100000123"}


@pytest.fixture
def deal() -> Deal:
    return make_deal()


def _json_text(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


# -- interests -------------------------------------------------------------------------------------------------------

def test_an_enterprise_member_expresses_interest_in_an_offer(client, api_token, deal):
    response = client.post(f"/api/v1/offers/{deal.offer.id}/interests", json={"message": MESSAGE},
                           headers=api_token(deal.need_user))

    assert response.status_code == 201
    body = response.get_json()
    assert (body["organisation"]["name"], body["offer"]["id"], body["need"], body["message"]) == (
        "晋能电池有限公司", deal.offer.id, None, MESSAGE)
    assert _json_text(response).count("13500001111") == 0


def test_a_university_answers_a_need_with_its_offer(client, api_token, deal):
    response = client.post(f"/api/v1/needs/{deal.need.id}/interests",
                           json={"message": "我校成果可满足该需求。", "offer_id": deal.offer.id},
                           headers=api_token(deal.offer_user))

    assert response.status_code == 201
    assert (response.get_json()["need"]["id"], response.get_json()["offer"]["id"]) == (deal.need.id, deal.offer.id)


def test_a_repeated_interest_of_the_same_organisation_is_409(session, client, api_token, deal):
    services.express_interest(session, deal.need_user, deal.offer, MESSAGE)
    persist()

    response = client.post(f"/api/v1/offers/{deal.offer.id}/interests", json={"message": "再次"},
                           headers=api_token(UserFactory(organisation=deal.need_user.organisation)))

    assert_error(response, 409, "conflict")
    assert count(Interest) == 1


@pytest.mark.parametrize(("body", "field"), [({}, "message"), ({"message": ""}, "message"),
                                             ({"message": "电话 13912345678"}, "message"), ({"message": 5}, "message")])
def test_an_interest_with_a_bad_message_is_422(client, api_token, deal, body, field):
    response = client.post(f"/api/v1/offers/{deal.offer.id}/interests", json=body, headers=api_token(deal.need_user))

    assert field in assert_error(response, 422, "validation_error")


def test_interest_of_the_wrong_kind_of_organisation_is_403(client, api_token, deal):
    university = UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY))

    response = client.post(f"/api/v1/offers/{deal.offer.id}/interests", json={"message": MESSAGE},
                           headers=api_token(university))

    assert_error(response, 403, "forbidden")


def test_interest_in_a_missing_posting_is_404_and_without_a_token_401(client, api_token, deal):
    assert_error(client.post("/api/v1/offers/99999/interests", json={"message": MESSAGE},
                             headers=api_token(deal.need_user)), 404)
    assert_error(client.post(f"/api/v1/offers/{deal.offer.id}/interests", json={"message": MESSAGE}), 401)


# -- the queue and opening cases -------------------------------------------------------------------------------------

def test_the_queue_is_for_brokers(client, api_token, deal):
    assert_error(client.get("/api/v1/broker/queue", headers=api_token(deal.need_user)), 403, "forbidden")


def test_the_queue_lists_an_interest_with_the_body_that_claims_it(session, client, api_token, deal):
    interest = services.express_interest(session, deal.outsider, deal.offer, MESSAGE)
    persist()
    headers = api_token(deal.broker)

    body = client.get("/api/v1/broker/queue", headers=headers).get_json()

    item = next(i for i in body["items"] if i["key"] == f"interest-{interest.id}")
    assert item["claim"] == {"interest_id": interest.id} and body["page"] == 1
    response = client.post("/api/v1/cases", json=item["claim"], headers=headers)
    assert response.status_code == 201
    assert (response.get_json()["source"], response.get_json()["organisation"]["id"]) == (
        "interest", deal.outsider.organisation_id)


def test_the_queue_follows_the_broker_coverage(session, client, api_token, deal):
    services.update_broker_profile(session, deal.broker, ["biomedicine"], [])
    persist()

    body = client.get("/api/v1/broker/queue", headers=api_token(deal.broker)).get_json()

    assert body["items"] == [] and body["total"] == 0


def test_a_broker_opens_a_case_on_an_offer_and_a_need(client, api_token, deal):
    response = client.post("/api/v1/cases", json={"offer_id": deal.offer.id, "need_id": deal.need.id,
                                                  "source": "match"}, headers=api_token(deal.broker))

    assert response.status_code == 201
    body = response.get_json()
    assert (body["stage"], body["source"], body["broker"]["id"], body["contacts"]) == (
        "suggested", "match", deal.broker.id, None)
    assert [step["to"] for step in body["history"]] == ["suggested"]


def test_opening_a_pair_another_broker_has_is_409(client, api_token, deal):
    deal.open()
    persist()

    response = client.post("/api/v1/cases", json={"offer_id": deal.offer.id, "need_id": deal.need.id},
                           headers=api_token(UserFactory(broker=True)))

    assert_error(response, 409, "conflict")
    assert count(Case) == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"need_id": 1}, "offer_id"),
    ({"offer_id": "x"}, "offer_id"),
    ({"offer_id": 1, "source": "magic"}, "source"),
    ({"offer_id": 0}, "offer_id"),
])
def test_a_bad_case_body_is_422(client, api_token, deal, body, field):
    response = client.post("/api/v1/cases", json=body, headers=api_token(deal.broker))

    assert field in assert_error(response, 422)


def test_a_case_without_a_demand_side_is_422(client, api_token, deal):
    response = client.post("/api/v1/cases", json={"offer_id": deal.offer.id}, headers=api_token(deal.broker))

    assert_error(response, 422)


def test_only_brokers_open_cases(client, api_token, deal):
    response = client.post("/api/v1/cases", json={"offer_id": deal.offer.id, "need_id": deal.need.id},
                           headers=api_token(deal.need_user))

    assert_error(response, 403, "forbidden")


# -- reading a case --------------------------------------------------------------------------------------------------

def test_the_sides_the_broker_and_admins_read_a_case_and_nobody_else(client, api_token, deal):
    case = deal.open()
    persist()
    for reader in (deal.offer_user, deal.need_user, deal.broker, UserFactory(admin=True)):
        assert client.get(f"/api/v1/cases/{case.id}", headers=api_token(reader)).status_code == 200
    for stranger in (deal.outsider, UserFactory(broker=True)):
        assert_error(client.get(f"/api/v1/cases/{case.id}", headers=api_token(stranger)), 404, "not_found")
    assert_error(client.get(f"/api/v1/cases/{case.id}"), 401)


# -- privacy (issue 5, acceptance 1) ---------------------------------------------------------------------------------

def test_before_both_accept_no_answer_shows_either_side_the_others_contacts(session, client, api_token, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.offer_user, case)  # one side only
    persist()

    demand = api_token(deal.need_user)
    for url in (f"/api/v1/cases/{case.id}", f"/api/v1/offers/{deal.offer.id}", f"/api/v1/needs/{deal.need.id}",
                "/api/v1/offers", f"/api/v1/needs/{deal.need.id}/matches"):
        text = _json_text(client.get(url, headers=demand))
        assert not any(detail in text for detail in OFFER_CONTACT), url
    offer_side = api_token(deal.offer_user)
    for url in (f"/api/v1/cases/{case.id}", f"/api/v1/needs/{deal.need.id}", f"/api/v1/offers/{deal.offer.id}"):
        text = _json_text(client.get(url, headers=offer_side))
        assert not any(detail in text for detail in DEMAND_CONTACT), url
    assert client.get(f"/api/v1/cases/{case.id}", headers=demand).get_json()["contacts"] is None


def test_accepting_answers_the_side_without_the_others_contacts(session, client, api_token, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/introduction/accept", headers=api_token(deal.need_user))

    assert response.status_code == 200 and response.get_json()["stage"] == "contacted"
    assert not any(detail in _json_text(response) for detail in OFFER_CONTACT)


def test_once_both_accept_the_two_sides_read_each_others_contacts(session, client, api_token, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.offer_user, case)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/introduction/accept", headers=api_token(deal.need_user))

    body = response.get_json()
    assert body["stage"] == "introduced" and body["introduction"]["introduced"] is True
    assert body["contacts"]["offer_side"] == {"organisation": "太原理工大学", "name": "李明远",
                                              "phone": "13500001111", "email": "liming@tyut.edu.cn"}
    offer_view = client.get(f"/api/v1/cases/{case.id}", headers=api_token(deal.offer_user)).get_json()
    assert offer_view["contacts"]["demand_side"] == {"organisation": "晋能电池有限公司", "name": "王晓东",
                                                     "phone": "13733334444", "email": "wangxd@jinneng.cn"}
    offer = client.get(f"/api/v1/offers/{deal.offer.id}", headers=api_token(deal.need_user)).get_json()
    assert (offer["contact_name"], offer["contact_phone"], offer["contact_email"]) == OFFER_CONTACT


def test_after_the_introduction_a_third_organisation_still_reads_no_contacts(session, client, api_token, deal):
    case = deal.to(CaseStage.INTRODUCED)
    persist()
    outsider = api_token(deal.outsider)

    assert_error(client.get(f"/api/v1/cases/{case.id}", headers=outsider), 404)
    offer = client.get(f"/api/v1/offers/{deal.offer.id}", headers=outsider)
    assert not any(detail in _json_text(offer) for detail in OFFER_CONTACT + DEMAND_CONTACT)
    assert "contact_phone" not in offer.get_json()


def test_a_side_member_is_named_to_the_other_side_only_once_introduced(session, client, api_token, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.need_user, case)
    persist()

    history = client.get(f"/api/v1/cases/{case.id}", headers=api_token(deal.offer_user)).get_json()["history"]

    accepted = next(step for step in history if step["action"] == "introduction_accepted_demand")
    assert accepted["actor"] == {"role": "demand_side", "name": None}


# -- transitions (issue 5, acceptance 2) -----------------------------------------------------------------------------

@pytest.mark.parametrize(("stage", "to"), [("suggested", "meeting"), ("contacted", "introduced"),
                                           ("negotiating", "signed"), ("meeting", "contacted")])
def test_an_illegal_transition_is_409_and_changes_nothing(session, client, api_token, deal, stage, to):
    case = deal.to(CaseStage(stage)) if stage != "suggested" else deal.open()
    persist()
    steps = count(CaseStep)

    response = client.post(f"/api/v1/cases/{case.id}/transitions", json={"to": to}, headers=api_token(deal.broker))

    assert_error(response, 409, "conflict")
    db.session.expire_all()
    assert db.session.get(Case, case.id).stage == CaseStage(stage) and count(CaseStep) == steps


def test_every_transition_is_in_the_history(session, client, api_token, deal):
    case = deal.open()
    persist()
    headers = api_token(deal.broker)
    client.post(f"/api/v1/cases/{case.id}/transitions", json={"to": "contacted", "note": "电话沟通"}, headers=headers)
    client.post(f"/api/v1/cases/{case.id}/introduction", json={"note": "建议见面"}, headers=headers)
    for user in (deal.offer_user, deal.need_user):
        client.post(f"/api/v1/cases/{case.id}/introduction/accept", headers=api_token(user))
    for to in ("meeting", "negotiating"):
        client.post(f"/api/v1/cases/{case.id}/transitions", json={"to": to}, headers=headers)
    signed = client.post(f"/api/v1/cases/{case.id}/contract", json=CONTRACT, headers=headers)

    assert signed.status_code == 201
    history = signed.get_json()["history"]
    moves = [(s["from"], s["to"]) for s in history if s["to"]]
    assert moves == [(None, "suggested"), ("suggested", "contacted"), ("contacted", "introduced"),
                     ("introduced", "meeting"), ("meeting", "negotiating"), ("negotiating", "signed")]
    assert all(s["at"] and s["actor"]["role"] for s in history)
    assert signed.get_json()["contract"]["amount_wan"] == 120.5


def test_closing_needs_a_reason_and_records_it(client, api_token, deal):
    case = deal.open()
    persist()
    headers = api_token(deal.broker)

    missing = client.post(f"/api/v1/cases/{case.id}/transitions", json={"to": "closed"}, headers=headers)
    closed = client.post(f"/api/v1/cases/{case.id}/transitions",
                         json={"to": "closed", "reason": "price", "note": "报价差距过大"}, headers=headers)

    assert "reason" in assert_error(missing, 422)
    body = closed.get_json()
    assert (body["stage"], body["close_reason"], body["history"][-1]["note"]) == ("closed", "price", "报价差距过大")


def test_a_side_may_read_but_not_move_a_case(client, api_token, deal):
    case = deal.open()
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/transitions", json={"to": "contacted"},
                           headers=api_token(deal.need_user))

    assert_error(response, 403, "forbidden")


def test_the_introduction_is_proposed_only_from_contacted(client, api_token, deal):
    case = deal.open()
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/introduction", headers=api_token(deal.broker))

    assert_error(response, 409)


def test_the_broker_cannot_accept_for_a_side(session, client, api_token, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/introduction/accept", headers=api_token(deal.broker))

    assert_error(response, 403)


# -- contracts -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field"), [
    ({"type": "gift"}, "type"),
    ({"amount_wan": 0}, "amount_wan"),
    ({"amount_wan": "lots"}, "amount_wan"),
    ({"signed_on": "yesterday"}, "signed_on"),
    ({"signed_on": (date.today() + timedelta(days=10)).isoformat()}, "signed_on"),
    ({"registration_no": "第 12 号"}, "registration_no"),
    ({"transfer_offer": "yes"}, "transfer_offer"),
])
def test_an_invalid_contract_is_422_with_its_field_and_the_case_stays(session, client, api_token, deal, change, field):
    case = deal.to(CaseStage.NEGOTIATING)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/contract", json={**CONTRACT, **change},
                           headers=api_token(deal.broker))

    assert field in assert_error(response, 422, "validation_error")
    assert count(Contract) == 0


def test_a_contract_before_negotiation_is_409(session, client, api_token, deal):
    case = deal.to(CaseStage.MEETING)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/contract", json=CONTRACT, headers=api_token(deal.broker))

    assert_error(response, 409)
    assert count(Contract) == 0


def test_a_contract_marks_the_offer_transferred(session, client, api_token, deal):
    case = deal.to(CaseStage.NEGOTIATING)
    persist()

    response = client.post(f"/api/v1/cases/{case.id}/contract", json={**CONTRACT, "transfer_need": False},
                           headers=api_token(deal.broker))

    assert response.status_code == 201 and response.get_json()["stage"] == "signed"
    assert pipeline.is_transferred(db.session, deal.offer) and not pipeline.is_transferred(db.session, deal.need)
