"""FAISS inner-product search over normalised vectors keyed by posting id, persisted next to a manifest.

Exact (flat) search by default. Above `approximate_above` vectors a rebuild uses HNSW; as HNSW cannot delete,
later changes go to a small exact delta index and stale HNSW entries are masked until the next rebuild.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

log = logging.getLogger(__name__)
FORMAT = 1
# One query at a time is searched per request: OpenMP threads only add start-up and contention costs
# (measured: 30 ms instead of 2 ms per 10k-vector search on a busy 2-core machine).
faiss.omp_set_num_threads(1)
# Above this many vectors a rebuilt main index is HNSW. Exact search costs 1.8 ms a query over 25,000 vectors of 512
# dimensions on one core, HNSW 0.19 ms at recall@100 0.9999 (clustered vectors, bench/index_build.py); below 10,000
# exact search stays under a millisecond and needs no graph.
APPROXIMATE_ABOVE = 10_000


@dataclass
class Manifest:
    """What an index file holds: checked against the database before it is trusted."""

    model_id: str
    dim: int
    count: int
    kind: str = "flat"
    format: int = FORMAT
    last_change: str = ""
    extra: dict = field(default_factory=dict)


def _flat(dim: int) -> faiss.Index:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


class FrozenIds:
    """The ids of a main index that no longer changes, as one sorted array: a million ids in 8 MB, not 60 MB of set."""

    def __init__(self, ids: np.ndarray):
        self._ids = np.sort(np.asarray(ids, dtype=np.int64))

    def __contains__(self, doc_id: object) -> bool:
        at = int(self._ids.searchsorted(doc_id))
        return at < len(self._ids) and int(self._ids[at]) == doc_id

    def __len__(self) -> int:
        return len(self._ids)

    def holds(self, doc_ids: Sequence[int]) -> np.ndarray:
        """For each id, whether it is here: one binary search for all (a ranking asks about a few hundred)."""
        wanted = np.asarray(doc_ids, dtype=np.int64)
        if not len(self._ids):
            return np.zeros(len(wanted), dtype=bool)
        at = np.minimum(self._ids.searchsorted(wanted), len(self._ids) - 1)
        return self._ids[at] == wanted

    def __iter__(self):
        return iter(self._ids.tolist())


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))
    return matrix


class VectorIndex:
    """Exact or HNSW inner-product index with id-level add, replace and remove."""

    def __init__(self, dim: int, approximate_above: int = APPROXIMATE_ABOVE, hnsw_m: int = 32, ef_search: int = 256):
        self.dim = dim
        self.approximate_above = approximate_above
        self.hnsw_m, self.ef_search = hnsw_m, ef_search
        self.main: faiss.Index = _flat(dim)
        self.kind = "flat"
        self.delta: faiss.Index | None = None
        self.stale: set[int] = set()
        self._main_ids: set[int] | FrozenIds = set()
        self._delta_ids: set[int] = set()
        # A main index memory-mapped from its file is shared with other workers and never written: changes go to
        # the delta and stale ids, whatever the index kind.
        self.read_only = False

    def __len__(self) -> int:
        # Stale ids are main ids, and an id in the delta is stale in the main index if it was there.
        return len(self._main_ids) - len(self.stale) + len(self._delta_ids)

    def __contains__(self, doc_id: int) -> bool:
        return (doc_id in self._main_ids and doc_id not in self.stale) or doc_id in self._delta_ids

    def ids(self) -> set[int]:
        """Every id the index can return."""
        return {i for i in self._main_ids if i not in self.stale} | self._delta_ids

    def build(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Replace the whole index; HNSW when the collection is large enough."""
        matrix = _as_matrix(vectors, self.dim)
        id_array = np.asarray(ids, dtype=np.int64)
        if len(id_array) > self.approximate_above:
            hnsw = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 80
            hnsw.hnsw.efSearch = self.ef_search
            self.main, self.kind = faiss.IndexIDMap2(hnsw), "hnsw"
        else:
            self.main, self.kind = _flat(self.dim), "flat"
        if len(id_array):
            faiss.omp_set_num_threads(os.cpu_count() or 1)  # a bulk build does profit from every core
            try:
                self.main.add_with_ids(matrix, id_array)
            finally:
                faiss.omp_set_num_threads(1)
        self.delta, self.stale, self.read_only = None, set(), False
        self._main_ids = FrozenIds(id_array) if self.kind == "hnsw" else set(id_array.tolist())
        self._delta_ids = set()

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add or replace vectors."""
        if not len(ids):
            return
        matrix = _as_matrix(vectors, self.dim)
        id_array = np.asarray(ids, dtype=np.int64)
        self.remove(id_array.tolist())
        if self.kind == "flat" and not self.read_only:
            self.main.add_with_ids(matrix, id_array)
            self._main_ids.update(id_array.tolist())
            return
        if self.delta is None:
            self.delta = _flat(self.dim)
        self.delta.add_with_ids(matrix, id_array)
        self._delta_ids.update(id_array.tolist())

    def remove(self, ids: Sequence[int]) -> None:
        """Drop vectors by id; ids the index does not hold are ignored."""
        ids = [int(i) for i in ids]
        in_delta = [i for i in ids if i in self._delta_ids]
        if in_delta:
            self.delta.remove_ids(np.asarray(in_delta, dtype=np.int64))
            self._delta_ids.difference_update(in_delta)
        in_main = [i for i in ids if i in self._main_ids and i not in self.stale]
        if not in_main:
            return
        if self.kind == "flat" and not self.read_only:
            self.main.remove_ids(np.asarray(in_main, dtype=np.int64))
            self._main_ids.difference_update(in_main)
        else:
            self.stale.update(in_main)

    def search(self, vector: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k nearest ids by inner product, best first, among allowed ids when given."""
        query = _as_matrix(vector, self.dim)
        hits: dict[int, float] = {}
        for index, is_main in ((self.main, True), (self.delta, False)):
            if index is None or index.ntotal == 0:
                continue
            want = min(k + (len(self.stale) if is_main else 0), index.ntotal)
            params = self._params(index, allowed)
            scores, labels = index.search(query, want, params=params) if params else index.search(query, want)
            for score, label in zip(scores[0], labels[0]):
                label = int(label)
                if label < 0 or (is_main and label in self.stale):
                    continue
                hits[label] = max(float(score), hits.get(label, -2.0))
        return sorted(hits.items(), key=lambda item: -item[1])[:k]

    def _params(self, index: faiss.Index, allowed: np.ndarray | None):
        if allowed is None:
            return None
        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        if index is self.main and self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=self.ef_search)
        return faiss.SearchParameters(sel=selector)

    def vectors(self, ids: Sequence[int]) -> np.ndarray:
        """Stored vectors for ids (zeros for ids not held), for scoring candidates another channel found."""
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        ids = [int(doc_id) for doc_id in ids]
        in_delta = [row for row, doc_id in enumerate(ids) if doc_id in self._delta_ids]
        held = (self._main_ids.holds(ids).tolist() if isinstance(self._main_ids, FrozenIds)
                else [doc_id in self._main_ids for doc_id in ids])
        in_main = [row for row, doc_id in enumerate(ids)
                   if held[row] and doc_id not in self._delta_ids and doc_id not in self.stale]
        # One call per index: a ranking pool asks for a few hundred vectors.
        for index, rows in ((self.delta, in_delta), (self.main, in_main)):
            if rows:
                out[rows] = index.reconstruct_batch(np.asarray([ids[r] for r in rows], dtype=np.int64))
        return out

    def snapshot(self) -> VectorIndex:
        """A copy that later changes to this index do not touch; a read-only (mapped) main index is shared."""
        copy = VectorIndex(self.dim, self.approximate_above, self.hnsw_m, self.ef_search)
        copy.main = self.main if self.read_only else faiss.clone_index(self.main)
        copy.kind, copy.read_only = self.kind, self.read_only
        copy.delta = faiss.clone_index(self.delta) if self.delta is not None else None
        main_ids = self._main_ids if isinstance(self._main_ids, FrozenIds) else set(self._main_ids)
        copy.stale, copy._main_ids, copy._delta_ids = set(self.stale), main_ids, set(self._delta_ids)
        return copy

    def set_ef_search(self) -> None:
        if self.kind == "hnsw":
            faiss.downcast_index(self.main.index).hnsw.efSearch = self.ef_search

    # Persistence ---------------------------------------------------------------------------------------------

    def save(self, directory: Path | str, manifest: Manifest) -> None:
        """Write index files, then the manifest last, each atomically, so a crash leaves the old set or the new."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        manifest.kind, manifest.count, manifest.dim = self.kind, len(self), self.dim
        manifest.extra = {"stale": sorted(self.stale)}
        _write_index(self.main, directory / "main.faiss")
        delta_path = directory / "delta.faiss"
        if self.delta is not None and self.delta.ntotal:
            _write_index(self.delta, delta_path)
        elif delta_path.exists():
            delta_path.unlink()
        tmp = directory / "manifest.json.tmp"
        tmp.write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=1))
        os.replace(tmp, directory / "manifest.json")

    @classmethod
    def load(cls, directory: Path | str, mmap: bool = False, **options) -> tuple[VectorIndex, Manifest]:
        """Read a saved index; raises ValueError when files are missing, corrupt or disagree with the manifest.

        With `mmap`, the main index's vectors are mapped read-only from the file instead of copied: workers of one
        host then share one copy in the page cache.
        """
        directory = Path(directory)
        try:
            manifest = Manifest(**json.loads((directory / "manifest.json").read_text()))
            if manifest.format != FORMAT:
                raise ValueError(f"index format {manifest.format}, expected {FORMAT}")
            index = cls(manifest.dim, **options)
            flags = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY if mmap else 0
            index.main = faiss.read_index(str(directory / "main.faiss"), flags)
            index.read_only = mmap
            index.kind = manifest.kind
            delta_path = directory / "delta.faiss"
            index.delta = faiss.read_index(str(delta_path)) if delta_path.exists() else None
        except (OSError, RuntimeError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"unreadable index in {directory}: {exc}") from exc
        index.stale = set(manifest.extra.get("stale", []))
        main_ids = faiss.vector_to_array(index.main.id_map)
        index._main_ids = FrozenIds(main_ids) if mmap or index.kind == "hnsw" else set(main_ids.tolist())
        index._delta_ids = set(faiss.vector_to_array(index.delta.id_map).tolist()) if index.delta else set()
        if index.main.d != manifest.dim or len(index) != manifest.count:
            raise ValueError(f"index in {directory} holds {len(index)} vectors, manifest says {manifest.count}")
        index.set_ef_search()
        return index, manifest


def _write_index(index: faiss.Index, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    faiss.write_index(index, str(tmp))
    os.replace(tmp, path)
