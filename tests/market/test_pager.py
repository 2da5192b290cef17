"""The pager (issue 14): besides the pages around the current one it always offers the first and the last page,
with an ellipsis for the pages skipped, and every link keeps the list's filters."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from matchmaker.market import views
from matchmaker.pagination import Page
from tests.factories import OfferFactory


def numbers(page: int, pages: int) -> list[int | None]:
    return Page(items=[], page=page, per_page=1, total=pages).numbers()


def test_in_the_middle_the_first_and_last_pages_flank_the_window_with_ellipses():
    assert numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_on_the_first_page_the_last_one_follows_an_ellipsis():
    assert numbers(1, 20) == [1, 2, 3, None, 20]


def test_on_the_last_page_the_first_one_precedes_an_ellipsis():
    assert numbers(20, 20) == [1, None, 18, 19, 20]


def test_an_ellipsis_never_stands_for_a_single_page():
    assert numbers(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_a_short_list_shows_every_page_once():
    assert numbers(2, 3) == [1, 2, 3]


@pytest.fixture
def twelve_pages(monkeypatch):
    """Twelve offers in one region, one per page."""
    monkeypatch.setattr(views, "PER_PAGE", 1)
    OfferFactory.create_batch(12, region="西藏自治区")


def pager_links(page: str) -> dict[str, dict[str, list[str]]]:
    """The pager's links, text → query arguments."""
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)
    return {text.strip(): parse_qs(urlsplit(unescape(href)).query)
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


def test_the_pager_links_the_first_and_last_pages_keeping_the_filters(client, twelve_pages):
    page = client.get("/offers?region=西藏自治区&sort=newest&page=6").get_data(as_text=True)
    links = pager_links(page)
    assert links["1"] == {"region": ["西藏自治区"], "sort": ["newest"], "page": ["1"]}
    assert links["12"] == {"region": ["西藏自治区"], "sort": ["newest"], "page": ["12"]}
    assert 'title="首页"' in page and 'title="末页"' in page
    assert page.count('<span class="gap" aria-hidden="true">…</span>') == 2
