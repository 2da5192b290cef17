"""Notification pages: the nav's unread count, the notifications list, and saved searches (save, list, delete)."""
import re

from sqlalchemy import select

from matchmaker.extensions import db
from models import Subscription
from tests.factories import NotificationFactory, SubscriptionFactory, UserFactory

# -- notifications ---------------------------------------------------------------------------------------------------


def test_the_nav_shows_the_number_of_unread_notifications(client, auth):
    user = UserFactory()
    NotificationFactory.create_batch(2, user=user)
    auth.login(user)
    page = client.get("/events").get_data(as_text=True)
    assert re.search(r'class="notice-link"[^>]*>.*?<span class="nav-text">通知</span> <span class="count">2</span>', page, re.S)


def test_the_nav_links_to_the_notifications_page(client, auth):
    auth.login(UserFactory())
    assert 'href="/notifications" class="notice-link"' in client.get("/offers").get_data(as_text=True)


def test_the_notifications_page_lists_them_marks_new_ones_and_reads_them(client, auth):
    user = UserFactory()
    NotificationFactory(user=user, params={"name": "张三", "org": "太原理工大学", "event": "对接会"}, link="/events/1/me")
    auth.login(user)
    page = client.get("/notifications").get_data(as_text=True)
    assert '<a href="/events/1/me">张三（太原理工大学）希望在 对接会 与您洽谈。</a>' in page
    assert 'class="unread"' in page
    later = client.get("/events").get_data(as_text=True)
    assert 'class="count"' not in later


def test_notifications_of_other_users_are_not_listed(client, auth):
    NotificationFactory(params={"name": "别人", "org": "别的机构", "event": "别的活动"})
    auth.login(UserFactory())
    assert "别的活动" not in client.get("/notifications").get_data(as_text=True)


def test_a_notification_is_shown_in_the_language_the_reader_reads(client, auth):
    user = UserFactory(locale="en")
    NotificationFactory(user=user, kind="case.stage", params={"title": "锂电池回收 × 晋能电池", "stage": "contacted"})
    auth.login(user)
    page = client.get("/notifications").get_data(as_text=True)
    assert 'Matchmaking case "锂电池回收 × 晋能电池" has moved to "Contacted".' in page.replace("&#34;", '"')
    client.get("/lang/zh")
    page = client.get("/notifications").get_data(as_text=True)
    assert "对接“锂电池回收 × 晋能电池”进入“已联系”阶段。" in page


def test_a_notification_written_before_params_existed_shows_its_stored_message(client, auth):
    user = UserFactory(locale="en")
    NotificationFactory(user=user, params={}, message="张三 希望在 对接会 与您洽谈。")
    auth.login(user)
    assert "张三 希望在 对接会 与您洽谈。" in client.get("/notifications").get_data(as_text=True)


def test_visitors_are_sent_to_login_for_notifications(client):
    assert client.get("/notifications").status_code == 302


# -- saved searches --------------------------------------------------------------------------------------------------

def _subscriptions(user) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.user_id == user.id)))


def test_a_filtered_market_list_offers_to_save_the_search(client, auth):
    auth.login(UserFactory())
    page = client.get("/offers?q=锂电池&region=山西省").get_data(as_text=True)
    form = re.search(r'<form class="inline save-search"(.*?)</form>', page, re.S).group(1)
    assert 'action="/subscriptions"' in form and 'name="csrf_token"' in form
    assert 'name="kind" value="offer"' in form and 'name="q" value="锂电池"' in form
    assert 'name="region" value="山西省"' in form


def test_an_unfiltered_list_or_a_visitor_gets_no_save_search_button(client, auth):
    assert "save-search" not in client.get("/offers?q=锂电池").get_data(as_text=True)
    auth.login(UserFactory())
    assert "save-search" not in client.get("/offers").get_data(as_text=True)


def test_saving_a_search_stores_it_and_returns_to_the_list(client, auth):
    user = UserFactory()
    auth.login(user)
    response = auth.post("/subscriptions", {"kind": "need", "q": "低温电解液", "field": "new_energy_battery",
                                            "region": "山西省"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/needs?")
    [saved] = _subscriptions(user)
    assert (saved.kind, saved.query, saved.field, saved.region) == ("need", "低温电解液", "new_energy_battery", "山西省")


def test_saving_the_same_search_twice_keeps_one_subscription(client, auth):
    user = UserFactory()
    auth.login(user)
    for _ in range(2):
        auth.post("/subscriptions", {"kind": "offer", "q": "锂电池"})
    assert len(_subscriptions(user)) == 1


def test_a_search_with_an_unknown_region_is_not_saved(client, auth):
    user = UserFactory()
    auth.login(user)
    response = auth.post("/subscriptions", {"kind": "offer", "q": "锂电池", "region": "火星"}, follow_redirects=True)
    assert "无法识别的地区" in response.get_data(as_text=True)
    assert _subscriptions(user) == []


def test_saving_a_search_without_the_csrf_token_is_refused(client, auth):
    user = UserFactory()
    auth.login(user)
    response = client.post("/subscriptions", data={"kind": "offer", "q": "锂电池"})
    assert response.status_code == 400
    assert _subscriptions(user) == []


def test_the_subscriptions_page_lists_only_the_users_own_with_a_confirmed_delete(client, auth):
    mine = SubscriptionFactory(query="氢燃料电池", field="new_energy_battery")
    SubscriptionFactory(query="别人的订阅")
    auth.login(mine.user)
    page = client.get("/subscriptions").get_data(as_text=True)
    assert "氢燃料电池" in page and "别人的订阅" not in page
    assert re.search(rf'action="/subscriptions/{mine.id}/delete" class="inline"\s+data-confirm="[^"]+"', page)
    assert '/offers?q=%E6%B0%A2' in page  # links back to the saved search


def test_deleting_a_subscription_removes_it(client, auth):
    subscription = SubscriptionFactory()
    user = subscription.user
    auth.login(user)
    response = auth.post(f"/subscriptions/{subscription.id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/subscriptions"
    assert _subscriptions(user) == []


def test_deleting_without_the_csrf_token_is_refused(client, auth):
    subscription = SubscriptionFactory()
    user = subscription.user
    auth.login(user)
    assert client.post(f"/subscriptions/{subscription.id}/delete").status_code == 400
    assert len(_subscriptions(user)) == 1


def test_nobody_deletes_another_users_subscription(client, auth):
    subscription = SubscriptionFactory()
    owner = subscription.user
    auth.login(UserFactory())
    assert auth.post(f"/subscriptions/{subscription.id}/delete").status_code == 404
    assert len(_subscriptions(owner)) == 1
