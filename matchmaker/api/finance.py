"""Technology finance: financial products and financing needs, their matches, interest and decisions
(`/api/v1/financial-products`, `/api/v1/financing-needs`)."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.finance_json import decision_json, match_json, need_json, product_json
from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.extensions import db
from matchmaker.finance import access, decisions, introductions, matching, needs, products
from matchmaker.finance.forms import DecisionForm, FinancingNeedForm, InterestForm, ProductForm
from matchmaker.forms import api_form
from matchmaker.i18n import code_of
from matchmaker.market.services import active_fields, field_choices
from matchmaker.matching.setup import engine
from matchmaker.pagination import page_number
from matchmaker.request_guards import parse_id
from models.choices import FinanceKind


def _field_codes(values) -> list:
    """Fields given by code or Chinese name, as codes (unknown ones left for the service to name)."""
    if not isinstance(values, list):
        return values
    by_name = {f.name_zh: f.code for f in active_fields(db.session)}
    return [by_name.get(v, v) if isinstance(v, str) else v for v in values]


def _flag(name: str) -> bool:
    value = request.args.get(name, "").strip().lower()
    if value not in ("", "0", "1", "true", "false"):
        raise ValidationError(_("参数须为 true 或 false。"), {name: _("参数须为 true 或 false。")})
    return value in ("1", "true")


def _page(result, render) -> dict:
    return {"items": [render(item) for item in result.items], "page": result.page, "pages": result.pages,
            "total": result.total}


# -- products --------------------------------------------------------------------------------------------------------

@bp.post("/financial-products")
@token_required
def create_financial_product():
    body = json_body()
    if "fields" in body:
        body = {**body, "fields": _field_codes(body["fields"])}
    form = api_form(ProductForm, body, field_choices=field_choices(db.session))
    validate((form, ""))
    product = products.create_product(db.session, g.api_user, form.data)
    return jsonify(product_json(product)), 201


@bp.get("/financial-products")
def list_financial_products():
    """Active products, newest first; `kind` by code or label; an organisation's own list includes withdrawn ones."""
    viewer = optional_user()
    kind = request.args.get("kind", "").strip()
    if kind:
        kind = code_of("finance_kind", kind)
        if kind not in {k.value for k in FinanceKind}:
            raise ValidationError(_("未知的产品类型。"), {"kind": _("未知的产品类型。")})
    organisation = request.args.get("organisation_id")
    organisation_id = parse_id(organisation) if organisation is not None else None
    if organisation is not None and organisation_id is None:
        raise ValidationError(_("编号必须是正整数。"), {"organisation_id": _("编号必须是正整数。")})
    page = products.list_products(db.session, viewer, kind, organisation_id, page_number(request.args))
    return jsonify(_page(page, product_json))


@bp.get("/financial-products/<int:product_id>")
def get_financial_product(product_id: int):
    return jsonify(product_json(products.get_product(db.session, optional_user(), product_id)))


@bp.post("/financial-products/<int:product_id>/withdrawal")
@token_required
def withdraw_financial_product(product_id: int):
    product = products.get_product(db.session, g.api_user, product_id)
    return jsonify(product_json(products.withdraw_product(db.session, g.api_user, product)))


@bp.get("/financial-products/<int:product_id>/matches")
@token_required
def financial_product_matches(product_id: int):
    """The open financing needs the product takes, best first (its organisation and admins)."""
    product = products.get_product(db.session, g.api_user, product_id)
    if not access.can_manage_product(g.api_user, product):
        raise PermissionDenied(_("只有发布机构可以查看该产品匹配的融资需求。"))
    found = matching.needs_for_product(db.session, engine().serving_encoder, product, _flag("include_ineligible"))
    return jsonify(items=[match_json(m, "financing_need") for m in found])


# -- needs -----------------------------------------------------------------------------------------------------------

@bp.post("/financing-needs")
@token_required
def create_financing_need():
    body = json_body()
    if isinstance(body.get("field"), str):
        body = {**body, "field": _field_codes([body["field"]])[0]}
    form = api_form(FinancingNeedForm, body, field_choices=field_choices(db.session))
    validate((form, ""))
    qualifications = needs.parse_qualifications(body.get("qualifications"))
    need = needs.create_need(db.session, g.api_user, form.data, qualifications)
    return jsonify(need_json(need)), 201


@bp.get("/financing-needs")
@token_required
def list_financing_needs():
    """The caller's organisation's own needs (admins: all), newest first."""
    return jsonify(_page(needs.own_needs(db.session, g.api_user, page_number(request.args)), need_json))


@bp.get("/financing-needs/queue")
@token_required
def financing_queue():
    """A financial organisation's best-matching open needs, each under its best product or its focus profile."""
    if not access.is_financial(g.api_user):
        raise PermissionDenied(_("只有金融机构有融资需求队列。"))
    found = matching.queue(db.session, engine().serving_encoder, g.api_user.organisation_id)
    items = [{**match_json(m, "financing_need"),
              "product_id": m.product.id if m.product is not None else None} for m in found]
    return jsonify(items=items)


@bp.get("/financing-needs/<int:need_id>")
@token_required
def get_financing_need(need_id: int):
    return jsonify(need_json(needs.get_need(db.session, g.api_user, need_id)))


@bp.post("/financing-needs/<int:need_id>/closure")
@token_required
def close_financing_need(need_id: int):
    need = needs.get_need(db.session, g.api_user, need_id)
    return jsonify(need_json(needs.close_need(db.session, g.api_user, need)))


@bp.get("/financing-needs/<int:need_id>/matches")
@token_required
def financing_need_matches(need_id: int):
    """Products the need passes, best first, and investors whose focus takes it (the enterprise and admins)."""
    need = needs.get_need(db.session, g.api_user, need_id)
    if not (access.owns_need(g.api_user, need) or g.api_user.is_admin):
        raise PermissionDenied(_("只有发布企业可以查看匹配的金融产品。"))
    encoder = engine().serving_encoder
    found = matching.products_for_need(db.session, encoder, need, _flag("include_ineligible"))
    investors = matching.investors_for_need(db.session, encoder, need)
    return jsonify(items=[match_json(m, "product") for m in found],
                   investors=[match_json(m, "investor") for m in investors])


@bp.post("/financing-needs/<int:need_id>/interest")
@token_required
def express_financing_interest(need_id: int):
    """A financial organisation takes the need up under one of its products: a case with the introduction proposed."""
    need = needs.get_need(db.session, g.api_user, need_id)
    form = api_form(InterestForm, json_body())
    validate((form, ""))
    case = introductions.express_interest(db.session, g.api_user, need, form.product_id.data, form.message.data or "")
    return jsonify(case_id=case.id, stage=str(case.stage)), 201


@bp.post("/financing-needs/<int:need_id>/decisions")
@token_required
def record_financing_decision(need_id: int):
    need = needs.get_need(db.session, g.api_user, need_id)
    form = api_form(DecisionForm, json_body())
    validate((form, ""))
    decision = decisions.decide(db.session, g.api_user, need, form.product_id.data, form.outcome.data,
                                form.amount_wan.data, form.reason.data or None, form.note.data or "")
    return jsonify(decision_json(decision)), 201


@bp.get("/financing-needs/<int:need_id>/decisions")
@token_required
def list_financing_decisions(need_id: int):
    """Every decision for the enterprise and admins; a financial organisation sees its own."""
    need = needs.get_need(db.session, g.api_user, need_id)
    return jsonify(items=[decision_json(d) for d in decisions.visible_decisions(g.api_user, need)])
