"""Match lists never recommend a posting's own organisation to it, nor anything closed."""
import re

from matchmaker.market import services as market
from models.choices import PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory

NEED = {"title": "废旧动力电池回收利用", "description": "需要退役锂电池的拆解与有价金属回收技术。",
        "keywords": ["回收", "锂电池"]}
OFFER = {"title": "退役锂电池湿法回收技术", "description": "湿法冶金回收镍钴锰锂，金属回收率 98% 以上。",
         "keywords": ["回收", "锂电池"]}


def _ids(client, path: str, key: str, headers=None) -> list[int]:
    return [item[key]["id"] for item in client.get(path, headers=headers).get_json()["items"]]


def test_a_needs_matches_leave_out_its_own_organisations_offers(client, session, api_token):
    firm = OrganisationFactory()
    need = NeedFactory(organisation=firm, **NEED)
    own = OfferFactory(organisation=firm, **OFFER)
    other = OfferFactory(**OFFER)
    session.commit()
    member = UserFactory(organisation=firm)

    for headers in (None, api_token(member)):
        ids = _ids(client, f"/api/v1/needs/{need.id}/matches", "offer", headers)
        assert other.id in ids and own.id not in ids


def test_an_offers_matches_leave_out_its_own_organisations_needs(client, session):
    lab = OrganisationFactory()
    offer = OfferFactory(organisation=lab, **OFFER)
    own = NeedFactory(organisation=lab, **NEED)
    other = NeedFactory(**NEED)
    session.commit()

    ids = _ids(client, f"/api/v1/offers/{offer.id}/matches", "need")
    assert other.id in ids and own.id not in ids


def test_the_match_page_leaves_out_the_needs_own_organisations_offers(client, auth, session):
    firm = OrganisationFactory()
    need = NeedFactory(organisation=firm, **NEED)
    own = OfferFactory(organisation=firm, **{**OFFER, "title": "本机构自己的回收技术"})
    other = OfferFactory(**OFFER)
    session.commit()
    auth.login(UserFactory(organisation=firm))

    page = re.sub(r"<[^>]+>", "", client.get(f"/needs/{need.id}/matches").get_data(as_text=True))
    assert other.title in page and own.title not in page


def test_a_closed_offer_leaves_every_match_list_even_its_owners(client, session, api_token):
    need = NeedFactory(**NEED)
    offer = OfferFactory(**OFFER)
    owner = UserFactory(organisation=offer.organisation)
    session.commit()
    assert offer.id in _ids(client, f"/api/v1/needs/{need.id}/matches", "offer")

    market.close_posting(session, owner, offer)
    session.commit()

    assert offer.status == PostingStatus.CLOSED
    assert offer.id not in _ids(client, f"/api/v1/needs/{need.id}/matches", "offer", api_token(owner))
