"""E-mail: held on the session until the commit, dropped on rollback, written to the log without a mail server,
sent to a real SMTP server with one, through RQ when configured; a failing server never breaks the request."""
import logging

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.notifications import mail
from matchmaker.notifications.messages import KINDS, MAIL_KINDS
from matchmaker.notifications.services import notify
from models import Notification
from tests.conftest import run_rq_worker
from tests.factories import UserFactory


def _introduction(user):
    return notify(db.session, user, "case.introduction", {"title": "锂电池回收 × 测试企业"}, "/cases/7")


def test_the_kinds_worth_an_email_are_those_with_a_subject():
    assert MAIL_KINDS == {kind for kind, spec in KINDS.items() if spec.subject}
    assert {"interest.new", "case.introduction", "schedule.published"} <= MAIL_KINDS
    assert "request.new" not in MAIL_KINDS


def test_notify_holds_the_email_until_the_transaction_commits(outbox):
    user = UserFactory()
    _introduction(user)
    assert outbox == []
    db.session.commit()
    assert [m["To"] for m in outbox] == [user.email]


def test_a_rollback_drops_the_held_email(outbox):
    user = UserFactory()
    db.session.commit()
    _introduction(user)
    db.session.rollback()
    db.session.commit()
    assert outbox == []


def test_a_rolled_back_savepoint_drops_only_the_email_queued_inside_it(outbox):
    kept, dropped = UserFactory(), UserFactory()
    _introduction(kept)
    savepoint = db.session.begin_nested()
    _introduction(dropped)
    savepoint.rollback()
    db.session.commit()
    assert [m["To"] for m in outbox] == [kept.email]


def test_releasing_a_savepoint_is_not_the_commit_that_sends(outbox):
    user = UserFactory()
    with db.session.begin_nested():
        _introduction(user)
    assert outbox == []
    db.session.commit()
    assert [m["To"] for m in outbox] == [user.email]


def test_kinds_not_worth_an_email_stay_in_the_app(outbox):
    user = UserFactory()
    notify(db.session, user, "request.new", {"name": "张三", "org": "测试大学", "event": "对接会"}, "/events/1/me")
    db.session.commit()
    assert outbox == []
    assert db.session.scalar(select(Notification).where(Notification.user_id == user.id)).kind == "request.new"


def test_deactivated_users_get_no_email(outbox):
    _introduction(UserFactory(active=False))
    db.session.commit()
    assert outbox == []


def test_the_message_is_utf8_plain_text_with_a_chinese_subject_and_an_absolute_link(app):
    config = {**app.config, "MATCHMAKER_BASE_URL": "https://market.example.cn/"}
    message = mail.build_message({"to": "a@example.cn", "subject": "【科技大市场】引荐", "body": "您好", "link": "/cases/7"},
                                 config)
    assert message["Subject"] == "【科技大市场】引荐"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert "查看详情：https://market.example.cn/cases/7" in message.get_content()
    assert "=?utf-8?" in message.as_string().lower()  # the subject travels RFC 2047-encoded


def test_without_a_mail_server_the_message_is_written_to_the_log(app, caplog, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    user = UserFactory()
    _introduction(user)
    with caplog.at_level(logging.INFO, logger="matchmaker.notifications.mail"):
        db.session.commit()
    logged = caplog.text
    assert f"To: {user.email}" in logged
    assert "技术经纪人邀请您确认一项引荐" in logged
    assert "http://127.0.0.1:5000/cases/7" in logged


def test_an_unreachable_smtp_server_is_logged_and_the_notification_still_exists(app, caplog, monkeypatch):
    from tests.notifications.conftest import free_port

    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    user = UserFactory()
    _introduction(user)
    with caplog.at_level(logging.ERROR, logger="matchmaker.notifications.mail"):
        db.session.commit()  # does not raise
    assert "sending 1 e-mail(s) failed" in caplog.text
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == user.id)) == "case.introduction"


def test_with_mail_queue_rq_committed_email_waits_for_the_worker(outbox, rq_queue):
    queue = rq_queue(mail, "QUEUE_NAME", config=("MAIL_QUEUE", "rq"))
    user = UserFactory()
    _introduction(user)
    db.session.commit()
    assert outbox == [] and queue.count == 1
    run_rq_worker(queue)
    assert [m["To"] for m in outbox] == [user.email]


def test_publishing_a_schedule_on_the_web_emails_each_participant_after_the_request(client, auth, outbox):
    from matchmaker.events import services as events
    from models.choices import EventStatus
    from tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory, organiser_of

    event = EventFactory(status=EventStatus.SCHEDULING)
    meeting_request = MeetingRequestFactory(sender=RegistrationFactory(event=event, seen=True),
                                            recipient=RegistrationFactory(event=event, seen=True), accepted=True)
    events.run_scheduler(db.session, organiser_of(event), event, time_limit=1)
    auth.login(organiser_of(event))
    assert auth.post(f"/events/{event.id}/schedule/publish").status_code == 302
    participants = {meeting_request.sender.user.email, meeting_request.recipient.user.email}
    assert {m["To"] for m in outbox} == participants
    assert {m["Subject"] for m in outbox} == {"【科技大市场】活动洽谈日程已发布"}
