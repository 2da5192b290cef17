"""The home page, the market lists, the dashboard and /api/v1/stats show one count for one thing."""
import re

from models.choices import PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory


def _market(session):
    """Published, pending and closed postings, and an unverified organisation."""
    OfferFactory.create_batch(3)
    OfferFactory(status=PostingStatus.CLOSED)
    OfferFactory(status=PostingStatus.PENDING, organisation=OrganisationFactory(verified_at=None))
    NeedFactory.create_batch(2)
    NeedFactory(status=PostingStatus.CLOSED)
    session.commit()


def _figure(page: str, label: str) -> int:
    """The number shown beside a label in a page's headline figures."""
    text = re.sub(r"<[^>]+>", "|", page)
    return int(re.search(r"([\d,]+)\|+" + label, text).group(1).replace(",", ""))


def _listed(page: str) -> int:
    return int(re.search(r"共找到 (\d+) 条", page).group(1))


def test_home_lists_dashboard_and_api_agree_on_what_the_market_holds(client, auth, session, api_token):
    _market(session)
    admin = UserFactory(admin=True)
    stats = client.get("/api/v1/stats", headers=api_token(admin)).get_json()["on_market"]
    home = client.get("/").get_data(as_text=True)
    offers_list = client.get("/offers").get_data(as_text=True)
    needs_list = client.get("/needs").get_data(as_text=True)
    api_offers = client.get("/api/v1/offers").get_json()["total"]
    auth.login(admin)
    dashboard = client.get("/dashboard/").get_data(as_text=True)

    assert (stats["offers"], stats["needs"]) == (3, 2)
    assert _figure(home, "已发布科技成果") == _listed(offers_list) == api_offers == _figure(dashboard, "在架科技成果") == 3
    assert _figure(home, "已发布技术需求") == _listed(needs_list) == _figure(dashboard, "在架技术需求") == 2
    assert _figure(home, "认证机构") == stats["organisations"]
