"""An offer's caveats (what it says it does not do) count against the needs that run into them, end to end."""
import shutil

import numpy as np
import pytest

from embeddings.caveats import embedded_text
from embeddings.fusion import params_for
from embeddings.ranker import Collection, Document, Query, current_generation
from tests.embeddings.matches import assert_same_matches

EMC_NEED = "新产品EMC辐射超标，需要找到干扰源并给出整改方案"
EMC_TESTING = ("EMC第三方检测与认证服务：依据GB/T 9254和CISPR 32开展辐射发射、传导发射和抗扰度测试，出具CNAS认可的检测报告，"
               "协助企业取得3C和CE认证。本服务只提供测试和报告，不承担产品的干扰定位和整改设计。")
EMC_REPAIR = ("开关电源EMC诊断与整改技术：采用近场扫描定位干扰源，结合滤波、屏蔽和PCB布局优化给出整改方案，"
              "帮助产品一次通过辐射和传导发射测试。")
# A testing service that says, in the need's own words, that it does not do what the need asks.
EMC_TESTING_ONLY = "EMC第三方检测与认证服务：开展辐射发射、传导发射测试，出具检测报告。本服务不承担干扰源定位，不提供整改方案。"
EMC_TESTING_PLAIN = "EMC第三方检测与认证服务：开展辐射发射、传导发射测试，出具检测报告。"
EMC_DIAGNOSIS = "开关电源电磁兼容诊断：近场探头扫描找出噪声来源，提供滤波与屏蔽改进设计。"
BACKGROUND = [
    "废旧锂电池回收技术：湿法冶金回收钴、镍和锂，回收率超过百分之九十五。",
    "Laser welding of aluminium car body parts with high-power fibre lasers.",
    "植保无人机精准喷洒农药，提高农业生产效率。",
    "Membrane bioreactor for industrial wastewater treatment and water reuse.",
]
NEEDS_OF_EMC = {
    1: EMC_NEED,
    2: "出口欧洲的产品需要做EMC辐射发射测试，并出具CE认证所需的检测报告",
    3: "寻找废旧锂电池回收技术，回收钴和锂",
    4: "We need laser welding for thin aluminium sheet.",
}
TESTER, SOLVER = 1, 2


def collection(encoder, lexicon, kind: str, texts: dict[int, str]) -> Collection:
    """A collection filled as production fills it: offers embedded by their claims, parameters by encoder family."""
    built = Collection(kind, encoder.dim, lexicon, params=params_for(encoder.family))
    built.build([Document(i, text, f"hash-{i}") for i, text in texts.items()],
                encoder.encode([embedded_text(kind, text) for text in texts.values()]))
    return built


def with_background(offers: dict[int, str]) -> dict[int, str]:
    return {**offers, **{10 + i: text for i, text in enumerate(BACKGROUND)}}


def matches(encoder, collection: Collection, text: str, kind: str | None = None) -> dict[int, object]:
    vector = encoder.encode_query(embedded_text(kind or "need", text))
    return {m.id: m for m in collection.rank(Query(text, vector, kind=kind), k=len(collection))}


def position(found: dict[int, object], doc_id: int) -> int:
    return list(found).index(doc_id)


@pytest.fixture(scope="module")
def emc_offers(multilingual_encoder, lexicon) -> Collection:
    return collection(multilingual_encoder, lexicon, "offer", with_background({TESTER: EMC_TESTING, SOLVER: EMC_REPAIR}))


@pytest.fixture(scope="module")
def emc_needs(multilingual_encoder, lexicon) -> Collection:
    return collection(multilingual_encoder, lexicon, "need", NEEDS_OF_EMC)


@pytest.fixture(scope="module")
def twins(multilingual_encoder, lexicon) -> Collection:
    """The same testing offer twice: with a caveat that names the need's problem (1) and without it (2)."""
    return collection(multilingual_encoder, lexicon, "offer",
                      with_background({1: EMC_TESTING_ONLY, 2: EMC_TESTING_PLAIN, 3: EMC_DIAGNOSIS}))


def test_an_offer_whose_caveat_names_the_needs_problem_ranks_below_one_that_claims_to_solve_it(
        multilingual_encoder, emc_offers):
    found = matches(multilingual_encoder, emc_offers, EMC_NEED)
    assert position(found, SOLVER) < position(found, TESTER)


def test_the_need_runs_into_the_caveat_of_the_offer_that_excludes_its_problem(multilingual_encoder, emc_offers):
    found = matches(multilingual_encoder, emc_offers, EMC_NEED)
    assert found[TESTER].caveat > 0


def test_an_offer_without_caveats_has_no_caveat_score(multilingual_encoder, emc_offers):
    assert matches(multilingual_encoder, emc_offers, EMC_NEED)[SOLVER].caveat == 0


def test_every_match_reports_its_caveat_score(multilingual_encoder, emc_offers):
    for match in matches(multilingual_encoder, emc_offers, EMC_NEED).values():
        assert set(match.scores) == {"dense", "lexical", "bridge", "caveat", "fused"}
        assert match.scores["caveat"] == round(match.caveat, 4)


def test_an_offer_ranks_below_the_same_offer_without_the_caveat_that_names_the_needs_problem(
        multilingual_encoder, twins):
    found = matches(multilingual_encoder, twins, EMC_NEED)
    assert found[1].fused < found[2].fused


