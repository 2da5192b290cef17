"""Moving the market's vectors onto the configured model while matches keep being served from the current one.

The configured model's vectors are written beside the serving model's, batch by batch, with progress in its
`embedding_models` row. Postings saved meanwhile get vectors from both (MatchEngine.live_encoders). When every
posting has a current vector from the new model, one transaction marks it serving, retires the old model and
deletes its vectors; every engine reopens on the new model at its next check. Until then nothing changes for
anyone matching: answers come from one model's vectors, never a mix, and never from an empty index.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matchmaker import jobs
from matchmaker.errors import Conflict
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.vectors import MODELS, embed_postings, stale_postings
from models import EmbeddingModel, PostingVector, utcnow
from models.base import as_utc
from models.choices import EmbeddingStatus

log = logging.getLogger(__name__)
QUEUE = "matching"
JOB = "matchmaker.matching.switch.run_switch_job"
BATCH = 128
# A build whose row has not moved for this long has lost its worker; a new one may take over.
ABANDONED_AFTER = timedelta(minutes=15)
# Postings edited while a pass runs are caught by the next; more passes than this means edits outpace encoding.
MAX_PASSES = 5


def building(session: Session) -> EmbeddingModel | None:
    """The model a re-embed is filling now, if any."""
    return session.scalar(select(EmbeddingModel).where(EmbeddingModel.status == EmbeddingStatus.BUILDING))


def posting_count(session: Session) -> int:
    return sum(session.scalar(select(func.count()).select_from(model)) or 0 for model in MODELS.values())


def begin(session: Session, engine: MatchEngine) -> EmbeddingModel:
    """Record that the configured model's vectors are being filled; Conflict while another model's build is live."""
    target_id = engine.encoder.model_id
    running = building(session)
    if running is not None and running.model_id != target_id and not _abandoned(running):
        raise Conflict(_("正在重新嵌入到 %(model)s（已完成 %(done)d/%(total)d），请等它完成后再开始。",
                           model=running.model_id, done=running.done, total=running.total))
    serving_id, serving_spec = engine.serving_target(session)
    serving = session.get(EmbeddingModel, serving_id)
    if serving is None and serving_id != target_id:
        # Pin what serves now, so every process keeps serving it until this build is done.
        session.add(EmbeddingModel(model_id=serving_id, spec=serving_spec, status=EmbeddingStatus.SERVING,
                                   done=0, total=0, error=""))
    row = session.get(EmbeddingModel, target_id)
    if row is None:
        row = EmbeddingModel(model_id=target_id, spec=engine.model_name)
        session.add(row)
    row.spec = engine.model_name
    if row.status != EmbeddingStatus.SERVING:
        row.status = EmbeddingStatus.BUILDING
    row.done, row.total, row.error = 0, posting_count(session), ""
    row.started_at, row.finished_at = utcnow(), None
    session.flush()
    return row


def _abandoned(row: EmbeddingModel) -> bool:
    return row.updated_at is None or utcnow() - as_utc(row.updated_at) > ABANDONED_AFTER


def start(session: Session, engine: MatchEngine, re_embed: bool = False) -> EmbeddingModel:
    """Begin a re-embed and run it: at once in `sync` mode, else in the background once the request commits."""
    row = begin(session, engine)
    if jobs.mode() == "sync":
        run(session, engine, row.model_id, re_embed, checkpoint=session.flush)
        return row
    app, model_id = current_app._get_current_object(), row.model_id
    jobs.after_commit(session, lambda: jobs.enqueue(app, JOB, model_id, re_embed, queue=QUEUE))
    return row


def run(session: Session, engine: MatchEngine, model_id: str, re_embed: bool = False,
        checkpoint: Callable[[], None] | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Fill `model_id`'s vectors (all of them again with re_embed, else only missing or stale ones), then make it
    serve. Returns how many postings were encoded."""
    checkpoint = checkpoint or session.commit
    row = session.get(EmbeddingModel, model_id)
    target = engine.encoder
    if row is None:
        raise LookupError(f"no re-embed of {model_id} was begun")
    if target.model_id != model_id:
        raise ValueError(f"this process is configured for {target.model_id}, not {model_id}")
    encoded = 0
    for attempt in range(MAX_PASSES):
        everything = re_embed and attempt == 0
        row.done, row.total = 0, posting_count(session)
        checkpoint()
        found = 0
        for model in MODELS.values():
            ids = list(session.scalars(select(model.id).order_by(model.id)))
            for start_at in range(0, len(ids), BATCH):
                postings = list(session.scalars(select(model).where(model.id.in_(ids[start_at:start_at + BATCH]))))
                todo = postings if everything else stale_postings(session, target, postings)
                encoded += embed_postings(session, target, todo)
                found += len(todo)
                row.done += len(postings)
                checkpoint()
                if progress:
                    progress(row.done, row.total)
        if not everything and not found:
            break
    _make_serving(session, row)
    checkpoint()
    engine.rebuild(session)
    log.info("re-embed done: %s serves, %d postings encoded", model_id, encoded)
    return encoded


