"""One match index per process, loaded from disk, checked against the database and kept in step with it.

Every web worker owns an engine. Before answering, it asks the database whether postings changed since it
last looked (one cheap aggregate query, at most every `SYNC_INTERVAL` seconds) and indexes the changes, so a
posting saved by any worker is matchable everywhere within about a second.

The engine serves the model that `embedding_models` marks as serving (the configured one when none is marked).
While a re-embed fills the configured model's vectors (matchmaker.matching.switch), matches keep coming from the
serving model's vectors and encoder; when the re-embed marks the new model serving, every engine notices on its
next check and reopens on it. An index is always one model's vectors, and a query vector always comes from the
encoder of the index it is searched in.
"""
from __future__ import annotations

import fcntl
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from embeddings.calibration import Calibration, calibration_for
from embeddings.encoder import Encoder
from embeddings.fusion import params_for
from embeddings.lexicon import Lexicon
from embeddings.ranker import Collection, current_generation
from embeddings.vector_index import APPROXIMATE_ABOVE
from matchmaker.matching.documents import document_of, facts_of
from matchmaker.matching.vectors import MODELS, from_bytes
from models import EmbeddingModel, PostingVector
from models.base import as_utc
from models.choices import EmbeddingStatus

log = logging.getLogger(__name__)
SYNC_INTERVAL = 0.5
# Where a keeper thread checks every SYNC_INTERVAL (MatchEngine.keep_in_step), a request checks for itself only once
# the last check is this many intervals old: a check that finds new postings indexes them (a few milliseconds each),
# and a request should not be the one that pays for it.
KEEPER_GRACE = 4
# A keeper whose check fails (the database is down, say) waits twice as long each time, up to this.
KEEPER_MAX_PAUSE = 30.0
# Counting the postings (which notices rows deleted behind the application's back) scans a whole index: 46 ms at
# 100k offers on PostgreSQL, which every worker paid twice a second in the request that happened to check. The
# latest `updated_at` is one index lookup and notices everything the application itself does.
COUNT_INTERVAL = 15.0
# Rows committed slightly out of timestamp order are caught by re-reading a short window.
LOOKBACK = timedelta(seconds=5)
# A worker writes a new shared image once its in-memory delta holds this many changed postings, or this share.
IMAGE_DELTA_MIN = 500
IMAGE_DELTA_SHARE = 0.02


