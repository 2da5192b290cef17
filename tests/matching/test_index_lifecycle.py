"""The match index: vectors live in the database, the index on disk is a cache that every worker keeps in step."""
from __future__ import annotations

import logging
import shutil
import threading
import time
from contextlib import contextmanager

import numpy as np
import pytest
from sqlalchemy import delete, event, select

from embeddings.ranker import current_generation
from matchmaker.extensions import db
from matchmaker.matching import engine as engine_module
from matchmaker.matching import services
from matchmaker.matching.engine import MatchEngine
from models import PostingVector, TechOffer
from models.choices import PostingStatus
from tests import factories
from tests.embeddings.test_encoder import build_tiny_model

FALLBACK_NAME = "paraphrase-multilingual-MiniLM-L12-v2"


def _matched_offer_ids(engine, need) -> list[int]:
    return [r.posting.id for r in services.matches_for(db.session, engine, None, need, limit=10)]


def _count_encodings(monkeypatch, engine) -> list[int]:
    """Wrap the engine's real encoder so a test can tell whether anything was encoded."""
    calls: list[int] = []
    original = engine.encoder.encode

    def counting(texts):
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(engine.encoder, "encode", counting)
    return calls


@pytest.fixture
def market():
    need = factories.NeedFactory(title="废旧锂电池回收", description="需要退役动力电池回收利用和正极材料再生技术。")
    offer = factories.OfferFactory(title="废旧锂电池正极材料再生技术",
                                   description="退役动力电池拆解后，正极材料直接再生修复，回收率高。")
    other = factories.OfferFactory(title="镁合金压铸工艺", description="镁合金汽车零部件的高真空压铸。",
                                   field=factories.field("magnesium_alloy"))
    db.session.commit()  # vectors are computed as the postings commit
    return need, offer, other


@pytest.fixture
def second(market, worker, monkeypatch) -> MatchEngine:
    """Another worker that has answered once, then checks the database on every query."""
    engine = worker()
    _matched_offer_ids(engine, market[0])
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 0.0)
    return engine


@pytest.fixture
def worker(app, tmp_path):
    """A second web worker: its own engine over the same database and index directory."""
    index_dir = app.config["MATCHMAKER_INDEX_DIR"]

    def make(directory=None) -> MatchEngine:
        engine = MatchEngine(FALLBACK_NAME, directory or index_dir)
        engine.encoder = app.extensions["matching"].encoder  # share the loaded model; it is read-only
        return engine

    return make


def test_committing_a_posting_stores_its_vector_with_model_and_text_hash(app, market):
    need, offer, _ = market
    rows = db.session.scalars(select(PostingVector).where(PostingVector.posting_id.in_([need.id, offer.id]))).all()

    assert {(r.posting_kind, r.posting_id) for r in rows} >= {("need", need.id), ("offer", offer.id)}
    assert {r.model_id for r in rows} == {app.extensions["matching"].encoder.model_id}
    assert all(len(r.text_hash) == 32 and r.dim == len(r.vector) // 4 for r in rows)


def test_a_vector_is_not_recomputed_when_the_text_is_unchanged(app, market, monkeypatch):
    need, _, _ = market
    calls = _count_encodings(monkeypatch, app.extensions["matching"])

    need.region = "河北省"
    db.session.commit()
    need.title = "退役电池回收与梯次利用"
    db.session.commit()

    assert calls == [1]


def test_the_matching_offer_ranks_first(app, market):
    need, offer, other = market

    ranked = _matched_offer_ids(app.extensions["matching"], need)

    assert ranked[0] == offer.id
    assert ranked.index(offer.id) < ranked.index(other.id) if other.id in ranked else True


def test_a_posting_saved_by_one_worker_is_matchable_in_another_without_restart(app, market, worker, monkeypatch):
    need, offer, _ = market
    second = worker()
    assert offer.id in _matched_offer_ids(second, need)

    newer = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍，回收率 98%。")
    db.session.commit()
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 0.0)

    assert newer.id in _matched_offer_ids(second, need)


def test_two_app_servers_with_separate_index_directories_see_each_others_new_postings(app, market, worker,
                                                                                      monkeypatch, tmp_path):
    need, _, _ = market
    host_a, host_b = worker(tmp_path / "host-a"), worker(tmp_path / "host-b")
    _matched_offer_ids(host_a, need), _matched_offer_ids(host_b, need)
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 0.0)

    newer = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍，回收率 98%。")
    db.session.commit()  # saved through host A's request, say: either way only the database is shared

    assert newer.id in _matched_offer_ids(host_a, need) and newer.id in _matched_offer_ids(host_b, need)
    assert not (tmp_path / "host-b").samefile(tmp_path / "host-a")


