"""Financial products: published by banks and investors, public on the market, withdrawn by their organisation."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.finance import access
from matchmaker.market.access import acting_user
from matchmaker.pagination import Page, paginate
from models import FinancialProduct, TechField, User
from models.choices import PROVINCES, FinanceKind

PER_PAGE = 20


def _known_fields(session: Session, codes: list[str]) -> list[str]:
    known = set(session.scalars(select(TechField.code).where(TechField.active)))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(_("未知的技术领域。"), {"fields": _("未知的技术领域：%(codes)s", codes="、".join(unknown))})
    return list(dict.fromkeys(codes))


def create_product(session: Session, actor: User, data: dict) -> FinancialProduct:
    """Publish a product of the actor's bank or investor organisation; `data` is a validated ProductForm's."""
    if not access.is_financial(actor):
        raise PermissionDenied(_("只有银行、担保和投资机构的成员可以发布金融产品。"))
    regions = [r for r in data.get("regions") or [] if r in PROVINCES]
    product = FinancialProduct(
        organisation_id=actor.organisation_id, created_by=actor, kind=FinanceKind(data["kind"]),
        title=data["title"].strip(), description=data["description"].strip(),
        amount_min_wan=data["amount_min_wan"], amount_max_wan=data["amount_max_wan"],
        term_months=data.get("term_months"), rate_percent=data.get("rate_percent"),
        fields=_known_fields(session, list(data.get("fields") or [])), regions=list(dict.fromkeys(regions)),
        qualifications=list(dict.fromkeys(data.get("qualifications") or [])),
        min_revenue_wan=data.get("min_revenue_wan"), patent_collateral=bool(data.get("patent_collateral")),
    )
    session.add(product)
    session.flush()
    return product


def get_product(session: Session, viewer, product_id: int) -> FinancialProduct:
    product = session.get(FinancialProduct, product_id)
    if product is None or not access.can_view_product(viewer, product):
        raise NotFound(_("金融产品不存在。"))
    return product


def list_products(session: Session, viewer, kind: str = "", organisation_id: int | None = None,
                  page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Active products, newest first; an organisation's own list includes what it withdrew."""
    stmt = select(FinancialProduct).order_by(FinancialProduct.created_at.desc(), FinancialProduct.id.desc())
    user = acting_user(viewer)
    own = organisation_id is not None and user is not None and (user.is_admin or user.organisation_id == organisation_id)
    if organisation_id is not None:
        stmt = stmt.where(FinancialProduct.organisation_id == organisation_id)
    if not own:
        stmt = stmt.where(FinancialProduct.active)
    if kind:
        stmt = stmt.where(FinancialProduct.kind == FinanceKind(kind))
    return paginate(session, stmt, page, per_page)


def withdraw_product(session: Session, actor: User, product: FinancialProduct) -> FinancialProduct:
    """Take a product off the market; its cases and decisions stay."""
    if not access.can_manage_product(actor, product):
        raise PermissionDenied(_("只有发布机构可以下架该产品。"))
    if product.active:
        product.active = False
        audit.record(session, actor, "financial_product.withdraw", product)
    return product
