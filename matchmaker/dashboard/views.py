"""The dashboard page and its Excel download, for administrators and organisers."""
from __future__ import annotations

from flask import Blueprint, abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.dashboard import charts, export, stats
from matchmaker.dashboard.access import can_view_dashboard
from matchmaker.dashboard.forms import StatsFilterForm
from matchmaker.extensions import db, login_manager
from matchmaker.i18n import province_choices
from matchmaker.market.services import active_fields
from matchmaker.spreadsheets import xlsx_response
from matchmaker.targets import progress
from models.choices import PROVINCES

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
def _require_viewer():
    """Anonymous visitors log in first; anyone but administrators and organisers gets 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_view_dashboard(current_user):
        abort(403)
    return None


def _filter_form() -> StatsFilterForm:
    """The filter from the query string; an invalid one is reported and ignored."""
    form = StatsFilterForm(request.args, fields=active_fields(db.session))
    if request.args and not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "warning")
        form = StatsFilterForm(None, fields=active_fields(db.session))
    return form


@bp.route("/")
def index():
    """The charts, each with its table, for the filter in the query string."""
    form = _filter_form()
    data = stats.dashboard(db.session, form.filters())
    built = charts.build_charts(data)
    region, now = _region(), progress.today()
    monitoring = progress.progress(db.session, now.year, region, now)
    target_chart = charts.targets_chart(monitoring)
    payload = {"stats": data, "charts": [chart.js() for chart in built], "targets": target_chart.js()}
    return render_template("dashboard/index.html", form=form, data=data, charts=built,
                           headline=charts.headline(data), payload=payload, query=request.args.to_dict(),
                           monitoring=monitoring, target_chart=target_chart, region=region,
                           year=now.year, month=now.month, regions=province_choices())


def _region() -> str:
    """The province of the 目标监测 block (`region`), "" for the whole market; an unknown one is reported and ignored."""
    region = request.args.get("region", "")
    if region and region not in PROVINCES:
        flash(_("未知的地区，已显示全市场。"), "warning")
        return ""
    return region


@bp.route("/export.xlsx")
def export_workbook():
    """The same numbers as an Excel workbook: an overview sheet and one sheet per chart."""
    form = _filter_form()
    filters = form.filters()
    body = export.dashboard_workbook(stats.dashboard(db.session, filters), filters.field)
    name = f"dashboard-{filters.start or 'all'}-{filters.end or 'all'}.xlsx"
    return xlsx_response(body, name)

