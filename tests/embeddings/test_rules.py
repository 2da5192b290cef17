"""Structured rules on a (need, offer) pair: each holds or not, and boosts only when it holds."""
import pytest

from embeddings.rules import BOOSTS, RuleResult, evaluate_rules


def test_same_field_holds_when_the_fields_match():
    assert evaluate_rules({"field": "new_energy"}, {"field": "new_energy"}) == [
        RuleResult("same_field", True, BOOSTS["same_field"])]


def test_same_field_fails_without_boost_when_the_fields_differ():
    assert evaluate_rules({"field": "new_energy"}, {"field": "biomedicine"}) == [RuleResult("same_field", False, 0.0)]


def test_maturity_holds_when_the_offer_is_at_least_as_mature_as_required():
    assert evaluate_rules({"maturity_required": 3}, {"maturity": 3}) == [RuleResult("maturity", True, BOOSTS["maturity"])]


def test_maturity_fails_when_the_offer_is_less_mature_than_required():
    assert evaluate_rules({"maturity_required": 3}, {"maturity": 2}) == [RuleResult("maturity", False, 0.0)]


def test_budget_holds_when_the_price_is_within_the_budget():
    assert evaluate_rules({"budget_max": 100}, {"price": 100}) == [RuleResult("budget", True, BOOSTS["budget"])]


def test_budget_fails_when_the_price_exceeds_the_budget():
    assert evaluate_rules({"budget_max": 100}, {"price": 101}) == [RuleResult("budget", False, 0.0)]


def test_zero_is_a_fact_not_a_missing_one():
    assert evaluate_rules({"budget_max": 0, "maturity_required": 0}, {"price": 0, "maturity": 0}) == [
        RuleResult("maturity", True, BOOSTS["maturity"]), RuleResult("budget", True, BOOSTS["budget"])]


@pytest.mark.parametrize(("need", "offer"), [
    ({"field": "new_energy"}, {}),
    ({"field": ""}, {"field": "new_energy"}),
    ({"maturity_required": None}, {"maturity": 3}),
    ({"maturity_required": 3}, {}),
    ({}, {"price": 50}),
    ({"budget_max": 100}, {"price": None}),
])
def test_a_rule_whose_facts_are_missing_on_either_side_is_omitted(need, offer):
    assert evaluate_rules(need, offer) == []


def test_every_rule_with_facts_on_both_sides_is_reported():
    need = {"field": "new_energy", "maturity_required": 2, "budget_max": 100}
    offer = {"field": "new_energy", "maturity": 1, "price": 80}
    assert [(r.rule, r.passed) for r in evaluate_rules(need, offer)] == [
        ("same_field", True), ("maturity", False), ("budget", True)]
