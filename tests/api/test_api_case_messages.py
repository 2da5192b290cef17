"""Case messages through the API (issue 14): GET and POST /api/v1/cases/<id>/messages."""
from __future__ import annotations

import pytest

from matchmaker.auth import throttle
from matchmaker.brokerage import messages, pipeline, services
from models import CaseMessage, Notification
from models.choices import CaseStage
from tests.api.conftest import assert_error, count, persist
from tests.brokerage.deal import Deal, make_deal

INTEREST = "我们计划建设固态电池中试线，希望了解授权条件。"
TO_OFFER = "请问贵方的薄膜连续制备工艺目前能做到多宽的幅宽？"


@pytest.fixture
def deal() -> Deal:
    return make_deal()


def _url(case) -> str:
    return f"/api/v1/cases/{case.id}/messages"


def _items(client, case, headers) -> list[dict]:
    response = client.get(_url(case), headers=headers)
    assert response.status_code == 200
    return response.get_json()["items"]


def test_the_brokers_message_reaches_side_a_only(session, client, api_token, deal):
    case = deal.open()
    persist()

    response = client.post(_url(case), json={"to": "offer_side", "body": TO_OFFER}, headers=api_token(deal.broker))

    assert response.status_code == 201
    sent = response.get_json()
    assert (sent["thread"], sent["from"], sent["to"], sent["body"], sent["interest_id"]) == (
        "offer_side", {"role": "broker", "name": "赵经纪"}, "offer_side", TO_OFFER, None)
    assert [m["id"] for m in _items(client, case, api_token(deal.offer_user))] == [sent["id"]]
    assert _items(client, case, api_token(deal.need_user)) == []
    notified = {n.user_id for n in session.query(Notification).filter_by(kind="case.message")}
    assert notified == {deal.offer_user.id}


def test_a_message_with_a_phone_number_is_422_and_nothing_is_stored(client, api_token, deal):
    case = deal.open()
    persist()

    response = client.post(_url(case), json={"to": "broker", "body": "方便的话请拨打 139-1234-5678"},
                           headers=api_token(deal.need_user))

    assert set(assert_error(response, 422, "validation_error")) == {"body"}
    assert count(CaseMessage) == 0


def test_neither_side_reads_the_others_messages_before_the_introduction(client, api_token, deal):
    case = deal.open()
    persist()
    for writer, text in ((deal.offer_user, "我方可以提供样品。"), (deal.need_user, "我方希望先看报告。")):
        assert client.post(_url(case), json={"to": "broker", "body": text}, headers=api_token(writer)).status_code == 201

    assert [m["body"] for m in _items(client, case, api_token(deal.offer_user))] == ["我方可以提供样品。"]
    assert [m["body"] for m in _items(client, case, api_token(deal.need_user))] == ["我方希望先看报告。"]
    assert [m["from"]["role"] for m in _items(client, case, api_token(deal.broker))] == ["offer_side", "need_side"]


@pytest.mark.parametrize("writer, to", [("offer_user", "need_side"), ("need_user", "offer_side")])
def test_a_side_addressing_the_other_side_is_422(client, api_token, deal, writer, to):
    case = deal.open()
    persist()

    response = client.post(_url(case), json={"to": to, "body": "请直接联系我们。"}, headers=api_token(getattr(deal, writer)))

    assert set(assert_error(response, 422, "validation_error")) == {"to"}
    assert count(CaseMessage) == 0


@pytest.mark.parametrize("body, field", [
    ({"body": "您好"}, "to"),
    ({"to": "everyone", "body": "您好"}, "to"),
    ({"to": 1, "body": "您好"}, "to"),
    ({"to": "broker"}, "body"),
    ({"to": "broker", "body": "   "}, "body"),
    ({"to": "broker", "body": ["您好"]}, "body"),
    ({"to": "broker", "body": "长" * (messages.BODY_MAX + 1)}, "body"),
    ({"to": "broker", "body": "邮箱 wang at jinneng dot cn"}, "body"),
])
def test_a_bad_message_body_is_422_naming_its_field(client, api_token, deal, body, field):
    case = deal.open()
    persist()

    response = client.post(_url(case), json=body, headers=api_token(deal.need_user))

    assert field in assert_error(response, 422, "validation_error")
    assert count(CaseMessage) == 0


def test_the_interest_message_is_the_first_message_of_its_case_thread(session, client, api_token, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, INTEREST)
    case = deal.open()
    persist()
    client.post(_url(case), json={"to": "need_side", "body": "收到，我先了解一下供方意向。"}, headers=api_token(deal.broker))

    first, second = _items(client, case, api_token(deal.need_user))

    assert (first["body"], first["interest_id"], first["from"], first["to"]) == (
        INTEREST, interest.id, {"role": "need_side", "name": "王晓东"}, "broker")
    assert second["from"]["role"] == "broker"
    assert _items(client, case, api_token(deal.offer_user)) == []


def test_a_closed_case_takes_no_messages_409(session, client, api_token, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, CaseStage.CLOSED, reason="price")
    persist()

    response = client.post(_url(case), json={"to": "broker", "body": "还能再谈谈吗？"}, headers=api_token(deal.need_user))

    assert_error(response, 409, "conflict")


def test_messages_are_limited_per_user_whatever_the_client_and_the_page_shares_the_count(client, auth, api_token,
                                                                                           deal):
    case = deal.open()
    headers = api_token(deal.need_user)
    persist()
    allowed = int(throttle.CASE_MESSAGES[1].split()[0])

    statuses = [client.post(_url(case), json={"to": "broker", "body": f"第 {n} 条"}, headers=headers,
                            environ_base={"REMOTE_ADDR": f"192.0.2.{n % 200 + 1}"}).status_code
                for n in range(allowed + 1)]

    assert set(statuses[:-1]) == {201} and statuses[-1] == 429
    auth.login(deal.need_user)
    assert auth.post(f"/cases/{case.id}/messages/broker", {"broker-body": "再来一条"}).status_code == 429
