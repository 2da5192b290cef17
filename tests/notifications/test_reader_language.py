"""Issue 10: notifications and e-mail speak the reader's language, whoever caused them, against a real SMTP server.

An enterprise member expresses interest in a university's offer on the web (POST /offers/<id>/interest,
matchmaker.brokerage.services.express_interest); the university's member is e-mailed in their own `User.locale`
while the enterprise member reads the site in the other language.
"""
import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import Notification
from tests.brokerage.deal import make_deal


@pytest.fixture
def deal():
    return make_deal()


def _express_interest(client, auth, deal, actor_language: str, recipient_language: str) -> str:
    """The actor, reading `actor_language`, expresses interest; the offer side reads `recipient_language`.
    Returns the page the actor lands on."""
    deal.offer_user.locale = recipient_language
    auth.login(deal.need_user)
    client.get(f"/lang/{actor_language}")
    response = auth.post(f"/offers/{deal.offer.id}/interest", {"message": "我们计划建设固态电池中试线，希望了解授权条件。"},
                         follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_email_caused_by_a_chinese_reader_reaches_an_english_reader_in_english(client, auth, deal, smtp_server):
    page = _express_interest(client, auth, deal, actor_language="zh", recipient_language="en")

    assert "已提交对接意向" in page  # the actor's own page is Chinese
    [envelope] = smtp_server.envelopes
    [message] = smtp_server.messages
    assert envelope.rcpt_tos == ["prof@tyut.edu.cn"]
    assert message["Subject"] == "[Technology Market] Someone is interested in one of your listings"
    body = message.get_content()
    assert body.startswith("Dear 李教授,")
    assert f'晋能电池有限公司 is interested in your technology offer "{deal.offer.title}"' in body
    assert "Details: http://127.0.0.1:5000/my/deals?tab=received" in body
    assert "This e-mail was sent automatically" in body
    assert "您好" not in body and "表达了对接意向" not in body and "查看详情" not in body


def test_an_email_caused_by_an_english_reader_reaches_a_chinese_reader_in_chinese(client, auth, deal, smtp_server):
    page = _express_interest(client, auth, deal, actor_language="en", recipient_language="zh")

    assert "已提交对接意向" not in page  # the actor's own page is English
    [message] = smtp_server.messages
    assert message["To"] == "prof@tyut.edu.cn"
    assert message["Subject"] == "【科技大市场】有人对您发布的信息表达了合作意向"
    body = message.get_content()
    assert body.startswith("李教授，您好：")
    assert f"晋能电池有限公司 对贵机构的科技成果“{deal.offer.title}”表达了对接意向" in body
    assert "查看详情：http://127.0.0.1:5000/my/deals?tab=received" in body
    assert "Dear" not in body and "is interested" not in body and "Details:" not in body


def test_the_stored_notification_holds_parameters_not_text(client, auth, deal, smtp_server):
    _express_interest(client, auth, deal, actor_language="en", recipient_language="en")

    notice = db.session.scalar(select(Notification).where(Notification.user_id == deal.offer_user.id))
    assert notice.kind == "interest.new" and notice.message == ""
    assert notice.params == {"org": "晋能电池有限公司", "posting": "offer", "title": deal.offer.title}
