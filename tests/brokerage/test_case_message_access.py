"""Who may read and write case messages, route by route, for every kind of actor: anonymous, a member of another
organisation, each side, the case's broker, another broker and an admin (issue 14, acceptance 5).

Outsiders are told the case does not exist (404), like on every other case route; admins read every thread and
write none (403); a side reads its own thread only."""
from __future__ import annotations

import pytest

from matchmaker.brokerage import messages
from models.choices import CaseStage
from tests.api.conftest import persist
from tests.factories import UserFactory

ACTORS = ("anonymous", "outsider", "offer_side", "need_side", "case_broker", "other_broker", "admin")
# Whom each actor addresses when trying to write: the broker writes to a side, everyone else to the broker.
ADDRESS = {"case_broker": "offer_side"}

API_READ = {"anonymous": 401, "outsider": 404, "offer_side": 200, "need_side": 200, "case_broker": 200,
            "other_broker": 404, "admin": 200}
API_WRITE = {"anonymous": 401, "outsider": 404, "offer_side": 201, "need_side": 201, "case_broker": 201,
             "other_broker": 404, "admin": 403}
WEB_READ = {"anonymous": 302, "outsider": 404, "offer_side": 200, "need_side": 200, "case_broker": 200,
            "other_broker": 404, "admin": 200}
WEB_WRITE = {"anonymous": 302, "outsider": 404, "offer_side": 302, "need_side": 302, "case_broker": 302,
             "other_broker": 404, "admin": 403}
# The threads each actor reads, in the API and on the case page.
THREADS = {"offer_side": {"offer_side"}, "need_side": {"need_side"}, "case_broker": {"offer_side", "need_side"},
           "admin": {"offer_side", "need_side"}}
FORMS = {"offer_side": {"broker"}, "need_side": {"broker"}, "case_broker": {"offer_side", "need_side"}, "admin": set()}


@pytest.fixture
def world(session, deal):
    """A case at `contacted` with one broker message in each thread, and every kind of actor."""
    case = deal.to(CaseStage.CONTACTED)
    messages.post_message(session, deal.broker, case, "offer_side", "给供方的留言")
    messages.post_message(session, deal.broker, case, "need_side", "给需方的留言")
    actors = {"anonymous": None, "outsider": deal.outsider, "offer_side": deal.offer_user,
              "need_side": deal.need_user, "case_broker": deal.broker, "other_broker": UserFactory(broker=True),
              "admin": UserFactory(admin=True)}
    persist()
    return case, actors


def _api_headers(api_token, user) -> dict:
    return api_token(user) if user is not None else {}


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_messages_through_the_api(client, api_token, world, actor):
    case, actors = world

    response = client.get(f"/api/v1/cases/{case.id}/messages", headers=_api_headers(api_token, actors[actor]))

    assert response.status_code == API_READ[actor]
    if response.status_code == 200:
        assert {m["thread"] for m in response.get_json()["items"]} == THREADS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_writing_messages_through_the_api(client, api_token, world, actor):
    case, actors = world
    body = {"to": ADDRESS.get(actor, "broker"), "body": "您好，想了解一下进展。"}

    response = client.post(f"/api/v1/cases/{case.id}/messages", json=body, headers=_api_headers(api_token, actors[actor]))

    assert response.status_code == API_WRITE[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_messages_on_the_case_page(client, auth, world, actor):
    case, actors = world
    if actors[actor] is not None:
        auth.login(actors[actor])

    response = client.get(f"/cases/{case.id}")

    assert response.status_code == WEB_READ[actor]
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert {t for t in ("offer_side", "need_side") if f'id="thread-{t}"' in page} == THREADS[actor]
        assert {t for t in ("offer_side", "need_side", "broker") if f"/messages/{t}\"" in page} == FORMS[actor]
        assert ("给供方的留言" in page, "给需方的留言" in page) == ("offer_side" in THREADS[actor],
                                                               "need_side" in THREADS[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_writing_messages_from_the_case_page(client, auth, world, actor):
    case, actors = world
    if actors[actor] is not None:
        auth.login(actors[actor])
    to = ADDRESS.get(actor, "broker")

    response = auth.post(f"/cases/{case.id}/messages/{to}", {f"{to}-body": "您好，想了解一下进展。"})

    assert response.status_code == WEB_WRITE[actor]
    if actor == "anonymous":
        assert "/login" in response.headers["Location"]
