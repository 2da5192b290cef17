"""Structured rules on a (need, offer) pair: they never hide a match, they boost one and say so."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# In z-score units of the fused score: enough to reorder near-ties, never enough to lift an unrelated offer.
BOOSTS = {"same_field": 0.3, "maturity": 0.2, "budget": 0.1}
# The facts each side's rules read: a ranking reads just these of a few hundred candidates.
RULE_FACTS = {"need": ("field", "maturity_required", "budget_max"), "offer": ("field", "maturity", "price")}


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    boost: float


def evaluate_rules(need: Mapping, offer: Mapping) -> list[RuleResult]:
    """Each rule that both sides have the facts for, with whether it held."""
    results = []
    if need.get("field") and offer.get("field"):
        results.append(_result("same_field", need["field"] == offer["field"]))
    if need.get("maturity_required") is not None and offer.get("maturity") is not None:
        results.append(_result("maturity", offer["maturity"] >= need["maturity_required"]))
    if need.get("budget_max") is not None and offer.get("price") is not None:
        results.append(_result("budget", offer["price"] <= need["budget_max"]))
    return results


_RESULTS = {(rule, passed): RuleResult(rule, passed, boost if passed else 0.0)
            for rule, boost in BOOSTS.items() for passed in (True, False)}


def _result(rule: str, passed: bool) -> RuleResult:
    return _RESULTS[rule, bool(passed)]
