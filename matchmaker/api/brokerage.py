"""Brokerage through the API: interests, the broker queue, cases along the pipeline, introductions and contracts.

Every rule lives in `matchmaker.brokerage` (services, queue, pipeline, access); these views parse JSON, look rows
up, call one service and serialise what it returns. A case is visible to its two sides, its broker and admins;
to anyone else it does not exist (404). Contacts appear only once both sides accepted the introduction. Case
messages are read and written per thread: a side only its own with the broker (see `brokerage.messages`).
"""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.serializers import case_json, case_message_json, case_step_json, interest_json, queue_item_json
from matchmaker.auth.throttle import case_message_limits, interest_limits
from matchmaker.brokerage import access, messages, pipeline, queue, services
from matchmaker.brokerage.forms import ContractForm
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.market.services import get_visible
from matchmaker.matching.setup import engine
from matchmaker.pagination import page_number
from matchmaker.request_guards import parse_id
from models import Case, Interest, Organisation, TechOffer
from models.choices import CaseSource

PER_PAGE = 20
PLURALS = {"offer": "offers", "need": "needs"}


# -- input -----------------------------------------------------------------------------------------------------------

def _optional_body() -> dict:
    return json_body() if request.get_data(cache=True) else {}


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("提交的数据有误。"), {name: _("必须是字符串。")})
    return value


