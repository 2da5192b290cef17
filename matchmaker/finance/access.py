"""Who may publish, read and act on financial products and financing needs; one set of rules for the web and API.

Products are public once published. A financing need is for its enterprise, admins, and financial organisations
it matches (see matching.organisation_matches) or that have already taken it up (a case or a decision); to
everyone else it does not exist.
"""
from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from matchmaker.finance.matching import organisation_matches
from matchmaker.market.access import acting_user
from models import Case, FinancialProduct, FinancingDecision, FinancingNeed
from models.choices import OrgKind

FINANCIAL_KINDS = frozenset({OrgKind.BANK, OrgKind.INVESTOR})


def is_financial(viewer) -> bool:
    """A member of a bank or an investor: publishes products, reads its queue, decides."""
    user = acting_user(viewer)
    return user is not None and user.organisation is not None and user.organisation.kind in FINANCIAL_KINDS


def may_post_need(viewer) -> bool:
    """Enterprises ask for money."""
    user = acting_user(viewer)
    return user is not None and user.organisation is not None and user.organisation.kind == OrgKind.ENTERPRISE


def owns_product(viewer, product: FinancialProduct) -> bool:
    user = acting_user(viewer)
    return user is not None and user.organisation_id is not None and user.organisation_id == product.organisation_id


def can_manage_product(viewer, product: FinancialProduct) -> bool:
    user = acting_user(viewer)
    return user is not None and (user.is_admin or owns_product(user, product))


def can_view_product(viewer, product: FinancialProduct) -> bool:
    """Active products are public; a withdrawn one stays readable by its organisation and admins."""
    return product.active or can_manage_product(viewer, product)


def owns_need(viewer, need: FinancingNeed) -> bool:
    user = acting_user(viewer)
    return user is not None and user.organisation_id is not None and user.organisation_id == need.organisation_id


def has_taken_up(session: Session, organisation_id: int, need: FinancingNeed) -> bool:
    """The organisation already has a case or a decision on the need, so it keeps reading it."""
    of_org = select(FinancialProduct.id).where(FinancialProduct.organisation_id == organisation_id)
    return bool(session.scalar(select(or_(
        exists().where(Case.financing_need_id == need.id, Case.product_id.in_(of_org)),
        exists().where(FinancingDecision.need_id == need.id, FinancingDecision.product_id.in_(of_org)),
    ))))


def can_view_need(session: Session, viewer, need: FinancingNeed) -> bool:
    user = acting_user(viewer)
    if user is None:
        return False
    if user.is_admin or owns_need(user, need):
        return True
    if not is_financial(user):
        return False
    return organisation_matches(session, user.organisation_id, need) or has_taken_up(session, user.organisation_id,
                                                                                      need)
