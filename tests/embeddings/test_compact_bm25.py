"""The memory-mapped BM25 image plus its delta rank exactly as one fresh in-memory index of the same documents."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from embeddings.bm25 import BM25Index
from embeddings.compact_bm25 import FrozenBM25, ImageBuilder, LayeredBM25, write_image

VOCABULARY = [f"t{i}" for i in range(300)] + ["电池", "正极", "再生", "光伏", "膜"]


def random_docs(count: int, seed: int, start: int = 1) -> dict[int, list[str]]:
    """Documents with Zipf-like term frequencies, so some terms are common and most are rare."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, len(VOCABULARY) + 1)
    weights /= weights.sum()
    return {start + i: list(rng.choice(VOCABULARY, size=int(rng.integers(3, 40)), p=weights)) for i in range(count)}


def fresh(docs: dict[int, list[str]]) -> BM25Index:
    index = BM25Index()
    for doc_id, terms in docs.items():
        index.add(doc_id, terms)
    return index


def layered(docs: dict[int, list[str]], directory) -> LayeredBM25:
    write_image(directory, ((i, {t: terms.count(t) for t in set(terms)}) for i, terms in docs.items()))
    return LayeredBM25(FrozenBM25(directory))


QUERIES = [["t0", "t5", "电池"], ["t120", "t7", "t7"], ["正极", "再生", "t250"], ["t1"], ["nothing-here"]]


def assert_same_ranking(expected: BM25Index, actual: LayeredBM25, idf_expected=None, idf_actual=None) -> None:
    for query in QUERIES:
        # Every scored document, so ties cannot cut the two lists at different places.
        want = _by_score(expected.query(query, idf_source=idf_expected).top(10_000))
        got = _by_score(actual.query(query, idf_source=idf_actual).top(10_000))
        assert [i for i, _ in got] == [i for i, _ in want], query
        np.testing.assert_allclose([s for _, s in got], [s for _, s in want], rtol=1e-5)


