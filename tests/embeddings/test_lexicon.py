"""The CC-CEDICT bridge: Chinese words read as English terms and phrases, compiled once and cached."""
import pickle

from embeddings.lexicon import Gloss, Lexicon

HAN = range(0x3400, 0xA000)


def test_a_chinese_word_glosses_to_its_english_meaning(lexicon):
    assert lexicon.translations("激光") == {"laser"}


def test_common_word_senses_outrank_proper_nouns(lexicon):
    # 加 is also the abbreviation of Canada (Jia1); the lower-case entry wins.
    assert lexicon.lookup("加")[0].phrase == "add"


def test_a_compound_the_dictionary_lacks_reads_as_its_known_parts(lexicon):
    assert "激光切割机" not in lexicon.entries
    assert [g.phrase for g in lexicon.lookup("激光切割机")] == ["laser", "cut"]


def test_an_unknown_short_word_has_no_gloss(lexicon):
    assert lexicon.lookup("锂锂") == []


def test_english_view_of_a_chinese_sentence_holds_english_stems(lexicon):
    assert {"lithium", "batteri", "recycl"} <= set(lexicon.english_view("废旧锂电池回收"))


def test_english_view_keeps_the_texts_own_english_words(lexicon):
    assert {"laser", "steel"} <= set(lexicon.english_view("激光切割 for steel"))


def test_english_view_skips_chinese_stopwords(lexicon):
    assert lexicon.english_view("我们希望") == []


def test_render_english_replaces_chinese_with_english_readings(lexicon):
    rendered = lexicon.render_english("激光切割设备 for steel")
    assert not any(ord(ch) in HAN for ch in rendered)
    assert rendered.startswith("laser, cut") and rendered.endswith("for steel")


def test_english_stem_matches_the_form_of_gloss_terms(lexicon):
    assert lexicon.english_stem("Batteries") in lexicon.translations("电池")


def test_loading_writes_the_compiled_lexicon_to_the_cache(lexicon, lexicon_dir):
    with (lexicon_dir / "lexicon-v1.pickle").open("rb") as fh:
        assert pickle.load(fh) == lexicon.entries


def test_a_cached_lexicon_is_read_rather_than_recompiled(tmp_path):
    cached = {"激光": Gloss(("cached",), "cached")}
    (tmp_path / "lexicon-v1.pickle").write_bytes(pickle.dumps(cached))
    assert Lexicon.load(tmp_path).entries == cached


def test_an_unreadable_cache_is_recompiled_and_rewritten(tmp_path, lexicon, caplog):
    (tmp_path / "lexicon-v1.pickle").write_bytes(b"not a pickle")
    assert Lexicon.load(tmp_path).translations("激光") == {"laser"}
    assert "unreadable" in caplog.text
    assert Lexicon.load(tmp_path).entries == lexicon.entries
