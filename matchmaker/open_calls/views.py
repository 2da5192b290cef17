"""The 榜单大厅: open calls with filters and countdowns, and each call's page."""
from __future__ import annotations

import math

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.market.services import active_fields, get_visible, resolve_field
from matchmaker.open_calls import services
from matchmaker.open_calls.forms import MILESTONE_ROWS, OpenCallForm
from matchmaker.pagination import page_number
from models.base import as_utc, utcnow
from models.choices import OpenCallStatus

bp = Blueprint("open_calls", __name__)
PER_PAGE = 20


@bp.app_template_global()
def days_left(moment) -> int:
    """Whole days until a deadline, rounded up (0 once it has passed)."""
    return max(0, math.ceil((as_utc(moment) - utcnow()).total_seconds() / 86400))


@bp.route("/open-calls")
def index():
    field_code = request.args.get("field", "").strip()
    try:
        field = resolve_field(db.session, field_code) if field_code else None
        status = services.parse_status(request.args.get("status", "").strip())
    except ValidationError:  # a stale or hand-typed filter: show everything rather than an error page
        field, status = None, None
    page = services.list_open_calls(db.session, current_user, field, status, page_number(request.args), PER_PAGE)
    return render_template("open_calls/index.html", page=page, fields=active_fields(db.session),
                           statuses=list(services.PUBLIC_STATUSES), field=field, status=status)


@bp.route("/open-calls/<int:call_id>")
def detail(call_id: int):
    call = services.get_open_call(db.session, current_user, call_id)
    return render_template("open_calls/detail.html", call=call, can_manage=services.can_manage(current_user, call),
                           is_open=call.status == OpenCallStatus.OPEN)


@bp.route("/needs/<int:need_id>/open-call", methods=["GET", "POST"])
@login_required
def create(need_id: int):
    """Turn a need into a draft call; a need that has one leads to it."""
    need = get_visible(db.session, "need", need_id, current_user)
    existing = services.open_call_for_need(db.session, need)
    if existing is not None:
        return redirect(url_for("open_calls.detail", call_id=existing.id))
    if not services.can_manage(current_user, need):
        abort(403)
    form = OpenCallForm()
    if form.validate_on_submit():
        try:
            call = services.create_open_call(db.session, current_user, need, {
                **form.data, "milestones": form.milestones(), "criteria": form.criteria()})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("榜单草稿已保存。核对无误后即可发布。"), "success")
            return redirect(url_for("open_calls.detail", call_id=call.id))
    status = 422 if request.method == "POST" else 200
    return render_template("open_calls/form.html", form=form, need=need, rows=range(1, MILESTONE_ROWS + 1)), status


@bp.route("/open-calls/<int:call_id>/publish", methods=["POST"])
@login_required
def publish(call_id: int):
    call = services.get_open_call(db.session, current_user, call_id)
    services.publish_open_call(db.session, current_user, call)
    flash(_("榜单已发布到榜单大厅。"), "success")
    return redirect(url_for("open_calls.detail", call_id=call.id))
