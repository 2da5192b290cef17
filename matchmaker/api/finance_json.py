"""Financial products, financing needs, decisions and their matches as the API answers them."""
from __future__ import annotations

from matchmaker.api.serializers import iso
from matchmaker.finance.matching import Match
from models import FinancialProduct, FinancingDecision, FinancingNeed, Organisation


def _number(value) -> float | None:
    return None if value is None else float(value)


def _org(org: Organisation) -> dict:
    return {"id": org.id, "name": org.name, "kind": str(org.kind)}


def product_json(product: FinancialProduct) -> dict:
    return {
        "id": product.id, "kind": str(product.kind), "title": product.title, "description": product.description,
        "organisation": _org(product.organisation),
        "amount_min_wan": _number(product.amount_min_wan), "amount_max_wan": _number(product.amount_max_wan),
        "term_months": product.term_months, "rate_percent": _number(product.rate_percent),
        "fields": list(product.fields), "regions": list(product.regions),
        "qualifications": list(product.qualifications), "min_revenue_wan": _number(product.min_revenue_wan),
        "patent_collateral": product.patent_collateral, "active": product.active,
        "created_at": iso(product.created_at),
    }


def need_json(need: FinancingNeed) -> dict:
    return {
        "id": need.id, "title": need.title, "purpose": need.purpose, "amount_wan": _number(need.amount_wan),
        "stage": str(need.stage), "field": need.field.code, "region": need.region,
        "organisation": _org(need.organisation),
        "qualifications": [dict(q) for q in need.qualifications], "patent_numbers": list(need.patent_numbers),
        "revenue_wan": _number(need.revenue_wan), "collateral": str(need.collateral), "status": str(need.status),
        "created_at": iso(need.created_at),
    }


def decision_json(decision: FinancingDecision) -> dict:
    return {
        "id": decision.id, "need_id": decision.need_id, "product_id": decision.product_id,
        "organisation": _org(decision.product.organisation), "outcome": str(decision.outcome),
        "amount_wan": _number(decision.amount_wan), "reason": str(decision.reason) if decision.reason else None,
        "note": decision.note, "decided_on": iso(decision.decided_on), "created_at": iso(decision.created_at),
    }


def match_json(match: Match, side: str) -> dict:
    """One match as the other side's entry: `side` is "product", "financing_need" or "investor"."""
    if side == "product":
        subject = product_json(match.product)
    elif side == "investor":
        subject = {"organisation": _org(match.profile.organisation), "thesis": match.profile.thesis}
    else:
        subject = need_json(match.need)
    return {side: subject, "score": match.score, "eligible": match.eligible, "explanation": match.explanation()}