def _make_serving(session: Session, row: EmbeddingModel) -> None:
    """One transaction: the new model serves, the old ones retire, their vectors and orphans go."""
    for other in session.scalars(select(EmbeddingModel).where(EmbeddingModel.model_id != row.model_id,
                                                              EmbeddingModel.status != EmbeddingStatus.RETIRED)):
        other.status, other.finished_at = EmbeddingStatus.RETIRED, utcnow()
    row.status, row.finished_at, row.error = EmbeddingStatus.SERVING, utcnow(), ""
    row.done = row.total
    session.execute(delete(PostingVector).where(PostingVector.model_id != row.model_id))
    for kind, model in MODELS.items():
        session.execute(delete(PostingVector).where(PostingVector.posting_kind == kind,
                                                    PostingVector.posting_id.not_in(select(model.id))))
    session.flush()


def fail(session: Session, model_id: str, error: str) -> None:
    """Record why a build stopped; the serving model is untouched."""
    row = session.get(EmbeddingModel, model_id)
    if row is not None and row.status == EmbeddingStatus.BUILDING:
        row.error = error[:2000]
        row.finished_at = utcnow()
        session.flush()


def run_switch_job(model_id: str, re_embed: bool = False) -> int:
    """The background job: commits progress as it goes; a crash is recorded on the row and re-raised."""
    if not has_app_context():  # an RQ worker started outside `matchmaker worker`
        from matchmaker import create_app

        with create_app().app_context():
            return run_switch_job(model_id, re_embed)
    from matchmaker.extensions import db
    from matchmaker.matching.setup import engine

    try:
        return run(db.session, engine(), model_id, re_embed)
    except Exception as exc:
        log.exception("re-embed to %s failed", model_id)
        db.session.rollback()
        fail(db.session, model_id, f"{type(exc).__name__}: {exc}")
        db.session.commit()
        raise


def overview(session: Session, engine: MatchEngine) -> dict:
    """What the admin page and API show: the configured model and why, what serves, and the latest build."""
    serving_id, _spec = engine.serving_target(session)
    latest = session.scalar(select(EmbeddingModel).where(EmbeddingModel.started_at.is_not(None))
                            .order_by(EmbeddingModel.started_at.desc()))
    return {
        "configured": {"requested": engine.model_name, "model_id": engine.encoder.model_id,
                       "family": engine.encoder.family, "passed_over": engine.encoder.fallback_reason},
        "serving": {"model_id": serving_id},
        "switch_needed": serving_id != engine.encoder.model_id,
        "build": None if latest is None else {
            "model_id": latest.model_id, "status": latest.status.value, "done": latest.done, "total": latest.total,
            "progress": round(latest.done / latest.total, 4) if latest.total else (
                1.0 if latest.status == EmbeddingStatus.SERVING else 0.0),
            "error": latest.error or None,
            "started_at": as_utc(latest.started_at) if latest.started_at else None,
            "finished_at": as_utc(latest.finished_at) if latest.finished_at else None,
        },
        "vectors": engine.vector_count(session),
    }


def overview_json(overview: dict) -> dict:
    """The overview with its times as ISO 8601 strings."""
    build = overview["build"]
    if build is None:
        return overview
    times = {key: build[key].isoformat() if build[key] else None for key in ("started_at", "finished_at")}
    return {**overview, "build": {**build, **times}}
