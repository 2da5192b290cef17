"""The weekly digest: new postings matching each saved search, reported once, in one e-mail per user."""
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.notifications import jobs as digest_jobs
from matchmaker.notifications.messages import render_notification
from matchmaker.notifications.services import notifications_for
from models import Subscription, utcnow
from tests.conftest import run_rq_worker
from tests.factories import OfferFactory, OrganisationFactory, SubscriptionFactory, UserFactory


def recycling_offer(**overrides):
    data = {"title": "退役锂电池湿法回收技术", "description": "湿法冶金回收镍钴锰锂，金属回收率 98% 以上。",
            "keywords": ["回收", "锂电池"], **overrides}
    return OfferFactory(**data)


def greenhouse_offer(**overrides):
    data = {"title": "日光温室番茄无土栽培技术", "description": "基质栽培与水肥一体化，亩产提高三成。",
            "keywords": ["温室", "番茄", "无土栽培"], **overrides}
    return OfferFactory(**data)


@pytest.fixture
def digest(app):
    """Run `matchmaker digest` (with extra arguments) and return its output."""
    runner = app.test_cli_runner()

    def run(*args: str) -> str:
        db.session.commit()  # what the test set up is committed data, embedded and indexed
        result = runner.invoke(args=["digest", *args])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_the_digest_mails_new_matching_postings_and_leaves_out_others(digest, outbox):
    subscription = SubscriptionFactory(query="锂电池回收", region="山西省")
    new = recycling_offer()
    recycling_offer(title="早已发布的电池回收成果", published_at=utcnow() - timedelta(days=10))
    greenhouse_offer()
    recycling_offer(title="江苏的电池回收成果", region="江苏省")
    digest()
    [message] = outbox
    assert message["To"] == subscription.user.email
    assert message["Subject"] == "【科技大市场】订阅摘要：1 条新的匹配信息"
    body = message.get_content()
    assert new.title in body and f"http://127.0.0.1:5000/offers/{new.id}" in body
    assert "早已发布" not in body and "番茄" not in body and "江苏的" not in body


def test_a_posting_is_reported_once_and_later_ones_in_the_next_digest(digest, outbox):
    SubscriptionFactory(query="锂电池回收")
    first = recycling_offer()
    digest()
    digest()
    assert len(outbox) == 1
    later = recycling_offer(title="废旧锂电池回收拆解产线")
    digest()
    assert len(outbox) == 2
    assert later.title in outbox[1].get_content() and first.title not in outbox[1].get_content()


def test_each_user_gets_one_email_whatever_the_number_of_subscriptions(digest, outbox):
    user = UserFactory()
    SubscriptionFactory(user=user, query="锂电池回收")
    SubscriptionFactory(user=user, query="", field="new_energy_battery", region="山西省")
    other = SubscriptionFactory(query="锂电池回收").user
    recycling_offer()
    recycling_offer(title="废旧锂电池回收拆解产线")
    digest()
    assert sorted(m["To"] for m in outbox) == sorted([user.email, other.email])
    mine = next(m for m in outbox if m["To"] == user.email).get_content()
    assert mine.count("退役锂电池湿法回收技术") == 1  # matched by both subscriptions, listed once


def test_a_subscription_without_keywords_takes_the_newest_of_its_field_and_region(digest, outbox):
    SubscriptionFactory(query="", field="new_energy_battery", region="山西省")
    greenhouse_offer(title="山西的温室番茄成果")
    greenhouse_offer(title="江苏的温室番茄成果", region="江苏省")
    digest()
    [message] = outbox
    assert "山西的温室番茄成果" in message.get_content() and "江苏的" not in message.get_content()


def test_at_most_ten_postings_per_subscription(digest, outbox):
    SubscriptionFactory(query="", region="山西省")
    for n in range(12):
        greenhouse_offer(title=f"温室番茄成果{n}")
    digest()
    [message] = outbox
    assert message.get_content().count("温室番茄成果") == 10


def test_the_users_own_organisations_postings_are_left_out(digest, outbox):
    organisation = OrganisationFactory()
    SubscriptionFactory(user=UserFactory(organisation=organisation), query="锂电池回收")
    recycling_offer(organisation=organisation)
    digest()
    assert outbox == []


def test_the_digest_adds_an_in_app_notification_and_moves_every_window_on(digest, outbox):
    subscription = SubscriptionFactory(query="锂电池回收")
    idle = SubscriptionFactory(user=subscription.user, query="量子计算")
    recycling_offer()
    digest()
    [notice] = notifications_for(db.session, subscription.user)
    assert notice.kind == "subscription.digest" and notice.link == "/subscriptions"
    for row in (subscription, idle):
        assert db.session.get(Subscription, row.id).last_digest_at is not None


