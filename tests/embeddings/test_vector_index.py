"""FAISS inner-product search by id: exact and HNSW, add/replace/remove, filtering and persistence."""
import json

import numpy as np
import pytest

from embeddings.vector_index import Manifest, VectorIndex

DIM = 64


def unit_vectors(rng: np.random.Generator, count: int, dim: int = DIM) -> np.ndarray:
    vectors = rng.standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def axis(position: int, dim: int = 4) -> np.ndarray:
    vector = np.zeros(dim, dtype=np.float32)
    vector[position] = 1.0
    return vector


def ids_of(hits: list[tuple[int, float]]) -> list[int]:
    return [doc_id for doc_id, _ in hits]


def assert_hits(hits: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    """Same ids in the same order, scores equal up to float32 rounding."""
    assert ids_of(hits) == ids_of(expected)
    assert [score for _, score in hits] == pytest.approx([score for _, score in expected], abs=1e-5)


@pytest.fixture
def small() -> VectorIndex:
    """Ids 10, 11, 12 on the first three axes of a 4-dimensional space."""
    index = VectorIndex(4)
    index.build([10, 11, 12], np.stack([axis(0), axis(1), axis(2)]))
    return index


def test_exact_search_returns_the_nearest_by_inner_product_best_first(small):
    query = np.array([0.2, 0.9, 0.4, 0.0], dtype=np.float32)
    assert_hits(small.search(query, 3), [(11, 0.9), (12, 0.4), (10, 0.2)])


def test_search_returns_at_most_k_hits(small):
    assert len(small.search(axis(0), 2)) == 2


def test_adding_a_new_id_makes_it_searchable(small):
    small.add([13], axis(3)[None, :])
    assert_hits(small.search(axis(3), 1), [(13, 1.0)])
    assert len(small) == 4


def test_adding_an_existing_id_replaces_its_vector(small):
    small.add([10], axis(3)[None, :])
    assert_hits(small.search(axis(3), 1), [(10, 1.0)])
    assert dict(small.search(axis(0), 3))[10] == pytest.approx(0.0)
    assert len(small) == 3


def test_removed_id_is_never_returned(small):
    small.remove([11])
    assert 11 not in ids_of(small.search(axis(1), 3))
    assert small.ids() == {10, 12}


def test_removing_unknown_ids_is_ignored(small):
    small.remove([99])
    assert small.ids() == {10, 11, 12}


def test_allowed_restricts_search_to_the_given_ids(small):
    assert sorted(ids_of(small.search(axis(1), 3, allowed=np.array([10, 12])))) == [10, 12]


def test_stored_vectors_are_returned_by_id_and_zeros_for_unknown_ids(small):
    assert small.vectors([12, 99]) == pytest.approx(np.stack([axis(2), np.zeros(4)]))


def test_a_saved_index_loads_with_identical_results(small, tmp_path):
    small.save(tmp_path, Manifest(model_id="m", dim=4, count=0))
    loaded, manifest = VectorIndex.load(tmp_path)
    query = np.array([0.2, 0.9, 0.4, 0.0], dtype=np.float32)
    assert loaded.search(query, 3) == small.search(query, 3)
    assert (manifest.model_id, manifest.dim, manifest.count, manifest.kind) == ("m", 4, 3, "flat")


def test_loading_a_missing_index_raises_value_error(tmp_path):
    with pytest.raises(ValueError):
        VectorIndex.load(tmp_path / "nowhere")


def test_loading_a_corrupt_index_file_raises_value_error(small, tmp_path):
    small.save(tmp_path, Manifest(model_id="m", dim=4, count=3))
    (tmp_path / "main.faiss").write_bytes(b"\x00garbage")
    with pytest.raises(ValueError):
        VectorIndex.load(tmp_path)


def test_loading_an_index_whose_manifest_miscounts_raises_value_error(small, tmp_path):
    small.save(tmp_path, Manifest(model_id="m", dim=4, count=3))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "count": 4}))
    with pytest.raises(ValueError, match="manifest says 4"):
        VectorIndex.load(tmp_path)


