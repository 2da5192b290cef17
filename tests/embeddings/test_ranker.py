"""A collection of postings ranked by dense, lexical, bridge and fused channels, with rules, filters and persistence."""
import pickle
import shutil
import threading

import numpy as np
import pytest

from embeddings.fusion import params_for
from embeddings.ranker import Collection, Document, Query, current_generation
from tests.embeddings.matches import assert_same_matches

OFFERS = {
    1: "废旧锂电池回收技术：湿法冶金回收钴、镍和锂，回收率超过百分之九十五",
    2: "Laser welding of aluminium car body parts with high-power fibre lasers",
    3: "光伏组件清洗机器人，无水清扫，适用于大型光伏电站",
    4: "Membrane bioreactor for industrial wastewater treatment and water reuse",
    5: "植保无人机精准喷洒农药，提高农业生产效率",
    6: "Sodium-ion battery hard carbon anode material made from biomass",
}
FIELDS = {1: "new_energy", 2: "manufacturing", 3: "new_energy", 4: "environment", 5: "agriculture", 6: "new_energy"}
CHINESE_NEED = "寻找废旧锂电池回收技术，回收钴和锂"
ENGLISH_NEED = "We need a process to recycle spent lithium batteries and recover cobalt"
CHANNELS = ("dense", "lexical", "bridge", "fused")
SCORES = (*CHANNELS, "caveat")


@pytest.fixture(scope="module")
def offer_vectors(fallback_encoder) -> np.ndarray:
    return fallback_encoder.encode(list(OFFERS.values()))


@pytest.fixture
def documents() -> list[Document]:
    return [Document(i, text, f"hash-{i}", {"field": FIELDS[i]}) for i, text in OFFERS.items()]


@pytest.fixture
def offers(documents, offer_vectors, fallback_encoder, lexicon) -> Collection:
    collection = Collection("offer", fallback_encoder.dim, lexicon, params=params_for(fallback_encoder.family))
    collection.build(documents, offer_vectors)
    return collection


@pytest.fixture
def query_for(fallback_encoder):
    def make(text: str, **kwargs) -> Query:
        return Query(text, fallback_encoder.encode([text])[0], **kwargs)
    return make


