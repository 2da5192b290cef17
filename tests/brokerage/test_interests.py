"""Expressions of interest: who may express it in what, once per organisation, and nothing about contacts."""
import pytest
from sqlalchemy import select

from matchmaker.brokerage import services
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.notifications.messages import render_notification
from models import Notification
from models.choices import OrgKind, PostingStatus
from tests.factories import OfferFactory, OrganisationFactory, UserFactory

MESSAGE = "我们计划建设固态电池中试线，希望了解授权条件。"


def test_an_enterprise_member_expresses_interest_in_a_published_offer(session, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, MESSAGE)

    assert (interest.organisation, interest.offer, interest.need, interest.message, interest.case_id) == (
        deal.need_user.organisation, deal.offer, None, MESSAGE, None)


def test_the_posting_organisation_is_notified_without_the_interested_side_contacts(session, deal):
    services.express_interest(session, deal.need_user, deal.offer, MESSAGE)
    session.flush()

    notice = session.scalar(select(Notification).where(Notification.kind == "interest.new"))
    text = render_notification(notice, "zh")
    assert notice.user_id == deal.offer_user.id and "晋能电池有限公司" in text
    for detail in ("王晓东", "13733334444", "wangxd@jinneng.cn"):
        assert detail not in text and detail not in str(notice.params)


def test_an_investor_member_expresses_interest_in_an_offer(session, deal):
    investor = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INVESTOR, name="山西创投基金"))

    interest = services.express_interest(session, investor, deal.offer, MESSAGE)

    assert interest.organisation.kind == OrgKind.INVESTOR


def test_a_university_answers_a_need_naming_its_own_published_offer(session, deal):
    interest = services.express_interest(session, deal.offer_user, deal.need, "我校成果可满足该需求。", deal.offer)

    assert (interest.need, interest.offer) == (deal.need, deal.offer)


def test_a_university_cannot_answer_a_need_with_another_organisations_offer(session, deal):
    with pytest.raises(ValidationError) as raised:
        services.express_interest(session, deal.offer_user, deal.need, "我校成果可满足该需求。", OfferFactory())

    assert "offer_id" in raised.value.fields


def test_a_second_interest_of_the_same_organisation_in_a_posting_is_a_conflict(session, deal):
    services.express_interest(session, deal.need_user, deal.offer, MESSAGE)
    colleague = UserFactory(organisation=deal.need_user.organisation)

    with pytest.raises(Conflict):
        services.express_interest(session, colleague, deal.offer, "再次表达意向。")


@pytest.mark.parametrize(("who", "what"), [("offer_user", "offer"), ("need_user", "need")])
def test_interest_in_an_own_posting_is_forbidden(session, deal, who, what):
    with pytest.raises(PermissionDenied):
        services.express_interest(session, getattr(deal, who), getattr(deal, what), MESSAGE)


def test_an_enterprise_may_not_answer_another_enterprises_need(session, deal):
    with pytest.raises(PermissionDenied):
        services.express_interest(session, deal.outsider, deal.need, MESSAGE)


def test_a_university_may_not_express_interest_in_an_offer(session, deal):
    other_university = UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY))

    with pytest.raises(PermissionDenied):
        services.express_interest(session, other_university, deal.offer, MESSAGE)


def test_an_unverified_organisation_cannot_express_interest_and_is_told_why(session, deal):
    deal.need_user.organisation.verified_at = None

    with pytest.raises(PermissionDenied, match="认证"):
        services.express_interest(session, deal.need_user, deal.offer, MESSAGE)


def test_interest_in_a_posting_that_is_not_published_is_a_conflict(session, deal):
    deal.offer.status = PostingStatus.CLOSED

    with pytest.raises(Conflict):
        services.express_interest(session, deal.need_user, deal.offer, MESSAGE)


@pytest.mark.parametrize("message", ["", "   ", "请致电 13912345678 联系", "邮件 wang@example.com 详谈",
                                     "座机 0351-1234567", "x" * 501, "请致电 139 1234 5678", "电话一三九一二三四五六七八",
                                     "wang at example dot com", "加微信 wang_lab2026", "QQ：5432109"])
def test_the_message_is_short_and_carries_no_contact_details(session, deal, message):
    with pytest.raises(ValidationError) as raised:
        services.express_interest(session, deal.need_user, deal.offer, message)

    assert "message" in raised.value.fields


def test_the_receiving_organisation_lists_the_interest_and_the_sender_lists_it_too(session, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, MESSAGE)

    assert services.interests_received(session, deal.offer.organisation_id, 1).items == [interest]
    assert services.interests_sent(session, deal.need_user.organisation_id, 1).items == [interest]
    assert services.interests_received(session, deal.outsider.organisation_id, 1).items == []
