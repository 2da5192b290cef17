"""Creating, editing, submitting and closing postings through the web forms."""
from sqlalchemy import func, select

from models import TechNeed, TechOffer
from models.choices import PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory


def _offer_form(**overrides):
    data = {
        "title": "钠离子电池硬碳负极材料", "description": "以生物质为前驱体制备硬碳，首效 88%，成本低于同类产品三成。",
        "field": "new_energy_battery", "keywords": "钠离子电池，硬碳", "region": "山西省", "maturity": "pilot",
        "ip_status": "granted_patent", "patent_numbers": "ZL202310123456.7", "transfer_modes": ["license", "transfer"],
        "asking_price_wan": "150", "action": "submit",
    }
    return {**data, **overrides}


def test_an_unverified_organisation_submits_an_offer_as_pending(auth, session):
    user = UserFactory(organisation=OrganisationFactory(unverified=True))
    auth.login(user)
    auth.post("/offers/new", _offer_form())
    offer = session.scalar(select(TechOffer).where(TechOffer.title == "钠离子电池硬碳负极材料"))
    assert offer.status == PostingStatus.PENDING
    assert offer.keywords == ["钠离子电池", "硬碳"]
    assert offer.transfer_modes == ["license", "transfer"]


def test_a_verified_organisation_publishes_at_once(auth, session):
    auth.login(UserFactory())
    auth.post("/offers/new", _offer_form())
    offer = session.scalar(select(TechOffer).where(TechOffer.title == "钠离子电池硬碳负极材料"))
    assert offer.status == PostingStatus.PUBLISHED and offer.published_at is not None


def test_saving_a_draft_keeps_it_off_the_market(client, auth, session):
    auth.login(UserFactory())
    auth.post("/offers/new", _offer_form(action="draft"))
    offer = session.scalar(select(TechOffer).where(TechOffer.title == "钠离子电池硬碳负极材料"))
    assert offer.status == PostingStatus.DRAFT
    auth.logout()
    assert "钠离子电池硬碳负极材料" not in client.get("/offers").get_data(as_text=True)


def test_a_missing_title_is_reported_next_to_the_field_and_nothing_is_saved(auth, session):
    auth.login(UserFactory())
    response = auth.post("/offers/new", _offer_form(title=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="field-title"' in page and 'class="error" id="err-title"' in page
    assert session.scalar(select(func.count()).select_from(TechOffer)) == 0


def test_a_price_or_negotiable_is_required(auth, session):
    auth.login(UserFactory())
    response = auth.post("/offers/new", _offer_form(asking_price_wan=""))
    assert response.status_code == 422
    assert "面议" in response.get_data(as_text=True)


def test_a_need_budget_maximum_below_minimum_is_refused(auth, session):
    auth.login(UserFactory())
    response = auth.post("/needs/new", {
        "title": "镁合金轮毂压铸缺陷控制", "description": "需要降低缩孔率至 1% 以下，提升良品率。", "field": "magnesium_alloy",
        "region": "山西省", "cooperation_modes": ["commissioned"], "budget_min_wan": "200", "budget_max_wan": "100",
        "action": "submit",
    })
    assert response.status_code == 422
    assert "预算上限不能低于下限" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(TechNeed)) == 0


def test_another_organisation_cannot_edit_a_posting(auth, session):
    offer = OfferFactory(title="原标题")
    auth.login(UserFactory())
    response = auth.post(f"/offers/{offer.id}/edit", _offer_form(title="篡改"))
    assert response.status_code == 403
    session.refresh(offer)
    assert offer.title == "原标题"


def test_a_member_edits_the_organisation_posting(auth, session):
    offer = OfferFactory(title="原标题")
    auth.login(UserFactory(organisation=offer.organisation))
    auth.post(f"/offers/{offer.id}/edit", _offer_form(title="新标题", action="save"))
    session.refresh(offer)
    assert offer.title == "新标题"


def test_the_owner_closes_a_posting(auth, session):
    need = NeedFactory()
    auth.login(UserFactory(organisation=need.organisation))
    auth.post(f"/needs/{need.id}/close")
    session.refresh(need)
    assert need.status == PostingStatus.CLOSED


def test_close_asks_for_confirmation_first(client, auth):
    need = NeedFactory()
    auth.login(UserFactory(organisation=need.organisation))
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "data-confirm=" in page


def test_brokers_see_pending_postings_but_other_users_do_not(client, auth):
    offer = OfferFactory(status=PostingStatus.PENDING, published_at=None)
    auth.login(UserFactory())
    assert client.get(f"/offers/{offer.id}").status_code == 404
    auth.logout()
    auth.login(UserFactory(broker=True))
    assert client.get(f"/offers/{offer.id}").status_code == 200


def test_my_postings_lists_drafts_and_pending(client, auth):
    user = UserFactory()
    OfferFactory(organisation=user.organisation, title="我的草稿", status=PostingStatus.DRAFT)
    auth.login(user)
    assert "我的草稿" in client.get("/my/postings").get_data(as_text=True)
