"""What each reader sees on a financial product's page and on a financing need's page, gathered here so the views
stay thin.

A need's page has two parts: the enterprise's (and admins'): its matching products, eligible ones first and the near
misses with the rules they failed, matching investors, the decisions received and closing; and a financial
organisation's: expressing interest under one of its products the need passes, and recording a decision. Forms sent
back with errors replace the fresh ones they came from.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.encoder import Encoder
from matchmaker.finance import access, decisions, matching
from matchmaker.finance.forms import DecisionForm, InterestForm
from matchmaker.finance.introductions import open_case_for
from matchmaker.finance.rules import check_product, passes
from matchmaker.market.access import acting_user
from matchmaker.market.services import active_fields
from models import FinancialProduct, FinancingNeed, TechOffer
from models.choices import FinancingStatus

INTEREST_PREFIX = "interest"
DECISION_PREFIX = "decision"


@dataclass
class SentForms:
    """Forms a POST sent back with errors, to be shown in place of fresh ones."""

    interest: InterestForm | None = None
    decision: DecisionForm | None = None


def fields_by_code(session: Session) -> dict:
    """Taxonomy rows by code, to name the fields a rule asked for."""
    return {f.code: f for f in active_fields(session)}


def product_page(session: Session, encoder: Encoder, viewer, product: FinancialProduct) -> dict:
    """The product; for its organisation and admins also the open needs it takes, best first."""
    manage = access.can_manage_product(viewer, product)
    matches = matching.needs_for_product(session, encoder, product) if manage and product.active else []
    return {"product": product, "can_manage": manage, "matches": matches, "fields": fields_by_code(session)}


def _products_of(session: Session, organisation_id: int) -> list[FinancialProduct]:
    return list(session.scalars(select(FinancialProduct).where(FinancialProduct.organisation_id == organisation_id)
                                .order_by(FinancialProduct.active.desc(), FinancialProduct.id)))


def _financial_part(session: Session, user, need: FinancingNeed, sent: SentForms) -> dict:
    """Interest under the organisation's active products the open need passes; a decision under any of its products
    the need passes, or any of them once the organisation has taken the need up."""
    own = _products_of(session, user.organisation_id)
    taken_up = access.has_taken_up(session, user.organisation_id, need)
    passing = {p.id for p in own if passes(check_product(p, need))}
    open_need = need.status == FinancingStatus.OPEN
    interest_products = [p for p in own if p.active and p.id in passing and open_need]
    cases = [(p, case) for p in own if (case := open_case_for(session, p, need)) is not None]
    return {
        "interest_products": interest_products,
        "interest_form": sent.interest or InterestForm(prefix=INTEREST_PREFIX, formdata=None),
        "decision_products": [p for p in own if taken_up or p.id in passing],
        "decision_form": sent.decision or DecisionForm(prefix=DECISION_PREFIX, formdata=None),
        "own_decisions": decisions.visible_decisions(user, need),
        "cases": cases,
    }


def need_page(session: Session, encoder: Encoder, viewer, need: FinancingNeed, sent: SentForms | None = None) -> dict:
    """The need, with the part for each role the reader holds (the caller has checked that the reader may see it)."""
    user = acting_user(viewer)
    manage = user.is_admin or access.owns_need(user, need)
    context = {"need": need, "manage": manage, "financial": None, "fields": fields_by_code(session),
               "product_matches": [], "investor_matches": []}
    if manage:
        context["product_matches"] = matching.products_for_need(session, encoder, need, include_ineligible=True)
        context["investor_matches"] = matching.investors_for_need(session, encoder, need)
    if access.is_financial(user) and not access.owns_need(user, need):
        context["financial"] = _financial_part(session, user, need, sent or SentForms())
    return context


def patent_offers(session: Session, organisation_id: int) -> list[TechOffer]:
    """The organisation's own offers that carry patent numbers, to bring them into a financing need."""
    offers = session.scalars(select(TechOffer).where(TechOffer.organisation_id == organisation_id)
                             .order_by(TechOffer.id.desc()).limit(200))
    return [offer for offer in offers if offer.patent_numbers]
