"""Offers and needs: one set of views, registered once per kind."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.serializers import posting_json
from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.market import services
from matchmaker.market.access import can_edit
from matchmaker.market.forms import FORMS

PLURALS = {"offer": "offers", "need": "needs"}


def _validated_form(kind: str, body: dict):
    """The kind's form bound to `body`, with a field given by Chinese name mapped to its code first."""
    fields = services.active_fields(db.session)
    codes = {f.name_zh: f.code for f in fields}
    if isinstance(body.get("field"), str):
        body = {**body, "field": codes.get(body["field"].strip(), body["field"].strip())}
    form = api_form(FORMS[kind], body, field_choices=[(f.code, f.code) for f in fields])
    validate((form, ""))
    return form


def list_postings(kind: str):
    """One page of the postings the caller may see, filtered like the market pages; `q` filters by words here (no
    relevance ranking), so the order is `sort`'s, newest first without one; an unknown `sort` is a 422."""
    query = services.MarketQuery.from_args(request.args, kind, strict=True)
    viewer = optional_user()
    page = services.search_postings(db.session, kind, viewer, query, per_page=20)
    items = [posting_json(posting, viewer) for posting in page.items]
    return jsonify(items=items, page=page.page, pages=page.pages, total=page.total)


def get_posting(kind: str, posting_id: int):
    """One posting, or 404 when it does not exist or the caller may not see it."""
    viewer = optional_user()
    return jsonify(posting_json(services.get_visible(db.session, kind, posting_id, viewer), viewer))


@token_required
def create_posting(kind: str):
    """Create a posting and submit it, unless the body asks for `"status": "draft"`."""
    body = json_body()
    status = body.get("status")
    if status not in (None, "draft"):
        raise ValidationError(_("提交的数据有误。"), {"status": _("只能省略，或为 “draft”（保存为草稿）。")})
    form = _validated_form(kind, body)
    posting = services.create_posting(db.session, g.api_user, kind, form.data, submit=status is None)
    return jsonify(posting_json(posting, g.api_user)), 201


@token_required
def update_posting(kind: str, posting_id: int):
    """Change some fields of a posting of the caller's organisation; absent keys keep their values."""
    body = json_body()
    posting = services.get_visible(db.session, kind, posting_id, g.api_user)
    if not can_edit(g.api_user, posting):
        raise PermissionDenied(_("您无权修改此信息。"))
    form = _validated_form(kind, {**services.posting_values(posting), **body})
    services.update_posting(db.session, g.api_user, posting, form.data)
    return jsonify(posting_json(posting, g.api_user))


for _kind, _plural in PLURALS.items():
    _defaults = {"kind": _kind}
    bp.add_url_rule(f"/{_plural}", f"list_{_plural}", list_postings, methods=["GET"], defaults=_defaults)
    bp.add_url_rule(f"/{_plural}", f"create_{_kind}", create_posting, methods=["POST"], defaults=_defaults)
    bp.add_url_rule(f"/{_plural}/<int:posting_id>", f"get_{_kind}", get_posting, methods=["GET"], defaults=_defaults)
    bp.add_url_rule(
        f"/{_plural}/<int:posting_id>", f"update_{_kind}", update_posting, methods=["PATCH"], defaults=_defaults
    )
