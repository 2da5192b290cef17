"""Case messages (issue 14): the broker and each side write to each other in the case, one thread per side; the two
sides never read each other's messages, contact details are refused, recipients are notified, and the interest that
opened the case is the first message of its side's thread."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from matchmaker.brokerage import messages, pipeline, services
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.extensions import db
from models import CaseMessage, Notification
from models.choices import CaseStage
from tests.factories import CaseMessageFactory, UserFactory

INTEREST = "我们计划建设固态电池中试线，希望了解授权条件。"
TO_OFFER = "请问贵方的薄膜连续制备工艺目前能做到多宽的幅宽？"
TO_NEED = "请问贵方中试线计划何时投产，对电解质薄膜的年需求量大约多少？"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(CaseMessage))


def _bodies(session, viewer, case) -> list[str]:
    return [m.body for m in messages.thread_messages(session, viewer, case)]


def _notified(session, kind: str = "case.message") -> set[int]:
    return set(session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


# -- who reads what --------------------------------------------------------------------------------------------------

def test_the_brokers_message_to_the_offer_side_reaches_the_offer_side_only(session, deal):
    case = deal.open()
    colleague = UserFactory(organisation=deal.offer.organisation)

    messages.post_message(session, deal.broker, case, "offer_side", TO_OFFER)

    assert _bodies(session, deal.offer_user, case) == _bodies(session, colleague, case) == [TO_OFFER]
    assert _bodies(session, deal.need_user, case) == []
    assert _notified(session) == {deal.offer_user.id, colleague.id}


def test_a_sides_message_reaches_the_broker_and_notifies_only_the_broker(session, deal):
    case = deal.open()

    messages.post_message(session, deal.need_user, case, "broker", "想确认一下授权费用的大致范围。")

    assert _bodies(session, deal.broker, case) == ["想确认一下授权费用的大致范围。"]
    assert _bodies(session, deal.offer_user, case) == []
    assert _notified(session) == {deal.broker.id}


def test_neither_side_reads_the_others_messages_before_the_introduction(session, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.offer_user, case)  # one side only
    messages.post_message(session, deal.offer_user, case, "broker", "我方可以提供样品测试。")
    messages.post_message(session, deal.need_user, case, "broker", "我方希望先看测试报告。")
    messages.post_message(session, deal.broker, case, "offer_side", TO_OFFER)
    messages.post_message(session, deal.broker, case, "need_side", TO_NEED)

    assert _bodies(session, deal.offer_user, case) == ["我方可以提供样品测试。", TO_OFFER]
    assert _bodies(session, deal.need_user, case) == ["我方希望先看测试报告。", TO_NEED]


def test_after_the_introduction_the_threads_still_stay_apart(session, deal):
    case = deal.to(CaseStage.INTRODUCED)
    messages.post_message(session, deal.need_user, case, "broker", "我方希望先看测试报告。")

    assert _bodies(session, deal.offer_user, case) == []


def test_the_broker_and_admins_read_both_threads_in_order(session, deal):
    case = deal.open()
    messages.post_message(session, deal.broker, case, "offer_side", TO_OFFER)
    messages.post_message(session, deal.broker, case, "need_side", TO_NEED)
    messages.post_message(session, deal.offer_user, case, "broker", "可以。")

    for reader in (deal.broker, UserFactory(admin=True)):
        assert _bodies(session, reader, case) == [TO_OFFER, TO_NEED, "可以。"]


def test_outsiders_and_other_brokers_read_nothing(session, deal):
    case = deal.open()
    CaseMessageFactory(case=case)

    for stranger in (deal.outsider, UserFactory(broker=True)):
        assert _bodies(session, stranger, case) == []


# -- who writes to whom ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("writer, to", [("offer_user", "need_side"), ("need_user", "offer_side"),
                                        ("offer_user", "offer_side")])
def test_a_side_cannot_address_the_other_side_or_itself(session, deal, writer, to):
    case = deal.open()

    with pytest.raises(ValidationError) as refused:
        messages.post_message(session, getattr(deal, writer), case, to, "请直接联系我们。")

    assert set(refused.value.fields) == {"to"}
    assert _stored() == 0


def test_the_broker_writes_to_a_side_not_to_the_broker(session, deal):
    case = deal.open()

    with pytest.raises(ValidationError) as refused:
        messages.post_message(session, deal.broker, case, "broker", TO_OFFER)

    assert set(refused.value.fields) == {"to"}


def test_admins_read_but_do_not_write(session, deal):
    case = deal.open()

    with pytest.raises(PermissionDenied):
        messages.post_message(session, UserFactory(admin=True), case, "offer_side", TO_OFFER)


def test_a_closed_case_takes_no_messages(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, CaseStage.CLOSED, reason="price")

    with pytest.raises(Conflict):
        messages.post_message(session, deal.need_user, case, "broker", "还能再谈谈吗？")
    assert _stored() == 0


# -- what a message may say ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["请拨打 13912345678", "一三九 一二三四 五六七八", "邮箱 li@tyut.edu.cn",
                                  "加微信 tyut_li2026"])
def test_a_message_with_contact_details_is_refused_and_nothing_is_stored(session, deal, body):
    case = deal.open()

    with pytest.raises(ValidationError) as refused:
        messages.post_message(session, deal.broker, case, "offer_side", body)

    assert set(refused.value.fields) == {"body"}
    assert _stored() == 0
    assert _notified(session) == set()


@pytest.mark.parametrize("body", ["", "   ", "长" * (messages.BODY_MAX + 1)])
def test_an_empty_or_overlong_message_is_refused(session, deal, body):
    case = deal.open()

    with pytest.raises(ValidationError) as refused:
        messages.post_message(session, deal.need_user, case, "broker", body)

    assert set(refused.value.fields) == {"body"}


def test_a_message_of_the_longest_length_is_kept_whole(session, deal):
    case = deal.open()

    message = messages.post_message(session, deal.need_user, case, "broker", "长" * messages.BODY_MAX)

    assert len(message.body) == messages.BODY_MAX


# -- the interest that opened the case -------------------------------------------------------------------------------

def test_the_interest_message_is_the_first_message_of_its_case_thread(session, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, INTEREST)
    case = deal.open()  # the broker takes the pair up: the interest is claimed with it
    messages.post_message(session, deal.broker, case, "need_side", TO_NEED)

    first, second = messages.thread_messages(session, deal.need_user, case)

    assert (first.body, first.interest_id, messages.sender_of(first), first.author) == (
        INTEREST, interest.id, "need_side", deal.need_user)
    assert second.body == TO_NEED
    assert _bodies(session, deal.offer_user, case) == []


def test_a_universitys_answer_to_a_need_opens_the_offer_sides_thread(session, deal):
    services.express_interest(session, deal.offer_user, deal.need, "我校的薄膜工艺可满足贵方中试需求。", deal.offer)
    case = deal.open()

    assert _bodies(session, deal.offer_user, case) == ["我校的薄膜工艺可满足贵方中试需求。"]
    assert _bodies(session, deal.need_user, case) == []


def test_a_case_without_an_interest_starts_with_empty_threads(session, deal):
    case = deal.open()

    assert _bodies(session, deal.broker, case) == []


# -- e-mail ----------------------------------------------------------------------------------------------------------

def test_the_recipients_are_emailed_once_the_message_is_committed(session, deal, outbox):
    case = deal.open()
    session.commit()
    outbox.clear()

    messages.post_message(session, deal.broker, case, "need_side", TO_NEED)
    session.commit()

    assert [m["To"] for m in outbox] == [deal.need_user.email]
    assert "新留言" in outbox[0]["Subject"]
    assert TO_NEED not in outbox[0].get_content()  # the text stays on the platform


# -- the case page ---------------------------------------------------------------------------------------------------

def test_the_case_page_shows_a_side_its_own_thread_and_not_the_others(session, client, auth, deal):
    case = deal.open()
    messages.post_message(session, deal.broker, case, "offer_side", TO_OFFER)
    messages.post_message(session, deal.broker, case, "need_side", TO_NEED)

    auth.login(deal.offer_user)
    page = _page(client, f"/cases/{case.id}")

    assert TO_OFFER in page and TO_NEED not in page
    assert 'id="thread-offer_side"' in page and 'id="thread-need_side"' not in page


def test_the_broker_sees_both_threads_each_with_its_form(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    page = _page(client, f"/cases/{case.id}")

    for to in ("offer_side", "need_side"):
        assert f'action="/cases/{case.id}/messages/{to}"' in page and f'id="{to}-body"' in page
    assert '/messages/broker"' not in page


def test_an_admin_sees_both_threads_and_no_form(session, client, auth, deal):
    case = deal.open()
    CaseMessageFactory(case=case, body=TO_OFFER)
    auth.login(UserFactory(admin=True))

    page = _page(client, f"/cases/{case.id}")

    assert TO_OFFER in page and 'id="thread-need_side"' in page
    assert "/messages/" not in page


def test_an_empty_thread_says_there_are_no_messages_yet(client, auth, deal):
    case = deal.open()
    auth.login(deal.need_user)

    assert "还没有留言。" in _page(client, f"/cases/{case.id}")


def test_a_side_writes_to_the_broker_from_the_case_page_and_the_message_shows_last(session, client, auth, deal):
    services.express_interest(session, deal.need_user, deal.offer, INTEREST)
    case = deal.open()
    auth.login(deal.need_user)

    response = auth.post(f"/cases/{case.id}/messages/broker", {"broker-body": "想确认授权费用的大致范围。"})

    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case.id}#messages")
    page = _page(client, f"/cases/{case.id}")
    assert INTEREST in page and page.index(INTEREST) < page.index("想确认授权费用的大致范围。")
    assert _notified(session) == {deal.broker.id}


def test_a_message_with_a_phone_number_is_sent_back_with_the_error_beside_the_field(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/messages/need_side", {"need_side-body": "请拨打 13912345678 联系我"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="field has-error" id="field-need_side-body"' in page and 'id="err-need_side-body"' in page
    assert "请拨打 13912345678 联系我" in page  # kept in the field to correct
    assert _stored() == 0


def test_an_empty_message_from_the_page_is_sent_back_with_the_error_beside_the_field(client, auth, deal):
    case = deal.open()
    auth.login(deal.need_user)

    response = auth.post(f"/cases/{case.id}/messages/broker", {"broker-body": ""})

    assert response.status_code == 422
    assert 'id="err-broker-body"' in response.get_data(as_text=True)


def test_a_side_posting_to_the_other_side_from_the_page_is_refused(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.need_user)

    response = auth.post(f"/cases/{case.id}/messages/offer_side", {"offer_side-body": "请直接联系我们。"})

    assert response.status_code == 422
    assert "只能给负责该对接的技术经纪人留言" in response.get_data(as_text=True)
    assert _stored() == 0


def test_the_message_form_needs_its_csrf_token(client, auth, deal):
    case = deal.open()
    auth.login(deal.need_user)

    response = client.post(f"/cases/{case.id}/messages/broker", data={"broker-body": "您好"})

    assert response.status_code == 400
    assert _stored() == 0


def test_message_text_is_escaped_on_the_case_page(session, client, auth, deal):
    case = deal.open()
    messages.post_message(session, deal.broker, case, "need_side", '<script>alert("x")</script><b>粗体</b>')
    auth.login(deal.need_user)

    page = _page(client, f"/cases/{case.id}")

    assert "<script>alert" not in page and "<b>粗体</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;粗体&lt;/b&gt;" in page


def test_the_threads_read_in_english_for_an_english_reader(session, client, auth, deal):
    case = deal.open()
    messages.post_message(session, deal.broker, case, "offer_side", TO_OFFER)
    auth.login(deal.broker)
    client.get("/lang/en")

    section = _page(client, f"/cases/{case.id}").split('id="messages"')[1].split("</section>")[0]

    assert "Offer side and broker" in section and "No messages yet." in section and "Send to the need side" in section
    assert "(Technology broker)" in section
    assert not CJK.search(section.replace(TO_OFFER, "").replace(deal.broker.display_name, ""))
