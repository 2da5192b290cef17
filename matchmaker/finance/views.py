"""科技金融 pages: the products on the market, each product's page, financing needs with their matches, a financial
organisation's queue, interest (a brokerage case) and decisions.

Each view calls one service and flashes and redirects; a form sent back with errors re-renders its page (422), and a
refusal the reader could not have foreseen (409) is flashed on the re-rendered page. A financing need that the
reader may not see does not exist (404).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.errors import Conflict, ValidationError
from matchmaker.extensions import db
from matchmaker.finance import access, decisions, introductions, matching, needs, pages, products
from matchmaker.finance.forms import DecisionForm, FinancingNeedForm, InterestForm, ProductForm
from matchmaker.finance.labels import rule_label
from matchmaker.forms import apply_errors
from matchmaker.market.services import field_choices
from matchmaker.matching.setup import engine
from matchmaker.pagination import page_number
from matchmaker.request_guards import parse_id
from models import FinancingNeed
from models.choices import FinanceKind, Qualification

bp = Blueprint("finance", __name__)


bp.add_app_template_global(rule_label)


@bp.app_template_global()
def is_financial_member() -> bool:
    """The reader belongs to a bank or an investor: publishes products and has a queue."""
    return access.is_financial(current_user)


@bp.app_template_global()
def may_post_financing_need() -> bool:
    """The reader belongs to an enterprise: posts financing needs."""
    return access.may_post_need(current_user)


def _status() -> int:
    return 422 if request.method == "POST" else 200


@bp.route("/finance")
def index():
    """The 科技金融 market: active products, newest first, by kind."""
    kind = request.args.get("kind", "").strip()
    kind = kind if kind in {k.value for k in FinanceKind} else ""  # a stale or hand-typed filter shows everything
    page = products.list_products(db.session, current_user, kind, page=page_number(request.args))
    return render_template("finance/index.html", page=page, kind=kind, kinds=list(FinanceKind))


@bp.route("/finance/products/new", methods=["GET", "POST"])
@login_required
def new_product():
    """A bank's or investor's member publishes a product."""
    if not access.is_financial(current_user):
        abort(403)
    form = ProductForm(field_choices=field_choices(db.session))
    if form.validate_on_submit():
        try:
            product = products.create_product(db.session, current_user, form.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("金融产品已发布。"), "success")
            return redirect(url_for("finance.product", product_id=product.id))
    return render_template("finance/product_form.html", form=form), _status()


@bp.route("/finance/products/<int:product_id>")
def product(product_id: int):
    """A product; its organisation and admins also see the open financing needs it takes."""
    found = products.get_product(db.session, current_user, product_id)
    context = pages.product_page(db.session, engine().serving_encoder, current_user, found)
    return render_template("finance/product.html", **context)


@bp.route("/finance/products/<int:product_id>/withdraw", methods=["POST"])
@login_required
def withdraw_product(product_id: int):
    """The product's organisation takes it off the market."""
    found = products.get_product(db.session, current_user, product_id)
    products.withdraw_product(db.session, current_user, found)
    flash(_("金融产品已下架。"), "info")
    return redirect(url_for("finance.product", product_id=found.id))


@bp.route("/finance/needs")
@login_required
def needs_list():
    """An enterprise's own needs, a financial organisation's queue, or (admins) every need."""
    if current_user.is_admin or access.may_post_need(current_user):
        page = needs.own_needs(db.session, current_user, page_number(request.args))
        return render_template("finance/needs.html", page=page, queue=None)
    if access.is_financial(current_user):
        found = matching.queue(db.session, engine().serving_encoder, current_user.organisation_id)
        return render_template("finance/needs.html", page=None, queue=found)
    abort(403)


def _need_form_state() -> dict:
    """The qualifications ticked with their certificate numbers, and the offers ticked, as the form sent them."""
    codes = [q.value for q in Qualification]
    ticked = [c for c in request.form.getlist("qualification") if c in codes]
    certificates = {c: request.form.get(f"certificate-{c}", "") for c in codes}
    offer_ids = [i for raw in request.form.getlist("offer_ids") if (i := parse_id(raw)) is not None]
    return {"ticked": set(ticked), "certificates": certificates, "offer_ids": set(offer_ids),
            "qualifications": [{"code": c, "certificate_no": certificates[c]} for c in ticked]}


