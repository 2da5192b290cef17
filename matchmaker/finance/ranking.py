"""How well an eligible pair fits beyond the rules: what the two texts say, and whether the product names the need's
field rather than taking every field.

    score = 100 · (0.55 · max(0, cosine of the two texts' sentence vectors)
                   + 0.30 · the query's words the candidate shares, weighted by idf over the candidates
                   + 0.15 · (1 when the product lists the need's field, ½ when it takes every field))

The vectors come from the market's serving encoder, the one every other match list uses; the words are the same
Chinese-aware terms as its lexical channel. Scores are comparable within one list, not across lists.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from embeddings.encoder import Encoder
from embeddings.stopwords import explains_nothing
from embeddings.tokenize import chinese_words, english_terms, native_terms

DENSE, WORDS, FIELD = 0.55, 0.30, 0.15
SHOWN_TERMS = 6
_CACHE_SIZE = 4096
_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_vectors_lock = threading.Lock()


@dataclass(frozen=True)
class Fit:
    score: int
    similarity: float
    shared_terms: list[str]
    field_named: bool

    def as_json(self) -> dict:
        return {"similarity": round(self.similarity, 3), "shared_terms": self.shared_terms,
                "field_named": self.field_named}


@lru_cache(maxsize=_CACHE_SIZE)
def _terms(text: str) -> frozenset[str]:
    return frozenset(term for term in native_terms(text) if not explains_nothing(term))


def _words(text: str) -> set[str]:
    """The terms worth showing a reader: whole words, not the character bigrams the lexical channel also uses."""
    return {w for w in chinese_words(text) + english_terms(text) if len(w) > 1 and not explains_nothing(w)}


def vectors(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Normalised vectors of the texts, from a small cache: queues re-rank the same needs on every visit."""
    model = encoder.model_id
    found: dict[str, np.ndarray] = {}
    with _vectors_lock:
        for text in texts:
            if (vector := _vectors.get((model, text))) is not None:
                found[text] = vector
    missing = list(dict.fromkeys(t for t in texts if t not in found))
    if missing:
        fresh = encoder.encode(missing)
        with _vectors_lock:
            for text, vector in zip(missing, fresh, strict=True):
                found[text] = vector
                _vectors[(model, text)] = vector
            while len(_vectors) > _CACHE_SIZE:
                _vectors.popitem(last=False)
    return np.stack([found[text] for text in texts]) if texts else np.zeros((0, encoder.dim), dtype=np.float32)


def fits(encoder: Encoder, query: str, candidates: Sequence[str], field_named: Sequence[bool]) -> list[Fit]:
    """The fit of the query (one need, or one product) with each candidate text; word weights are idf over the
    candidates, so what every candidate says counts for little."""
    if not candidates:
        return []
    texts = list(dict.fromkeys([query, *candidates]))
    index = {text: i for i, text in enumerate(texts)}
    all_vectors = vectors(encoder, texts)
    wanted, readable = _terms(query), _words(query)
    candidate_terms = [_terms(text) for text in candidates]
    df: dict[str, int] = {}
    for terms in candidate_terms:
        for term in terms & wanted:
            df[term] = df.get(term, 0) + 1
    weight = {term: math.log(1 + (len(candidates) + 1) / (1 + df.get(term, 0))) for term in wanted}
    total = sum(weight.values())
    out = []
    for text, terms, named in zip(candidates, candidate_terms, field_named, strict=True):
        cosine = float(all_vectors[index[query]] @ all_vectors[index[text]])
        shared = wanted & terms
        words = sum(weight[t] for t in shared) / total if total else 0.0
        score = 100 * (DENSE * max(0.0, cosine) + WORDS * words + FIELD * (1.0 if named else 0.5))
        shown = sorted(shared & readable, key=lambda t: (-weight[t], t))[:SHOWN_TERMS]
        out.append(Fit(round(score), cosine, shown, bool(named)))
    return out
