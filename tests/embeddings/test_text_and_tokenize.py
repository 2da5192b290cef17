"""Matchable text and the lexical channel's terms: jieba words, character bigrams, English stems."""
from embeddings.text import detect_lang, posting_text, text_hash
from embeddings.tokenize import chinese_terms, chinese_words, english_terms, native_terms


def test_posting_text_repeats_the_title_before_the_other_parts():
    assert posting_text("Laser welding", "Fibre lasers.", "manufacturing", ["aluminium"]).split("\n") == [
        "Laser welding", "Laser welding", "Fibre lasers.", "manufacturing", "aluminium"]


def test_posting_text_leaves_out_blank_parts():
    assert posting_text("Title", "  ", None, ["", "key"]) == "Title\nTitle\nkey"


def test_text_hash_is_stable_and_tells_texts_apart():
    assert text_hash("锂电池") == text_hash("锂电池")
    assert text_hash("锂电池") != text_hash("锂电池回收")


def test_text_carried_by_chinese_characters_is_chinese():
    assert detect_lang("废旧锂电池回收 with LFP cells") == "zh"


def test_text_carried_by_english_words_is_english():
    assert detect_lang("Recycling spent lithium batteries, 锂") == "en"


def test_text_without_letters_counts_as_english():
    assert detect_lang("2024 — 95%") == "en"


def test_chinese_text_yields_jieba_words():
    assert {"锂电池", "回收"} <= set(chinese_terms("锂电池回收"))


def test_chinese_text_yields_character_bigrams_across_word_boundaries():
    assert "池回" in chinese_terms("锂电池回收")


def test_chinese_stopwords_are_not_word_terms():
    # 我们 and 希望 are both stopwords; only their bigrams (我们, 们希, 希望) remain.
    assert chinese_terms("我们希望") == ["我们", "们希", "希望"]


def test_chinese_words_keep_reading_order_and_stopwords():
    assert chinese_words("我们需要激光切割设备") == ["我们", "需要", "激光", "切割", "设备"]


def test_english_words_are_lowercased_and_stemmed():
    assert english_terms("Recycling Batteries") == ["recycl", "batteri"]


def test_english_stopwords_and_single_letters_are_dropped():
    assert english_terms("We need to recycle all the batteries of X") == ["recycl", "batteri"]


def test_native_terms_read_both_languages_of_a_mixed_text():
    terms = native_terms("锂电池 recycling")
    assert "锂电池" in terms and "recycl" in terms
