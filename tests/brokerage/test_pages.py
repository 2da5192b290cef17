"""Brokerage pages: interest forms, the workbench, case pages, each side's deals, investors; and privacy."""
from datetime import date

import pytest
from sqlalchemy import select

from matchmaker.brokerage import pipeline, services
from models import Case, Interest
from models.choices import CaseStage, OrgKind
from tests.brokerage.deal import DEMAND_CONTACT, OFFER_CONTACT
from tests.factories import InvestorProfileFactory, OrganisationFactory, UserFactory

MESSAGE = "我们计划建设固态电池中试线，希望了解授权条件。"


def _text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def _shows_none(text: str, details: tuple[str, ...]) -> bool:
    return not any(detail in text for detail in details)


def _shows_all(text: str, details: tuple[str, ...]) -> bool:
    return all(detail in text for detail in details)


# -- privacy (issue 5, acceptance 1) --------------------------------------------------------------------------------

def _side_pages(deal, case) -> list[str]:
    return [f"/offers/{deal.offer.id}", f"/needs/{deal.need.id}", f"/cases/{case.id}", "/my/deals",
            "/my/deals?tab=received", "/my/deals?tab=sent", "/notifications"]


def test_before_both_accept_no_page_shows_either_side_the_others_contacts(session, client, auth, deal):
    services.express_interest(session, deal.need_user, deal.offer, MESSAGE)
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.need_user, case)  # one side only

    auth.login(deal.need_user)
    for url in _side_pages(deal, case):
        assert _shows_none(_text(client, url), OFFER_CONTACT), url
    auth.logout()
    auth.login(deal.offer_user)
    for url in _side_pages(deal, case):
        assert _shows_none(_text(client, url), DEMAND_CONTACT), url


def test_once_both_accept_each_side_sees_the_others_contacts(session, client, auth, deal):
    case = deal.to(CaseStage.INTRODUCED)

    auth.login(deal.need_user)
    assert _shows_all(_text(client, f"/cases/{case.id}"), OFFER_CONTACT)
    assert _shows_all(_text(client, f"/offers/{deal.offer.id}"), OFFER_CONTACT)
    auth.logout()
    auth.login(deal.offer_user)
    assert _shows_all(_text(client, f"/cases/{case.id}"), DEMAND_CONTACT)


def test_after_the_introduction_a_third_organisation_still_sees_no_contacts(session, client, auth, deal):
    case = deal.to(CaseStage.INTRODUCED)

    auth.login(deal.outsider)
    _text(client, f"/cases/{case.id}", 404)
    for url in (f"/offers/{deal.offer.id}", f"/needs/{deal.need.id}", "/my/deals"):
        assert _shows_none(_text(client, url), OFFER_CONTACT + DEMAND_CONTACT), url


def test_the_broker_sees_both_contacts_on_the_case_page_once_introduced(session, client, auth, deal):
    case = deal.to(CaseStage.INTRODUCED)

    auth.login(deal.broker)

    assert _shows_all(_text(client, f"/cases/{case.id}"), OFFER_CONTACT + DEMAND_CONTACT)


def test_anonymous_visitors_see_no_contacts_on_the_offer_page(session, client, deal):
    deal.to(CaseStage.INTRODUCED)

    assert _shows_none(_text(client, f"/offers/{deal.offer.id}"), OFFER_CONTACT)


# -- interest -------------------------------------------------------------------------------------------------------

def test_an_enterprise_member_finds_the_interest_form_on_an_offer_page(client, auth, deal):
    auth.login(deal.need_user)

    page = _text(client, f"/offers/{deal.offer.id}")

    assert f'action="/offers/{deal.offer.id}/interest"' in page and "表达对接意向" in page


def test_a_university_member_finds_no_interest_form_on_an_offer_page(client, auth, deal):
    auth.login(UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY)))

    assert f"/offers/{deal.offer.id}/interest" not in _text(client, f"/offers/{deal.offer.id}")


def test_a_university_member_answers_a_need_from_its_page(session, client, auth, deal):
    auth.login(deal.offer_user)
    assert "揭榜 / 响应需求" in _text(client, f"/needs/{deal.need.id}")

    response = auth.post(f"/needs/{deal.need.id}/interest", {"message": "我校成果可满足该需求。",
                                                            "offer_id": str(deal.offer.id)})

    assert response.status_code == 302
    interest = session.scalar(select(Interest))
    assert (interest.need, interest.offer) == (deal.need, deal.offer)


