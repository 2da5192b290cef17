"""Import pages: the template, the upload, and an import's progress and report."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.auth.throttle import import_limits
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.imports import services
from matchmaker.imports.columns import Vocabularies
from matchmaker.imports.forms import ImportForm
from matchmaker.imports.jobs import start_import
from matchmaker.imports.serializers import import_json
from matchmaker.imports.workbook import SHEET_TITLES, build_workbook
from matchmaker.market.services import active_fields
from matchmaker.pagination import page_number
from matchmaker.spreadsheets import xlsx_response
from models import Organisation

bp = Blueprint("imports", __name__, url_prefix="/market/import")
@bp.url_value_preprocessor
def _allow_workbooks(_endpoint, _values):
    # Runs before every before_request hook, so CSRF protection reading the form already sees the larger limit.
    request.max_content_length = services.MAX_BYTES + 64 * 1024


@bp.route("/template/<any(offer, need):kind>.xlsx")
def template(kind: str):
    content = build_workbook(kind, Vocabularies(active_fields(db.session)), example=True)
    return xlsx_response(content, _("%(kind)s导入模板", kind=_(SHEET_TITLES[kind])) + ".xlsx")


@bp.route("", methods=["GET", "POST"])
@import_limits
@login_required
def upload():
    if current_user.organisation is None and not current_user.is_admin:
        flash(_("请先加入一个机构，再导入信息。"), "warning")
        return redirect(url_for("orgs.profile"))
    form = ImportForm()
    if form.validate_on_submit():
        try:
            record = services.create_import(
                db.session, current_user, form.kind.data, form.file.data.filename or "", form.file.data.read(),
                organisation=_chosen_organisation(form), duplicates=form.duplicates.data,
                submit=form.submit_postings.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            start_import(db.session, record)
            return redirect(url_for("imports.detail", import_id=record.id))
    recent = services.imports_of(db.session, current_user.organisation_id, page_number(request.args)) \
        if current_user.organisation_id else None
    status = 422 if request.method == "POST" else 200
    return render_template("imports/upload.html", form=form, recent=recent), status


def _chosen_organisation(form: ImportForm) -> Organisation | None:
    """An admin without an organisation names the one the postings are for; everyone else imports for their own."""
    if current_user.organisation is not None:
        return None
    if not form.organisation_id.data:
        raise ValidationError(_("请填写机构编号。"), {"organisation_id": _("请填写机构编号。")})
    return services.organisation_by_id(db.session, form.organisation_id.data)


@bp.route("/<int:import_id>")
@login_required
def detail(import_id: int):
    record = services.get_import(db.session, current_user, import_id)
    return render_template("imports/detail.html", record=record, data=import_json(record),
                           stalled=services.stalled(record))


@bp.route("/<int:import_id>/status")
@login_required
def status(import_id: int):
    """What the progress bar polls."""
    return jsonify(import_json(services.get_import(db.session, current_user, import_id), with_rows=False))


@bp.route("/<int:import_id>/duplicates", methods=["POST"])
@login_required
def duplicates(import_id: int):
    record = services.get_import(db.session, current_user, import_id)
    action = request.form.get("action", "")
    try:
        count = services.resolve_duplicates(db.session, current_user, record, action)
    except ValidationError as error:
        flash(error.message, "danger")
    else:
        flash(_("已删除 %(n)d 条疑似重复的信息。", n=count) if action == "drop"
              else _("已确认保留 %(n)d 条疑似重复的信息。", n=count), "success")
    return redirect(url_for("imports.detail", import_id=record.id))
