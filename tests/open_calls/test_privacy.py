"""Privacy of an open call: every open-call route, as each of eight kinds of user.

The call is in review with two proposals. Applicant A's proposal holds a secret phrase in its approach and in its
PDF; B's another; the assigned expert's comment a third. Each request, whatever it answers, must carry only the
phrases its caller may see, and only the callers the rules name may be answered with success.
"""
from __future__ import annotations

import re

import pytest

from tests.open_calls.conftest import PDF_A, SECRET_A, SECRET_B, SECRET_COMMENT, World, proposal_body

ACTORS = ("applicant_a", "applicant_b", "unassigned_expert", "assigned_expert", "owner", "outsider", "anonymous",
          "admin")
# Who may read each secret.
READERS = {
    SECRET_A: {"applicant_a", "assigned_expert", "owner", "admin"},
    SECRET_B: {"applicant_b", "assigned_expert", "owner", "admin"},
    SECRET_COMMENT: {"assigned_expert", "owner", "admin"},
}


def _criteria(world):
    return {c["name"]: 70 for c in world.scene.call.criteria}


# (method, path, body, actors who may succeed). Paths use {call}, {a}, {attachment}, {milestone}, {need}.
API_ROUTES = [
    ("POST", "/api/v1/open-calls", lambda w: {"need_id": w.scene.call.need_id}, set()),
    ("GET", "/api/v1/open-calls", None, set(ACTORS)),
    ("GET", "/api/v1/open-calls/{call}", None, set(ACTORS)),
    ("POST", "/api/v1/open-calls/{call}/publication", None, set()),
    ("POST", "/api/v1/open-calls/{call}/closing", None, set()),
    ("POST", "/api/v1/open-calls/{call}/proposals", lambda w: proposal_body(), set()),
    ("GET", "/api/v1/open-calls/{call}/proposals", None, set(ACTORS)),
    ("GET", "/api/v1/open-calls/{call}/proposals/{a}", None, READERS[SECRET_A]),
    ("PUT", "/api/v1/open-calls/{call}/proposals/{a}", lambda w: proposal_body(), set()),
    ("GET", "/api/v1/open-calls/{call}/proposals/{a}/attachments/{attachment}", None, READERS[SECRET_A]),
    ("DELETE", "/api/v1/open-calls/{call}/proposals/{a}/attachments/{attachment}", None, set()),
    ("GET", "/api/v1/open-calls/{call}/experts", None, set(ACTORS) - {"anonymous"}),
    ("PUT", "/api/v1/open-calls/{call}/experts", lambda w: {"user_ids": [w.scene.experts[0].id]}, {"owner", "admin"}),
    ("POST", "/api/v1/open-calls/{call}/declaration", lambda w: {"conflict": False}, {"assigned_expert"}),
    ("POST", "/api/v1/open-calls/{call}/proposals/{a}/scores", lambda w: {"criteria": _criteria(w)},
     {"assigned_expert"}),
    ("GET", "/api/v1/open-calls/{call}/ranking", None, {"owner", "admin"}),
    ("POST", "/api/v1/open-calls/{call}/award", lambda w: {"proposal_ids": [w.a.id], "reason": "第一"},
     {"owner", "admin"}),
    ("POST", "/api/v1/open-calls/{call}/milestones/{milestone}/report", lambda w: {"report": "完成"}, set()),
    ("POST", "/api/v1/open-calls/{call}/milestones/{milestone}/acceptance", lambda w: {"accepted": True}, set()),
]


def _path(template: str, world: World) -> str:
    return template.format(call=world.scene.call.id, a=world.a.id, attachment=world.attachment.id,
                           milestone=world.scene.call.milestones[0].id, need=world.scene.call.need_id)


def _leaks(actor: str, payload: bytes) -> list[str]:
    text = payload.decode("utf-8", "replace")
    return [secret for secret, readers in READERS.items() if actor not in readers and secret in text]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "template", "body", "may_succeed"), API_ROUTES,
                         ids=[f"{m} {p}" for m, p, _b, _s in API_ROUTES])
def test_api_routes_show_each_caller_only_what_is_theirs(client, api_token, world, actor, method, template, body,
                                                         may_succeed):
    user = world.user(actor)
    headers = api_token(user) if user is not None else {}
    response = client.open(_path(template, world), method=method, headers=headers,
                           json=body(world) if body else None)

    assert _leaks(actor, response.data) == []
    if actor in may_succeed:
        assert response.status_code < 300, response.get_data(as_text=True)
    else:
        assert response.status_code in (401, 403, 404, 409, 422), response.status_code
    if actor == "anonymous" and method != "GET":
        assert response.status_code == 401


@pytest.mark.parametrize("actor", ACTORS)
def test_no_one_outside_the_rules_downloads_an_attachment(client, api_token, world, actor):
    user = world.user(actor)
    url = _path("/api/v1/open-calls/{call}/proposals/{a}/attachments/{attachment}", world)

    response = client.get(url, headers=api_token(user) if user is not None else {})

    if actor in READERS[SECRET_A]:
        assert response.status_code == 200 and response.data == PDF_A
    else:
        assert response.status_code in (403, 404) and SECRET_A.encode() not in response.data


def test_every_open_call_api_route_is_in_the_matrix(app):
    covered = {(m, re.sub(r"\{\w+\}", "<>", p)) for m, p, _b, _s in API_ROUTES}
    routes = {(method, re.sub(r"<[^>]+>", "<>", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/open-calls")
              for method in rule.methods - {"HEAD", "OPTIONS"}}

    assert routes == covered