def test_loading_an_index_of_another_format_raises_value_error(small, tmp_path):
    small.save(tmp_path, Manifest(model_id="m", dim=4, count=3))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "format": 99}))
    with pytest.raises(ValueError, match="format"):
        VectorIndex.load(tmp_path)


# HNSW ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240501)
    return np.arange(5000, dtype=np.int64) + 1000, unit_vectors(rng, 5000)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return unit_vectors(np.random.default_rng(7), 100)


def built(ids: np.ndarray, vectors: np.ndarray, approximate_above: int) -> VectorIndex:
    index = VectorIndex(DIM, approximate_above=approximate_above)
    index.build(ids, vectors)
    return index


@pytest.fixture(scope="module")
def hnsw(corpus) -> VectorIndex:
    """Built once; the tests reading it must not change it."""
    return built(*corpus, approximate_above=1000)


@pytest.fixture(scope="module")
def exact(corpus) -> VectorIndex:
    index = built(*corpus, approximate_above=len(corpus[0]))
    assert index.kind == "flat"
    return index


def recall_at_10(index: VectorIndex, exact: VectorIndex, queries: np.ndarray, allowed=None) -> float:
    found = [len(set(ids_of(index.search(q, 10, allowed))) & set(ids_of(exact.search(q, 10, allowed)))) for q in queries]
    return sum(found) / (10 * len(queries))


def test_a_collection_above_the_threshold_is_built_as_hnsw(hnsw):
    assert hnsw.kind == "hnsw"


def test_hnsw_recall_at_10_against_exact_search_is_at_least_95_percent(hnsw, exact, queries):
    assert recall_at_10(hnsw, exact, queries) >= 0.95


def test_hnsw_recall_with_an_allowed_filter_is_at_least_95_percent(hnsw, exact, corpus, queries):
    allowed = corpus[0][::5]
    assert recall_at_10(hnsw, exact, queries, allowed) >= 0.95
    assert all(set(ids_of(hnsw.search(q, 10, allowed))) <= set(allowed.tolist()) for q in queries)


class Changes:
    """After an HNSW build, 50 vectors replaced and 50 others removed (both beyond what HNSW itself can do)."""

    def __init__(self, corpus):
        ids, vectors = corpus
        self.replaced, self.removed = ids[:50], ids[50:100]
        self.old_replaced, self.old_removed = vectors[:50], vectors[50:100]
        self.new_vectors = unit_vectors(np.random.default_rng(11), 50)
        self.index = built(ids, vectors, approximate_above=1000)
        self.index.add(self.replaced, self.new_vectors)
        self.index.remove(self.removed)


@pytest.fixture(scope="module")
def changes(corpus) -> Changes:
    """Shared; the tests reading it must not change it."""
    return Changes(corpus)


def test_hnsw_never_returns_removed_ids(changes):
    for vector in changes.old_removed:
        assert not set(ids_of(changes.index.search(vector, 10))) & set(changes.removed.tolist())


def test_hnsw_never_returns_the_stale_vector_of_a_replaced_id(changes):
    for doc_id, old_vector, new_vector in zip(changes.replaced.tolist(), changes.old_replaced, changes.new_vectors):
        hits = dict(changes.index.search(old_vector, 10))
        # Found by its old vector only if the new one happens to be close, and then scored by the new one.
        assert doc_id not in hits or hits[doc_id] == pytest.approx(float(new_vector @ old_vector), abs=1e-5)


def test_hnsw_returns_k_hits_although_stale_entries_are_skipped(corpus):
    ids, vectors = corpus
    index = built(ids, vectors, approximate_above=1000)
    index.remove(ids[:20])
    for vector in vectors[:20]:
        hits = index.search(vector, 10)
        assert len(hits) == 10 and not set(ids_of(hits)) & set(ids[:20].tolist())


def test_hnsw_finds_a_replaced_id_by_its_new_vector(changes):
    for doc_id, new_vector in zip(changes.replaced.tolist(), changes.new_vectors):
        assert_hits(changes.index.search(new_vector, 1), [(doc_id, 1.0)])