def test_a_worker_serves_from_a_memory_mapped_image(app, market, worker):
    need, offer, _ = market
    first = worker()

    assert offer.id in _matched_offer_ids(first, need)
    collection = first.collections["offer"]
    assert collection.generation == current_generation(first.directory("offer"))
    assert collection.vectors.read_only and isinstance(collection.lexical.image.post_slot.base, np.memmap)


def test_a_grown_delta_is_written_as_a_new_image_which_the_other_workers_open(app, market, worker, monkeypatch):
    need, _, _ = market
    first, second = worker(), worker()
    _matched_offer_ids(first, need), _matched_offer_ids(second, need)
    before = first.collections["offer"].generation
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 0.0)
    monkeypatch.setattr(engine_module, "IMAGE_DELTA_MIN", 1)

    newer = [factories.OfferFactory(title=f"动力电池回收湿法冶金提锂 {n}", description="退役锂电池湿法回收锂钴镍。")
             for n in range(3)]
    db.session.commit()
    from_delta = _matched_offer_ids(first, need)  # answered at once; the new image is written on a thread
    first.wait_for_images()
    written = current_generation(first.directory("offer"))
    first_ids, second_ids = _matched_offer_ids(first, need), _matched_offer_ids(second, need)

    assert written != before and {o.id for o in newer} <= set(from_delta)
    assert first.collections["offer"].generation == second.collections["offer"].generation == written
    assert first.collections["offer"].delta_size == 0
    assert first_ids == second_ids == from_delta


def test_a_closed_offer_leaves_every_workers_matches(app, market, second):
    need, offer, _ = market

    offer.status = PostingStatus.CLOSED
    db.session.commit()

    assert offer.id not in _matched_offer_ids(second, need)


def test_a_posting_deleted_behind_the_applications_back_leaves_the_index_at_the_next_count(app, market, second,
                                                                                           monkeypatch):
    _, _, other = market
    monkeypatch.setattr(engine_module, "COUNT_INTERVAL", 0.0)

    db.session.execute(delete(TechOffer).where(TechOffer.id == other.id))
    db.session.commit()
    second.ready(db.session)

    assert other.id not in second.collections["offer"].hashes


def test_a_routine_check_reads_the_latest_change_without_counting_the_postings(app, market, second):
    need, _, _ = market
    newer = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍，回收率 98%。")
    db.session.commit()
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2].lower())  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        matched = _matched_offer_ids(second, need)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    assert newer.id in matched
    assert statements and not any("count(" in statement for statement in statements), statements


@contextmanager
def _keeper_session():
    """A session of its own for a keeper thread (bound, like the test's, to the test's connection)."""
    session = db.session.session_factory()
    try:
        yield session
    finally:
        session.close()


def _keep_until_indexed(engine: MatchEngine, session_scope, posting_id: int) -> threading.Thread:
    """Run a keeper until it has indexed the offer (20 s at most), then stop it; the test's thread leaves the
    connection to the keeper meanwhile."""
    stop = threading.Event()
    keeper = engine.keep_in_step(session_scope, stop)
    try:
        deadline = time.monotonic() + 20
        while posting_id not in engine.collections["offer"].hashes and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        keeper.join(10)
    return keeper


def test_a_keeper_thread_brings_a_new_posting_into_the_index_without_any_request(app, market, worker):
    need, _, _ = market
    engine = worker()
    _matched_offer_ids(engine, need)
    newer = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍，回收率 98%。")
    db.session.commit()
    newer_id = newer.id

    keeper = _keep_until_indexed(engine, _keeper_session, newer_id)

    assert newer_id in engine.collections["offer"].hashes and not keeper.is_alive()


def test_a_keeper_whose_checks_fail_keeps_trying_and_catches_up(app, market, worker, monkeypatch):
    need, _, _ = market
    engine = worker()
    _matched_offer_ids(engine, need)
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 0.05)
    newer = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍，回收率 98%。")
    db.session.commit()
    newer_id, failures = newer.id, [OSError("database down")] * 2

    @contextmanager
    def flaky_session():
        if failures:
            raise failures.pop()
        with _keeper_session() as session:
            yield session

    _keep_until_indexed(engine, flaky_session, newer_id)

    assert failures == [] and newer_id in engine.collections["offer"].hashes


def test_while_a_keeper_checks_a_request_runs_no_query_until_the_keeper_is_late(app, market, worker, monkeypatch):
    need, _, _ = market
    engine = worker()
    _matched_offer_ids(engine, need)
    monkeypatch.setattr(engine_module, "SYNC_INTERVAL", 60.0)  # the keeper sleeps through the test
    stop = threading.Event()
    keeper = engine.keep_in_step(_keeper_session, stop)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        engine._checked_at = time.monotonic() - 61  # due for a request of an engine without a keeper
        engine.ready(db.session)
        quiet = list(statements)
        engine._checked_at = time.monotonic() - 60 * engine_module.KEEPER_GRACE - 1
        engine.ready(db.session)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
        stop.set()
        keeper.join(10)

    assert quiet == [] and statements


