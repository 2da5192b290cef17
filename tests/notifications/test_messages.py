"""The registry of notification texts: every kind renders in both languages, from plain parameters, at read time."""
import re

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.notifications import mail
from matchmaker.notifications.messages import KINDS, render, render_notification, subject
from matchmaker.notifications.services import notify
from models import Notification
from models.choices import CaseStage
from tests.factories import NotificationFactory, UserFactory

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Parameters of every kind, in ASCII so that any Chinese left in an English rendering is an untranslated text.
SAMPLES = {
    "interest.new": {"org": "Jinneng", "posting": "need", "title": "Electrolyte film"},
    "case.introduction": {"title": "Film x Line"},
    "financing.interest": {"org": "Bingzhou Bank", "title": "Pilot line loan"},
    "financing.decision": {"org": "Bingzhou Bank", "title": "Pilot line loan", "outcome": "declined", "amount": "",
                           "reason": "collateral"},
    "case.introduced": {"title": "Film x Line"},
    "case.stage": {"title": "Film x Line", "stage": "meeting"},
    "case.message": {"title": "Film x Line", "sender": "need_side"},
    "event.waiting": {"name": "Li", "event": "Expo"},
    "event.admitted": {"event": "Expo"},
    "request.new": {"name": "Li", "org": "TYUT", "event": "Expo"},
    "request.answered": {"name": "Li", "answer": "accepted"},
    "meeting.cancelled": {"name": "Li", "event": "Expo"},
    "meeting.changed": {"event": "Expo"},
    "schedule.published": {"event": "Expo", "n": 3},
    "subscription.digest": {"n": 2},
    "open_call.outcome": {"title": "Low-temperature electrolyte", "result": "not_awarded"},
    "open_call.assigned": {"title": "Low-temperature electrolyte"},
    "open_call.cancelled": {"title": "Low-temperature electrolyte", "reason": "Budget withdrawn"},
    "milestone.reported": {"title": "Low-temperature electrolyte", "milestone": "Pilot line"},
    "milestone.decided": {"title": "Low-temperature electrolyte", "milestone": "Pilot line", "result": "rejected"},
}


def test_every_kind_has_sample_parameters_here():
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_in_english_and_chinese_with_no_placeholder_left(kind):
    english, chinese = render(kind, SAMPLES[kind], "en"), render(kind, SAMPLES[kind], "zh")
    assert "%(" not in english and "%(" not in chinese
    assert not CJK.search(english), english
    assert CJK.search(chinese), chinese


@pytest.mark.parametrize("kind", sorted(k for k, spec in KINDS.items() if spec.subject))
def test_every_email_subject_is_translated(kind):
    assert subject(kind, "en").startswith("[Technology Market] ") and not CJK.search(subject(kind, "en"))
    assert subject(kind, "zh").startswith("【科技大市场】")


def test_a_vocabulary_code_becomes_the_readers_label_when_rendered():
    params = {"title": "A × B", "stage": "contacted"}
    assert render("case.stage", params, "zh") == "对接“A × B”进入“已联系”阶段。"
    assert render("case.stage", params, "en") == 'Matchmaking case "A × B" has moved to "Contacted".'


def test_a_closed_case_names_its_reason_in_the_readers_language():
    params = {"title": "A × B", "stage": "closed", "reason": "price"}
    assert render("case.stage", params, "zh") == "对接“A × B”已关闭：价格分歧。"
    assert render("case.stage", params, "en").endswith("has been closed: Price disagreement.")


def test_a_variant_parameter_picks_its_own_text():
    assert render("request.answered", {"name": "Li", "answer": "declined"}, "en") == "Li declined your meeting request."
    assert render("interest.new", {"org": "X", "posting": "offer", "title": "T"}, "en").startswith(
        'X is interested in your technology offer "T"')


def test_an_unknown_kind_renders_as_its_name():
    assert render("no.such.kind", {}, "en") == "no.such.kind"


def test_a_notification_from_before_params_keeps_its_stored_message():
    notice = NotificationFactory(params={}, message="张三 希望在 对接会 与您洽谈。")
    assert render_notification(notice, "en") == "张三 希望在 对接会 与您洽谈。"


def test_notify_stores_codes_and_plain_values_not_text():
    user = UserFactory()
    notify(db.session, user, "case.stage", {"title": "A × B", "stage": CaseStage.MEETING}, "/cases/1")
    db.session.flush()
    notice = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert (notice.params, notice.message) == ({"title": "A × B", "stage": "meeting"}, "")


def test_notify_refuses_text_in_place_of_parameters():
    with pytest.raises(TypeError):
        notify(db.session, UserFactory(), "request.new", "张三 希望与您洽谈。")


def test_the_email_footer_and_link_follow_the_recipients_language(app):
    english = mail.build_message({"to": "a@example.com", "subject": "s", "body": "Dear A,", "link": "/cases/7",
                                  "locale": "en"}, app.config).get_content()
    assert "Details: http://127.0.0.1:5000/cases/7" in english and "please do not reply" in english
    assert not CJK.search(english)
