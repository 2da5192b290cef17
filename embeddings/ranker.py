"""A rankable collection of postings of one kind: vectors, two BM25 indexes and the facts the rules read."""
from __future__ import annotations

import functools
import logging
import os
import pickle
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from embeddings import overlap
from embeddings.bm25 import BM25Index
from embeddings.caveats import split_caveats
from embeddings.compact_bm25 import FrozenBM25, ImageBuilder, LayeredBM25
from embeddings.facts import FactsTable
from embeddings.fusion import DEFAULT_PARAMS, FusionParams, fuse
from embeddings.lexicon import Lexicon
from embeddings.rules import RULE_FACTS, RuleResult, evaluate_rules
from embeddings.text import detect_lang
from embeddings.tokenize import native_terms
from embeddings.vector_index import APPROXIMATE_ABOVE, Manifest, VectorIndex

log = logging.getLogger(__name__)
POOL_MIN = 100
# Queries whose pair scores a collection remembers until it next changes (Collection.pair_scores).
PAIR_CACHE_QUERIES = 4096


def _locked(method):
    """Run a Collection method holding the collection's lock."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)
    return locked


@dataclass
class Document:
    """What ranking needs to know about one posting."""

    id: int
    text: str
    text_hash: str = ""
    facts: Mapping = field(default_factory=dict)


@dataclass
class Query:
    """A posting (or a search box) looking for partners in a collection."""

    text: str
    vector: np.ndarray | None = None
    facts: Mapping = field(default_factory=dict)
    exclude: frozenset[int] = frozenset()
    # "offer" when the query is an offer's text: its caveats are then read apart from its claims.
    kind: str | None = None
    # The claims' (lexical, bridge) terms when already known (Collection.indexed_terms), saving their tokenising.
    terms: tuple[Sequence[str], Sequence[str]] | None = None
    # Names the query for Collection.pair_scores' cache (a posting and its text's hash); None: not cached.
    key: Hashable | None = None


@dataclass
class Match:
    id: int
    fused: float
    dense: float
    lexical: float
    bridge: float
    rules: list[RuleResult]
    caveat: float = 0.0

    @property
    def scores(self) -> dict[str, float]:
        return {"dense": round(self.dense, 4), "lexical": round(self.lexical, 4), "bridge": round(self.bridge, 4),
                "caveat": round(self.caveat, 4), "fused": round(self.fused, 4)}


@dataclass(frozen=True)
class _Entry:
    native: list[str]
    english: list[str]
    caveats: list[str]
    facts: dict


class Collection:
    """Offers or needs, indexed three ways (dense vectors, native-language BM25, cross-language BM25) plus offers' caveats.

    An offer's caveats (what it says it does not do, embeddings.caveats) are kept out of the other indexes and go
    into their own cross-language BM25 index, which counts against a match.
    """

    def __init__(self, kind: str, dim: int, lexicon: Lexicon, approximate_above: int = APPROXIMATE_ABOVE,
                 params: FusionParams = DEFAULT_PARAMS):
        if kind not in ("offer", "need"):
            raise ValueError(kind)
        self.kind = kind
        self.lexicon = lexicon
        self.params = params
        # Which model made the vectors (set by whoever fills the collection); queries must come from the same one.
        self.model_id: str | None = None
        self.vectors = VectorIndex(dim, approximate_above=approximate_above)
        self.lexical = BM25Index()
        self.bridge = BM25Index()
        self.caveats = BM25Index()
        self.facts = FactsTable()
        self.hashes: dict[int, str] = {}
        # Web workers rank on several threads while a sync indexes changes: ranking and changing take turns, as
        # FAISS and the deltas are not safe to read while they are written.
        self.lock = threading.RLock()
        # The saved generation this collection was loaded from or last saved as (None: built in memory only).
        self.generation: str | None = None
        # Counts changes: every score may move with any change (idf, pool), so remembered scores last one revision.
        self.revision = 0
        self._pair_cache: OrderedDict[Hashable, dict[int, float]] = OrderedDict()
        self._pair_cache_revision = 0

    def __len__(self) -> int:
        return len(self.hashes)

    def terms(self, text: str) -> tuple[list[str], list[str]]:
        """The text as lexical-channel terms and as bridge (English) terms."""
        return native_terms(text), self.lexicon.english_view(text)

    def split(self, text: str) -> tuple[str, str]:
        """(claims, caveats) of one of this collection's texts."""
        return split_caveats(text) if self.kind == "offer" else (text, "")

    def _entry(self, doc: Document) -> _Entry:
        """What each index holds of one document, whether it goes into memory (upsert) or into an image."""
        claims, caveats = self.split(doc.text)
        native, english = self.terms(claims)
        return _Entry(native, english, self.lexicon.english_view(caveats) if caveats else [],
                      {**doc.facts, "lang": detect_lang(doc.text)})

    def upsert(self, docs: Sequence[Document], vectors: np.ndarray | None) -> None:
        """Index or re-index documents; vectors row-aligned with docs (None keeps the dense channel unchanged)."""
        # Tokenising takes a millisecond or more a document and reads nothing of the collection: rankings go on
        # meanwhile, and only the changes themselves hold the lock.
        entries = [self._entry(doc) for doc in docs]
        with self.lock:
            for doc, entry in zip(docs, entries):
                self.lexical.add(doc.id, entry.native)
                self.bridge.add(doc.id, entry.english)
                if entry.caveats:
                    self.caveats.add(doc.id, entry.caveats)
                else:
                    self.caveats.remove(doc.id)
                self.facts[doc.id] = entry.facts
                self.hashes[doc.id] = doc.text_hash
            if vectors is not None and len(docs):
                self.vectors.add([d.id for d in docs], vectors)
            self._prepare()

    @_locked
    def build(self, docs: Sequence[Document], vectors: np.ndarray) -> None:
        """Index a whole collection at once (the vector index may then be approximate)."""
        self.vectors.build([d.id for d in docs], vectors)
        self.upsert(docs, None)

    @_locked
    def optimise(self) -> bool:
        """Rebuild the vector index from its own vectors when it should switch to HNSW or shed stale entries."""
        index = self.vectors
        wants_hnsw = len(index) > index.approximate_above
        if (index.kind == "hnsw") == wants_hnsw and len(index.stale) <= 0.1 * max(len(index), 1):
            return False
        ids = sorted(index.ids())
        index.build(ids, index.vectors(ids))
        return True

    def warm(self) -> None:
        """Get the lexical indexes ready for the first queries (see BM25Index.warm)."""
        self.lexical.warm()
        self.bridge.warm()
        self.caveats.warm()

    @_locked
    def update_facts(self, doc_id: int, facts: Mapping) -> None:
        self.facts[doc_id] = {**facts, "lang": self.facts.value(doc_id, "lang")}
        self.revision += 1

    @_locked
    def remove(self, ids: Sequence[int]) -> None:
        """Forget documents everywhere."""
        self.vectors.remove(ids)
        for doc_id in ids:
            self.lexical.remove(doc_id)
            self.bridge.remove(doc_id)
            self.caveats.remove(doc_id)
            self.facts.pop(doc_id, None)
            self.hashes.pop(doc_id, None)
        self._prepare()

    def _prepare(self) -> None:
        """Bring the lexical indexes' query structures up to date now, in the thread that changed them, rather
        than in the next ranking (a request)."""
        self.revision += 1
        for name in BM25_INDEXES:
            getattr(self, name).prepare()

    @_locked
    def rank(self, query: Query, k: int = 20, channel: str = "fused", allowed: Sequence[int] | None = None) -> list[Match]:
        """The k best documents for a query, by one channel or by the fusion of all, with per-channel scores.

        Fused scores are standardised on the query's reference pool (each channel's best `POOL_MIN`), so a pair
        scores the same whatever k is and whichever list it appears in (see `pair_scores`).
        """
        scored = self._score_pool(query, max(POOL_MIN, 2 * k), channel, allowed, ())
        if scored is None:
            return []
        ids, final, dense, lexical, bridge, rules, caveat = scored
        order = np.argsort(-final, kind="stable")[:k]
        return [Match(ids[j], float(final[j]), float(dense[j]), float(lexical[j]), float(bridge[j]), rules[j],
                      float(caveat[j])) for j in order]

    @_locked
    def pair_scores(self, query: Query, doc_ids: Iterable[int]) -> dict[int, float]:
        """The fused score of each of these documents for the query, exactly as `rank` would give it, whether or not
        it is among the query's best; documents not indexed are left out.

        With a `query.key`, the scores of the query's whole pool are remembered until the collection changes: an
        offer's match list asks each of its needs for one score, and the next offer asks the same needs again.
        """
        wanted = [i for i in dict.fromkeys(doc_ids) if i in self.hashes and i not in query.exclude]
        if not wanted:
            return {}
        if self._pair_cache_revision != self.revision:
            self._pair_cache.clear()
            self._pair_cache_revision = self.revision
        known = self._pair_cache.get(query.key, {}) if query.key is not None else {}
        missing = [i for i in wanted if i not in known]
        if missing:
            scored = self._score_pool(query, POOL_MIN, "fused", None, missing)
            if scored is not None:
                known = {**known, **{i: float(score) for i, score in zip(scored[0], scored[1])}}
        if query.key is not None:
            self._pair_cache[query.key] = known
            self._pair_cache.move_to_end(query.key)
            while len(self._pair_cache) > PAIR_CACHE_QUERIES:
                self._pair_cache.popitem(last=False)
        return {i: known[i] for i in wanted if i in known}

    def _score_pool(self, query: Query, pool_size: int, channel: str, allowed: Sequence[int] | None,
                    include: Sequence[int]) -> tuple | None:
        """Every channel's scores, and the final one, of the pool: each channel's best `pool_size` plus `include`."""
        allowed_ids = None if allowed is None else np.asarray(sorted(set(allowed) - query.exclude), dtype=np.int64)
        if allowed_ids is not None and not len(allowed_ids):
            return None
        pool_size += len(query.exclude)
        claims, caveats = split_caveats(query.text) if query.kind == "offer" else (query.text, "")
        native, english = query.terms if query.terms is not None else self.terms(claims)
        # The bridge channel is scored on a helper thread meanwhile (embeddings.overlap); this thread holds the
        # collection's lock for both, so no change comes between them.
        bridge_job = overlap.start(_scored, self.bridge, english, pool_size if channel in ("bridge", "fused") else 0,
                                   allowed_ids)
        lexical_scores, lexical_top = _scored(self.lexical, native, pool_size if channel in ("lexical", "fused") else 0,
                                              allowed_ids)
        dense_top = (self.vectors.search(query.vector, pool_size, allowed_ids)
                     if channel in ("dense", "fused") and query.vector is not None else [])
        bridge_scores, bridge_top = bridge_job.result()
        tops = (dense_top, lexical_top, bridge_top)
        pool = dict.fromkeys([i for hits in tops for i, _ in hits] + list(include))
        ids = [i for i in pool if i not in query.exclude and i in self.hashes]
        if not ids:
            return None
        dense = (self.vectors.vectors(ids) @ np.asarray(query.vector, dtype=np.float32).reshape(-1)
                 if query.vector is not None else np.zeros(len(ids), dtype=np.float32))
        lexical = lexical_scores.of(ids)
        bridge = bridge_scores.of(ids)
        caveat = self._caveat_scores(english, caveats, ids)
        rules, boosts, langs = self._rules_and_languages(query, ids)
        if channel == "fused":
            reference_size = POOL_MIN + len(query.exclude)
            reference_ids = {i for hits in tops for i, _ in hits[:reference_size]}
            reference = np.fromiter((i in reference_ids for i in ids), dtype=bool, count=len(ids))
            lang = detect_lang(query.text)
            same = np.fromiter((candidate == lang for candidate in langs), dtype=bool, count=len(ids))
            # A market smaller than the reference pool is padded to it with unrelated candidates (fusion.standardise)
            # (not when `allowed` narrows the pool: those scores only order a chosen few).
            small = allowed_ids is None and len(self) < POOL_MIN + len(query.exclude)
            padding = max(0, POOL_MIN - int(reference.sum())) if small else 0
            final = fuse(dense, lexical, bridge, same, caveat, self.params, reference, padding) + boosts
        else:
            final = {"dense": dense, "lexical": lexical, "bridge": bridge}[channel]
        return ids, final, dense, lexical, bridge, rules, caveat

    def _caveat_scores(self, query_english: list[str], query_caveats: str, ids: list[int]) -> np.ndarray:
        """How much of the query runs into the candidates' caveats, or the candidates into the query's."""
        if self.kind == "offer":
            # Weighed by the bridge index's idf, so a caveat word costs what the same word earns in a claim.
            return self.caveats.query(query_english, idf_source=self.bridge).of(ids)
        if query_caveats:
            return self.bridge.query(self.lexicon.english_view(query_caveats)).of(ids)
        return np.zeros(len(ids), dtype=np.float32)

    def caveat_clauses(self, doc_text: str) -> str:
        """An indexed offer's caveats, as written (empty for needs)."""
        return self.split(doc_text)[1]

    def _rules_and_languages(self, query: Query, ids: Sequence[int]) -> tuple[list[list[RuleResult]], np.ndarray, list]:
        """Each candidate's rule results and their summed boost, with its language.

        Candidates with the same facts share one evaluation: a pool of a few hundred holds few distinct fields,
        maturities and prices.
        """
        keys = RULE_FACTS[self.kind]
        known: dict[tuple, tuple[list[RuleResult], float]] = {}
        rules, boosts, langs = [], np.zeros(len(ids)), []
        for n, picked in enumerate(self.facts.picks(ids, (*keys, "lang"))):
            picked = picked or (None,) * (len(keys) + 1)
            facts, lang = picked[:-1], picked[-1]
            found = known.get(facts)
            if found is None:
                candidate = {key: value for key, value in zip(keys, facts) if value is not None}
                results = (evaluate_rules(query.facts, candidate) if self.kind == "offer"
                           else evaluate_rules(candidate, query.facts))
                found = known[facts] = (results, sum(r.boost for r in results))
            rules.append(found[0])
            boosts[n] = found[1]
            langs.append(lang)
        return rules, boosts, langs

    def indexed_terms(self, doc_id: int, text_hash: str) -> tuple[list[str], list[str]] | None:
        """A document's (lexical, bridge) terms as indexed, if it is indexed with the text of that hash."""
        with self.lock:
            if self.hashes.get(doc_id) != text_hash:
                return None
            native, english = self.lexical.counts(doc_id), self.bridge.counts(doc_id)
        if native is None or english is None:
            return None
        return list(native.elements()), list(english.elements())

    def indexed_vector(self, doc_id: int, text_hash: str) -> np.ndarray | None:
        """A document's vector as indexed, if it is indexed with the text of that hash and has a vector."""
        with self.lock:
            if self.hashes.get(doc_id) != text_hash or doc_id not in self.vectors:
                return None
            return self.vectors.vectors([doc_id])[0]

    def lexical_terms_among(self, doc_ids: Sequence[int], among: Iterable[str] | None = None) -> dict[int, set[str]]:
        """The lexical-channel terms of each indexed document, only those in `among` when given (explanations)."""
        with self.lock:
            return self.lexical.terms_among(doc_ids, among)

    def lexical_terms(self, doc_id: int) -> set[str]:
        """A document's lexical-channel terms (empty for unknown ids), for explanations."""
        return self.lexical.terms(doc_id)

    def bridge_terms(self, doc_id: int) -> set[str]:
        """A document's English-view terms (empty for unknown ids), for overlap checks."""
        return self.bridge.terms(doc_id)

    def document_frequency(self, term: str) -> int:
        """How many documents hold a term, in either vocabulary, for weighting explanations."""
        return max(self.lexical.df(term), self.bridge.df(term))

    # Persistence ---------------------------------------------------------------------------------------------

    @property
    def delta_size(self) -> int:
        """Documents changed since the image this collection was loaded from (0 for one built in memory)."""
        return getattr(self.lexical, "delta_size", 0)

    @_locked
    def snapshot(self) -> Collection:
        """A copy that later changes to this collection do not touch, cheap to take: images are shared, only the
        delta, the stale ids and the facts are copied. It can be saved while this collection keeps changing."""
        copy = Collection(self.kind, self.vectors.dim, self.lexicon, self.vectors.approximate_above, self.params)
        copy.model_id, copy.generation = self.model_id, self.generation
        copy.facts, copy.hashes = self.facts.copy(), dict(self.hashes)
        copy.vectors = self.vectors.snapshot()
        for name in BM25_INDEXES:
            setattr(copy, name, getattr(self, name).snapshot())
        return copy

    def save(self, directory: Path | str, model_id: str, last_change: str) -> str:
        """Write the collection as a new generation under `directory`, then point CURRENT at it; returns its name.

        A generation is never changed once written, so workers that memory-map it keep reading consistent files
        while a newer one is written beside it.
        """
        writers = {name: getattr(self, name).write for name in BM25_INDEXES}
        generation = _write_generation(Path(directory), writers, self.facts, self.hashes, self.vectors, model_id,
                                       last_change, previous=self.generation)
        self.generation = generation
        return generation

    @classmethod
    def build_saved(cls, kind: str, directory: Path | str, docs: Iterable[Document], vectors: np.ndarray,
                    lexicon: Lexicon, model_id: str, last_change: str = "", approximate_above: int = APPROXIMATE_ABOVE,
                    params: FusionParams = DEFAULT_PARAMS) -> tuple[Collection, Manifest]:
        """Index a whole collection straight into a new generation under `directory`, then open it.

        Ranks as `build` + `save` + `load` would; the lexical indexes go to disk through compact buffers instead of
        the in-memory BM25Index, so a million postings fit. Vectors are row-aligned with docs.
        """
        shell = cls(kind, vectors.shape[1], lexicon, approximate_above, params)
        builders = {name: ImageBuilder() for name in BM25_INDEXES}
        facts = FactsTable()
        hashes: dict[int, str] = {}
        for doc in docs:
            if doc.id in hashes:
                raise ValueError(f"document {doc.id} given twice")
            entry = shell._entry(doc)
            builders["lexical"].add(doc.id, entry.native)
            builders["bridge"].add(doc.id, entry.english)
            if entry.caveats:
                builders["caveats"].add(doc.id, entry.caveats)
            facts[doc.id] = entry.facts
            hashes[doc.id] = doc.text_hash
        if len(hashes) != len(vectors):
            raise ValueError(f"{len(hashes)} documents but {len(vectors)} vectors")
        shell.vectors.build(list(hashes), vectors)
        writers = {name: builder.write for name, builder in builders.items()}
        _write_generation(Path(directory), writers, facts, hashes, shell.vectors, model_id, last_change)
        del shell, builders, facts, hashes  # the build buffers go before the image is opened
        return cls.load(kind, directory, lexicon, approximate_above, params)

    @classmethod
    def load(cls, kind: str, directory: Path | str, lexicon: Lexicon, approximate_above: int = APPROXIMATE_ABOVE,
             params: FusionParams = DEFAULT_PARAMS) -> tuple[Collection, Manifest]:
        """Open the current generation memory-mapped; ValueError when anything is missing or inconsistent."""
        directory = Path(directory)
        generation = current_generation(directory)
        if generation is None:
            raise ValueError(f"no saved index in {directory}")
        source = directory / generation
        vectors, manifest = VectorIndex.load(source, mmap=True, approximate_above=approximate_above)
        try:
            with (source / "state.pickle").open("rb") as fh:
                state = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise ValueError(f"unreadable lexical state in {source}: {exc}") from exc
        collection = cls(kind, manifest.dim, lexicon, approximate_above, params)
        collection.vectors = vectors
        for name in BM25_INDEXES:
            setattr(collection, name, LayeredBM25(FrozenBM25(source / name)))
        facts = state["facts"]  # a plain dict in generations written before FactsTable
        collection.facts = facts if isinstance(facts, FactsTable) else FactsTable(facts)
        collection.hashes = state["hashes"]
        collection.generation = generation
        if set(collection.hashes) != vectors.ids() or len(collection.lexical) != len(collection.hashes):
            raise ValueError(f"index in {source}: vectors and lexical state disagree")
        return collection, manifest