def test_a_caveat_never_counts_as_evidence_for_a_match(multilingual_encoder, twins):
    found = matches(multilingual_encoder, twins, EMC_NEED)
    assert (found[1].dense, found[1].lexical, found[1].bridge) == pytest.approx(
        (found[2].dense, found[2].lexical, found[2].bridge), abs=1e-5)


def test_a_need_that_does_not_run_into_a_caveat_is_not_penalised(multilingual_encoder, emc_offers):
    need = "寻找废旧锂电池回收技术，回收钴和锂"
    assert all(m.caveat == 0 for m in matches(multilingual_encoder, emc_offers, need).values())


def test_the_caveat_channel_is_zero_for_a_need_collection_queried_by_a_need(multilingual_encoder, emc_needs):
    need = "我们需要EMC整改服务，不需要检测报告，也不适用于出口认证。"
    assert all(m.caveat == 0 for m in matches(multilingual_encoder, emc_needs, need).values())


def test_an_offer_querys_caveats_penalise_the_needs_that_ask_for_what_it_excludes(multilingual_encoder, emc_needs):
    found = matches(multilingual_encoder, emc_needs, EMC_TESTING_ONLY, kind="offer")
    assert found[1].caveat > 0 and found[2].caveat == 0
    assert position(found, 2) < position(found, 1)


def test_an_offer_querys_caveats_are_not_read_as_its_claims(multilingual_encoder, emc_needs):
    as_offer = matches(multilingual_encoder, emc_needs, EMC_TESTING_ONLY, kind="offer")
    as_plain_text = matches(multilingual_encoder, emc_needs, EMC_TESTING_ONLY)
    assert as_offer[1].lexical < as_plain_text[1].lexical
    assert all(m.caveat == 0 for m in as_plain_text.values())


def test_an_offers_caveats_are_indexed_apart_from_its_claims(emc_offers):
    assert TESTER in emc_offers.caveats and SOLVER not in emc_offers.caveats
    assert "干扰" not in emc_offers.lexical_terms(TESTER)


def test_caveat_clauses_gives_an_offers_caveats_as_written(emc_offers):
    assert emc_offers.caveat_clauses(EMC_TESTING) == "不承担产品的干扰定位和整改设计。"


def test_a_need_collection_reads_its_texts_whole(emc_needs):
    text = "需要EMC整改，不适用于出口认证。"
    assert emc_needs.split(text) == (text, "") and emc_needs.caveat_clauses(text) == ""


def test_upserting_an_offer_without_caveats_forgets_its_old_caveats(multilingual_encoder, lexicon):
    offers = collection(multilingual_encoder, lexicon, "offer", with_background({TESTER: EMC_TESTING}))
    offers.upsert([Document(TESTER, EMC_TESTING_PLAIN, "new")], multilingual_encoder.encode([EMC_TESTING_PLAIN]))
    assert TESTER not in offers.caveats
    assert matches(multilingual_encoder, offers, EMC_NEED)[TESTER].caveat == 0


def test_removing_an_offer_forgets_its_caveats(multilingual_encoder, lexicon):
    offers = collection(multilingual_encoder, lexicon, "offer", with_background({TESTER: EMC_TESTING}))
    offers.remove([TESTER])
    assert TESTER not in offers.caveats


def test_a_saved_collection_keeps_its_caveat_index(emc_offers, tmp_path):
    emc_offers.save(tmp_path, "use-m3", "2024-05-01T00:00:00")
    loaded, _ = Collection.load("offer", tmp_path, emc_offers.lexicon, params=emc_offers.params)
    assert TESTER in loaded.caveats and SOLVER not in loaded.caveats
    assert loaded.caveats.idf("rectifi") == pytest.approx(emc_offers.caveats.idf("rectifi"))


def test_a_saved_collection_ranks_with_the_same_caveat_scores(multilingual_encoder, emc_offers, tmp_path):
    emc_offers.save(tmp_path, "use-m3", "")
    loaded, _ = Collection.load("offer", tmp_path, emc_offers.lexicon, params=emc_offers.params)
    vector = multilingual_encoder.encode_query(EMC_NEED)
    assert_same_matches(loaded.rank(Query(EMC_NEED, vector)), emc_offers.rank(Query(EMC_NEED, vector)))


def test_a_saved_collection_without_its_caveat_index_is_refused(emc_offers, tmp_path):
    emc_offers.save(tmp_path, "use-m3", "")
    shutil.rmtree(tmp_path / current_generation(tmp_path) / "caveats")
    with pytest.raises(ValueError, match="caveat"):
        Collection.load("offer", tmp_path, emc_offers.lexicon)


def test_a_query_without_a_vector_still_runs_into_caveats(emc_offers):
    found = {m.id: m for m in emc_offers.rank(Query(EMC_NEED), k=len(emc_offers))}
    assert found[TESTER].caveat > 0 and np.isfinite(found[TESTER].fused)


def test_a_word_met_in_a_caveat_counts_against_as_much_as_in_a_claim_it_counts_for(lexicon):
    claims = "EMC检测服务。提供干扰源定位和整改方案。"
    limits = "EMC检测服务。不提供干扰源定位和整改方案。"
    offers = Collection("offer", 2, lexicon)
    texts = with_background({1: claims, 2: limits})
    offers.build([Document(i, t) for i, t in texts.items()], np.tile(np.float32([1, 0]), (len(texts), 1)))
    found = {m.id: m for m in offers.rank(Query("需要干扰源定位和整改方案", np.float32([1, 0])), k=len(texts))}
    assert found[2].caveat == pytest.approx(found[1].bridge, rel=0.5)