def test_a_request_that_finds_a_collection_being_reopened_waits_for_it_instead_of_failing(app, market, worker):
    need, offer, _ = market
    engine = worker()
    _matched_offer_ids(engine, need)
    engine.collections.pop("offer")  # as another thread's reopening leaves it for a moment
    engine._checked_at = time.monotonic()  # and the last check is fresh: no check of this request's reopens it

    assert offer.id in engine.collection(db.session, "offer").hashes


def test_a_restarted_worker_loads_the_index_from_disk_without_encoding(app, market, worker, monkeypatch, caplog):
    need, offer, _ = market
    first = worker()
    first.ready(db.session, force=True)
    first.save()
    restarted = worker()
    calls = _count_encodings(monkeypatch, restarted)

    with caplog.at_level(logging.INFO, logger="matchmaker.matching.engine"):
        restarted.ready(db.session, force=True)

    assert f"loaded {len(first.collections['offer'].vectors)} offer vectors" in caplog.text
    assert offer.id in _matched_offer_ids(restarted, need)
    assert calls == []


def test_deleted_index_files_are_rebuilt_from_stored_vectors_without_encoding(app, market, worker, monkeypatch):
    need, offer, _ = market
    first = worker()
    first.ready(db.session, force=True)
    first.save()
    shutil.rmtree(first.directory("offer"))
    rebuilt = worker()
    calls = _count_encodings(monkeypatch, rebuilt)

    assert offer.id in _matched_offer_ids(rebuilt, need)
    assert rebuilt.status["offer"] == "rebuilt from stored vectors"
    assert calls == []


def test_a_corrupt_index_file_is_rebuilt_from_stored_vectors(app, market, worker):
    need, offer, _ = market
    first = worker()
    first.ready(db.session, force=True)
    first.save()
    image = first.directory("offer") / current_generation(first.directory("offer"))
    (image / "main.faiss").unlink()  # not truncated in place: the first worker still has it memory-mapped
    (image / "main.faiss").write_bytes(b"not an index")

    rebuilt = worker()

    assert offer.id in _matched_offer_ids(rebuilt, need)
    assert rebuilt.status["offer"] == "rebuilt from stored vectors"


def test_reindex_with_re_embed_moves_every_vector_to_a_new_local_model(app, market, tmp_path, monkeypatch):
    need, offer, _ = market
    switched = MatchEngine(str(build_tiny_model(tmp_path / "tiny-model")), tmp_path / "index")
    monkeypatch.setitem(app.extensions, "matching", switched)

    result = app.test_cli_runner().invoke(args=["reindex", "--re-embed"])

    assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(PostingVector)).all()
    assert rows and {r.model_id for r in rows} == {switched.encoder.model_id}
    assert switched.encoder.model_id.startswith("tiny-model@")
    assert {r.dim for r in rows} == {16}
    assert offer.id in _matched_offer_ids(switched, need)


def test_two_local_models_never_share_a_model_id(tmp_path):
    first = MatchEngine(str(build_tiny_model(tmp_path / "a" / "model")), tmp_path / "i1")
    second = MatchEngine(str(build_tiny_model(tmp_path / "b" / "model")), tmp_path / "i2")

    assert first.encoder.model_id != second.encoder.model_id


def test_a_new_posting_still_waiting_for_its_vector_is_noticed_without_rereading_every_posting(app, market, second,
                                                                                              monkeypatch):
    need, _, _ = market
    waiting = factories.OfferFactory(title="动力电池回收湿法冶金提锂", description="退役锂电池湿法回收锂钴镍。")
    db.session.commit()
    db.session.execute(delete(PostingVector).where(PostingVector.posting_kind == "offer",
                                                   PostingVector.posting_id == waiting.id))
    db.session.commit()  # as if the embedding job had not run yet
    full_reads = []
    reconcile = second._reconcile
    monkeypatch.setattr(second, "_reconcile", lambda session, kind: full_reads.append(kind) or reconcile(session, kind))

    assert waiting.id not in _matched_offer_ids(second, need)
    assert full_reads == [] and waiting.id in second._unvectored["offer"]


def test_a_rebuild_writes_the_index_straight_into_an_image_that_the_worker_maps(app, market, worker):
    need, offer, _ = market
    first = worker()

    counts = first.rebuild(db.session)

    collection = first.collections["offer"]
    assert counts["offer"] == 2 and collection.delta_size == 0 and collection.vectors.read_only
    assert collection.generation == current_generation(first.directory("offer"))
    assert offer.id in _matched_offer_ids(first, need)