def _by_score(hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
    return sorted(hits, key=lambda hit: (-round(hit[1], 4), hit[0]))


@pytest.fixture
def docs():
    return random_docs(400, seed=3)


def test_an_image_ranks_as_a_fresh_in_memory_index(docs, tmp_path):
    assert_same_ranking(fresh(docs), layered(docs, tmp_path / "image"))


@pytest.mark.parametrize("budget", [1, 150, 400])
def test_over_the_postings_budget_an_image_skips_the_commonest_query_terms_as_a_fresh_index_does(docs, tmp_path,
                                                                                                  budget):
    expected, actual = fresh(docs), layered(docs, tmp_path / "image")
    actual.add(5000, ["t0", "t1", "电池"])
    expected.add(5000, ["t0", "t1", "电池"])
    expected.postings_budget = actual.postings_budget = budget

    assert_same_ranking(expected, actual)


def test_an_image_with_additions_replacements_and_removals_ranks_as_a_fresh_index_of_the_result(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    final = dict(docs)
    for doc_id, terms in random_docs(30, seed=4, start=1000).items():  # new postings
        index.add(doc_id, terms)
        final[doc_id] = terms
    for doc_id, terms in random_docs(20, seed=5, start=50).items():  # edited postings
        index.add(doc_id, terms)
        final[doc_id] = terms
    for doc_id in (7, 8, 9, 1003):  # deleted, from the image and from the delta
        index.remove(doc_id)
        final.pop(doc_id)

    assert len(index) == len(final)
    assert_same_ranking(fresh(final), index)


def test_ranking_between_changes_agrees_with_a_fresh_index_after_each_change(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    final = dict(docs)
    changes = list(random_docs(6, seed=6, start=2000).items()) + [(2001, ["新词", "t0"]), (2003, None), (12, None)]
    for doc_id, terms in changes:
        if terms is None:
            index.remove(doc_id)
            final.pop(doc_id)
        else:
            index.add(doc_id, terms)
            final[doc_id] = terms
        assert_same_ranking(fresh(final), index)


def test_a_snapshot_ranks_as_before_while_the_original_learns_new_terms(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    index.add(3000, ["t0", "电池"])
    copy = index.snapshot()
    copy.query(["t0"])  # the copy's delta arrays exist before the original changes
    index.add(3001, ["未见过", "t0"])
    index.query(["未见过"])

    assert_same_ranking(fresh({**docs, 3000: ["t0", "电池"]}), copy)
    assert copy.query(["未见过", "t0"]).of([3001])[0] == 0.0


def test_scores_of_given_ids_agree_with_a_fresh_index_and_unknown_ids_score_zero(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    index.add(5000, ["t0", "电池"])
    expected = fresh({**docs, 5000: ["t0", "电池"]})
    ids = [1, 2, 5000, 99_999]

    np.testing.assert_allclose(index.query(["t0", "电池"]).of(ids), expected.query(["t0", "电池"]).of(ids), rtol=1e-5)
    assert index.query(["t0"]).of([99_999])[0] == 0.0


def test_a_side_index_weighed_by_another_index_idf_scores_as_the_in_memory_one(docs, tmp_path):
    side_docs = {i: terms[:3] for i, terms in list(docs.items())[:40]}
    main, side = layered(docs, tmp_path / "main"), layered(side_docs, tmp_path / "side")

    assert_same_ranking(fresh(side_docs), side, idf_expected=fresh(docs), idf_actual=main)


def test_allowed_ids_restrict_the_top_k(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    index.add(6000, ["t0"])
    allowed = np.asarray([3, 4, 6000], dtype=np.int64)

    assert {i for i, _ in index.query(["t0", "t1", "t2"]).top(10, allowed)} <= {3, 4, 6000}


def test_writing_folds_the_delta_into_a_new_image_with_the_same_ranking(docs, tmp_path):
    index = layered(docs, tmp_path / "one")
    index.add(7000, ["光伏", "膜", "t3"])
    index.remove(1)

    rewritten = index.write(tmp_path / "two")

    assert rewritten.delta_size == 0 and len(rewritten) == len(index)
    assert_same_ranking(fresh({**{k: v for k, v in docs.items() if k != 1}, 7000: ["光伏", "膜", "t3"]}), rewritten)


def test_a_documents_terms_are_read_back_from_the_image(docs, tmp_path):
    index = layered(docs, tmp_path / "image")

    assert index.terms(10) == set(docs[10])
    assert index.terms(123_456) == set()


def test_the_image_arrays_are_memory_mapped_not_copied(docs, tmp_path):
    image = layered(docs, tmp_path / "image").image

    assert all(isinstance(getattr(image, name).base, np.memmap) for name in ("post_slot", "post_tf", "ids", "df"))


def test_a_truncated_image_is_refused(docs, tmp_path):
    layered(docs, tmp_path / "image")
    (tmp_path / "image" / "post_tf.npy").write_bytes(b"\x93NUMPY")

    with pytest.raises(ValueError):
        FrozenBM25(tmp_path / "image")


def test_an_empty_image_finds_nothing(tmp_path):
    index = LayeredBM25(FrozenBM25(write_image(tmp_path / "image", [])))

    assert len(index) == 0 and index.query(["t0"]).top(5) == []


def test_documents_added_over_an_empty_image_rank_as_a_fresh_index(docs, tmp_path):
    index = LayeredBM25(FrozenBM25(write_image(tmp_path / "image", [])))
    for doc_id, terms in docs.items():
        index.add(doc_id, terms)

    assert_same_ranking(fresh(docs), index)


def test_many_rows_decode_to_their_terms_in_one_go(tmp_path):
    image = FrozenBM25(write_image(tmp_path / "img", [(1, {"锂电池": 2, "laser": 1, "x": 1}), (2, {"回收": 1})]))
    rows = np.asarray([image.row(t) for t in ("x", "回收", "锂电池", "laser", "x")])
    assert image.terms_of(rows) == ["x", "回收", "锂电池", "laser", "x"]
    assert image.terms_of(rows[:0]) == []


def test_an_image_built_one_document_at_a_time_equals_one_written_at_once(docs, tmp_path):
    builder = ImageBuilder()
    for doc_id, terms in reversed(list(docs.items())):
        builder.add(doc_id, terms)
    built = FrozenBM25(builder.write(tmp_path / "built"))
    written = FrozenBM25(write_image(tmp_path / "written", ((i, Counter(t)) for i, t in docs.items())))
    for name in ("ids", "term_hash", "post_ptr", "post_slot", "post_tf", "doc_ptr", "doc_row"):
        assert np.array_equal(getattr(built, name), getattr(written, name))


def test_document_frequencies_count_the_image_the_delta_and_removals_as_a_fresh_index(docs, tmp_path):
    index = layered(docs, tmp_path / "image")
    final = dict(docs)
    for doc_id, terms in random_docs(20, seed=6, start=2000).items():
        index.add(doc_id, terms)
        final[doc_id] = terms
    for doc_id in (3, 4, 2001):
        index.remove(doc_id)
        final.pop(doc_id)
    want = fresh(final)
    for term in [*VOCABULARY, "nothing-here"]:
        assert index.df(term) == want.df(term), term
    assert list(index.dfs(VOCABULARY)) == [want.df(t) for t in VOCABULARY]


@pytest.mark.parametrize("among", [None, {"t0", "t1", "t2", "电池", "正极", "nothing-here"}])
def test_terms_among_a_set_are_a_documents_terms_in_that_set_as_a_fresh_index_gives_them(docs, tmp_path, among):
    index = layered(docs, tmp_path / "image")
    final = dict(docs)
    index.add(5000, ["t0", "电池", "t299"])
    final[5000] = ["t0", "电池", "t299"]
    index.remove(10)
    final.pop(10)
    ids = [5000, 10, 11, 12, 404_404]

    assert index.terms_among(ids, among) == fresh(final).terms_among(ids, among)
    assert set(index.terms_among(ids, among)) == {5000, 11, 12}
    assert index.terms_among([11], among)[11] == (set(docs[11]) if among is None else set(docs[11]) & among)


@pytest.mark.parametrize("k", [1, 5, 100, 2000])
def test_the_top_k_kernel_picks_the_highest_positive_scores(k):
    from embeddings.compact_bm25 import _top_positive

    rng = np.random.default_rng(k)
    scores = np.where(rng.random(1000) < 0.3, 0, rng.random(1000)).astype(np.float32)
    picked = _top_positive(scores, k)
    positive = np.flatnonzero(scores > 0)
    expected = positive[np.argsort(-scores[positive], kind="stable")][:k]
    assert sorted(scores[picked].tolist(), reverse=True) == scores[expected].tolist()
    assert len(set(picked.tolist())) == len(picked) and (scores[picked] > 0).all()