def _id(body: dict, name: str, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ValidationError(_("提交的数据有误。"), {name: _("必填。")})
        return None
    parsed = parse_id(value)
    if parsed is None:
        raise ValidationError(_("提交的数据有误。"), {name: _("必须是正整数。")})
    return parsed


def _flag(body: dict, name: str, default: bool = True) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(_("提交的数据有误。"), {name: _("必须是 true 或 false。")})
    return value


# -- output ----------------------------------------------------------------------------------------------------------

def _case(case_id: int) -> Case:
    """A case the caller may see; to anyone else it does not exist."""
    case = db.session.get(Case, case_id)
    if case is None or not access.can_view_case(g.api_user, case):
        raise NotFound(_("没有找到该对接。"))
    return case


def _case_out(case: Case, status: int = 200):
    viewer = g.api_user
    history = [case_step_json(step, pipeline.step_actor(viewer, case, step)) for step in case.history]
    return jsonify(case_json(case, history, pipeline.visible_contacts(viewer, case))), status


# -- interests -------------------------------------------------------------------------------------------------------

@interest_limits
@token_required
def create_interest(kind: str, posting_id: int):
    """Say the caller's organisation is interested in a posting; the posting organisation is told, no contacts."""
    body = json_body()
    posting = get_visible(db.session, kind, posting_id, g.api_user)
    offer_id = _id(body, "offer_id") if kind == "need" else None
    offer = db.session.get(TechOffer, offer_id) if offer_id is not None else None
    if offer_id is not None and offer is None:
        raise ValidationError(_("请选择本机构已发布的科技成果。"), {"offer_id": _("请选择本机构已发布的科技成果。")})
    interest = services.express_interest(db.session, g.api_user, posting, _text(body, "message"), offer)
    return jsonify(interest_json(interest)), 201


for _kind, _plural in PLURALS.items():
    bp.add_url_rule(f"/{_plural}/<int:posting_id>/interests", f"create_{_kind}_interest", create_interest,
                    methods=["POST"], defaults={"kind": _kind})


# -- the broker queue ------------------------------------------------------------------------------------------------

@bp.get("/broker/queue")
@token_required
def broker_queue():
    """New interests and strong fresh matches in the broker's fields and regions, highest priority first."""
    if not access.is_broker(g.api_user):
        raise PermissionDenied(_("只有技术经纪人可以查看待办队列。"))
    page = queue.broker_queue(db.session, engine(), g.api_user, page_number(request.args), PER_PAGE)
    return jsonify(items=[queue_item_json(item) for item in page.items], page=page.page, pages=page.pages,
                   total=page.total)


# -- cases -----------------------------------------------------------------------------------------------------------

@bp.post("/cases")
@token_required
def create_case():
    """A broker opens a case: an interest by `interest_id`, or `offer_id` with `need_id` or `organisation_id`."""
    if not access.is_broker(g.api_user):
        raise PermissionDenied(_("只有技术经纪人可以认领对接。"))
    body = json_body()
    interest_id = _id(body, "interest_id")
    offer_id = _id(body, "offer_id", required=interest_id is None)
    need_id, organisation_id = _id(body, "need_id"), _id(body, "organisation_id")
    source = body.get("source", "broker")
    if source not in ("broker", "match"):
        raise ValidationError(_("提交的数据有误。"), {"source": _("只能是 “broker” 或 “match”。")})
    offer = get_visible(db.session, "offer", offer_id, g.api_user) if offer_id is not None else None
    if interest_id is not None:
        interest = db.session.get(Interest, interest_id)
        if interest is None:
            raise NotFound(_("没有找到该意向。"))
        case = queue.claim_interest(db.session, engine(), g.api_user, interest, offer)
        return _case_out(case, 201)
    need = get_visible(db.session, "need", need_id, g.api_user) if need_id is not None else None
    organisation = db.session.get(Organisation, organisation_id) if organisation_id is not None else None
    if organisation_id is not None and organisation is None:
        raise NotFound(_("没有找到该机构。"))
    score = queue.pair_score(db.session, engine(), offer, need) if need is not None else None
    case = pipeline.open_case(db.session, g.api_user, offer, need=need, organisation=organisation,
                              source=CaseSource(source), match_score=score, note=_text(body, "note"))
    return _case_out(case, 201)


@bp.get("/cases/<int:case_id>")
@token_required
def get_case(case_id: int):
    """The case and its history; both sides' contacts once introduced, for the sides, the broker and admins."""
    return _case_out(_case(case_id))


@bp.post("/cases/<int:case_id>/transitions")
@token_required
def transition_case(case_id: int):
    """Move a case one stage on, or close it with a reason; an illegal move is a 409 and changes nothing."""
    case = _case(case_id)
    body = json_body()
    if not access.can_manage_case(g.api_user, case):
        raise PermissionDenied(_("只有负责该对接的经纪人可以推进。"))
    pipeline.transition(db.session, g.api_user, case, _text(body, "to"), _text(body, "note"),
                        _text(body, "reason") or None)
    return _case_out(case)


@bp.post("/cases/<int:case_id>/introduction")
@token_required
def propose_introduction(case_id: int):
    """The broker proposes introducing the two sides (from `contacted`)."""
    case = _case(case_id)
    body = _optional_body()
    pipeline.propose_introduction(db.session, g.api_user, case, _text(body, "note"))
    return _case_out(case)


@bp.post("/cases/<int:case_id>/introduction/accept")
@token_required
def accept_introduction(case_id: int):
    """One side accepts the introduction; when both have, the case is `introduced` and contacts are exchanged."""
    case = _case(case_id)
    pipeline.accept_introduction(db.session, g.api_user, case)
    return _case_out(case)


@bp.post("/cases/<int:case_id>/contract")
@token_required
def record_contract(case_id: int):
    """Record the technology contract of a case in negotiation; the case becomes `signed`."""
    case = _case(case_id)
    body = json_body()
    if not access.can_manage_case(g.api_user, case):
        raise PermissionDenied(_("只有负责该对接的经纪人可以登记合同。"))
    flags = {name: _flag(body, name) for name in ("transfer_offer", "transfer_need")}
    fields = {k: v for k, v in body.items() if k in ("type", "amount_wan", "signed_on", "registration_no")}
    form = api_form(ContractForm, fields)
    validate((form, ""))
    pipeline.record_contract(db.session, g.api_user, case, pipeline.ContractData(
        form.type.data, form.amount_wan.data, form.signed_on.data, form.registration_no.data or "", **flags))
    return _case_out(case, 201)


# -- case messages ---------------------------------------------------------------------------------------------------

def _message_out(message) -> dict:
    return case_message_json(message, messages.sender_of(message), messages.recipient_of(message))


@bp.get("/cases/<int:case_id>/messages")
@token_required
def list_case_messages(case_id: int):
    """The case's messages the caller may read, oldest first: a side its own thread, the broker and admins both."""
    case = _case(case_id)
    return jsonify(items=[_message_out(m) for m in messages.thread_messages(db.session, g.api_user, case)])


@bp.post("/cases/<int:case_id>/messages")
@case_message_limits
@token_required
def post_case_message(case_id: int):
    """Write in a case: the broker to `offer_side` or `need_side`, a side to `broker`; the recipients are notified."""
    case = _case(case_id)
    body = json_body()
    message = messages.post_message(db.session, g.api_user, case, _text(body, "to"), _text(body, "body"))
    return jsonify(_message_out(message)), 201
