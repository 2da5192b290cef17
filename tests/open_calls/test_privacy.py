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
    ("PUT", "/api/v1/open-calls/{call}/deadlines", lambda w: {"submission_deadline": "2030-01-01T09:00:00+08:00"},
     set()),  # in review: too late for everyone
    ("POST", "/api/v1/open-calls/{call}/cancellation", lambda w: {"reason": "撤榜"}, {"owner", "admin"}),
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





def _scores_form(world) -> dict:
    return {f"criterion_{i}": "70" for i in range(1, len(world.scene.call.criteria) + 1)}


# The pages and form posts, as a browser makes them: (method, path, form, actors who may succeed).
WEB_ROUTES = [
    ("GET", "/needs/{need}/open-call", None, set(ACTORS) - {"anonymous"}),  # leads to the call that exists
    ("POST", "/needs/{need}/open-call", lambda w: {"reward_wan": "100"}, set(ACTORS) - {"anonymous"}),
    ("GET", "/open-calls", None, set(ACTORS)),
    ("GET", "/open-calls/{call}", None, set(ACTORS)),
    ("POST", "/open-calls/{call}/publish", None, set()),
    ("POST", "/open-calls/{call}/close", None, set()),
    ("POST", "/open-calls/{call}/deadlines", lambda w: {"deadlines-submission_deadline": "2030-01-01T09:00"}, set()),
    ("POST", "/open-calls/{call}/cancel", lambda w: {"cancel-reason": "撤榜"}, {"owner", "admin"}),
    ("GET", "/open-calls/{call}/proposal", None, set()),
    ("POST", "/open-calls/{call}/proposal", lambda w: {"approach": "x", "plan": "y", "budget_wan": "1",
                                                        "team-0-name": "张三"}, set()),
    ("GET", "/open-calls/{call}/proposals/{a}", None, READERS[SECRET_A]),
    ("GET", "/open-calls/{call}/proposals/{a}/attachments/{attachment}", None, READERS[SECRET_A]),
    ("POST", "/open-calls/{call}/proposals/{a}/attachments/{attachment}/delete", None, set()),
    ("POST", "/open-calls/{call}/experts", lambda w: {"user_ids": str(w.scene.experts[0].id)}, {"owner", "admin"}),
    ("POST", "/open-calls/{call}/declaration", lambda w: {"conflict": "false"}, {"assigned_expert"}),
    ("POST", "/open-calls/{call}/proposals/{a}/score", _scores_form, {"assigned_expert"}),
    ("POST", "/open-calls/{call}/award", lambda w: {"proposal_ids": str(w.a.id), "reason": "第一"},
     {"owner", "admin"}),
    ("POST", "/open-calls/{call}/milestones/{milestone}/report", lambda w: {"report": "完成"}, set()),
    ("POST", "/open-calls/{call}/milestones/{milestone}/decision", lambda w: {"decision": "accept"}, set()),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "template", "form", "may_succeed"), WEB_ROUTES,
                         ids=[f"{m} {p}" for m, p, _f, _s in WEB_ROUTES])
def test_pages_show_each_visitor_only_what_is_theirs(client, auth, world, actor, method, template, form,
                                                      may_succeed):
    user = world.user(actor)
    if user is not None:
        auth.login(user)
    path = _path(template, world)
    if method == "GET":
        response = client.get(path)
    else:
        response = auth.post(path, form(world) if form else {})

    assert _leaks(actor, response.data) == []
    if actor == "anonymous" and response.status_code == 302:
        assert "/login" in response.headers["Location"]
    elif actor in may_succeed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code in (400, 403, 404, 409, 422), response.status_code


def test_every_open_call_page_is_in_the_matrix(app):
    covered = {(m, re.sub(r"\{\w+\}", "<>", p)) for m, p, _f, _s in WEB_ROUTES}
    routes = {(method, re.sub(r"<[^>]+>", "<>", rule.rule))
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("open_calls.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}

    assert routes == covered