def test_nothing_new_means_no_email(digest, outbox):
    SubscriptionFactory(query="锂电池回收")
    greenhouse_offer()
    digest()
    assert outbox == []


def test_a_dry_run_shows_the_digest_but_sends_and_changes_nothing(digest, outbox):
    subscription = SubscriptionFactory(query="锂电池回收")
    offer = recycling_offer()
    output = digest("--dry-run")
    assert subscription.user.email in output and offer.title in output
    assert outbox == []
    assert db.session.get(Subscription, subscription.id).last_digest_at is None
    assert notifications_for(db.session, subscription.user) == []


def test_each_user_reads_their_digest_in_their_own_language(digest, outbox):
    english = SubscriptionFactory(user=UserFactory(locale="en", display_name="Alice"), query="",
                                  field="new_energy_battery").user
    chinese = SubscriptionFactory(user=UserFactory(locale="zh", display_name="张三"), query="",
                                  field="new_energy_battery").user
    offer = recycling_offer()
    digest()
    mail = {m["To"]: m for m in outbox}
    assert mail[english.email]["Subject"] == "[Technology Market] Saved-search digest: new matching listings: 1"
    body = mail[english.email].get_content()
    assert body.startswith("Dear Alice,") and "Technology offers · New-energy batteries · 山西省" in body
    assert f"1. {offer.title} ({offer.organisation.name}, 山西省)" in body
    assert "Manage your subscriptions: http://127.0.0.1:5000/subscriptions" in body and "新能源电池" not in body
    assert mail[chinese.email]["Subject"] == "【科技大市场】订阅摘要：1 条新的匹配信息"
    assert "科技成果 · 新能源电池 · 山西省" in mail[chinese.email].get_content()


def test_the_digests_in_app_notice_is_rendered_in_the_readers_language(digest, outbox):
    subscription = SubscriptionFactory(query="锂电池回收")
    recycling_offer()
    digest()
    [notice] = notifications_for(db.session, subscription.user)
    assert notice.params == {"n": 1}
    assert render_notification(notice, "en") == "New listings for your saved searches: 1. The digest has been sent to your email."
    assert render_notification(notice, "zh") == "您订阅的搜索有 1 条新信息，摘要已发送到您的邮箱。"


def _on_redis(rq_queue):
    """Switch to RQ once the test's postings are committed, and so embedded and matchable (on RQ a worker would
    embed them)."""
    db.session.commit()
    return rq_queue(digest_jobs, "QUEUE")


def test_with_redis_the_digest_queues_one_job_per_user_and_the_worker_mails_each_once(digest, outbox, rq_queue):
    first = SubscriptionFactory(query="锂电池回收")
    second = SubscriptionFactory(query="", field="new_energy_battery")
    SubscriptionFactory(user=second.user, query="锂电池回收")
    recycling_offer()
    queue = _on_redis(rq_queue)

    output = digest()

    assert f"digest: 2 users queued on RQ queue {queue.name!r}" in output
    assert outbox == [] and queue.count == 2
    assert db.session.get(Subscription, first.id).last_digest_at is None
    run_rq_worker(queue)
    assert sorted(m["To"] for m in outbox) == sorted([first.user.email, second.user.email])


def _one_digest_mailed(digest, rq_queue):
    """One subscriber whose digest job a worker has run: (subscription, queue, job)."""
    subscription = SubscriptionFactory(query="锂电池回收")
    recycling_offer()
    queue = _on_redis(rq_queue)
    digest()
    [job] = queue.get_jobs()
    run_rq_worker(queue)
    return subscription, queue, job


def test_a_digest_job_that_runs_again_mails_nobody_twice(digest, outbox, rq_queue):
    subscription, queue, job = _one_digest_mailed(digest, rq_queue)

    queue.enqueue(job.func_name, *job.args)  # as a retry or a re-queued job would
    run_rq_worker(queue)

    assert [m["To"] for m in outbox] == [subscription.user.email]
    assert len(notifications_for(db.session, subscription.user)) == 1


def test_a_digest_job_run_again_skips_a_user_already_mailed_even_with_a_subscription_added_since(
        digest, outbox, rq_queue):
    subscription, queue, job = _one_digest_mailed(digest, rq_queue)
    SubscriptionFactory(user=subscription.user, query="", field="new_energy_battery")  # would match the offer
    db.session.commit()

    queue.enqueue(job.func_name, *job.args)
    run_rq_worker(queue)

    assert len(outbox) == 1


def test_a_dry_run_stays_inline_with_redis(digest, outbox, rq_queue):
    subscription = SubscriptionFactory(query="锂电池回收")
    recycling_offer()
    queue = _on_redis(rq_queue)

    output = digest("--dry-run")

    assert subscription.user.email in output and "dry run: 1 of 1 users would get a digest" in output
    assert queue.count == 0 and outbox == []