def test_sending_the_interest_form_records_it_and_the_page_says_so(session, client, auth, deal):
    auth.login(deal.need_user)

    response = auth.post(f"/offers/{deal.offer.id}/interest", {"message": MESSAGE}, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "已提交对接意向" in page and "贵机构已于" in page
    assert session.scalar(select(Interest)).organisation == deal.need_user.organisation


def test_a_message_with_a_phone_number_is_sent_back_with_the_error_beside_it(session, client, auth, deal):
    auth.login(deal.need_user)

    response = auth.post(f"/offers/{deal.offer.id}/interest", {"message": "请拨打 13912345678"})

    assert response.status_code == 422
    assert 'class="field has-error"' in response.get_data(as_text=True)
    assert session.scalar(select(Interest)) is None


def test_a_second_interest_from_the_same_organisation_is_refused_on_the_page(session, client, auth, deal):
    services.express_interest(session, deal.need_user, deal.offer, MESSAGE)
    auth.login(UserFactory(organisation=deal.need_user.organisation))

    response = auth.post(f"/offers/{deal.offer.id}/interest", {"message": "再次表达"}, follow_redirects=True)

    assert "贵机构已对该信息表达过意向" in response.get_data(as_text=True)
    assert len(session.scalars(select(Interest)).all()) == 1


# -- the broker's workbench -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/broker", "/broker/cases", "/broker/profile"])
def test_the_workbench_is_for_brokers_only(client, auth, deal, url):
    auth.login(deal.need_user)
    _text(client, url, 403)
    auth.logout()
    auth.login(deal.broker)
    _text(client, url, 200)


def test_the_nav_links_a_broker_to_the_workbench(client, auth, deal):
    auth.login(deal.broker)

    assert 'href="/broker"' in _text(client, "/offers")


def test_the_workbench_lists_an_interest_and_claiming_it_opens_the_case(session, client, auth, deal):
    interest = services.express_interest(session, deal.outsider, deal.offer, MESSAGE)
    auth.login(deal.broker)
    assert f'id="queue-interest-{interest.id}"' in _text(client, "/broker")

    response = auth.post("/broker/claim", {"interest_id": str(interest.id)})

    case = session.scalar(select(Case))
    assert response.status_code == 302 and response.location.endswith(f"/cases/{case.id}")
    assert (case.broker, case.organisation) == (deal.broker, deal.outsider.organisation)


def test_claiming_a_pair_another_broker_has_warns_and_opens_nothing(session, client, auth, deal):
    deal.open()
    auth.login(UserFactory(broker=True))

    response = auth.post("/broker/claim", {"offer_id": str(deal.offer.id), "need_id": str(deal.need.id)},
                         follow_redirects=True)

    assert "已有经纪人在跟进这一对接" in response.get_data(as_text=True)
    assert len(session.scalars(select(Case)).all()) == 1


def test_an_empty_queue_says_what_to_do(session, client, auth, deal):
    services.update_broker_profile(session, deal.broker, ["biomedicine"], ["西藏自治区"])
    auth.login(deal.broker)

    assert "待办队列是空的" in _text(client, "/broker")


def test_the_broker_sets_fields_and_regions(session, client, auth, deal):
    auth.login(deal.broker)

    response = auth.post("/broker/profile", {"fields": ["new_energy_battery"], "regions": ["山西省", "陕西省"]})

    assert response.status_code == 302
    profile = services.broker_profile(session, deal.broker)
    assert (profile.fields, profile.regions) == (["new_energy_battery"], ["山西省", "陕西省"])


def test_my_cases_filters_by_stage(session, client, auth, deal):
    case = deal.to(CaseStage.CONTACTED)
    auth.login(deal.broker)

    assert f'id="case-{case.id}"' in _text(client, "/broker/cases?stage=contacted")
    assert f'id="case-{case.id}"' not in _text(client, "/broker/cases?stage=meeting")


# -- the case page --------------------------------------------------------------------------------------------------

def test_the_case_page_is_missing_for_anyone_outside_the_case(client, auth, deal):
    case = deal.open()
    for someone in (deal.outsider, UserFactory(broker=True)):
        auth.login(someone)
        _text(client, f"/cases/{case.id}", 404)
        auth.logout()


def test_the_broker_moves_the_case_on_and_the_timeline_records_it(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/transition", {"to": "contacted", "note": "已电话沟通双方"},
                         follow_redirects=True)

    page = response.get_data(as_text=True)
    assert case.stage == CaseStage.CONTACTED and "已电话沟通双方" in page and "发起引荐" in page


def test_an_illegal_move_from_the_page_answers_409_and_changes_nothing(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/transition", {"to": "negotiating"})

    assert response.status_code == 409
    session.refresh(case)
    assert case.stage == CaseStage.SUGGESTED and len(case.history) == 1


def test_closing_without_a_reason_shows_the_error_beside_the_reason(session, client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/transition", {"to": "closed"})

    assert response.status_code == 422
    assert 'class="field has-error" id="field-reason"' in response.get_data(as_text=True)
    session.refresh(case)
    assert case.stage == CaseStage.SUGGESTED


def test_the_close_form_asks_for_confirmation(client, auth, deal):
    case = deal.open()
    auth.login(deal.broker)

    assert 'data-confirm="确定关闭该对接吗' in _text(client, f"/cases/{case.id}")


def test_both_sides_accept_the_introduction_from_the_case_page(session, client, auth, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    for user in (deal.offer_user, deal.need_user):
        auth.login(user)
        assert "同意引荐" in _text(client, f"/cases/{case.id}")
        assert auth.post(f"/cases/{case.id}/introduction/accept").status_code == 302
        auth.logout()

    session.refresh(case)
    assert case.stage == CaseStage.INTRODUCED


def test_the_broker_proposes_the_introduction_from_the_case_page(session, client, auth, deal):
    case = deal.to(CaseStage.CONTACTED)
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/introduction", {"intro-note": "技术指标吻合"})

    assert response.status_code == 302
    session.refresh(case)
    assert case.introduction_proposed_at is not None


def test_a_side_sees_a_pending_introduction_in_its_deals(session, client, auth, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    auth.login(deal.need_user)

    page = _text(client, "/my/deals")

    assert f'id="case-{case.id}"' in page and "待您确认引荐" in page


def test_the_contract_form_shows_each_error_beside_its_field(session, client, auth, deal):
    case = deal.to(CaseStage.NEGOTIATING)
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/contract", {"type": "license", "amount_wan": "0",
                                                        "signed_on": "2099-01-01", "registration_no": "第1号"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("amount_wan", "signed_on", "registration_no"):
        assert f'class="field has-error" id="field-{name}"' in page, name
    session.refresh(case)
    assert case.stage == CaseStage.NEGOTIATING


def test_recording_the_contract_signs_and_the_offer_page_shows_it_transferred(session, client, auth, deal):
    case = deal.to(CaseStage.NEGOTIATING)
    auth.login(deal.broker)

    response = auth.post(f"/cases/{case.id}/contract", {"type": "transfer", "amount_wan": "350",
                                                        "signed_on": date.today().isoformat(),
                                                        "registration_no": "2026140100000777",
                                                        "transfer_offer": "y"})

    assert response.status_code == 302
    session.refresh(case)
    assert case.stage == CaseStage.SIGNED
    assert "已转化" in _text(client, f"/offers/{deal.offer.id}")
    assert "已转化" not in _text(client, f"/needs/{deal.need.id}")


# -- investors ------------------------------------------------------------------------------------------------------

def test_an_investor_sets_a_profile_and_reads_matched_offers(session, client, auth, deal):
    investor = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INVESTOR, name="山西创投基金"))
    auth.login(investor)
    assert client.get("/investor/offers").location.endswith("/investor/profile")

    response = auth.post("/investor/profile", {"thesis": "关注硫化物固态电解质薄膜的中试项目。",
                                               "fields": ["new_energy_battery"], "stages": ["pilot"]},
                         follow_redirects=True)

    assert response.status_code == 200
    assert '<ul class="listing matches">' in response.get_data(as_text=True)
    assert f'href="/offers/{deal.offer.id}"' in response.get_data(as_text=True)


def test_investor_pages_are_for_investor_organisations(client, auth, deal):
    auth.login(deal.need_user)

    _text(client, "/investor/profile", 403)


def test_a_profile_without_fields_or_thesis_is_sent_back(session, client, auth):
    investor = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INVESTOR))
    InvestorProfileFactory(organisation=investor.organisation)
    auth.login(investor)

    response = auth.post("/investor/profile", {"thesis": "", "ticket_min_wan": "500", "ticket_max_wan": "100"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="field has-error" id="field-ticket_max_wan"' in page
    assert 'class="field has-error" id="field-thesis"' in page


def test_the_case_page_in_english_uses_english_punctuation(session, client, auth, deal):
    case = deal.to(CaseStage.CONTACTED)
    auth.login(deal.broker)
    client.get("/lang/en")
    page = _text(client, f"/cases/{case.id}")
    assert "Source: " in page and "Source：" not in page
    assert "(Technology broker)" in page
    assert "（" not in page
