"""Embedding saved postings in the background: on the RQ queue `matching` when the app runs jobs on RQ.

The posting row is the record of what needs doing: a posting whose stored vector is missing or older than its
text is embedded by whichever comes first of its job, the job's retry, or the sweep a worker runs when it starts
(`embed_missing`). A worker killed in the middle of a job therefore loses nothing: the transaction that would
have stored the vectors never committed, and the next worker finds the posting still unembedded.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import jobs
from matchmaker.matching.documents import Posting
from matchmaker.matching.vectors import MODELS, refresh
from models import PostingVector
from models.base import as_utc

log = logging.getLogger(__name__)
QUEUE = "matching"
JOB = "matchmaker.matching.embedding_jobs.embed_job"
BATCH = 128


def in_background() -> bool:
    """Whether saved postings are embedded by an RQ worker instead of inside the saving request."""
    return jobs.mode() == "rq"


def hand_over(session: Session, postings: Sequence[Posting]) -> None:
    """Queue the postings' embedding once the transaction that saved them commits."""
    app = current_app._get_current_object()
    for kind in MODELS:
        ids = sorted({p.id for p in postings if p.kind == kind and p.id is not None})
        if ids:
            jobs.after_commit(session, lambda kind=kind, ids=ids: jobs.enqueue(app, JOB, kind, ids, queue=QUEUE))


def embed_job(kind: str, ids: list[int]) -> int:
    """The background job: vectors for the postings that still need them (deleted ones are skipped)."""
    if not has_app_context():  # an RQ worker started outside `matchmaker worker`
        from matchmaker import create_app

        with create_app().app_context():
            return embed_job(kind, ids)
    from matchmaker.extensions import db
    from matchmaker.matching.setup import engine

    model = MODELS[kind]
    done = 0
    for start in range(0, len(ids), BATCH):
        postings = list(db.session.scalars(select(model).where(model.id.in_(ids[start:start + BATCH]))))
        done += refresh(db.session, engine().live_encoders(db.session), postings)
        db.session.commit()
    log.info("embedded %d of %d %s postings", done, len(ids), kind)
    return done


def unembedded(session: Session, model_ids: Sequence[str]) -> dict[str, list[int]]:
    """Ids of postings, by kind, with no vector of one of the models or one older than the posting's last save.

    Compared here rather than by an anti-join in SQL: right after a bulk load the planner's row estimates are stale
    and a correlated NOT EXISTS turned into a nested loop over every pair (minutes at 100k postings).
    """
    out: dict[str, list[int]] = {}
    for kind, model in MODELS.items():
        saved = dict(session.execute(select(model.id, model.updated_at)).all())
        ids: set[int] = set()
        for model_id in model_ids:
            stored = dict(session.execute(select(PostingVector.posting_id, PostingVector.updated_at).where(
                PostingVector.posting_kind == kind, PostingVector.model_id == model_id)).all())
            ids.update(pid for pid, updated in saved.items()
                       if pid not in stored or as_utc(stored[pid]) < as_utc(updated))
        out[kind] = sorted(ids)
    return out


def embed_missing(session: Session, engine, progress=None) -> int:
    """Embed every posting whose vector of a live model is missing or stale, committing batch by batch.

    Postings saved but not yet embedded by their job are caught here, and only they are encoded: a posting whose
    save did not change its text keeps its vector (refresh compares text hashes).
    """
    encoders = engine.live_encoders(session)
    done = 0
    for kind, ids in unembedded(session, [e.model_id for e in encoders]).items():
        model = MODELS[kind]
        for start in range(0, len(ids), BATCH):
            postings = list(session.scalars(select(model).where(model.id.in_(ids[start:start + BATCH]))))
            done += refresh(session, encoders, postings)
            session.commit()
            if progress:
                progress(kind, min(start + BATCH, len(ids)), len(ids))
    return done
