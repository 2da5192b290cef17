"""Issue 14: dates, numbers and provinces follow the reader's language.

Provinces are stored by their Chinese names and shown in English to English readers; dates are Babel's, with the
month spelt out ("Dec 2, 2026", not the American "12/2/26, 10:17 PM"), in Beijing time.
"""
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from matchmaker.i18n import province, province_choices
from matchmaker.templating import datetime_text, money_wan, number
from models.choices import PROVINCES
from tests.factories import OfferFactory, OrganisationFactory, UserFactory

# 14:17 UTC is 22:17 in Beijing, on the same day.
MOMENT = datetime(2026, 12, 2, 14, 17, tzinfo=UTC)


@pytest.fixture
def offer():
    organisation = OrganisationFactory(name="太原镁合金研究院", province="山西省", city="运城市")
    return OfferFactory(organisation=organisation, region="山西省", title="镁合金宽幅板材连续轧制技术",
                        asking_price_wan=12345.5, published_at=MOMENT, updated_at=MOMENT)


def _read_in(client, language: str) -> None:
    client.get(f"/lang/{language}")


def test_an_english_posting_page_names_the_province_in_english_and_spells_the_date(client, offer):
    _read_in(client, "en")
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "Shanxi" in page and "山西省" not in page
    assert "Dec 2, 2026" in page
    assert "12/2/26" not in page and "2026/12/2" not in page
    assert "12,345.5" in page


def test_the_english_market_filter_offers_english_provinces_that_send_the_stored_names(client, offer):
    _read_in(client, "en")
    page = client.get("/offers").get_data(as_text=True)
    assert '<option value="山西省">Shanxi</option>' in page
    assert '<option value="内蒙古自治区">Inner Mongolia</option>' in page
    listed = client.get("/offers?region=山西省").get_data(as_text=True)
    assert offer.title in listed and '<option value="山西省" selected>Shanxi</option>' in listed


def test_english_times_have_the_month_spelt_and_no_american_short_date(client, auth, offer):
    owner = UserFactory(organisation=offer.organisation)
    auth.login(owner)
    _read_in(client, "en")
    page = client.get("/my/postings").get_data(as_text=True)
    assert "Dec 2, 2026, 10:17\u202fPM" in page  # datetime('short'), in Beijing time
    assert "12/2/26" not in page


def test_chinese_readers_keep_chinese_provinces_and_dates(client, offer):
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "山西省" in page and "Shanxi" not in page
    assert "2026年12月2日" in page


def test_every_province_has_an_english_name_and_unknown_values_pass_through(app):
    with app.test_request_context(), force_locale("en"):
        names = [province(p) for p in PROVINCES]
        assert all(name.isascii() and name for name in names), names
        assert province("山西省") == "Shanxi" and province("陕西省") == "Shaanxi"
        assert province("火星") == "火星" and province(None) == ""
        assert ("山西省", "Shanxi") in province_choices()
    with app.test_request_context(), force_locale("zh"):
        assert province("山西省") == "山西省"


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", {"short": "2026年12月2日 22:17", "time": "22:17", "month": "2026年12月"}),
    ("en", {"short": "Dec 2, 2026, 10:17\u202fPM", "time": "10:17\u202fPM", "month": "Dec 2026"}),
])
def test_the_datetime_filter_speaks_the_readers_language(app, language, expected):
    with app.test_request_context(), force_locale(language):
        for format, text in expected.items():
            assert datetime_text(MOMENT, format) == text
        assert datetime_text(MOMENT) == expected["short"]
        assert number(1234567.891) == "1,234,567.89"
        assert money_wan(12345.5).startswith("12,345.5") and money_wan(120).startswith("120 ")