def ranked_ids(collection: Collection, query: Query, **kwargs) -> list[int]:
    return [match.id for match in collection.rank(query, **kwargs)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_need_ranks_the_matching_offer_first_in_every_channel(offers, query_for, channel):
    assert ranked_ids(offers, query_for(CHINESE_NEED), channel=channel)[0] == 1


@pytest.mark.parametrize("channel", ["dense", "bridge", "fused"])
def test_an_english_need_finds_a_chinese_offer_first(offers, query_for, channel):
    assert ranked_ids(offers, query_for(ENGLISH_NEED), channel=channel)[0] == 1


def test_the_lexical_channel_reaches_only_documents_in_the_querys_language(offers, query_for):
    assert set(ranked_ids(offers, query_for(ENGLISH_NEED), channel="lexical")) <= {2, 4, 6}


def test_the_fused_ranking_covers_the_whole_pool_with_every_channels_scores(offers, query_for):
    matches = offers.rank(query_for(CHINESE_NEED))
    assert sorted(m.id for m in matches) == sorted(OFFERS)
    assert set(matches[0].scores) == set(SCORES)
    assert matches[0].lexical > 0 and matches[0].bridge > 0 and matches[0].dense > 0.5


def test_rank_returns_at_most_k_matches(offers, query_for):
    assert len(offers.rank(query_for(CHINESE_NEED), k=2)) == 2


def test_a_query_without_a_vector_ranks_by_words(offers):
    matches = offers.rank(Query(CHINESE_NEED))
    assert matches[0].id == 1 and matches[0].dense == 0.0


def test_exclude_removes_the_querys_own_posting(offers, query_for):
    ids = ranked_ids(offers, query_for(OFFERS[1], exclude=frozenset({1})))
    assert 1 not in ids and ids


def test_allowed_restricts_the_candidates(offers, query_for):
    for channel in CHANNELS:
        assert set(ranked_ids(offers, query_for(CHINESE_NEED), channel=channel, allowed=[3, 6])) <= {3, 6}


def test_allowing_only_excluded_ids_finds_nothing(offers, query_for):
    assert offers.rank(query_for(OFFERS[1], exclude=frozenset({1})), allowed=[1]) == []


def test_a_removed_document_never_ranks(offers, query_for):
    offers.remove([1])
    assert len(offers) == 5
    for channel in CHANNELS:
        assert 1 not in ranked_ids(offers, query_for(CHINESE_NEED), channel=channel)


def test_upserting_a_document_replaces_its_text_and_vector(offers, query_for, fallback_encoder):
    text = "Membrane bioreactor for municipal sewage"
    offers.upsert([Document(1, text, "new")], fallback_encoder.encode([text]))
    assert offers.facts[1]["lang"] == "en"
    for channel in CHANNELS:
        assert ranked_ids(offers, query_for(CHINESE_NEED), channel=channel)[:1] != [1]


def test_a_passing_rule_is_reported_and_boosts_the_match(offers, query_for):
    plain = {m.id: m for m in offers.rank(query_for(CHINESE_NEED))}
    ruled = {m.id: m for m in offers.rank(query_for(CHINESE_NEED, facts={"field": "new_energy"}))}
    assert [(r.rule, r.passed) for r in ruled[3].rules] == [("same_field", True)]
    assert [(r.rule, r.passed) for r in ruled[4].rules] == [("same_field", False)]
    assert ruled[3].fused - plain[3].fused == pytest.approx(0.3)
    assert ruled[4].fused == pytest.approx(plain[4].fused)


def test_in_a_need_collection_the_query_is_the_offer_side_of_the_rules(lexicon):
    needs = Collection("need", 2, lexicon)
    needs.build([Document(7, "锂电池回收", facts={"budget_max": 100})], np.array([[1.0, 0.0]], dtype=np.float32))
    [match] = needs.rank(Query("锂电池回收", facts={"price": 80}))
    assert [(r.rule, r.passed) for r in match.rules] == [("budget", True)]


def test_a_collection_holds_offers_or_needs_only(lexicon):
    with pytest.raises(ValueError):
        Collection("posting", 4, lexicon)


def test_bridge_terms_are_a_documents_english_view(offers):
    assert {"lithium", "batteri", "recycl"} <= offers.bridge_terms(1)
    assert offers.bridge_terms(99) == set()


def test_document_frequency_counts_either_vocabulary(offers):
    assert offers.document_frequency("batteri") == 2  # the Chinese offer through its glosses, and offer 6
    assert offers.document_frequency("光伏") == 1


def test_optimise_switches_to_hnsw_once_the_collection_outgrows_exact_search(documents, offer_vectors, lexicon):
    collection = Collection("offer", offer_vectors.shape[1], lexicon, approximate_above=4)
    collection.upsert(documents, offer_vectors)
    assert collection.vectors.kind == "flat"
    assert collection.optimise() is True
    assert collection.vectors.kind == "hnsw" and collection.vectors.ids() == set(OFFERS)


def test_optimise_sheds_stale_vectors(documents, offer_vectors, lexicon):
    collection = Collection("offer", offer_vectors.shape[1], lexicon, approximate_above=4)
    collection.build(documents, offer_vectors)
    collection.upsert(documents[:1], offer_vectors[1:2])
    assert collection.vectors.stale == {1}
    assert collection.optimise() is True
    assert collection.vectors.stale == set() and collection.vectors.delta is None
    assert collection.vectors.vectors([1]) == pytest.approx(offer_vectors[1:2])


def test_optimise_leaves_a_fitting_index_alone(offers):
    assert offers.optimise() is False


def test_a_saved_collection_loads_and_ranks_identically(offers, query_for, tmp_path):
    offers.save(tmp_path, "model-x", "2024-05-01T00:00:00")
    loaded, manifest = Collection.load("offer", tmp_path, offers.lexicon, params=offers.params)
    assert (manifest.model_id, manifest.last_change, manifest.count) == ("model-x", "2024-05-01T00:00:00", 6)
    for need in (CHINESE_NEED, ENGLISH_NEED):
        assert_same_matches(loaded.rank(query_for(need)), offers.rank(query_for(need)))
    assert loaded.hashes == offers.hashes and loaded.facts == offers.facts


def test_a_collection_built_straight_to_disk_ranks_as_one_built_in_memory(documents, query_for, tmp_path,
                                                                         fallback_encoder, lexicon):
    documents = [*documents, Document(7, "锂电池回收拆解设备，自动放电与破碎。本技术不涉及湿法冶金工序", "hash-7")]
    vectors = fallback_encoder.encode([d.text for d in documents])
    in_memory = Collection("offer", vectors.shape[1], lexicon, params=offers_params(fallback_encoder))
    in_memory.build(documents, vectors)
    built, manifest = Collection.build_saved("offer", tmp_path, iter(documents), vectors, lexicon, "model-x",
                                             params=offers_params(fallback_encoder))

    assert (manifest.model_id, manifest.count, built.generation) == ("model-x", 7, current_generation(tmp_path))
    for need in (CHINESE_NEED, ENGLISH_NEED, "需要湿法冶金回收锂"):
        assert_same_matches(built.rank(query_for(need)), in_memory.rank(query_for(need)))
    assert built.facts == in_memory.facts and built.hashes == in_memory.hashes


def test_building_straight_to_disk_refuses_a_document_given_twice(documents, offer_vectors, lexicon, tmp_path):
    with pytest.raises(ValueError, match="given twice"):
        Collection.build_saved("offer", tmp_path, [*documents, documents[0]], offer_vectors, lexicon, "model-x")


def offers_params(encoder):
    return params_for(encoder.family)


def saved_generation(directory):
    """The directory of the generation a save made current."""
    return directory / current_generation(directory)


def test_saving_again_writes_a_new_generation_and_keeps_the_previous_one(offers, tmp_path):
    first = offers.save(tmp_path, "model-x", "")
    second = offers.save(tmp_path, "model-x", "")
    third = offers.save(tmp_path, "model-x", "")

    assert current_generation(tmp_path) == third
    assert sorted(p.name for p in tmp_path.glob("g*")) == sorted([second, third]) and first not in (second, third)


def test_a_loaded_collection_takes_changes_and_ranks_as_one_built_fresh_with_them(offers, query_for, tmp_path,
                                                                                  fallback_encoder):
    offers.save(tmp_path, "model-x", "")
    loaded, _ = Collection.load("offer", tmp_path, offers.lexicon, params=offers.params)
    extra = Document(99, "Sodium-ion battery cathode from spent lithium batteries, regenerated by relithiation")
    for collection in (offers, loaded):
        collection.upsert([extra], fallback_encoder.encode([extra.text]))
        collection.remove([2])

    assert loaded.delta_size == 2
    for need in (CHINESE_NEED, ENGLISH_NEED):
        assert_same_matches(loaded.rank(query_for(need)), offers.rank(query_for(need)))


def test_loading_without_the_lexical_state_raises_value_error(offers, tmp_path):
    offers.save(tmp_path, "model-x", "")
    shutil.rmtree(saved_generation(tmp_path) / "lexical")
    with pytest.raises(ValueError, match="lexical"):
        Collection.load("offer", tmp_path, offers.lexicon)


def test_loading_a_corrupt_lexical_state_raises_value_error(offers, tmp_path):
    offers.save(tmp_path, "model-x", "")
    (saved_generation(tmp_path) / "state.pickle").write_bytes(b"not a pickle")
    with pytest.raises(ValueError, match="lexical"):
        Collection.load("offer", tmp_path, offers.lexicon)


def test_loading_vectors_and_lexical_state_that_disagree_raises_value_error(offers, tmp_path):
    offers.save(tmp_path, "model-x", "")
    state_file = saved_generation(tmp_path) / "state.pickle"
    state = pickle.loads(state_file.read_bytes())
    del state["hashes"][6]
    state_file.write_bytes(pickle.dumps(state))
    with pytest.raises(ValueError, match="disagree"):
        Collection.load("offer", tmp_path, offers.lexicon)


def test_a_snapshot_keeps_what_the_collection_held_when_it_was_taken(offers, query_for, tmp_path, fallback_encoder):
    offers.save(tmp_path, "model-x", "")
    loaded, _ = Collection.load("offer", tmp_path, offers.lexicon, params=offers.params)
    snapshot = loaded.snapshot()
    ranked = snapshot.rank(query_for(CHINESE_NEED))
    extra = Document(99, "Sodium-ion battery cathode from spent lithium batteries, regenerated by relithiation")

    loaded.upsert([extra], fallback_encoder.encode([extra.text]))
    loaded.remove([2])

    assert 99 not in snapshot.hashes and 99 not in snapshot.vectors.ids() and 99 not in snapshot.lexical
    assert 2 in snapshot.vectors.ids() and 2 in snapshot.lexical
    assert_same_matches(snapshot.rank(query_for(CHINESE_NEED)), ranked)


def test_ranking_on_several_threads_while_changes_are_indexed_never_fails(offers, query_for, tmp_path,
                                                                          fallback_encoder):
    offers.save(tmp_path, "model-x", "")
    loaded, _ = Collection.load("offer", tmp_path, offers.lexicon, params=offers.params)
    query = query_for(CHINESE_NEED)
    texts = [f"废旧锂电池正极材料再生 {n} battery cathode regeneration" for n in range(40)]
    vectors = fallback_encoder.encode(texts)
    failures, done = [], threading.Event()

    def rank_until_done():
        try:
            while not done.is_set():
                loaded.rank(query)
        except Exception as exc:  # what a web request would have answered with a 500
            failures.append(exc)

    threads = [threading.Thread(target=rank_until_done) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n, (text, vector) in enumerate(zip(texts, vectors)):
        loaded.upsert([Document(1000 + n, text)], vector.reshape(1, -1))
        if n % 5 == 0:
            loaded.remove([1000 + n - 1])
    done.set()
    for thread in threads:
        thread.join()

    assert failures == []
    assert 1000 + 39 in loaded.hashes


def test_a_query_carrying_its_indexed_terms_ranks_as_one_tokenised_afresh(offers, query_for):
    text = OFFERS[1]
    terms = offers.indexed_terms(1, "hash-1")

    assert terms is not None
    assert_same_matches(offers.rank(query_for(text, kind="offer", terms=terms)), offers.rank(query_for(text, kind="offer")))


def test_indexed_terms_are_withheld_once_the_text_changed(offers):
    assert offers.indexed_terms(1, "hash-of-an-edited-text") is None
    assert offers.indexed_terms(404, "hash-404") is None


def test_the_indexed_vector_is_the_documents_own_until_its_text_changes(offers, offer_vectors):
    row = list(OFFERS).index(2)

    assert offers.indexed_vector(2, "hash-2") == pytest.approx(offer_vectors[row])
    assert offers.indexed_vector(2, "hash-of-an-edited-text") is None
    assert offers.indexed_vector(404, "hash-404") is None


def test_a_loaded_collection_gives_the_same_indexed_terms_as_the_one_it_was_saved_from(offers, tmp_path):
    offers.save(tmp_path, "model-x", "")
    loaded, _ = Collection.load("offer", tmp_path, offers.lexicon, params=offers.params)
    for doc_id in OFFERS:
        want = [sorted(terms) for terms in offers.indexed_terms(doc_id, f"hash-{doc_id}")]
        assert [sorted(terms) for terms in loaded.indexed_terms(doc_id, f"hash-{doc_id}")] == want


def test_a_pairs_score_does_not_depend_on_how_many_are_ranked(offers, query_for):
    query = query_for(CHINESE_NEED)

    short = {m.id: m.fused for m in offers.rank(query, k=2)}
    long = {m.id: m.fused for m in offers.rank(query, k=300)}

    assert all(long[i] == pytest.approx(fused) for i, fused in short.items())


def test_pair_scores_give_each_document_its_ranked_score(offers, query_for):
    query = query_for(CHINESE_NEED, key="need-1")
    ranked = {m.id: m.fused for m in offers.rank(query, k=10)}

    assert offers.pair_scores(query, [5, 1]) == pytest.approx({5: ranked[5], 1: ranked[1]})


def test_remembered_pair_scores_are_forgotten_when_the_collection_changes(offers, query_for, fallback_encoder):
    query = query_for(CHINESE_NEED, key="need-1")
    before = offers.pair_scores(query, [1])[1]
    text = "退役锂电池回收钴镍锂的湿法冶金新工艺"
    offers.upsert([Document(7, text, "hash-7", {"field": "new_energy"})], fallback_encoder.encode([text]))

    after = offers.pair_scores(query, [1])[1]

    assert after == pytest.approx({m.id: m.fused for m in offers.rank(query, k=10)}[1])
    assert after != pytest.approx(before)
