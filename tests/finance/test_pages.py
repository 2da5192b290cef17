"""The 科技金融 pages: the market, the forms with errors beside their fields, a need's matches explained rule by rule,
the queue, interest opening a case, decisions, withdrawal and closing."""
from __future__ import annotations

import re

from matchmaker.extensions import db
from models import Case, FinancialProduct, FinancingDecision, FinancingNeed
from models.choices import FinancingStatus, OrgKind
from tests.factories import FinancialProductFactory, OfferFactory, OrganisationFactory, UserFactory
from tests.finance.conftest import SECRET
from tests.finance.web_fixtures import need_form, product_form


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error_beside(page: str, field_id: str) -> bool:
    return re.search(rf'id="field-{re.escape(field_id)}".*?<p class="error" id="err-{re.escape(field_id)}">',
                     page, re.S) is not None


def test_the_market_page_lists_active_products_with_their_terms(client, market):
    page = _text(client.get("/finance"))

    assert market.product.title in page and market.other_product.title in page
    assert "知识产权质押贷" in page and "万元" in page
    assert SECRET not in page and market.need.title not in page


def test_the_market_page_filters_products_by_kind(client, market):
    page = _text(client.get("/finance?kind=ip_pledge_loan"))

    assert market.product.title in page
    assert market.other_product.title not in page


def test_the_market_page_leaves_withdrawn_products_out(client, market):
    market.other_product.active = False

    page = _text(client.get("/finance"))

    assert market.other_product.title not in page


def test_the_market_page_offers_each_member_the_form_for_its_side(client, auth, market):
    auth.login(market.matching_bank)
    bank_page = _text(client.get("/finance"))
    auth.login(market.owner)
    enterprise_page = _text(client.get("/finance"))

    assert "/finance/products/new" in bank_page and "/finance/needs/new" not in bank_page
    assert "/finance/needs/new" in enterprise_page and "/finance/products/new" not in enterprise_page


def test_the_main_menu_leads_to_the_finance_page(client):
    assert 'href="/finance"' in _text(client.get("/"))


def test_a_bank_publishes_a_product_from_the_page(client, auth, market):
    auth.login(market.other_bank)

    response = auth.post("/finance/products/new", product_form(title="科创积分贷", fields="new_energy_battery"))

    product = db.session.query(FinancialProduct).filter_by(title="科创积分贷").one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/finance/products/{product.id}")
    assert product.organisation_id == market.other_bank.organisation_id and product.fields == ["new_energy_battery"]


def test_the_product_form_page_says_beside_the_field_that_the_maximum_is_below_the_minimum(client, auth, market):
    auth.login(market.matching_bank)

    response = auth.post("/finance/products/new", product_form(amount_min_wan="500", amount_max_wan="100"))

    assert response.status_code == 422
    assert _error_beside(_text(response), "amount_max_wan")


def test_the_product_form_page_is_refused_to_an_enterprise(client, auth, market):
    auth.login(market.owner)

    assert client.get("/finance/products/new").status_code == 403


def test_the_product_page_shows_its_bank_the_matching_needs_with_rules_and_score(client, auth, market):
    auth.login(market.matching_bank)

    page = _text(client.get(f"/finance/products/{market.product.id}"))

    assert market.need.title in page and f"/finance/needs/{market.need.id}" in page
    assert page.count("badge-pass") >= 6 and 'class="score"' in page
    assert "data-confirm" in page and f"/finance/products/{market.product.id}/withdraw" in page


def test_the_product_page_shows_no_needs_to_the_public(client, market):
    page = _text(client.get(f"/finance/products/{market.product.id}"))

    assert market.need.title not in page and "/withdraw" not in page


def test_withdrawing_from_the_product_page_takes_it_off_the_market(client, auth, market):
    auth.login(market.matching_bank)

    response = auth.post(f"/finance/products/{market.product.id}/withdraw")

    assert response.status_code == 302
    db.session.refresh(market.product)
    assert market.product.active is False


def test_an_enterprise_posts_a_need_with_certificates_and_patents_of_its_offers(client, auth, market):
    offer = OfferFactory(organisation=market.owner.organisation, patent_numbers=["ZL202210000001.1"])
    OfferFactory(patent_numbers=["ZL209999999999.9"])  # someone else's
    auth.login(market.owner)
    form_page = _text(client.get("/finance/needs/new"))

    response = auth.post("/finance/needs/new", need_form(patent_numbers="ZL202310123456.7",
                                                         offer_ids=str(offer.id)))

    assert f'value="{offer.id}"' in form_page and "ZL209999999999.9" not in form_page
    need = db.session.query(FinancingNeed).filter_by(title="研发中心建设融资").one()
    assert response.headers["Location"].endswith(f"/finance/needs/{need.id}")
    assert need.qualifications == [{"code": "high_tech", "certificate_no": "GR202314000999"}]
    assert need.patent_numbers == ["ZL202310123456.7", "ZL202210000001.1"]


def test_the_need_form_page_keeps_what_was_ticked_when_it_shows_an_error(client, auth, market):
    auth.login(market.owner)

    response = auth.post("/finance/needs/new", need_form(amount_wan=""))

    page = _text(response)
    assert response.status_code == 422 and _error_beside(page, "amount_wan")
    assert re.search(r'value="high_tech" id="qual-high_tech" checked', page)
    assert 'value="GR202314000999"' in page


def test_the_need_form_page_is_refused_to_a_bank(client, auth, market):
    auth.login(market.matching_bank)

    assert client.get("/finance/needs/new").status_code == 403


