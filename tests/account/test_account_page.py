"""The account page (/account) and the language switch: what a user reads, and is mailed in, is theirs to choose."""
import re

from matchmaker.extensions import db
from models import User
from tests.factories import UserFactory


def _form(**overrides) -> dict:
    return {"display_name": "李明", "phone": "13800001111", "locale": "zh", **overrides}


def test_visitors_are_sent_to_login_for_the_account_page(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_top_bar_links_to_the_account_page(client, auth):
    auth.login(UserFactory())
    assert 'href="/account"' in client.get("/offers").get_data(as_text=True)


def test_the_account_page_shows_the_users_details_and_language(client, auth):
    auth.login(UserFactory(display_name="李明", phone="13800001111", locale="en"))
    page = client.get("/account").get_data(as_text=True)
    assert 'value="李明"' in page and 'value="13800001111"' in page
    assert re.search(r'<option selected value="en">English</option>', page)


def test_saving_the_account_page_changes_name_phone_and_language(client, auth):
    user = UserFactory(locale="zh")
    auth.login(user)
    response = auth.post("/account", _form(display_name="  Li Ming ", phone="", locale="en"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    saved = db.session.get(User, user.id)
    assert (saved.display_name, saved.phone, saved.locale) == ("Li Ming", None, "en")
    page = client.get("/account").get_data(as_text=True)
    assert "Account settings saved." in page and '<html lang="en">' in page


def test_an_unknown_language_is_refused_beside_its_field(client, auth):
    user = UserFactory(locale="zh")
    auth.login(user)
    response = auth.post("/account", _form(locale="fr"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="field-locale">.*?<p class="error" id="err-locale">请选择中文或 English。</p>', page, re.S)
    assert db.session.get(User, user.id).locale == "zh"


def test_a_bad_phone_number_is_refused_beside_its_field(client, auth):
    user = UserFactory(phone="13800001111")
    auth.login(user)
    response = auth.post("/account", _form(phone="call me"))
    assert response.status_code == 422
    assert re.search(r'id="field-phone">.*?<p class="error" id="err-phone">',
                     response.get_data(as_text=True), re.S)
    assert db.session.get(User, user.id).phone == "13800001111"


def test_the_language_switch_saves_the_signed_in_users_language(client, auth):
    user = UserFactory(locale="zh")
    auth.login(user)
    assert client.get("/lang/en?next=/offers").headers["Location"].endswith("/offers")
    assert db.session.get(User, user.id).locale == "en"
    client.get("/lang/zh")
    assert db.session.get(User, user.id).locale == "zh"


def test_a_visitors_language_switch_changes_only_their_session(client):
    assert client.get("/lang/en").status_code == 302
    assert '<html lang="en">' in client.get("/offers").get_data(as_text=True)


def test_a_signed_in_user_reads_the_site_in_their_own_language(client, auth):
    auth.login(UserFactory(locale="en"))
    assert '<html lang="en">' in client.get("/offers").get_data(as_text=True)


def test_the_sessions_choice_outweighs_the_users_language_until_they_switch(client, auth):
    client.get("/lang/zh")  # chosen before signing in
    user = UserFactory(locale="en")
    auth.login(user)
    assert '<html lang="zh-CN">' in client.get("/offers").get_data(as_text=True)
