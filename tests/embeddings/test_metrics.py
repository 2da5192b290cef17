"""Ranking metrics with graded relevance, checked against values worked out by hand."""
import math

import pytest

from embeddings.metrics import mrr_at_k, ndcg_at_k, recall_at_k

GRADES = {"b": 2, "c": 1, "z": 0}


def test_ndcg_discounts_gains_by_rank_against_the_ideal_order():
    # DCG = (2²−1)/log2(3) + (2¹−1)/log2(4); ideal DCG = (2²−1)/log2(2) + (2¹−1)/log2(3).
    expected = (3 / math.log2(3) + 1 / 2) / (3 + 1 / math.log2(3))
    assert ndcg_at_k(["a", "b", "c"], GRADES) == pytest.approx(expected)


def test_ndcg_of_the_ideal_order_is_one():
    assert ndcg_at_k(["b", "c", "a"], GRADES) == pytest.approx(1.0)


def test_ndcg_ignores_results_beyond_k():
    # Only "a" (gain 0) and "c" are within k=2: DCG = 1/log2(3); the ideal still counts both relevant items.
    assert ndcg_at_k(["a", "c", "b"], GRADES, k=2) == pytest.approx((1 / math.log2(3)) / (3 + 1 / math.log2(3)))


def test_ndcg_without_relevant_items_is_zero():
    assert ndcg_at_k(["a", "b"], {"a": 0}) == 0.0


def test_recall_is_the_share_of_relevant_items_within_k():
    assert recall_at_k(["b", "a", "z", "c"], GRADES, k=3) == pytest.approx(0.5)


def test_recall_without_relevant_items_is_zero():
    assert recall_at_k(["a"], {"a": 0}) == 0.0


def test_mrr_is_the_reciprocal_rank_of_the_first_relevant_item():
    assert mrr_at_k(["a", "z", "c", "b"], GRADES) == pytest.approx(1 / 3)


def test_mrr_is_zero_when_the_first_relevant_item_is_beyond_k():
    assert mrr_at_k(["a", "z", "c"], GRADES, k=2) == 0.0