def test_the_need_page_shows_the_enterprise_eligible_products_first_and_the_failed_rule_of_a_near_miss(
        client, auth, market):
    auth.login(market.owner)

    page = _text(client.get(f"/finance/needs/{market.need.id}"))

    products = page[page.index('id="products"'):page.index('id="investors"')]
    assert products.index(market.product.title) < products.index(market.other_product.title)
    near_miss = products[products.index(market.other_product.title):]
    assert "✗" in near_miss and "领域" in near_miss and "不符合" in near_miss
    assert "badge-fail" not in products[:products.index(market.other_product.title)]


def test_the_need_page_shows_the_enterprise_matching_investors_and_a_close_button_with_confirmation(
        client, auth, market):
    auth.login(market.owner)

    page = _text(client.get(f"/finance/needs/{market.need.id}"))

    investors = page[page.index('id="investors"'):]
    assert market.investor.organisation.name in investors
    assert f'action="/finance/needs/{market.need.id}/close"' in page and "data-confirm" in page


def test_the_needs_page_lists_the_enterprise_its_own_needs(client, auth, market):
    auth.login(market.owner)

    page = _text(client.get("/finance/needs"))

    assert market.need.title in page


def test_the_needs_page_of_another_enterprise_is_empty(client, auth, market):
    auth.login(market.other_enterprise)

    page = _text(client.get("/finance/needs"))

    assert market.need.title not in page and 'class="empty"' in page


def test_the_needs_page_is_the_queue_of_a_matching_bank_with_the_product_it_matched(client, auth, market):
    auth.login(market.matching_bank)

    page = _text(client.get("/finance/needs"))

    assert market.need.title in page and f"/finance/products/{market.product.id}" in page
    assert 'class="score"' in page


def test_the_queue_page_of_a_bank_whose_product_does_not_match_is_empty(client, auth, market):
    auth.login(market.other_bank)

    page = _text(client.get("/finance/needs"))

    assert market.need.title not in page and 'class="empty"' in page


def test_the_queue_page_ranks_the_better_matching_need_first(client, auth, market):
    from tests.factories import FinancingNeedFactory

    weak = FinancingNeedFactory(title="办公楼装修贷款", purpose="装修办公楼和购置办公家具，与技术无关。",
                                collateral="patent")
    auth.login(market.matching_bank)

    page = _text(client.get("/finance/needs"))

    assert page.index(market.need.title) < page.index(weak.title)


def test_the_need_page_offers_a_matching_bank_interest_and_decision_forms_without_duplicate_ids(client, auth, market):
    auth.login(market.matching_bank)

    page = _text(client.get(f"/finance/needs/{market.need.id}"))

    assert 'name="interest-product_id"' in page and 'name="decision-product_id"' in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="products"' not in page  # the enterprise's own part


def test_interest_from_the_need_page_opens_a_case_and_leads_to_it(client, auth, market):
    auth.login(market.matching_bank)

    response = auth.post(f"/finance/needs/{market.need.id}/interest",
                         {"interest-product_id": str(market.product.id), "interest-message": "欢迎来行洽谈。"})

    case = db.session.query(Case).filter_by(financing_need_id=market.need.id).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case.id}")


def test_interest_under_a_product_the_need_fails_is_said_beside_the_product_on_the_page(client, auth, market):
    failing = FinancialProductFactory(organisation=market.product.organisation, regions=["北京市"])
    auth.login(market.matching_bank)

    response = auth.post(f"/finance/needs/{market.need.id}/interest", {"interest-product_id": str(failing.id)})

    assert response.status_code == 422 and _error_beside(_text(response), "interest-product_id")


def test_a_second_interest_is_refused_on_the_page_with_the_reason(client, auth, market):
    auth.login(market.matching_bank)
    body = {"interest-product_id": str(market.product.id)}
    auth.post(f"/finance/needs/{market.need.id}/interest", body)

    response = auth.post(f"/finance/needs/{market.need.id}/interest", body)

    assert response.status_code == 409 and 'class="flash flash-danger"' in _text(response)


def test_a_decision_recorded_on_the_page_reaches_the_enterprise(client, auth, market):
    auth.login(market.matching_bank)
    auth.post(f"/finance/needs/{market.need.id}/decision",
              {"decision-product_id": str(market.product.id), "decision-outcome": "declined",
               "decision-reason": "collateral", "decision-note": "质押专利估值不足。"})
    auth.login(market.owner)

    page = _text(client.get(f"/finance/needs/{market.need.id}"))

    decision = db.session.query(FinancingDecision).one()
    assert decision.reason.value == "collateral"
    assert "质押专利估值不足。" in page[page.index('id="decisions"'):]


def test_a_decline_without_a_reason_is_said_beside_the_reason_on_the_page(client, auth, market):
    auth.login(market.matching_bank)

    response = auth.post(f"/finance/needs/{market.need.id}/decision",
                         {"decision-product_id": str(market.product.id), "decision-outcome": "declined"})

    assert response.status_code == 422 and _error_beside(_text(response), "decision-reason")


def test_closing_from_the_need_page_takes_it_out_of_the_queue_page(client, auth, market):
    auth.login(market.owner)
    auth.post(f"/finance/needs/{market.need.id}/close")
    auth.login(market.matching_bank)

    page = _text(client.get("/finance/needs"))

    db.session.refresh(market.need)
    assert market.need.status == FinancingStatus.CLOSED and market.need.title not in page


def test_a_university_member_has_no_finance_needs_page(client, auth):
    auth.login(UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY)))

    assert client.get("/finance/needs").status_code == 403
