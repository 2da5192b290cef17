"""A financial organisation takes a financing need up: its interest opens a brokerage case (source `finance`) with
the introduction already proposed and its own side accepted. When the enterprise accepts too, the case is
introduced and both sides see each other's contacts, as on every other case."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.brokerage import access as brokerage_access
from matchmaker.brokerage import pipeline
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.finance import access, needs
from matchmaker.finance.rules import check_product, passes
from matchmaker.notifications.services import notify
from models import Case, CaseMessage, FinancialProduct, FinancingNeed, User
from models.choices import CaseStage, FinancingStatus

MESSAGE_MAX = 2000


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: message})


def open_case_for(session: Session, product: FinancialProduct, need: FinancingNeed) -> Case | None:
    return session.scalar(select(Case).where(Case.product_id == product.id, Case.financing_need_id == need.id,
                                             Case.stage != CaseStage.CLOSED))


def express_interest(session: Session, actor: User, need: FinancingNeed, product_id: int, message: str = "") -> Case:
    """Open the financing case of one of the actor's products that the open need passes; 409 when one is open."""
    if not access.is_financial(actor):
        raise PermissionDenied(_("只有金融机构可以对融资需求表示关注。"))
    product = session.get(FinancialProduct, product_id)
    if product is None or not access.owns_product(actor, product) or not product.active:
        raise _fail("product_id", _("请选择贵机构在架的金融产品。"))
    if needs.lock(session, need).status != FinancingStatus.OPEN:
        raise Conflict(_("该融资需求已关闭。"))
    if not passes(check_product(product, need)):
        raise _fail("product_id", _("该融资需求不符合所选产品的准入条件。"))
    text = (message or "").strip()
    if len(text) > MESSAGE_MAX:
        raise _fail("message", _("留言最多 %(n)d 个字。", n=MESSAGE_MAX))
    if open_case_for(session, product, need) is not None:
        raise Conflict(_("贵机构已就该产品关注了这项融资需求。"))
    case = pipeline.open_financing_case(session, actor, product, need)
    if text:
        session.add(CaseMessage(case=case, thread="offer", from_broker=False, author=actor, body=text))
    audit.record(session, actor, "financing.interest", need, product=product.id)
    for member in brokerage_access.members(need.organisation):
        notify(session, member, "financing.interest", {"org": product.organisation.name, "title": need.title},
               f"/cases/{case.id}")
    return case
