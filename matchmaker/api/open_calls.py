"""揭榜挂帅 open calls: create from a need, publish, list and read (`/api/v1/open-calls`)."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired, NumberRange, Optional

from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.events import IsoDateTimeField
from matchmaker.api.serializers import open_call_json
from matchmaker.events.forms import within_planning_years
from matchmaker.extensions import db
from matchmaker.forms import IdField, MoneyField, api_form
from matchmaker.market.services import get_visible, resolve_field
from matchmaker.open_calls import services
from matchmaker.pagination import page_number


class ApiOpenCallForm(FlaskForm):
    """The call's scalars; milestones, criteria and eligibility are checked by the service."""

    need_id = IdField(_l("需求"), validators=[InputRequired()])
    reward_wan = MoneyField(_l("榜额（万元）"), validators=[InputRequired(), NumberRange(min=0.01)])
    submission_deadline = IsoDateTimeField(_l("揭榜截止时间"), validators=[InputRequired(), within_planning_years])
    delivery_deadline = IsoDateTimeField(_l("交付期限"), validators=[InputRequired(), within_planning_years])
    blind = BooleanField(_l("盲评"))


class ApiDeadlinesForm(FlaskForm):
    """New deadlines for a call still taking proposals; either may be left out."""

    submission_deadline = IsoDateTimeField(_l("揭榜截止时间"), validators=[Optional(), within_planning_years])
    delivery_deadline = IsoDateTimeField(_l("交付期限"), validators=[Optional(), within_planning_years])


@bp.post("/open-calls")
@token_required
def create_open_call():
    """Turn one of the caller's needs into a draft call (organisers: any need)."""
    body = json_body()
    form = api_form(ApiOpenCallForm, body)
    validate((form, ""))
    need = get_visible(db.session, "need", form.need_id.data, g.api_user)
    extra = ("milestones", "criteria", "max_awards", "eligible_org_kinds", "eligible_regions", "qualifications")
    call = services.create_open_call(db.session, g.api_user, need, {**form.data, **{k: body.get(k) for k in extra}})
    return jsonify(open_call_json(call)), 201


@bp.post("/open-calls/<int:call_id>/publication")
@token_required
def publish_open_call(call_id: int):
    """draft → open."""
    call = services.get_open_call(db.session, g.api_user, call_id)
    return jsonify(open_call_json(services.publish_open_call(db.session, g.api_user, call)))


@bp.get("/open-calls")
def list_open_calls():
    """Calls the caller may read, filtered by `field` and `status`; open ones first, soonest deadline first."""
    viewer = optional_user()
    field_code = request.args.get("field", "").strip()
    field = resolve_field(db.session, field_code) if field_code else None
    status = services.parse_status(request.args.get("status", "").strip())
    page = services.list_open_calls(db.session, viewer, field, status, page_number(request.args))
    return jsonify(items=[open_call_json(c) for c in page.items], page=page.page, pages=page.pages, total=page.total)


@bp.get("/open-calls/<int:call_id>")
def get_open_call(call_id: int):
    return jsonify(open_call_json(services.get_open_call(db.session, optional_user(), call_id)))


@bp.put("/open-calls/<int:call_id>/deadlines")
@token_required
def change_open_call_deadlines(call_id: int):
    """Move the deadlines of a call that still takes proposals (managers); both must stay ahead."""
    form = api_form(ApiDeadlinesForm, json_body())
    validate((form, ""))
    call = services.get_open_call(db.session, g.api_user, call_id)
    return jsonify(open_call_json(services.change_deadlines(
        db.session, g.api_user, call, form.submission_deadline.data, form.delivery_deadline.data)))


@bp.post("/open-calls/<int:call_id>/cancellation")
@token_required
def cancel_open_call(call_id: int):
    """Withdraw the call before its award (撤榜), with a `reason` every applicant is told."""
    call = services.get_open_call(db.session, g.api_user, call_id)
    return jsonify(open_call_json(services.cancel_open_call(db.session, g.api_user, call, json_body().get("reason"))))
