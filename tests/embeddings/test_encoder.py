"""The encoder: a local sentence-transformers model by path, or the packaged fallback, loaded on first use."""
import logging
import time
from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder import FALLBACK_ID, USE_M3_ID, Encoder, fallback_model_path
from tests.embeddings.loading import loaded

try:
    from sentence_transformers.sentence_transformer.modules import Dense, Pooling, Transformer
except ImportError:  # sentence-transformers < 6
    from sentence_transformers.models import Dense, Pooling, Transformer


def build_tiny_model(directory: Path, hidden: int = 32, out: int = 16) -> Path:
    """A randomly initialised one-layer BERT with the fallback's tokenizer and a Dense head, saved to directory.

    Built from a config, so nothing is downloaded; the weights are meaningless but the model is a real one.
    """
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer, BertConfig, BertModel

    bert = directory.parent / f"{directory.name}-bert"
    config = BertConfig(vocab_size=30522, hidden_size=hidden, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=2 * hidden)
    BertModel(config).save_pretrained(bert)
    AutoTokenizer.from_pretrained(str(fallback_model_path())).save_pretrained(bert)
    SentenceTransformer(modules=[Transformer(str(bert)), Pooling(hidden), Dense(hidden, out)]).save(str(directory))
    return directory


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("first") / "tiny")


@pytest.fixture(scope="module")
def tiny(tiny_path) -> Encoder:
    return loaded(Encoder(str(tiny_path)))


def test_a_local_model_is_loaded_from_its_path(tiny):
    assert not tiny.is_fallback


def test_a_local_models_id_names_its_folder(tiny):
    assert tiny.model_id.startswith("tiny@")


def test_dim_is_the_models_output_dimension(tiny):
    assert tiny.dim == 16


def test_encoded_vectors_are_normalised_float32_rows(tiny):
    vectors = tiny.encode(["laser welding of aluminium", "solar panel cleaning robot"])
    assert vectors.shape == (2, 16) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)


def test_encoding_no_texts_gives_an_empty_matrix(tiny):
    assert tiny.encode([]).shape == (0, 16)


def test_two_different_local_models_in_same_named_folders_have_different_ids(tiny, tmp_path):
    other = loaded(Encoder(str(build_tiny_model(tmp_path / "tiny", hidden=48))))
    assert other.model_id.startswith("tiny@")
    assert other.model_id != tiny.model_id


def test_constructing_an_encoder_does_not_load_the_model():
    assert Encoder("no-such-org/no-such-model")._backend is None


def test_an_unloadable_model_falls_back_to_the_packaged_one(fallback_encoder):
    assert fallback_encoder.is_fallback
    assert fallback_encoder.model_id.startswith(FALLBACK_ID)
    assert fallback_encoder.dim == 384


def test_falling_back_is_logged_with_the_requested_name_and_the_next_candidate(lexicon, caplog):
    encoder = Encoder("no-such-org/no-such-model", lexicon_loader=lambda: lexicon)
    with caplog.at_level(logging.WARNING, logger="embeddings.encoder"):
        assert loaded(encoder).is_fallback
    assert any(r.levelno == logging.WARNING and "no-such-org/no-such-model" in r.getMessage()
               and f"trying {USE_M3_ID} next" in r.getMessage() for r in caplog.records)


def test_an_unloadable_model_falls_back_fast_even_if_the_hub_was_imported_before_going_offline(lexicon, monkeypatch):
    import huggingface_hub.constants

    # What happens when something imports huggingface_hub before the encoder sets HF_HUB_OFFLINE: the hub
    # then believes it is online and, on a machine without network, retries until it times out (over a minute).
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    started = time.monotonic()
    assert loaded(Encoder("no-such-org/no-such-model", lexicon_loader=lambda: lexicon), timeout=20).is_fallback
    assert time.monotonic() - started < 20


def test_a_model_that_cannot_read_chinese_says_so_in_its_id(fallback_encoder):
    assert fallback_encoder.model_id.endswith("+cedict")


def test_a_model_that_cannot_read_chinese_is_shown_english_readings(fallback_encoder):
    prepared = fallback_encoder.prepare("废旧锂电池回收")
    assert "lithium battery" in prepared and "recycle" in prepared
    assert not any("\u3400" <= ch <= "\u9fff" for ch in prepared)


def test_english_text_is_encoded_as_written(fallback_encoder):
    assert fallback_encoder.prepare("Laser welding, 2 kW") == "Laser welding, 2 kW"


def test_through_readings_a_chinese_text_lands_near_its_english_translation(fallback_encoder):
    chinese, translation, unrelated = fallback_encoder.encode(
        ["废旧锂电池回收", "recycling of spent lithium batteries", "solar panel cleaning robot"])
    assert chinese @ translation > chinese @ unrelated + 0.3
