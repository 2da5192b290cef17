"""Wire matching into the app: one engine per process, and vectors refreshed whenever postings are committed."""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from matchmaker.matching import embedding_jobs
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.vectors import refresh
from models import TechNeed, TechOffer

log = logging.getLogger(__name__)
_PENDING = "matching_pending"
_TOUCHED = "matching_touched"


def engine() -> MatchEngine:
    """The current app's match engine."""
    return current_app.extensions["matching"]


def init_app(app: Flask, session_factory) -> None:
    app.extensions["matching"] = MatchEngine(
        app.config["MATCHMAKER_EMBEDDING_MODEL"], app.config["MATCHMAKER_INDEX_DIR"],
        approximate_above=app.config["MATCHMAKER_APPROXIMATE_ABOVE"],
        encoder_threads=app.config.get("MATCHMAKER_ENCODER_THREADS"),
    )
    for name, listener in (("after_flush", _remember_postings), ("before_commit", _embed_remembered),
                           ("after_commit", _expire_sync_throttle), ("after_rollback", _forget)):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)


def _remember_postings(session: Session, _context) -> None:
    pending = session.info.setdefault(_PENDING, {})
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, TechOffer | TechNeed):
            pending[(obj.kind, id(obj))] = obj


def _embed_remembered(session: Session) -> None:
    # Inline, embedding inside the commit keeps a posting and its vector in one transaction: none exists without
    # the other. On RQ a worker embeds after the commit, and its sweep catches what a lost job left undone.
    if not has_app_context() or "matching" not in current_app.extensions:
        return
    session.flush()
    pending = session.info.pop(_PENDING, {})
    postings = [p for p in pending.values() if p.id is not None and p in session]
    if postings and embedding_jobs.in_background():
        # Encoding costs tens of milliseconds a posting: on RQ the request answers without waiting for it.
        embedding_jobs.hand_over(session, postings)
        return
    if postings:
        session.info[_TOUCHED] = True
        engine = current_app.extensions["matching"]
        count = refresh(session, engine.live_encoders(session), postings)
        if count:
            log.debug("embedded %d postings", count)


def _expire_sync_throttle(session: Session) -> None:
    # This worker just changed postings: its next match query must see them, whatever the throttle says.
    if session.info.pop(_TOUCHED, False) and has_app_context() and "matching" in current_app.extensions:
        current_app.extensions["matching"].expire()


def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_TOUCHED, None)


def warm_up(app: Flask) -> threading.Thread:
    """Load the model and the index in the background, so the first visitor does not wait for them; then keep the
    index in step with the database from a thread of its own (MatchEngine.keep_in_step)."""
    from matchmaker.extensions import db

    engine = app.extensions["matching"]

    @contextmanager
    def session_scope():
        with app.app_context():  # the app context's teardown removes the thread's session
            yield db.session

    def run() -> None:
        try:
            with session_scope() as session:
                engine.ready(session, force=True)
        except Exception:  # a failed warm-up only means the first request does the loading
            log.exception("warming up the match engine failed")
        engine.keep_in_step(session_scope)

    thread = threading.Thread(target=run, name="matching-warm-up", daemon=True)
    thread.start()
    return thread
