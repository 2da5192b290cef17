"""Acceptance 2 on the web: every finance page and form post, as each of seven kinds of visitor. The need's purpose
holds a secret phrase that only its readers may ever receive, and only the visitors the rules name succeed."""
from __future__ import annotations

import re

import pytest

from tests.finance.conftest import ACTORS, NEED_READERS, SECRET, Market
from tests.finance.web_fixtures import need_form, product_form

FINANCIAL = {"matching_bank", "other_bank", "investor"}
ENTERPRISES = {"owner", "other_enterprise"}

# (method, path, form, actors who may succeed). Paths use {product} and {need}.
WEB_ROUTES = [
    ("GET", "/finance", None, set(ACTORS)),
    ("GET", "/finance/products/new", None, FINANCIAL),
    ("POST", "/finance/products/new", lambda m: product_form(), FINANCIAL),
    ("GET", "/finance/products/{product}", None, set(ACTORS)),
    ("POST", "/finance/products/{product}/withdraw", None, {"matching_bank", "admin"}),
    ("GET", "/finance/needs", None, set(ACTORS) - {"anonymous"}),
    ("GET", "/finance/needs/new", None, ENTERPRISES),
    ("POST", "/finance/needs/new", lambda m: need_form(), ENTERPRISES),
    ("GET", "/finance/needs/{need}", None, NEED_READERS),
    ("POST", "/finance/needs/{need}/interest", lambda m: {"interest-product_id": str(m.product.id)},
     {"matching_bank"}),
    ("POST", "/finance/needs/{need}/decision",
     lambda m: {"decision-product_id": str(m.product.id), "decision-outcome": "approved",
                "decision-amount_wan": "300"}, {"matching_bank"}),
    ("POST", "/finance/needs/{need}/close", None, {"owner", "admin"}),
]


def _path(template: str, market: Market) -> str:
    return template.format(product=market.product.id, need=market.need.id)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "template", "form", "may_succeed"), WEB_ROUTES,
                         ids=[f"{m} {p}" for m, p, _f, _s in WEB_ROUTES])
def test_finance_pages_show_each_visitor_only_what_is_theirs(client, auth, market, actor, method, template, form,
                                                            may_succeed):
    user = market.user(actor)
    if user is not None:
        auth.login(user)
    path = _path(template, market)
    response = client.get(path) if method == "GET" else auth.post(path, form(market) if form else {})

    if actor not in NEED_READERS:
        assert SECRET not in response.get_data(as_text=True)
    if actor == "anonymous" and response.status_code == 302:
        assert "/login" in response.headers["Location"]
    elif actor in may_succeed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code in (400, 403, 404, 409, 422), response.status_code
    if actor == "anonymous" and template != "/finance" and template != "/finance/products/{product}":
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("actor", sorted(NEED_READERS))
def test_the_need_page_shows_its_readers_the_purpose(client, auth, market, actor):
    auth.login(market.user(actor))

    page = client.get(f"/finance/needs/{market.need.id}").get_data(as_text=True)

    assert SECRET in page


def test_every_finance_page_is_in_the_matrix(app):
    covered = {(m, re.sub(r"\{\w+\}", "<>", p)) for m, p, _f, _s in WEB_ROUTES}
    routes = {(method, re.sub(r"<[^>]+>", "<>", rule.rule))
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("finance.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}

    assert routes == covered
