"""Why two postings matched: the key terms they share, within a language and across Chinese and English."""
import math

import pytest

from embeddings.explain import MAX_SHARED_TERMS, idf_weight, shared_terms, surface


def shared(query: str, candidate: str, lexicon=None, **kwargs):
    return shared_terms(surface(query), surface(candidate), lexicon, **kwargs)


def test_a_shared_chinese_word_is_found():
    assert shared("激光切割设备", "激光焊接设备").terms == ["激光"]


def test_english_words_with_the_same_stem_are_shared_in_the_querys_form():
    result = shared("recycling batteries", "battery recycled")
    assert sorted(result.terms) == ["batteries", "recycling"]
    assert sorted(zip(result.query_words, result.candidate_words)) == [("batteries", "battery"), ("recycling", "recycled")]


def test_stopwords_are_never_shared():
    assert shared("we need the battery", "the battery we have").terms == ["battery"]


def test_a_chinese_query_word_and_its_english_translation_read_chinese_first(lexicon):
    result = shared("激光切割", "laser welding", lexicon)
    assert result.terms == ["激光 / laser"]
    assert (result.query_words, result.candidate_words) == (["激光"], ["laser"])


def test_an_english_query_word_and_its_chinese_translation_read_english_first(lexicon):
    result = shared("laser welding", "激光切割", lexicon)
    assert result.terms == ["laser / 激光"]
    assert (result.query_words, result.candidate_words) == (["laser"], ["激光"])


def test_without_a_lexicon_languages_do_not_meet():
    assert shared("激光切割", "laser welding").terms == []


def test_at_most_max_shared_terms_are_listed():
    words = " ".join(f"alpha{chr(97 + i)}" for i in range(MAX_SHARED_TERMS + 4))
    assert len(shared(words, words).terms) == MAX_SHARED_TERMS


def test_rarer_terms_are_listed_first():
    frequency = {"batteri": 8, "lithium": 2}
    weight = idf_weight(lambda term: frequency.get(term, 0), total=50)
    assert shared("battery lithium", "lithium battery", weight=weight).terms == ["lithium", "battery"]


def test_terms_common_across_the_collection_are_left_out():
    frequency = {"batteri": 40, "lithium": 2}
    weight = idf_weight(lambda term: frequency.get(term, 0), total=50)
    assert shared("battery lithium", "lithium battery", weight=weight).terms == ["lithium"]


def test_chinese_verbs_explain_nothing():
    # 切割 (to cut) is a verb in jieba's dictionary; 激光 (laser) is a noun.
    assert shared("激光切割", "激光切割").terms == ["激光"]


def test_idf_weight_follows_the_bm25_idf():
    assert idf_weight(lambda term: 1, total=3)("anything") == pytest.approx(math.log(1 + 2.5 / 1.5))


PAIRS = [
    ("退役动力电池回收利用，需要湿法冶金回收镍钴锰锂的技术", "退役锂电池湿法回收技术：湿法冶金回收镍钴锰锂，回收率 98%"),
    ("Recycling of spent lithium-ion batteries by hydrometallurgy", "退役锂电池湿法回收技术，回收镍钴锰锂"),
    ("激光切割设备的视觉定位系统", "Laser cutting with machine vision positioning for sheet metal"),
    ("谷子抗旱新品种选育 drought tolerant millet", "抗旱谷子新品种 millet breeding，旱地亩产提高"),
]


@pytest.mark.parametrize(("query", "candidate"), PAIRS)
def test_explaining_from_the_querys_reach_equals_explaining_from_every_indexed_term(lexicon, query, candidate):
    from embeddings.explain import query_reach, surface_for_query, surface_from_terms
    from embeddings.ranker import Collection

    terms = set(Collection("offer", 2, lexicon).terms(candidate)[0])
    asked = surface(query)
    full = shared_terms(asked, surface_from_terms(terms), lexicon)
    reached = shared_terms(asked, surface_for_query(terms, asked, lexicon, query_reach(asked, lexicon)), lexicon)
    assert full.terms and sorted(reached.terms) == sorted(full.terms)


def test_a_shared_word_inside_a_longer_shared_word_is_left_out():
    found = shared_terms(surface("锂电池 电池 正极材料"), surface("锂电池 电池 正极材料"), None).terms
    assert "锂电池" in found and "电池" not in found