class MatchEngine:
    """The encoders plus an offers and a needs collection, persisted under index_dir/<model>/<kind>.

    `encoder` is the configured model's: new vectors are made with it. `serving_encoder` is the one whose vectors
    the collections hold; the two differ only until a re-embed moves the market to the configured model.
    """

    def __init__(self, model_name: str, index_dir: str | Path, approximate_above: int = APPROXIMATE_ABOVE,
                 encoder_threads: int | None = None):
        self.index_dir = Path(index_dir)
        self.encoder_threads = encoder_threads
        self.approximate_above = approximate_above
        self.model_name = model_name
        self._lexicon: Lexicon | None = None
        self.encoder = Encoder(model_name, lexicon_loader=lambda: self.lexicon, threads=encoder_threads)
        self._serving: Encoder | None = None
        # Every encoder this engine has served from, by model id: a request still holding the previous index when
        # the market switches must find the encoder of that index, not the new one.
        self._served: dict[str, Encoder | None] = {}
        self.serving_note = ""
        self.collections: dict[str, Collection] = {}
        self._seen: dict[str, tuple[int, datetime | None]] = {}
        self._updated: dict[str, dict[int, datetime]] = {}
        # Postings seen before their vector was stored (it is written at commit); re-checked on every sync.
        self._unvectored: dict[str, set[int]] = {"offer": set(), "need": set()}
        self._checked_at = 0.0
        self._counted_at = 0.0
        self._most_vectors: tuple[float | None, str | None] = (None, None)
        self._lock = threading.RLock()
        self._writers: dict[str, threading.Thread] = {}
        self._keeper: threading.Thread | None = None
        self.status: dict[str, str] = {}

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = Lexicon.load(self.index_dir)
        return self._lexicon

    @property
    def serving_encoder(self) -> Encoder:
        """The encoder of the vectors matches are served from (the configured one until ready() says otherwise)."""
        return self._serving or self.encoder

    @property
    def serving_id(self) -> str:
        return self.serving_encoder.model_id

    def directory(self, kind: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_.+@" else "_" for c in self.serving_id)
        return self.index_dir / safe / kind

    # Which model serves -----------------------------------------------------------------------------------------

    def serving_target(self, session: Session) -> tuple[str, str]:
        """(model id, spec) of the model marked serving; unmarked, the one most vectors are from, else the configured.

        A market whose configuration changed before any re-embed recorded a serving model keeps being served from
        the vectors it has, instead of from an empty index of the new model.
        """
        row = session.execute(select(EmbeddingModel.model_id, EmbeddingModel.spec).where(
            EmbeddingModel.status == EmbeddingStatus.SERVING).order_by(EmbeddingModel.updated_at.desc())).first()
        if row is not None:
            return row.model_id, row.spec
        # Grouping every stored vector is a scan of the whole table: asked on each check, it is kept a while.
        asked_at, most = self._most_vectors
        if asked_at is None or time.monotonic() - asked_at >= COUNT_INTERVAL:
            most = session.execute(select(PostingVector.model_id).group_by(PostingVector.model_id)
                                   .order_by(func.count().desc(), PostingVector.model_id).limit(1)).scalar()
            self._most_vectors = (time.monotonic(), most)
        if most is None or most == self.encoder.model_id:
            return self.encoder.model_id, self.model_name
        return most, most.removesuffix("+cedict")

    def encoder_for(self, model_id: str, spec: str) -> Encoder | None:
        """An encoder that makes exactly `model_id`'s vectors, or None when this machine cannot load that model."""
        if model_id == self.encoder.model_id:
            return self.encoder
        if model_id in self._served:
            return self._served[model_id]
        candidate = Encoder(spec, lexicon_loader=lambda: self.lexicon, candidates=[spec], threads=self.encoder_threads)
        try:
            loaded = candidate.model_id
        except Exception as exc:  # a model that no longer loads cannot serve; the caller decides what serves
            log.warning("serving model %s (%s) cannot be loaded: %s", model_id, spec, exc)
            loaded = None
        # Remembered either way, so a model that does not load is not tried again on every commit.
        self._served[model_id] = candidate if loaded == model_id else None
        return self._served[model_id]

    def live_encoders(self, session: Session) -> list[Encoder]:
        """Every encoder a newly saved posting needs a vector from: the serving model's, and the configured one's."""
        model_id, spec = self.serving_target(session)
        serving = self.encoder_for(model_id, spec) if model_id != self.encoder.model_id else None
        return [serving, self.encoder] if serving is not None else [self.encoder]

    def _follow_serving(self, session: Session) -> None:
        """Reopen on another model when the database says it now serves."""
        model_id, spec = self.serving_target(session)
        if model_id == self.serving_id and self.collections:
            return
        encoder = self.encoder_for(model_id, spec)
        if encoder is None:
            encoder = self.encoder
            self.serving_note = f"{model_id} is marked serving but cannot be loaded here; serving {encoder.model_id}"
            log.warning(self.serving_note)
        else:
            self.serving_note = "" if encoder is self.encoder else (
                f"serving {model_id} until a re-embed moves the market to {self.encoder.model_id}")
        if encoder.model_id != self.serving_id or not self.collections:
            if self.collections:
                log.info("match index switches from %s to %s", self.serving_id, encoder.model_id)
            self.reset()
            self._serving = None if encoder is self.encoder else encoder
            self._served[encoder.model_id] = encoder

    def reset(self) -> None:
        """Forget the in-memory index; the next use loads or rebuilds it."""
        with self._lock:
            self.collections.clear()
            self._seen.clear()
            self._updated.clear()
            self._unvectored = {"offer": set(), "need": set()}
            self._checked_at = self._counted_at = 0.0

    def expire(self) -> None:
        """Make the next query check the database for changes, skipping the throttle."""
        self._checked_at = 0.0

    def collection(self, session: Session, kind: str) -> Collection:
        """The kind's collection, in step with the database."""
        self.ready(session)
        found = self.collections.get(kind)
        if found is None:  # another thread is reopening the index (a model switch): wait for it under the lock
            with self._lock:
                if kind not in self.collections:
                    self.ready(session, force=True)
                found = self.collections[kind]
        return found

    def ready(self, session: Session, force: bool = False, max_age: float | None = None) -> None:
        """Open the collections on first use, then catch up with changes once the last check is `max_age` seconds
        old (SYNC_INTERVAL; longer while a keeper thread checks) or when forced."""
        if max_age is None:
            keeper = self._keeper
            max_age = SYNC_INTERVAL * (KEEPER_GRACE if keeper is not None and keeper.is_alive() else 1)
        if not force and self.collections and time.monotonic() - self._checked_at < max_age:
            return  # no lock: a keeper's check in progress does not hold up the requests
        with self._lock:
            now = time.monotonic()
            due = force or now - self._checked_at >= SYNC_INTERVAL
            if due or not self.collections:
                self._follow_serving(session)
            opened = [kind for kind in MODELS if kind not in self.collections]
            for kind in opened:
                self._open(session, kind)
            if opened:
                # The index is millions of long-lived dicts and lists; left to the cyclic collector, every full
                # collection walks them all and stalls a request for tens of milliseconds. Reference counting still
                # frees them when an index is replaced.
                gc.freeze()
            if due or opened:
                self._checked_at = now
                counting = force or bool(opened) or now - self._counted_at >= COUNT_INTERVAL
                if counting:
                    self._counted_at = now
                for kind in MODELS:
                    self._sync(session, kind, counting)
                    self._follow_image(session, kind)

    def keep_in_step(self, session_scope: Callable[[], AbstractContextManager[Session]],
                     stop: threading.Event | None = None) -> threading.Thread:
        """Check the database every SYNC_INTERVAL on a thread of this process, so that requests seldom do.

        `session_scope()` gives a session for one check. Requests still check for themselves when the keeper falls
        behind (KEEPER_GRACE) and after this process saved postings (`expire`), so they read their own writes.
        """
        stop = stop or threading.Event()

        def run() -> None:
            pause = SYNC_INTERVAL
            while not stop.wait(pause):
                try:
                    with session_scope() as session:
                        self.ready(session, max_age=SYNC_INTERVAL)
                    pause = SYNC_INTERVAL
                except Exception:  # the requests check for themselves meanwhile; the keeper tries again, less often
                    log.exception("keeping the match index in step failed; trying again in %.1f s", pause * 2)
                    pause = min(pause * 2, KEEPER_MAX_PAUSE)

        self._keeper = threading.Thread(target=run, name="matching-keeper", daemon=True)
        self._keeper.start()
        return self._keeper

    # Opening -------------------------------------------------------------------------------------------------

    def _open(self, session: Session, kind: str) -> None:
        directory = self.directory(kind)
        try:
            collection, manifest = Collection.load(kind, directory, self.lexicon, self.approximate_above,
                                                   params_for(self.serving_encoder.family))
            if manifest.model_id != self.serving_id:
                raise ValueError(f"index is for {manifest.model_id}, encoder is {self.serving_id}")
            collection.model_id = self.serving_id
            self.collections[kind] = collection
            self._updated[kind] = collection.facts.values_of("_updated")
            log.info("loaded %d %s vectors from %s without re-encoding", len(collection.vectors), kind, directory)
            self.status[kind] = f"loaded {len(collection.vectors)} vectors from disk"
        except ValueError as exc:
            if directory.exists() or (directory / "manifest.json").exists():
                log.warning("%s index unusable (%s); rebuilding from stored vectors", kind, exc)
            self._build_image(session, kind)
        self._reconcile(session, kind)
        # Small catch-ups stay in this worker's delta (see _follow_image); a fresh or reshaped index is written.
        if self.collections[kind].optimise() or self.collections[kind].generation is None:
            self.save(kind)
            self._reopen(kind)
        self.collections[kind].warm()

    def _build_image(self, session: Session, kind: str) -> None:
        """Index every posting of the kind that has a vector of the serving model straight into a new image, and
        open it. The lexical channels go to disk through compact buffers (Collection.build_saved), so a rebuild of
        a million postings holds their texts and vectors, not an in-memory index of them."""
        model = MODELS[kind]
        docs, matrix, last_id = [], [], 0
        while True:  # keyset pages of 1,000 postings, by id
            page = session.execute(
                select(model, PostingVector.text_hash, PostingVector.vector, PostingVector.dim)
                .join(PostingVector, (PostingVector.posting_id == model.id) & (PostingVector.posting_kind == kind)
                      & (PostingVector.model_id == self.serving_id))
                .where(model.id > last_id).order_by(model.id).limit(1000)).all()
            if not page:
                break
            for posting, vector_hash, blob, dim in page:
                doc = document_of(posting, vector_hash)
                doc.facts = {**doc.facts, "_updated": as_utc(posting.updated_at)}
                docs.append(doc)
                matrix.append(from_bytes(blob, dim))
            last_id = page[-1][0].id
        vectors = np.vstack(matrix) if matrix else np.zeros((0, self.serving_encoder.dim), dtype=np.float32)
        del matrix
        with self._file_lock():
            collection, _manifest = Collection.build_saved(
                kind, self.directory(kind), docs, vectors, self.lexicon, self.serving_id,
                approximate_above=self.approximate_above, params=params_for(self.serving_encoder.family))
        collection.model_id = self.serving_id
        self.collections[kind] = collection
        self._updated[kind] = collection.facts.values_of("_updated")
        self.status[kind] = "rebuilt from stored vectors"

    def _reopen(self, kind: str) -> None:
        """Swap the kind's collection for the saved image, memory-mapped (shared with the host's other workers)."""
        collection, _manifest = Collection.load(kind, self.directory(kind), self.lexicon, self.approximate_above,
                                                params_for(self.serving_encoder.family))
        collection.model_id = self.serving_id
        self.collections[kind] = collection

    def _follow_image(self, session: Session, kind: str) -> None:
        """Reopen on a newer image another worker wrote; write one when this worker's delta has grown."""
        collection = self.collections[kind]
        current = current_generation(self.directory(kind))
        if current is not None and current != collection.generation:
            try:
                self._reopen(kind)
            except ValueError as exc:  # a generation half-pruned under us: keep serving what this worker has
                log.warning("could not open the %s index image %s: %s", kind, current, exc)
                return
            self._updated[kind] = self.collections[kind].facts.values_of("_updated")
            self._reconcile(session, kind)
            log.info("%s index follows image %s", kind, current)
            return
        if collection.delta_size > max(IMAGE_DELTA_MIN, IMAGE_DELTA_SHARE * len(collection)):
            self._write_image_in_background(kind)

    def _write_image_in_background(self, kind: str) -> None:
        """Write the kind's collection as a new image on a thread, from a snapshot taken now.

        Requests keep being answered from the old image and the delta meanwhile; once the new generation is current,
        this worker opens it at its next check like every other worker does.
        """
        running = self._writers.get(kind)
        if running is not None and running.is_alive():
            return
        snapshot = self.collections[kind].snapshot()
        latest = self._seen.get(kind, (0, None))[1]
        directory, model_id = self.directory(kind), self.serving_id

        def write() -> None:
            try:
                with self._file_lock():
                    if current_generation(directory) != snapshot.generation:
                        return  # another worker wrote one meanwhile; the next check opens it
                    snapshot.save(directory, model_id, latest.isoformat() if latest else "")
                log.info("%s index image %s written from %d postings", kind, snapshot.generation, len(snapshot))
            except Exception:  # the delta keeps serving; the next check tries again
                log.exception("writing the %s index image failed", kind)

        self._writers[kind] = threading.Thread(target=write, name=f"index-image-{kind}", daemon=True)
        self._writers[kind].start()

    def wait_for_images(self, timeout: float | None = None) -> None:
        """Wait until index images being written in the background are on disk (shutdown, commands, tests)."""
        for writer in list(self._writers.values()):
            writer.join(timeout)

    def _reconcile(self, session: Session, kind: str) -> int:
        """Compare every posting's update time with what the index holds; index the differences."""
        model = MODELS[kind]
        current = {pid: as_utc(updated) for pid, updated in session.execute(select(model.id, model.updated_at))}
        known = self._updated[kind]
        self._unvectored[kind] &= set(current)
        gone = [pid for pid in known if pid not in current]
        if gone:
            self.collections[kind].remove(gone)
            for pid in gone:
                known.pop(pid, None)
        changed = [pid for pid, updated in current.items() if known.get(pid) != updated]
        indexed = self._index(session, kind, changed)
        self._seen[kind] = (len(current), max(current.values(), default=None))
        if changed or gone:
            log.info("%s index caught up: %d changed, %d removed, %d vectors in all", kind, indexed, len(gone),
                     len(self.collections[kind].vectors))
        return indexed + len(gone)

    # Keeping in step -----------------------------------------------------------------------------------------

    def _sync(self, session: Session, kind: str, counting: bool = True) -> None:
        """Index what changed since the last look; `counting` also counts the rows, to notice deletions."""
        waiting = self._unvectored[kind]
        if waiting and len(waiting) <= 1000:  # more means a model switch: `matchmaker reindex` brings them in
            arrived = list(session.scalars(select(PostingVector.posting_id).where(
                PostingVector.posting_kind == kind, PostingVector.posting_id.in_(waiting),
                PostingVector.model_id == self.serving_id)))
            self._index(session, kind, arrived)
        model = MODELS[kind]
        seen_count, seen_latest = self._seen.get(kind, (0, None))
        if counting or seen_latest is None:
            count, latest = session.execute(select(func.count(model.id), func.max(model.updated_at))).one()
        else:
            count, latest = seen_count, session.scalar(select(func.max(model.updated_at)))
        latest = as_utc(latest) if latest else None
        if (count, latest) == (seen_count, seen_latest):
            return
        if count < seen_count or seen_latest is None:
            self._reconcile(session, kind)
            return
        since = seen_latest - LOOKBACK
        rows = session.execute(select(model.id, model.updated_at).where(model.updated_at >= since)).all()
        known = self._updated[kind]
        changed = [pid for pid, updated in rows if known.get(pid) != as_utc(updated)]
        self._index(session, kind, changed)
        self._seen[kind] = (count, latest)
        # Postings still waiting for their vector are accounted for: each new posting would otherwise make every
        # worker re-read the whole table (150 ms at 100k postings) in the request that noticed it.
        if counting and count != len(known) + len(self._unvectored[kind] - known.keys()):
            self._reconcile(session, kind)

    def _index(self, session: Session, kind: str, posting_ids: Iterable[int]) -> int:
        """(Re)index postings by id: text and facts from their rows, vectors from the database, never re-encoded."""
        posting_ids = list(posting_ids)
        if not posting_ids:
            return 0
        model = MODELS[kind]
        collection = self.collections[kind]
        known = self._updated[kind]
        model_id = self.serving_id
        done = 0
        for start in range(0, len(posting_ids), 1000):
            chunk = posting_ids[start:start + 1000]
            postings = {p.id: p for p in session.scalars(select(model).where(model.id.in_(chunk)))}
            vectors = {
                row.posting_id: row
                for row in session.scalars(select(PostingVector).where(
                    PostingVector.posting_kind == kind, PostingVector.posting_id.in_(chunk),
                    PostingVector.model_id == model_id))
            }
            docs, matrix, unvectored = [], [], []
            for pid in chunk:
                posting = postings.get(pid)
                if posting is None:
                    continue
                facts = {**facts_of(posting), "_updated": as_utc(posting.updated_at)}
                row = vectors.get(pid)
                if row is None:
                    unvectored.append(pid)
                    self._unvectored[kind].add(pid)
                    continue
                self._unvectored[kind].discard(pid)
                if collection.hashes.get(pid) == row.text_hash and pid in collection.vectors:
                    collection.update_facts(pid, facts)
                else:
                    doc = document_of(posting, row.text_hash)
                    doc.facts = facts
                    docs.append(doc)
                    matrix.append(from_bytes(row.vector, row.dim))
                known[pid] = facts["_updated"]
                done += 1
            if docs:
                collection.upsert(docs, np.vstack(matrix))
            if unvectored:
                collection.remove(unvectored)
                log.info("%d %s postings have no %s vector yet; they are not matchable until embedded",
                         len(unvectored), kind, model_id)
        return done

    # Persistence ---------------------------------------------------------------------------------------------

    @contextmanager
    def _file_lock(self):
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save(self, kind: str | None = None, locked: bool = False) -> None:
        """Persist collections as new images; several workers may save at once, so writes hold a file lock."""
        with self._lock, (nullcontext() if locked else self._file_lock()):
            for name in [kind] if kind else list(self.collections):
                latest = self._seen.get(name, (0, None))[1]
                self.collections[name].save(self.directory(name), self.serving_id,
                                            latest.isoformat() if latest else "")

    def rebuild(self, session: Session) -> dict[str, int]:
        """Drop the in-memory and on-disk state and rebuild from stored vectors."""
        with self._lock:
            self.reset()
            self._follow_serving(session)
            for kind in MODELS:
                self._build_image(session, kind)
                self._reconcile(session, kind)
            return {kind: len(c.vectors) for kind, c in self.collections.items()}

    def vector_count(self, session: Session) -> dict[str, int]:
        """Stored vectors per model, for the admin page."""
        rows = session.execute(select(PostingVector.model_id, func.count()).group_by(PostingVector.model_id))
        return dict(rows.all())

    def encode_query(self, collection: Collection, text: str) -> np.ndarray:
        """A query text's vector from the encoder of the collection it will be searched in (LRU-cached)."""
        return self.encoder_of(collection).encode_query(text)

    def encode_for(self, collection: Collection, texts: list[str]) -> np.ndarray:
        """Texts' vectors from the encoder of the collection they will be searched in."""
        return self.encoder_of(collection).encode(texts)

    def calibration_of(self, collection: Collection) -> Calibration:
        """The strength calibration for the scores of a collection (its encoder's family)."""
        return calibration_for(self.encoder_of(collection).family)

    def encoder_of(self, collection: Collection) -> Encoder:
        """The encoder that made a collection's vectors."""
        model_id = getattr(collection, "model_id", None)
        if model_id == self.encoder.model_id:
            return self.encoder
        encoder = self._served.get(model_id)
        if encoder is None:
            raise LookupError(f"no encoder for index model {model_id}")
        return encoder
