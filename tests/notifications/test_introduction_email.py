"""Acceptance 4: the introduction e-mail, against a real SMTP server (aiosmtpd on a free local port).

A broker proposes an introduction on the web (POST /cases/<id>/introduction, matchmaker.brokerage.pipeline
.propose_introduction); each side's members get the e-mail, sent only once the request has committed.
"""
import pytest

from matchmaker.brokerage import views as brokerage_views
from models.choices import CaseStage
from tests.factories import CaseFactory, UserFactory

SUBJECT = "【科技大市场】技术经纪人邀请您确认一项引荐"


@pytest.fixture
def case():
    """A contacted case with one member on each side."""
    case = CaseFactory(stage=CaseStage.CONTACTED)
    UserFactory(organisation=case.offer.organisation, email="wang.laoshi@example-univ.edu.cn")
    UserFactory(organisation=case.need.organisation, email="zhang.jingli@example-enterprise.cn")
    return case


def test_the_introduction_email_reaches_a_real_smtp_server_after_the_request_commits(client, auth, case,
                                                                                    smtp_server, monkeypatch):
    auth.login(case.broker)
    seen_before_commit = []
    real_back = brokerage_views._back

    def back(case):  # runs after the service, before the request boundary commits
        seen_before_commit.append(len(smtp_server.envelopes))
        return real_back(case)

    monkeypatch.setattr(brokerage_views, "_back", back)
    response = auth.post(f"/cases/{case.id}/introduction", {"note": "双方方向契合，建议下周面谈。"})
    assert response.status_code == 302
    assert seen_before_commit == [0]
    received = {tuple(e.rcpt_tos): m for e, m in zip(smtp_server.envelopes, smtp_server.messages)}
    assert set(received) == {("wang.laoshi@example-univ.edu.cn",), ("zhang.jingli@example-enterprise.cn",)}
    for (recipient,), message in received.items():
        assert message["To"] == recipient
        assert message["Subject"] == SUBJECT
        body = message.get_content()
        assert case.offer.title in body and f"http://127.0.0.1:5000/cases/{case.id}" in body


def test_a_request_that_fails_after_proposing_sends_no_introduction_email(client, auth, case, smtp_server,
                                                                          monkeypatch):
    auth.login(case.broker)

    def fail(case):
        raise RuntimeError("the request breaks after the service ran")

    monkeypatch.setattr(brokerage_views, "_back", fail)
    assert auth.post(f"/cases/{case.id}/introduction", {"note": ""}).status_code == 500  # rolled back
    client.get("/notifications")  # a later request commits; the dropped e-mail must not ride along
    assert smtp_server.envelopes == []
