"""The incremental BM25 index: ranking, replacement, removal, filtering and compaction."""
import math
import random

import numpy as np
import pytest

from embeddings.bm25 import BM25Index

DOCS = {
    1: "lithium battery recycling plant recovers lithium".split(),
    2: "solar panel cleaning robot".split(),
    3: "battery thermal management system".split(),
}


def index_of(docs: dict[int, list[str]]) -> BM25Index:
    index = BM25Index()
    for doc_id, terms in docs.items():
        index.add(doc_id, terms)
    return index


def ranked_ids(index: BM25Index, query: list[str], k: int = 10, allowed=None) -> list[int]:
    return [doc_id for doc_id, _ in index.query(query).top(k, allowed)]


@pytest.fixture
def index() -> BM25Index:
    return index_of(DOCS)


def test_the_most_relevant_document_ranks_first(index):
    assert ranked_ids(index, ["lithium", "battery"]) == [1, 3]


def test_documents_without_a_query_term_are_not_returned(index):
    assert ranked_ids(index, ["robot"]) == [2]


def test_top_returns_at_most_k_documents(index):
    assert len(index.query(["battery", "robot"]).top(1)) == 1


def test_an_empty_query_finds_nothing(index):
    assert index.query([]).top(10) == []


def test_an_empty_index_finds_nothing():
    assert BM25Index().query(["battery"]).top(10) == []


def test_adding_an_existing_id_replaces_the_documents_terms(index):
    index.add(1, ["wind", "turbine"])
    assert len(index) == 3
    assert 1 not in ranked_ids(index, ["lithium", "battery"])
    assert ranked_ids(index, ["turbine"]) == [1]


def test_removed_document_is_never_returned(index):
    index.remove(1)
    assert 1 not in index
    assert ranked_ids(index, ["lithium", "battery", "recycling"]) == [3]


def test_removing_a_document_updates_document_frequencies(index):
    index.remove(1)
    # 'battery' is now in one of two documents: idf = ln(1 + (2 - 1 + 0.5) / (1 + 0.5)).
    assert index.idf("battery") == pytest.approx(math.log(2))


def test_removing_an_unknown_id_changes_nothing(index):
    index.remove(99)
    assert len(index) == 3 and ranked_ids(index, ["battery"]) == [3, 1]


def test_allowed_restricts_results_to_the_given_ids(index):
    assert ranked_ids(index, ["battery"], allowed=np.array([2, 3])) == [3]


def test_scores_of_ids_match_the_ranking_and_are_zero_for_unknown_ids(index):
    scores = index.query(["battery"])
    ranked = dict(scores.top(10))
    assert scores.of([1, 3, 2, 99]).tolist() == pytest.approx([ranked[1], ranked[3], 0.0, 0.0])


def test_a_rarer_term_weighs_more_than_a_common_one(index):
    assert index.idf("robot") > index.idf("battery")


def test_compaction_after_many_removals_keeps_results_identical():
    rng = random.Random(3)
    vocabulary = [f"term{i}" for i in range(40)]
    docs = {doc_id: rng.choices(vocabulary, k=rng.randint(3, 12)) for doc_id in range(200)}
    survivors = {doc_id: terms for doc_id, terms in docs.items() if doc_id % 4 == 3}
    index = index_of(docs)
    for doc_id in rng.sample(sorted(docs.keys() - survivors.keys()), k=len(docs) - len(survivors)):
        index.remove(doc_id)
    assert len(index._ids) < len(docs), "removing three quarters of the documents should have compacted the index"
    assert len(index) == len(survivors)
    fresh = index_of(survivors)
    for query in (vocabulary[:3], vocabulary[10:12], vocabulary[30:31] * 2):
        # Every scored document, as a dict: ties may sit in another order when slots were renumbered.
        assert dict(index.query(query).top(len(docs))) == pytest.approx(dict(fresh.query(query).top(len(docs))))


def test_over_the_postings_budget_the_commonest_query_terms_are_skipped_first():
    docs = {i: ["common"] + (["rare"] if i == 7 else []) for i in range(1, 51)}
    index = index_of(docs)
    index.postings_budget = 10

    scores = index.query(["common", "rare"])

    assert ranked_ids(index, ["common", "rare"]) == [7]
    assert scores.of([1])[0] == 0.0


def test_under_the_postings_budget_every_query_term_counts(index):
    exact = index.query(["battery", "lithium"]).of([1, 3])
    index.postings_budget = 10**9

    assert np.allclose(index.query(["battery", "lithium"]).of([1, 3]), exact)
    assert exact[1] > 0


def test_warming_long_posting_lists_changes_no_score():
    cold, warmed = BM25Index(), BM25Index()
    for index in (cold, warmed):
        for doc_id in range(1, 41):
            index.add(doc_id, ["电池", "回收"] + (["湿法"] if doc_id % 3 == 0 else []) + [f"词{doc_id}"])
    assert warmed.warm(min_postings=10) == 3  # 电池, 回收, 湿法 have at least 10 postings
    query = ["电池", "湿法", "词7"]
    assert cold.query(query).values.tolist() == warmed.query(query).values.tolist()