BM25_INDEXES = ("lexical", "bridge", "caveats")


def _scored(index, terms: Sequence[str], k: int, allowed: np.ndarray | None) -> tuple:
    """One lexical channel's scores of every document for the terms, with its k best (id, score) hits."""
    scores = index.query(terms)
    return scores, (scores.top(k, allowed) if k > 0 else [])


def _write_generation(directory: Path, writers: Mapping[str, Callable[[Path], object]], facts: Mapping[int, Mapping],
                      hashes: Mapping[int, str], vectors: VectorIndex, model_id: str, last_change: str,
                      previous: str | None = None) -> str:
    """Write a generation (lexical images, facts, vectors, manifest last), point CURRENT at it, prune old ones."""
    directory.mkdir(parents=True, exist_ok=True)
    generation = f"g{time.time_ns()}"
    target = directory / generation
    target.mkdir()
    for name, write in writers.items():
        write(target / name)
    with (target / "state.pickle").open("wb") as fh:
        pickle.dump({"facts": facts, "hashes": hashes}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    vectors.save(target, Manifest(model_id=model_id, dim=vectors.dim, count=len(vectors), last_change=last_change,
                                  extra={"documents": len(hashes)}))
    tmp = directory / "CURRENT.tmp"
    tmp.write_text(generation)
    os.replace(tmp, directory / "CURRENT")
    _prune_generations(directory, keep={generation, previous})
    return generation


def current_generation(directory: Path | str) -> str | None:
    """The name of the generation CURRENT points at, or None when there is none."""
    try:
        name = (Path(directory) / "CURRENT").read_text().strip()
    except OSError:
        return None
    return name if name and (Path(directory) / name).is_dir() else None


def _prune_generations(directory: Path, keep: set[str | None]) -> None:
    """Delete generations but the current and the previous one. A worker still mapping a deleted one reads on
    (unlinked files live until unmapped) and reopens on the current generation at its next sync."""
    for old in sorted(directory.glob("g*")):
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
