"""An open call's review and delivery: closing, experts, declarations, scores, ranking, award and milestones."""
from __future__ import annotations

from flask import g, jsonify

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body
from matchmaker.api.serializers import delivery_json, expert_seat_json, open_call_json, score_json
from matchmaker.extensions import db
from matchmaker.open_calls import access, delivery, review, services


def _call(call_id: int):
    return services.get_open_call(db.session, g.api_user, call_id)


@bp.post("/open-calls/<int:call_id>/closing")
@token_required
def close_open_call(call_id: int):
    """The owner closes submissions before the deadline: open → reviewing."""
    return jsonify(open_call_json(services.close_submissions(db.session, g.api_user, _call(call_id))))


@bp.get("/open-calls/<int:call_id>/experts")
@token_required
def list_call_experts(call_id: int):
    """The panel and, for managers, experts suggested by field who have no conflict."""
    call = _call(call_id)
    if not access.can_manage(g.api_user, call):
        seat = access.assignment(db.session, g.api_user, call)
        return jsonify(items=[expert_seat_json(seat)] if seat else [], suggestions=[])
    suggestions = [{"id": fit.user.id, "name": fit.user.display_name, "affiliation": fit.profile.affiliation,
                    "fields": fit.shared_fields} for fit in review.suggest_experts(db.session, call)]
    return jsonify(items=[expert_seat_json(s) for s in access.assigned_experts(db.session, call)],
                   suggestions=suggestions)


@bp.put("/open-calls/<int:call_id>/experts")
@token_required
def assign_call_experts(call_id: int):
    """Set the panel to `user_ids`; 409 naming the conflict when one of them works for the owner or an applicant."""
    call = _call(call_id)
    seats = review.assign_experts(db.session, g.api_user, call, json_body().get("user_ids"))
    return jsonify(items=[expert_seat_json(s) for s in seats])


@bp.post("/open-calls/<int:call_id>/declaration")
@token_required
def declare_conflict(call_id: int):
    """An assigned expert declares `{"conflict": false}` before reading proposals (true: withdraws)."""
    seat = review.declare(db.session, g.api_user, _call(call_id), json_body().get("conflict"))
    return jsonify(expert_seat_json(seat))


@bp.post("/open-calls/<int:call_id>/proposals/<int:proposal_id>/scores")
@token_required
def score_proposal(call_id: int, proposal_id: int):
    """An expert's scores `{"criteria": {name: 0-100}, "comment"}` for one proposal, while the call is in review."""
    body = json_body()
    entry = review.score(db.session, g.api_user, _call(call_id), proposal_id, body.get("criteria"), body.get("comment"))
    return jsonify(score_json(entry)), 201


@bp.get("/open-calls/<int:call_id>/ranking")
@token_required
def call_ranking(call_id: int):
    """Proposals by weighted mean score, with a flag where experts disagree; managers, once every score is in."""
    ranked = review.ranking(db.session, g.api_user, _call(call_id))
    return jsonify(items=[{"proposal_id": r.proposal.id, "organisation": r.proposal.organisation.name,
                           "score": float(r.score), "spread": float(r.spread), "disagreement": r.disagreement,
                           "totals": [float(t) for t in r.totals], "comments": r.comments} for r in ranked],
                   disagreement_spread=float(review.DISAGREEMENT_SPREAD))


@bp.post("/open-calls/<int:call_id>/award")
@token_required
def award_open_call(call_id: int):
    """Award `proposal_ids` with a `reason`; each winner's case opens at negotiating."""
    call = _call(call_id)
    body = json_body()
    winners = delivery.award(db.session, g.api_user, call, body.get("proposal_ids"), body.get("reason"))
    return jsonify({**open_call_json(call), "award_reason": call.award_reason,
                    "case_ids": [p.case_id for p in winners]})


@bp.post("/open-calls/<int:call_id>/milestones/<int:milestone_id>/report")
@token_required
def report_milestone(call_id: int, milestone_id: int):
    """The winning team reports a milestone done (`{"report"}`; `proposal_id` when the call has several winners)."""
    body = json_body()
    entry = delivery.report_milestone(db.session, g.api_user, _call(call_id), milestone_id, body.get("report"),
                                      body.get("proposal_id"))
    return jsonify(delivery_json(entry))


@bp.post("/open-calls/<int:call_id>/milestones/<int:milestone_id>/acceptance")
@token_required
def accept_milestone(call_id: int, milestone_id: int):
    """The owner accepts (`{"accepted": true}`) or rejects (`false`, with a `note`) a reported milestone."""
    body = json_body()
    entry = delivery.decide_milestone(db.session, g.api_user, _call(call_id), milestone_id, body.get("accepted"),
                                      body.get("note"), body.get("proposal_id"))
    return jsonify(delivery_json(entry))