def test_hnsw_counts_and_vectors_reflect_replacements_and_removals(changes):
    assert len(changes.index) == 4950
    assert changes.index.vectors(changes.replaced[:3]) == pytest.approx(changes.new_vectors[:3])
    assert not changes.index.vectors(changes.removed[:3]).any()


def test_hnsw_allowed_filter_covers_the_delta(changes, corpus):
    others = corpus[0][200:300]
    target = int(changes.replaced[0])
    assert_hits(changes.index.search(changes.new_vectors[0], 1, np.append(others, target)), [(target, 1.0)])
    assert target not in ids_of(changes.index.search(changes.new_vectors[0], 10, others))


def test_a_saved_hnsw_index_with_changes_loads_with_identical_results(changes, queries, tmp_path):
    changes.index.save(tmp_path, Manifest(model_id="m", dim=DIM, count=0))
    loaded, manifest = VectorIndex.load(tmp_path)
    assert (loaded.kind, manifest.kind, manifest.count) == ("hnsw", "hnsw", 4950)
    for query in [*queries[:20], *changes.new_vectors[:5], *changes.old_removed[:5], *changes.old_replaced[:5]]:
        assert loaded.search(query, 10) == changes.index.search(query, 10)
    assert loaded.ids() == changes.index.ids()


def test_rebuilding_clears_the_delta_and_stale_entries(corpus):
    index = Changes(corpus).index
    ids, vectors = corpus
    index.build(ids[:2000], vectors[:2000])
    assert index.ids() == set(ids[:2000].tolist())
    assert index.stale == set() and index.delta is None
    assert_hits(index.search(vectors[0], 1), [(int(ids[0]), 1.0)])


@pytest.mark.parametrize("approximate_above", [10_000, 1000], ids=["flat", "hnsw"])
def test_a_memory_mapped_index_takes_changes_and_searches_as_the_in_memory_one(corpus, queries, tmp_path,
                                                                               approximate_above):
    ids, vectors = corpus
    in_memory = built(ids, vectors, approximate_above)
    in_memory.save(tmp_path, Manifest(model_id="m", dim=DIM, count=0))
    mapped, _ = VectorIndex.load(tmp_path, mmap=True, approximate_above=approximate_above)
    rng = np.random.default_rng(3)
    added, replaced = unit_vectors(rng, 20), unit_vectors(rng, 10)
    for index in (in_memory, mapped):
        index.add(list(range(1, 21)), added)
        index.add(ids[:10].tolist(), replaced)
        index.remove(ids[10:30].tolist())

    assert mapped.read_only and mapped.ids() == in_memory.ids()
    for query in [*queries[:20], *added[:5], *replaced[:5], *vectors[10:15]]:
        assert_hits(mapped.search(query, 10), in_memory.search(query, 10))
    np.testing.assert_allclose(mapped.vectors(ids[:12].tolist()), in_memory.vectors(ids[:12].tolist()))


def test_frozen_ids_answer_membership_like_a_set():
    from embeddings.vector_index import FrozenIds

    ids = FrozenIds(np.asarray([30, 10, 20]))
    assert [10 in ids, 20 in ids, 30 in ids, 15 in ids, 40 in ids, 0 in ids] == [True, True, True, False, False, False]
    assert len(ids) == 3 and sorted(ids) == [10, 20, 30] and 5 not in FrozenIds(np.asarray([], dtype=np.int64))


def test_frozen_ids_answer_membership_of_many_ids_at_once_as_one_by_one():
    from embeddings.vector_index import FrozenIds

    ids, asked = FrozenIds(np.asarray([30, 10, 20])), [10, 15, 20, 30, 40, 0]
    assert FrozenIds(np.asarray([30, 10, 20])).holds(asked).tolist() == [i in ids for i in asked]
    assert FrozenIds(np.asarray([], dtype=np.int64)).holds([1, 2]).tolist() == [False, False]