def _post_need(form: FinancingNeedForm, state: dict) -> FinancingNeed | None:
    """Post the need with its qualifications and the patents of the offers ticked; None, with the errors on the form
    (those of the qualifications in `state`), if refused."""
    try:
        qualifications = needs.parse_qualifications(state["qualifications"])
        return needs.create_need(db.session, current_user, form.data, qualifications, sorted(state["offer_ids"]))
    except ValidationError as error:
        state["errors"] = [error.fields.pop("qualifications")] if "qualifications" in error.fields else []
        apply_errors(form, error)
        return None


@bp.route("/finance/needs/new", methods=["GET", "POST"])
@login_required
def new_need():
    """An enterprise's member posts a financing need; only the matching financial organisations will see it."""
    if not access.may_post_need(current_user):
        abort(403)
    form = FinancingNeedForm(field_choices=field_choices(db.session))
    state = _need_form_state()
    if form.validate_on_submit():
        need = _post_need(form, state)
        if need is not None:
            flash(_("融资需求已发布，仅匹配的金融机构可见。"), "success")
            return redirect(url_for("finance.need", need_id=need.id))
    offers = pages.patent_offers(db.session, current_user.organisation_id)
    return render_template("finance/need_form.html", form=form, state=state, offers=offers,
                           qualifications=[q.value for q in Qualification]), _status()


def _need(need_id: int) -> FinancingNeed:
    return needs.get_need(db.session, current_user, need_id)


def _need_page(need: FinancingNeed, status: int = 200, sent: pages.SentForms | None = None):
    context = pages.need_page(db.session, engine().serving_encoder, current_user, need, sent)
    return render_template("finance/need.html", **context), status


@bp.route("/finance/needs/<int:need_id>")
@login_required
def need(need_id: int):
    """A financing need, for its enterprise, admins and the financial organisations it matches."""
    return _need_page(_need(need_id))


def _perform(need: FinancingNeed, form, action, sent: pages.SentForms):
    """Run a need-page form's action and go where it says; a field error (422) or a refusal (409, said on the page)
    shows the need's page again with the form as sent."""
    if form.validate_on_submit():
        try:
            return action()
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict as error:
            flash(error.message, "danger")
            return _need_page(need, 409, sent)
    return _need_page(need, 422, sent)


@bp.route("/finance/needs/<int:need_id>/interest", methods=["POST"])
@login_required
def interest(need_id: int):
    """A financial organisation takes the need up under one of its products: a case with the introduction proposed."""
    found = _need(need_id)
    form = InterestForm(prefix=pages.INTEREST_PREFIX)

    def act():
        case = introductions.express_interest(db.session, current_user, found, form.product_id.data,
                                              form.message.data or "")
        flash(_("已表示关注，等待企业接受引荐。"), "success")
        return redirect(url_for("brokerage.case", case_id=case.id))

    return _perform(found, form, act, pages.SentForms(interest=form))


@bp.route("/finance/needs/<int:need_id>/decision", methods=["POST"])
@login_required
def decision(need_id: int):
    """A financial organisation records its decision under one of its products."""
    found = _need(need_id)
    form = DecisionForm(prefix=pages.DECISION_PREFIX)

    def act():
        decisions.decide(db.session, current_user, found, form.product_id.data, form.outcome.data,
                         form.amount_wan.data, form.reason.data or None, form.note.data or "")
        flash(_("审批结果已记录，企业将收到通知。"), "success")
        return redirect(url_for("finance.need", need_id=found.id))

    return _perform(found, form, act, pages.SentForms(decision=form))


@bp.route("/finance/needs/<int:need_id>/close", methods=["POST"])
@login_required
def close_need(need_id: int):
    """The enterprise stops looking: the need leaves every queue."""
    found = _need(need_id)
    try:
        needs.close_need(db.session, current_user, found)
    except Conflict as error:
        flash(error.message, "info")
    else:
        flash(_("融资需求已关闭。"), "info")
    return redirect(url_for("finance.need", need_id=found.id))
