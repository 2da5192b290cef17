"""Sorting the market lists (issue 14): newest first by default; needs by deadline or budget, offers by price; a
keyword search ranked by relevance unless a sort is chosen; a page ignores a sort it does not know."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from matchmaker.errors import ValidationError
from matchmaker.market import services
from matchmaker.market.services import MarketQuery, market_today
from matchmaker.matching import services as matching
from matchmaker.matching.setup import engine
from models import utcnow
from tests.factories import NeedFactory, OfferFactory

REGION = "西藏自治区"  # no other test's postings are there


def listed(session, kind: str, sort: str) -> list[int]:
    """The ids of the kind's postings in REGION, in the order a visitor's list gives for `sort`."""
    page = services.search_postings(session, kind, None, MarketQuery(region=REGION, sort=sort))
    return [posting.id for posting in page.items]


def titles_in_order(page: str, *titles: str) -> list[str]:
    """`titles` in the order they appear on the page."""
    return sorted(titles, key=page.index)


def test_without_a_sort_the_list_is_newest_first(session):
    older = OfferFactory(region=REGION, published_at=utcnow() - timedelta(days=2))
    newer = OfferFactory(region=REGION, published_at=utcnow() - timedelta(hours=1))
    assert listed(session, "offer", "") == [newer.id, older.id]


def test_offers_by_price_start_with_the_lowest_and_end_with_negotiable_ones(session):
    negotiable = OfferFactory(region=REGION, asking_price_wan=None, price_negotiable=True)
    dear = OfferFactory(region=REGION, asking_price_wan=800)
    cheap = OfferFactory(region=REGION, asking_price_wan=35)
    assert listed(session, "offer", "price") == [cheap.id, dear.id, negotiable.id]


def test_needs_by_budget_start_with_the_largest_and_end_with_those_without_one(session):
    unbudgeted = NeedFactory(region=REGION, budget_min_wan=None, budget_max_wan=None)
    small = NeedFactory(region=REGION, budget_min_wan=10, budget_max_wan=100)
    large = NeedFactory(region=REGION, budget_min_wan=200, budget_max_wan=500)
    at_least = NeedFactory(region=REGION, budget_min_wan=300, budget_max_wan=None)  # "300 万起": its lower bound
    assert listed(session, "need", "budget") == [large.id, at_least.id, small.id, unbudgeted.id]


def test_needs_by_deadline_start_with_the_soonest_open_one_then_passed_ones_then_those_without(session):
    today = market_today()
    none = NeedFactory(region=REGION, deadline=None)
    long_passed = NeedFactory(region=REGION, deadline=today - timedelta(days=40))
    later = NeedFactory(region=REGION, deadline=today + timedelta(days=30))
    just_passed = NeedFactory(region=REGION, deadline=today - timedelta(days=2))
    today_is_last = NeedFactory(region=REGION, deadline=today)
    soon = NeedFactory(region=REGION, deadline=today + timedelta(days=3))
    assert listed(session, "need", "deadline") == [today_is_last.id, soon.id, later.id, just_passed.id, long_passed.id, none.id]


@pytest.mark.parametrize(("kind", "sort"), [("offer", "deadline"), ("offer", "budget"), ("need", "price"),
                                            ("need", "relevance")])
def test_a_sort_the_kind_does_not_have_is_ignored_on_a_page(kind, sort):
    assert MarketQuery.from_args({"sort": sort}, kind).sort == ""


def test_a_sort_the_kind_does_not_have_is_a_validation_error_naming_sort_when_strict():
    with pytest.raises(ValidationError) as error:
        MarketQuery.from_args({"sort": "deadline"}, "offer", strict=True)
    assert "sort" in error.value.fields


def test_the_needs_page_offers_deadline_and_budget_in_its_filter_form(client):
    page = client.get("/needs").get_data(as_text=True)
    select = re.search(r'<select id="f-sort" name="sort">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'value="([^"]*)"', select) == ["", "deadline", "budget"]
    assert "最新发布" in select  # the default, without a keyword


def test_the_offers_page_offers_price_but_no_deadline(client):
    page = client.get("/offers").get_data(as_text=True)
    select = re.search(r'<select id="f-sort" name="sort">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'value="([^"]*)"', select) == ["", "price"]


def test_the_chosen_sort_orders_the_page_and_stays_selected(client):
    OfferFactory(title="面议的成果", region=REGION, asking_price_wan=None, price_negotiable=True)
    OfferFactory(title="三十五万的成果", region=REGION, asking_price_wan=35)
    page = client.get(f"/offers?region={REGION}&sort=price").get_data(as_text=True)
    assert titles_in_order(page, "面议的成果", "三十五万的成果") == ["三十五万的成果", "面议的成果"]
    assert '<option value="price" selected>' in page


def test_an_unknown_sort_on_a_page_is_ignored_and_the_list_stays_newest_first(client):
    OfferFactory(title="昨天的成果", region=REGION, published_at=utcnow() - timedelta(days=1))
    OfferFactory(title="今天的成果", region=REGION, published_at=utcnow())
    response = client.get(f"/offers?region={REGION}&sort=deadline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert titles_in_order(page, "昨天的成果", "今天的成果") == ["今天的成果", "昨天的成果"]


def test_a_keyword_search_without_a_sort_is_ranked_by_relevance_and_says_so(client, session):
    OfferFactory(title="镁合金压铸件表面处理", description="压铸镁合金的微弧氧化。", published_at=utcnow())
    OfferFactory(title="镁合金半固态压铸工艺", keywords=["镁合金", "压铸", "半固态压铸"],
                 description="镁合金压铸与半固态压铸成形。", published_at=utcnow() - timedelta(days=30))
    page = client.get("/offers?q=镁合金压铸").get_data(as_text=True)
    ranked = [hit.posting.title for hit in matching.search(session, engine(), None, "offer", "镁合金压铸")]
    assert ranked == ["镁合金半固态压铸工艺", "镁合金压铸件表面处理"]  # the older one is the closer match
    assert titles_in_order(page, *ranked) == ranked
    assert "按相关度排序" in page
    assert '<option value="" selected>相关度</option>' in page


def test_a_keyword_search_with_a_sort_keeps_its_results_in_that_order(client):
    OfferFactory(title="镁合金压铸工艺（面议）", asking_price_wan=None, price_negotiable=True)
    OfferFactory(title="镁合金压铸工艺（高价）", asking_price_wan=900)
    OfferFactory(title="镁合金压铸工艺（低价）", asking_price_wan=20)
    page = client.get("/offers?q=镁合金压铸&sort=price").get_data(as_text=True)
    assert titles_in_order(page, "（面议）", "（高价）", "（低价）") == ["（低价）", "（高价）", "（面议）"]
    assert "按价格从低到高排序" in page


def test_the_search_box_and_the_export_link_keep_the_sort(client):
    OfferFactory(region=REGION)
    page = client.get(f"/offers?region={REGION}&sort=price").get_data(as_text=True)
    assert '<input type="hidden" name="sort" value="price">' in page
    export = re.search(r'href="(/offers/export.xlsx[^"]*)"', page).group(1)
    assert "sort=price" in export
