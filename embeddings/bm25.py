"""An incremental BM25 index over pre-tokenised documents, scored with numpy posting arrays."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

# Postings read per query at most (see BM25Index._budgeted): about 4 ms of numpy work on the 2-core machine.
POSTINGS_BUDGET = 600_000


class BM25Index:
    """Okapi BM25 (k1, b) over integer document ids; documents can be added, replaced and removed at any time."""

    postings_budget = POSTINGS_BUDGET

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self._slot: dict[int, int] = {}
        self._ids: list[int] = []
        self._lengths: list[float] = []
        self._alive: list[bool] = []
        self._terms: list[Counter] = []
        self._postings: dict[str, tuple[list[int], list[float]]] = {}
        self._df: Counter = Counter()
        self._frozen: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._total_length = 0.0
        self._arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._slot

    def add(self, doc_id: int, terms: Sequence[str]) -> None:
        """Index a document, replacing an earlier version with the same id."""
        if doc_id in self._slot:
            self.remove(doc_id)
        slot = len(self._ids)
        counts = Counter(terms)
        self._slot[doc_id] = slot
        self._ids.append(doc_id)
        self._lengths.append(float(len(terms)))
        self._alive.append(True)
        self._terms.append(counts)
        self._total_length += len(terms)
        for term, tf in counts.items():
            slots, tfs = self._postings.setdefault(term, ([], []))
            slots.append(slot)
            tfs.append(float(tf))
            self._df[term] += 1
            self._frozen.pop(term, None)
        self._arrays = None

    def remove(self, doc_id: int) -> None:
        """Forget a document; its posting entries are masked until the next compaction."""
        slot = self._slot.pop(doc_id, None)
        if slot is None:
            return
        self._alive[slot] = False
        self._total_length -= self._lengths[slot]
        for term in self._terms[slot]:
            self._df[term] -= 1
        self._terms[slot] = Counter()
        self._arrays = None
        if len(self._alive) > 64 and len(self._slot) < len(self._alive) / 2:
            self._compact()

    def _compact(self) -> None:
        docs = [(self._ids[s], self._terms[s]) for s in range(len(self._ids)) if self._alive[s]]
        self.__init__(self.k1, self.b)
        for doc_id, counts in docs:
            self.add(doc_id, list(counts.elements()))

    def prepare(self) -> None:
        """Build the arrays queries read now (after a change) instead of in the next query."""
        self._prepare()

    def _prepare(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._arrays is None:
            lengths = np.asarray(self._lengths, dtype=np.float32)
            average = self._total_length / max(len(self._slot), 1)
            # Cached impacts assume an average length; when it drifts, every cached impact is stale.
            if abs(average - getattr(self, "_impact_average", average)) > 0.02 * max(average, 1e-9):
                self._frozen.clear()
            if not self._frozen:
                self._impact_average = average
            norm = self.k1 * (1 - self.b + self.b * lengths / max(self._impact_average, 1e-9))
            self._arrays = (np.asarray(self._ids, dtype=np.int64), norm.astype(np.float32),
                            np.asarray(self._alive, dtype=bool))
        return self._arrays

    def _posting(self, term: str, norm: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's slots and precomputed BM25 impacts tf·(k1+1)/(tf+norm), cached until the term changes."""
        if term not in self._postings:
            return None
        frozen = self._frozen.get(term)
        if frozen is None:
            slots, tfs = self._postings[term]
            slot_array = np.asarray(slots, dtype=np.int32)
            tf_array = np.asarray(tfs, dtype=np.float32)
            frozen = (slot_array, tf_array * (self.k1 + 1) / (tf_array + norm[slot_array]))
            self._frozen[term] = frozen
        return frozen

    def __getstate__(self) -> dict:
        # Caches are rebuilt on demand; persisting them would double the file.
        state = dict(self.__dict__)
        state["_frozen"], state["_arrays"] = {}, None
        return state

    def warm(self, min_postings: int = 1000) -> int:
        """Precompute the impact arrays of long posting lists, so no first query pays to convert them."""
        _, norm, _ = self._prepare()
        warmed = 0
        for term, (slots, _) in self._postings.items():
            if len(slots) >= min_postings and term not in self._frozen:
                self._posting(term, norm)
                warmed += 1
        return warmed

    def df(self, term: str) -> int:
        """How many documents hold the term."""
        return self._df.get(term, 0)

    def terms(self, doc_id: int) -> set[str]:
        """A document's terms (empty for unknown ids), for explanations."""
        slot = self._slot.get(doc_id)
        return set(self._terms[slot]) if slot is not None else set()

    def terms_among(self, doc_ids: Iterable[int], among: Iterable[str] | None = None) -> dict[int, set[str]]:
        """Each known document's terms, only those in `among` when given."""
        wanted = None if among is None else set(among)
        out = {}
        for doc_id in doc_ids:
            slot = self._slot.get(doc_id)
            if slot is not None:
                out[doc_id] = set(self._terms[slot]) if wanted is None else wanted.intersection(self._terms[slot])
        return out

    def counts(self, doc_id: int) -> Counter | None:
        """A document's term counts, None for unknown ids."""
        slot = self._slot.get(doc_id)
        return Counter(self._terms[slot]) if slot is not None else None

    def documents(self) -> Iterable[tuple[int, Counter]]:
        """Every live document with its term counts: what an image is written from."""
        for slot, doc_id in enumerate(self._ids):
            if self._alive[slot]:
                yield doc_id, self._terms[slot]

    def snapshot(self) -> BM25Index:
        """A copy that later changes to this index do not touch."""
        copy = BM25Index(self.k1, self.b)
        for doc_id, counts in self.documents():
            copy.add(doc_id, list(counts.elements()))
        return copy

    def write(self, directory):
        """Write the index as a memory-mappable image (embeddings.compact_bm25) and return an index on it."""
        from embeddings.compact_bm25 import FrozenBM25, LayeredBM25, write_image

        return LayeredBM25(FrozenBM25(write_image(directory, self.documents())), self.k1, self.b)

    def idf(self, term: str) -> float:
        """Robertson–Spärck Jones idf, floored at zero by the +1 inside the log."""
        n = self._df.get(term, 0)
        return math.log(1 + (len(self._slot) - n + 0.5) / (n + 0.5))

    def idfs(self, terms: Sequence[str]) -> np.ndarray:
        return np.asarray([self.idf(t) for t in terms], dtype=np.float64)

    def _score_slots(self, query: Iterable[str], idf_source: BM25Index | None = None) -> np.ndarray:
        ids, norm, alive = self._prepare()
        idf = (idf_source or self).idf
        slot_parts, weight_parts = [], []
        for term, qtf in self._budgeted(Counter(query)):
            posting = self._posting(term, norm)
            slot_parts.append(posting[0])
            weight_parts.append(posting[1] * np.float32(idf(term) * qtf))
        if not slot_parts:
            return np.zeros(len(ids), dtype=np.float32)
        # One pass in C over every posting of the query, instead of one fancy-indexed add per term.
        scores = np.bincount(np.concatenate(slot_parts), weights=np.concatenate(weight_parts),
                             minlength=len(ids)).astype(np.float32)
        scores[~alive] = 0.0
        return scores

    def _budgeted(self, counts: Counter) -> list[tuple[str, int]]:
        """The query's indexed terms, rarest first, until POSTINGS_BUDGET postings would be read.

        Query-term pruning by document frequency: in a large collection the commonest terms have the longest
        posting lists and the smallest idf, so they cost the most and change the ranking the least. Small
        collections never reach the budget and are scored exactly.
        """
        terms = sorted(((self._df[t], t, q) for t, q in counts.items() if self._df.get(t)), key=lambda x: x[0])
        kept, read = [], 0
        for _count, term, qtf in terms:
            read += len(self._postings[term][0])
            if read > self.postings_budget and kept:
                break
            kept.append((term, qtf))
        return kept

    def query(self, terms: Sequence[str], idf_source: BM25Index | None = None) -> BM25Scores:
        """Score every document once; the result answers both top-k and per-id questions.

        `idf_source` weighs terms by another index's document frequencies: a small side index (offers' caveats)
        then scores in the same units as the main one.
        """
        if not self._slot or not terms:
            return BM25Scores(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), {})
        ids, _, _ = self._prepare()
        return BM25Scores(ids, self._score_slots(terms, idf_source), self._slot)


class BM25Scores:
    """One query's BM25 scores over the whole index."""

    def __init__(self, ids: np.ndarray, scores: np.ndarray, slots: dict[int, int]):
        self.ids, self.values, self._slots = ids, scores, slots

    def top(self, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (id, score) pairs with a positive score, among allowed ids when given."""
        scores = self.values
        if allowed is not None and len(scores):
            scores = np.where(np.isin(self.ids, allowed), scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size > k:
            positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        order = positive[np.argsort(-scores[positive], kind="stable")]
        return [(int(self.ids[s]), float(scores[s])) for s in order]

    def of(self, doc_ids: Sequence[int]) -> np.ndarray:
        """Scores of the given ids, 0 for ids the index does not hold."""
        return np.array([self.values[self._slots[d]] if d in self._slots else 0.0 for d in doc_ids], dtype=np.float32)
