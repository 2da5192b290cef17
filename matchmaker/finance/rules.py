"""The hard eligibility rules between a financial product (or an investor's focus profile) and a financing need.

Each rule is checked and reported on its own, passed or failed, so a match can say why it was made and a near miss
can say which rule kept it out. A pair that fails any rule is ranked out of every match list and queue.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models import FinancialProduct, FinancingNeed, InvestorProfile
from models.choices import Collateral

# In the order they are shown.
RULES = ("field", "region", "qualifications", "revenue", "collateral", "amount")


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    passed: bool
    # What was asked and what was offered, in codes and numbers; pages and the API word it.
    required: object
    offered: object

    def as_json(self) -> dict:
        return {"rule": self.rule, "passed": self.passed, "required": self.required, "offered": self.offered}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _amount(low: Decimal | None, high: Decimal | None, need: FinancingNeed) -> RuleCheck:
    fits = (low is None or need.amount_wan >= low) and (high is None or need.amount_wan <= high)
    return RuleCheck("amount", fits, [_number(low), _number(high)], float(need.amount_wan))


def _listed(rule: str, allowed: list[str], value: str) -> RuleCheck:
    """An empty list allows every value."""
    return RuleCheck(rule, not allowed or value in allowed, list(allowed), value)


def check_product(product: FinancialProduct, need: FinancingNeed) -> list[RuleCheck]:
    """Every rule of the product against the need, in RULES order."""
    held = need.qualification_codes
    missing = [code for code in product.qualifications if code not in held]
    patents = need.collateral == Collateral.PATENT and bool(need.patent_numbers)
    return [
        _listed("field", product.fields, need.field.code),
        _listed("region", product.regions, need.region),
        RuleCheck("qualifications", not missing, list(product.qualifications), sorted(held)),
        RuleCheck("revenue", product.min_revenue_wan is None or need.revenue_wan >= product.min_revenue_wan,
                  _number(product.min_revenue_wan), float(need.revenue_wan)),
        RuleCheck("collateral", not product.patent_collateral or patents,
                  Collateral.PATENT.value if product.patent_collateral else None,
                  need.collateral.value if need.collateral else None),
        _amount(product.amount_min_wan, product.amount_max_wan, need),
    ]


def check_profile(profile: InvestorProfile, need: FinancingNeed) -> list[RuleCheck]:
    """An investor's focus profile read as rules: its fields, regions and ticket size."""
    return [
        _listed("field", profile.fields, need.field.code),
        _listed("region", profile.regions, need.region),
        _amount(profile.ticket_min_wan, profile.ticket_max_wan, need),
    ]


def passes(checks: list[RuleCheck]) -> bool:
    return all(check.passed for check in checks)


def failed(checks: list[RuleCheck]) -> list[str]:
    return [check.rule for check in checks if not check.passed]
