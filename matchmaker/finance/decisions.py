"""A financial organisation's decision on a financing need under one of its products: approved with an amount, or
declined with a reason from a set. Approved amounts are the market's financing (targets count them by day)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.brokerage import access as brokerage_access
from matchmaker.config import MARKET_TZ
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.finance import access, needs
from matchmaker.finance.rules import check_product, passes
from matchmaker.market.access import acting_user
from matchmaker.notifications.services import notify
from models import FinancialProduct, FinancingDecision, FinancingNeed, User, utcnow
from models.choices import DecisionOutcome, DeclineReason


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: message})


def _product_of(session: Session, actor: User, product_id: int) -> FinancialProduct:
    product = session.get(FinancialProduct, product_id)
    if product is None or not access.owns_product(actor, product):
        raise _fail("product_id", _("请选择贵机构的金融产品。"))
    return product


def decide(session: Session, actor: User, need: FinancingNeed, product_id: int, outcome: str,
           amount_wan: Decimal | None = None, reason: str | None = None, note: str = "",
           decided_on: date | None = None) -> FinancingDecision:
    """Record the decision (one per product and need: a second is a 409)."""
    if not access.is_financial(actor):
        raise PermissionDenied(_("只有金融机构可以录入审批结果。"))
    product = _product_of(session, actor, product_id)
    needs.lock(session, need)
    taken_up = access.has_taken_up(session, actor.organisation_id, need)
    if not taken_up and not passes(check_product(product, need)):
        raise _fail("product_id", _("该融资需求不符合所选产品的准入条件。"))
    result = DecisionOutcome(outcome)
    if result == DecisionOutcome.APPROVED:
        if amount_wan is None or amount_wan <= 0:
            raise _fail("amount_wan", _("批准时请填写金额。"))
        if amount_wan > product.amount_max_wan:
            raise _fail("amount_wan", _("批准金额不能超过产品额度上限。"))
        reason_code = None
    else:
        if not reason:
            raise _fail("reason", _("未通过时请选择原因。"))
        reason_code, amount_wan = DeclineReason(reason), None
    if session.scalar(select(FinancingDecision.id).where(FinancingDecision.need_id == need.id,
                                                          FinancingDecision.product_id == product.id)):
        raise Conflict(_("该产品已对这项融资需求作出决定。"))
    day = decided_on or utcnow().astimezone(MARKET_TZ).date()
    decision = FinancingDecision(need=need, product=product, decided_by=actor, outcome=result, amount_wan=amount_wan,
                                 reason=reason_code, note=(note or "").strip(), decided_on=day)
    session.add(decision)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(_("该产品已对这项融资需求作出决定。")) from None
    audit.record(session, actor, "financing.decision", need, product=product.id, outcome=result.value)
    params = {"org": product.organisation.name, "title": need.title, "outcome": result.value,
              "amount": f"{amount_wan:,.2f}".rstrip("0").rstrip(".") if amount_wan else "",
              "reason": reason_code.value if reason_code else ""}
    for member in brokerage_access.members(need.organisation):
        notify(session, member, "financing.decision", params, f"/finance/needs/{need.id}")
    return decision


def visible_decisions(viewer, need: FinancingNeed) -> list[FinancingDecision]:
    """Every decision on the need for its enterprise and admins; a financial organisation reads only its own."""
    user = acting_user(viewer)
    if user is not None and (user.is_admin or access.owns_need(user, need)):
        return list(need.decisions)
    return [d for d in need.decisions if access.owns_product(viewer, d.product)]
