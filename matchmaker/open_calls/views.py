"""The 榜单大厅: open calls with filters and countdowns, and each call's page."""
from __future__ import annotations

import math

from flask import Blueprint, render_template, request
from flask_login import current_user

from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.market.services import active_fields, resolve_field
from matchmaker.open_calls import services
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
