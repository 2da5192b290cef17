"""The admin's targets page, and the monthly report (监测月报) as a printable page and a workbook for the dashboard's
readers."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.dashboard.access import can_view_dashboard
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.i18n import province_choices
from matchmaker.spreadsheets import xlsx_response
from matchmaker.targets import export, progress, services
from matchmaker.targets.forms import TargetsForm
from matchmaker.targets.report import default_month, monthly_report

bp = Blueprint("targets", __name__)


def _period() -> services.Period:
    """The query string's year, month and region; bad values are flashed and replaced by the defaults."""
    try:
        return services.period(request.args)
    except ValidationError as error:
        for message in error.fields.values():
            flash(message, "warning")
        return services.period({})


def _choices() -> dict:
    today = progress.today()
    return {"years": list(range(today.year - 2, today.year + 3)), "regions": province_choices(),
            "months": list(range(1, 13))}


@bp.route("/admin/targets", methods=["GET", "POST"])
@login_required
def edit():
    """The year's targets of the whole market or a province: shown, and set by an admin."""
    if not current_user.is_admin:
        abort(403)
    # A form is saved for the year and region it was shown for: a bad one in its address is a 422, never the default.
    period = services.period(request.args) if request.method == "POST" else _period()
    form = TargetsForm()
    if form.is_submitted():
        valid = form.validate()
        body = form.indicators()  # checks the splits, so every error shows at once
        if valid and body is not None:
            try:
                services.set_targets(db.session, current_user, period.year, {"region": period.region,
                                                                             "indicators": body})
            except ValidationError as error:
                form.apply(error)
            else:
                flash(_("年度目标已保存。"), "success")
                return redirect(url_for("targets.edit", year=period.year, region=period.region or None))
    else:
        form.fill(progress.targets_of(db.session, period.year, period.region))
    status = 422 if request.method == "POST" else 200
    return render_template("targets/edit.html", form=form, period=period, **_choices()), status


def _report(period: services.Period):
    month = period.month or default_month(period.year)
    return monthly_report(db.session, period.year, month, period.region)


@bp.route("/dashboard/report")
@login_required
def report():
    """监测月报: the month's indicators, largest deals, events and lagging indicators, to print."""
    if not can_view_dashboard(current_user):
        abort(403)
    report = _report(_period())
    return render_template("targets/report.html", report=report, region_name=export.region_name(report.region),
                           **_choices())


@bp.route("/dashboard/report.xlsx")
@login_required
def report_workbook():
    """The same report as an Excel workbook; a bad year, month or region is a 422."""
    if not can_view_dashboard(current_user):
        abort(403)
    report = _report(services.period(request.args))
    name = f"monitoring-{report.year}-{report.month:02d}-{report.region or 'all'}.xlsx"
    return xlsx_response(export.report_workbook(report), name)
