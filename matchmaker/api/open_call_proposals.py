"""Proposals to an open call and their attachments (`/api/v1/open-calls/<id>/proposals`).

A proposal is sent as JSON, or as multipart/form-data with the same keys (`team` as a JSON text) and any number of
`files`. Attachments are served only as downloads, to those who may read the proposal.
"""
from __future__ import annotations

import json

from flask import Response, g, jsonify, request, url_for
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body
from matchmaker.api.serializers import attachment_json, proposal_json, score_json
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.open_calls import access, attachments, proposals, review, services
from matchmaker.open_calls.attachments import CheckedFile
from matchmaker.open_calls.downloads import download_response


def _submission() -> tuple[dict | None, list[CheckedFile]]:
    """The proposal's keys and its checked files, from JSON or multipart (files: 413 above 20 MB, 422 wrong type)."""
    if not (request.mimetype or "").startswith("multipart/"):
        return json_body(), []
    request.max_content_length = attachments.REQUEST_LIMIT
    form = request.form
    data: dict | None = None
    if any(key in form for key in ("approach", "team", "budget_wan", "plan")):
        data = {key: form.get(key) for key in ("approach", "budget_wan", "plan")}
        try:
            data["team"] = json.loads(form.get("team") or "null")
        except (ValueError, RecursionError):
            raise ValidationError(_("提交的数据有误。"), {"team": _("team 须为 JSON 数组文本。")}) from None
    files = [attachments.check_file(upload.filename or "", upload.read(attachments.MAX_BYTES + 1))
             for upload in request.files.getlist("files") if upload.filename]
    return data, files


def _json(proposal, viewer) -> dict:
    call = proposal.call
    files = [attachment_json(a, url_for("api.get_proposal_attachment", call_id=call.id, proposal_id=proposal.id,
                                        attachment_id=a.id)) for a in proposal.attachments]
    mine = review.own_score(db.session, viewer, proposal) if access.assignment(db.session, viewer, call) else None
    return proposal_json(proposal, access.shows_applicant(db.session, viewer, proposal), files,
                         score_json(mine) if mine is not None else None)


@bp.post("/open-calls/<int:call_id>/proposals")
@token_required
def submit_proposal(call_id: int):
    """Submit the caller's organisation's proposal before the deadline: JSON, or multipart with `files`."""
    call = services.get_open_call(db.session, g.api_user, call_id)
    data, files = _submission()
    if data is None:
        raise ValidationError(_("提交的数据有误。"), {"approach": _("请填写技术路线。")})
    proposal = proposals.submit_proposal(db.session, g.api_user, call, data, files)
    response = jsonify(_json(proposal, g.api_user))
    response.headers["Location"] = url_for("api.get_proposal", call_id=call.id, proposal_id=proposal.id)
    return response, 201


@bp.get("/open-calls/<int:call_id>/proposals")
def list_proposals(call_id: int):
    """The proposals the caller may read: managers and cleared experts all, applicants their own, others none."""
    viewer = optional_user()
    call = services.get_open_call(db.session, viewer, call_id)
    return jsonify(items=[_json(p, viewer) for p in proposals.visible_proposals(db.session, viewer, call)])


@bp.get("/open-calls/<int:call_id>/proposals/<int:proposal_id>")
def get_proposal(call_id: int, proposal_id: int):
    viewer = optional_user()
    call = services.get_open_call(db.session, viewer, call_id)
    return jsonify(_json(proposals.get_proposal(db.session, viewer, call, proposal_id), viewer))


@bp.put("/open-calls/<int:call_id>/proposals/<int:proposal_id>")
@token_required
def update_proposal(call_id: int, proposal_id: int):
    """Replace the proposal's content (and add `files`) until the deadline; 409 after it."""
    call = services.get_open_call(db.session, g.api_user, call_id)
    proposal = proposals.get_proposal(db.session, g.api_user, call, proposal_id)
    data, files = _submission()
    return jsonify(_json(proposals.update_proposal(db.session, g.api_user, proposal, data, files), g.api_user))


@bp.get("/open-calls/<int:call_id>/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def get_proposal_attachment(call_id: int, proposal_id: int, attachment_id: int) -> Response:
    """The file, as a download, for those who may read the proposal (404 for anyone else)."""
    viewer = optional_user()
    call = services.get_open_call(db.session, viewer, call_id)
    attachment, content = proposals.get_attachment(db.session, viewer, call, proposal_id, attachment_id)
    return download_response(attachment, content)


@bp.delete("/open-calls/<int:call_id>/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
@token_required
def delete_proposal_attachment(call_id: int, proposal_id: int, attachment_id: int):
    call = services.get_open_call(db.session, g.api_user, call_id)
    attachment, _content = proposals.get_attachment(db.session, g.api_user, call, proposal_id, attachment_id)
    proposals.remove_attachment(db.session, g.api_user, attachment)
    return "", 204
