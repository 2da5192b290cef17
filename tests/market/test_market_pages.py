"""Market pages: lists, detail, and who sees what."""
import pytest

from models.choices import PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory


def test_offer_list_shows_published_offers(client):
    offer = OfferFactory(title="硫化物固态电解质界面改性技术")
    page = client.get("/offers").get_data(as_text=True)
    assert offer.title in page


def test_offer_list_hides_pending_offers_from_visitors(client):
    OfferFactory(title="待审核的成果", status=PostingStatus.PENDING)
    page = client.get("/offers").get_data(as_text=True)
    assert "待审核的成果" not in page


def test_keyword_search_matches_chinese_substrings(client):
    OfferFactory(title="镁合金半固态压铸工艺")
    OfferFactory(title="玉米秸秆饲料化技术")
    page = client.get("/offers?q=压铸").get_data(as_text=True)
    assert "镁合金半固态压铸工艺" in page
    assert "玉米秸秆饲料化技术" not in page


def test_empty_search_shows_an_empty_state(client):
    page = client.get("/needs?q=不存在的关键词").get_data(as_text=True)
    assert "没有符合条件的信息" in page


def test_contact_details_are_hidden_from_other_organisations(client, auth):
    offer = OfferFactory(contact_phone="13912345678")
    auth.login(UserFactory())
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "13912345678" not in page


def test_contact_details_show_to_the_posting_organisation(client, auth):
    offer = OfferFactory(contact_phone="13912345678")
    auth.login(UserFactory(organisation=offer.organisation))
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "13912345678" in page


def test_a_draft_of_another_organisation_answers_404(client, auth):
    need = NeedFactory(status=PostingStatus.DRAFT)
    auth.login(UserFactory())
    assert client.get(f"/needs/{need.id}").status_code == 404


def test_pagination_splits_long_lists(client):
    org = OrganisationFactory()
    OfferFactory.create_batch(25, organisation=org)
    first = client.get("/offers").get_data(as_text=True)
    second = client.get("/offers?page=2").get_data(as_text=True)
    assert first.count('<li>\n  <h3>') == 20
    assert second.count('<li>\n  <h3>') == 5


@pytest.mark.parametrize("argument", ["plural=x", "endpoint=x", "_method=POST", "_external=1", "kind=need"])
def test_the_pager_keeps_any_query_argument_without_failing(client, argument):
    OfferFactory.create_batch(21, organisation=OrganisationFactory())

    response = client.get(f"/offers?q=&{argument}")

    assert response.status_code == 200
    assert f"/offers?q=&amp;{argument}&amp;page=2" in response.get_data(as_text=True)


def test_a_page_number_that_is_not_a_positive_integer_is_a_clear_error(client):
    response = client.get("/offers?page=0")

    assert response.status_code == 422
    assert "页码" in response.get_data(as_text=True)
