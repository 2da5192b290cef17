"""Market pages: lists, details and the create/edit/submit/close flow, shared by offers and needs."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.i18n import choices, field_name
from matchmaker.imports.export import export_workbook
from matchmaker.market import services
from matchmaker.market.access import Posting, can_close, can_edit, can_see_contact
from matchmaker.market.forms import FORMS
from matchmaker.matching import services as matching
from matchmaker.matching.setup import engine
from matchmaker.spreadsheets import xlsx_response
from models.choices import PROVINCES

bp = Blueprint("market", __name__)


@bp.record_once
def _template_helpers(state) -> None:
    """Every page may ask who can edit, close or see the contacts of a posting (the header, lists, cards)."""
    state.app.jinja_env.globals.update(can_edit=can_edit, can_close=can_close, can_see_contact=can_see_contact)
KINDS = {"offers": "offer", "needs": "need"}
PLURAL = "<any(offers, needs):plural>"
TOP_MATCHES = 5
PER_PAGE = 20


def _form(kind: str, **kwargs):
    field_choices = [(f.code, field_name(f)) for f in services.active_fields(db.session)]
    return FORMS[kind](field_choices=field_choices, **kwargs)


@bp.route(f"/{PLURAL}")
def browse(plural: str):
    kind = KINDS[plural]
    query = services.MarketQuery.from_args(request.args, kind)  # an unknown sort is ignored: the default order
    if query.q:
        page = matching.search_page(db.session, engine(), current_user, kind, query, PER_PAGE)
    else:
        page = services.search_postings(db.session, kind, current_user, query, PER_PAGE)
    return render_template(
        "market/list.html", kind=kind, plural=plural, page=page, query=query, ranked=bool(query.q),
        fields=services.active_fields(db.session), provinces=PROVINCES,
        maturities=choices("maturity"), org_kinds=choices("org_kind"), sorts=_sort_choices(kind, bool(query.q)),
        export_args={name: getattr(query, name) for name in ("q", "field", "region", "maturity", "org_kind", "sort")
                     if getattr(query, name)},
    )


def _sort_choices(kind: str, searching: bool) -> list[tuple[str, str]]:
    """The sort select: the default order first (relevance for a keyword search, else newest), then the kind's."""
    names = {"newest": _("最新发布"), "deadline": _("截止日期临近"), "budget": _("预算从高到低"),
             "price": _("价格从低到高")}
    default = ("", _("相关度") if searching else names["newest"])
    return [default] + [(sort, names[sort]) for sort in services.SORTS[kind] if searching or sort != "newest"]


@bp.route(f"/{PLURAL}/export.xlsx")
def export(plural: str):
    """The list as filtered on screen, every page, in the import template's columns."""
    kind = KINDS[plural]
    query = services.MarketQuery.from_args(request.args, kind)
    content = export_workbook(db.session, engine(), current_user, kind, query)
    return xlsx_response(content, (_("科技成果") if kind == "offer" else _("技术需求")) + ".xlsx")


@bp.route(f"/{PLURAL}/<int:posting_id>")
def detail(plural: str, posting_id: int):
    posting = services.get_visible(db.session, KINDS[plural], posting_id, current_user)
    matches = matching.matches_for(db.session, engine(), current_user, posting, TOP_MATCHES)
    return render_template(f"market/{KINDS[plural]}_detail.html", posting=posting, plural=plural, matches=matches)


@bp.route(f"/{PLURAL}/new", methods=["GET", "POST"])
@login_required
def create(plural: str):
    kind = KINDS[plural]
    if current_user.organisation is None:
        flash(_("请先加入一个机构，再发布信息。"), "warning")
        return redirect(url_for("orgs.profile"))
    form = _form(kind, region=current_user.organisation.province)
    if form.validate_on_submit():
        try:
            posting = services.create_posting(
                db.session, current_user, kind, form.data, submit=request.form.get("action") == "submit"
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_status_message(posting.status.value), "success")
            _warn_near_duplicates(plural, posting)
            return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("market/form.html", form=form, kind=kind, plural=plural, posting=None), status


@bp.route(f"/{PLURAL}/<int:posting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(plural: str, posting_id: int):
    kind = KINDS[plural]
    posting = services.get_visible(db.session, kind, posting_id, current_user)
    if not can_edit(current_user, posting):
        abort(403)
    form = _form(kind, data=services.posting_values(posting))
    if form.validate_on_submit():
        try:
            services.update_posting(db.session, current_user, posting, form.data)
            if request.form.get("action") == "submit":
                services.submit_posting(db.session, current_user, posting)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_status_message(posting.status.value) if request.form.get("action") == "submit" else _("已保存。"), "success")
            return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("market/form.html", form=form, kind=kind, plural=plural, posting=posting), status


@bp.route(f"/{PLURAL}/<int:posting_id>/submit", methods=["POST"])
@login_required
def submit(plural: str, posting_id: int):
    posting = services.get_visible(db.session, KINDS[plural], posting_id, current_user)
    status = services.submit_posting(db.session, current_user, posting)
    flash(_status_message(status.value), "success")
    return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))


@bp.route(f"/{PLURAL}/<int:posting_id>/close", methods=["POST"])
@login_required
def close(plural: str, posting_id: int):
    posting = services.get_visible(db.session, KINDS[plural], posting_id, current_user)
    services.close_posting(db.session, current_user, posting, reason=request.form.get("reason", ""))
    flash(_("已关闭，不再在市场中展示。"), "info")
    return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))


@bp.route("/my/postings")
@login_required
def mine():
    org = current_user.organisation
    if org is None:
        return redirect(url_for("orgs.profile"))
    return render_template(
        "market/mine.html",
        offers=services.organisation_postings(db.session, "offer", org.id),
        needs=services.organisation_postings(db.session, "need", org.id),
    )


def _warn_near_duplicates(plural: str, posting: Posting) -> None:
    """Flash links to postings already on the market that say nearly the same thing as a new one."""
    similar = matching.near_duplicates(db.session, engine(), posting)
    if similar:
        links = Markup("、").join(
            Markup('<a href="{}">{}</a>').format(url_for("market.detail", plural=plural, posting_id=p.id), p.title)
            for p in similar
        )
        flash(escape(_("市场上已有相似信息：%(links)s")) % {"links": links}, "warning")


def _status_message(status: str) -> str:
    return {
        "published": _("已发布到市场。"),
        "pending": _("已提交，机构认证通过后自动公开。"),
        "draft": _("已保存为草稿。"),
    }.get(status, _("已保存。"))
