"""Scheduler runs in the background: a row per run, the solver's progress on it, one active run per event.

The organiser's request records the run (queued) and hands the job over once it commits (`jobs.after_commit`). The
job claims the row (running) and solves; the solver's progress callback writes the best objective, the best bound
and the time searched to the row, each in its own short transaction, and reads the cancel flag every
`CANCEL_CHECK_EVERY` seconds, setting the solver's stop when it is up. The schedule and the outcome are then written
in one transaction, unless a cancel came first: a cancelled run writes its status and nothing else.

A run that has reported nothing for `ABANDON_FACTOR` times its time limit (`ABANDON_MIN` at least) has lost its
worker: it no longer blocks a new run, which records it as failed.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker import audit, jobs
from matchmaker.errors import Conflict, DomainError, PermissionDenied
from matchmaker.events import access, services
from models import Event, ScheduleRun, User, utcnow
from models.base import as_utc
from models.choices import ScheduleRunStatus
from models.schedule_run import ACTIVE

log = logging.getLogger(__name__)
QUEUE = "scheduling"
JOB = "matchmaker.events.schedule_runs.run_schedule_job"
ABANDON_FACTOR = 10
ABANDON_MIN = timedelta(minutes=2)
CANCEL_CHECK_EVERY = 0.5  # seconds between reads of the cancel flag while the solver searches
JOB_MARGIN = 300  # seconds an RQ job may take beyond its time limit: reading the event, writing the schedule


class RunInProgress(Conflict):
    """Another run of the same event is queued or running."""


# -- reading ---------------------------------------------------------------------------------------------------------

def latest_run(session: Session, event: Event) -> ScheduleRun | None:
    """The event's most recent run, whatever its status."""
    return session.scalar(select(ScheduleRun).where(ScheduleRun.event_id == event.id)
                          .order_by(ScheduleRun.id.desc()).limit(1))


def active_run(session: Session, event: Event) -> ScheduleRun | None:
    """The event's queued or running run, if any (abandoned ones included)."""
    return session.scalar(select(ScheduleRun).where(ScheduleRun.event_id == event.id,
                                                    ScheduleRun.status.in_(ACTIVE)))


def abandoned(run: ScheduleRun, now: datetime | None = None) -> bool:
    """An active run whose worker has said nothing for ten times its time limit (two minutes at least)."""
    if not run.active or run.updated_at is None:
        return False
    silence = max(timedelta(seconds=ABANDON_FACTOR * run.time_limit), ABANDON_MIN)
    return (now or utcnow()) - as_utc(run.updated_at) > silence


def run_json(run: ScheduleRun) -> dict:
    """A run as the status endpoint and the API show it: progress is the share of the time limit used."""
    done = run.status == ScheduleRunStatus.SUCCEEDED
    progress = 1.0 if done else min(1.0, run.elapsed / run.time_limit) if run.time_limit else 0.0
    gap = None
    if run.incumbent is not None and run.bound:
        gap = round(max(0.0, run.bound - run.incumbent) / run.bound, 4)
    outcome = None
    if done:
        outcome = {"created": run.meetings_created, "moved": run.meetings_moved, "kept": run.meetings_kept,
                   "cancelled": run.meetings_cancelled, "objective": run.objective}

    def moment(value: datetime | None) -> str | None:
        return as_utc(value).isoformat() if value is not None else None

    return {
        "id": run.id,
        "event_id": run.event_id,
        "status": run.status.value,
        "active": run.active,
        "abandoned": abandoned(run),
        "cancel_requested": run.cancel_requested,
        "started_by": run.started_by_id,
        "time_limit": run.time_limit,
        "elapsed": round(run.elapsed, 2),
        "progress": round(progress, 4),
        "incumbent": None if run.incumbent is None else round(run.incumbent, 4),
        "bound": None if run.bound is None else round(run.bound, 4),
        "gap": gap,
        "outcome": outcome,
        "error": run.error or None,
        "stats": run.stats or {},
        "created_at": moment(run.created_at),
        "started_at": moment(run.started_at),
        "finished_at": moment(run.finished_at),
    }


# -- the organiser's actions -----------------------------------------------------------------------------------------

def start_run(session: Session, actor: User, event: Event, time_limit: float) -> ScheduleRun:
    """Record a run of the event's scheduler and start it: at once in `sync` mode, else once the request commits.

    RunInProgress (a Conflict) while another run of the event is queued or running and not abandoned.
    """
    services.require_schedulable(actor, event)
    current = active_run(session, event)
    if current is not None:
        if not abandoned(current):
            raise RunInProgress(_("本活动已有一次排期正在进行，请等它完成或先取消。"))
        _end(session, current.id, ScheduleRunStatus.FAILED, error=_("该次排期长时间没有进展，已视为中断。"))
    run = ScheduleRun(event_id=event.id, started_by=actor, time_limit=float(time_limit),
                      status=ScheduleRunStatus.QUEUED, cancel_requested=False, elapsed=0.0, stats={}, error="")
    try:
        with session.begin_nested():  # the partial unique index settles two starts at the same moment
            session.add(run)
            session.flush()
    except IntegrityError:
        raise RunInProgress(_("本活动已有一次排期正在进行，请等它完成或先取消。")) from None
    if jobs.mode() == "sync":
        execute(session, run.id, checkpoint=session.flush)
        return run
    app, run_id = current_app._get_current_object(), run.id
    timeout = int(time_limit) + JOB_MARGIN
    jobs.after_commit(session, lambda: jobs.enqueue(app, JOB, run_id, queue=QUEUE, timeout=timeout))
    return run


def request_cancel(session: Session, actor: User, run: ScheduleRun) -> ScheduleRun:
    """Stop a run without touching the meetings: a queued (or abandoned) one ends now, a running one at the
    solver's next report. Conflict once the run has ended."""
    if not access.can_manage(actor, run.event):
        raise PermissionDenied(_("只有本活动的主办方可以执行此操作。"))
    if not run.active:
        raise Conflict(_("该次排期已经结束，无法取消。"))
    values: dict = {"cancel_requested": True}
    if run.status == ScheduleRunStatus.QUEUED or abandoned(run):
        values.update(status=ScheduleRunStatus.CANCELLED, finished_at=utcnow())
    session.execute(update(ScheduleRun).where(ScheduleRun.id == run.id, ScheduleRun.status.in_(ACTIVE))
                    .values(**values))
    session.refresh(run)
    audit.record(session, actor, "event.schedule_cancel", run.event, run=run.id)
    session.flush()
    return run


# -- the work --------------------------------------------------------------------------------------------------------

def execute(session: Session, run_id: int, checkpoint) -> ScheduleRun | None:
    """Do one run: claim it, solve with progress on the row, then write the schedule unless it was cancelled.

    `checkpoint` makes progress visible (a commit in a worker, a flush in `sync` mode). A rule the run breaks on
    the way (the event left scheduling, the participants changed meanwhile) fails it with that rule's message.
    Returns None when the run was no longer waiting (cancelled, or given up as abandoned).
    """
    if not _claim(session, run_id):
        log.info("schedule run %s is no longer waiting; nothing to do", run_id)
        return None
    checkpoint()
    run = session.get(ScheduleRun, run_id)
    if _cancel_wanted(session, run_id):
        _end(session, run_id, ScheduleRunStatus.CANCELLED)
        checkpoint()
        return run
    with force_locale(getattr(run.started_by, "locale", None) or "zh"):
        try:
            _solve_and_write(session, run, checkpoint)
        except DomainError as error:
            _end(session, run_id, ScheduleRunStatus.FAILED, error=error.message)
    checkpoint()
    return run


def _solve_and_write(session: Session, run: ScheduleRun, checkpoint) -> None:
    """Solve, then write the schedule and the outcome in one savepoint that a late cancel rolls back."""
    event, actor, run_id = run.event, run.started_by, run.id
    stop = threading.Event()
    schedule = services.solve_schedule(session, actor, event, run.time_limit,
                                       progress=_reporter(session, run, checkpoint, stop), stop=stop)
    if stop.is_set() or _cancel_wanted(session, run_id):
        _end(session, run_id, ScheduleRunStatus.CANCELLED, elapsed=schedule.stats.get("seconds", run.elapsed))
        return
    savepoint = session.begin_nested()
    try:
        outcome = services.apply_schedule(session, actor, event, schedule)
        written = _end(session, run_id, ScheduleRunStatus.SUCCEEDED, only_if_wanted=True, error="",
                       meetings_created=outcome.created, meetings_moved=outcome.moved, meetings_kept=outcome.kept,
                       meetings_cancelled=outcome.cancelled, objective=outcome.objective, stats=outcome.stats,
                       incumbent=outcome.objective, elapsed=schedule.stats.get("seconds", run.elapsed),
                       bound=schedule.stats.get("bound", run.bound))
    except BaseException:
        savepoint.rollback()
        raise
    if written:
        savepoint.commit()
        log.info("schedule run %s of event %s: %s", run_id, event.id, outcome)
        return
    savepoint.rollback()  # a cancel arrived while the schedule was being written
    _end(session, run_id, ScheduleRunStatus.CANCELLED)


def _reporter(session: Session, run: ScheduleRun, checkpoint, stop: threading.Event):
    """The solver's progress callback: writes the figures to the row, and stops the solver once cancelled."""
    run_id = run.id
    next_check = time.monotonic() + CANCEL_CHECK_EVERY

    def report(incumbent: float, bound: float | None, elapsed: float) -> None:
        nonlocal next_check
        now = time.monotonic()
        if now >= next_check:  # read in the same short transaction as the write, so no lock outlives a report
            next_check = now + CANCEL_CHECK_EVERY
            if _cancel_wanted(session, run_id):
                stop.set()
        run.incumbent, run.bound, run.elapsed = incumbent, bound, round(elapsed, 3)
        checkpoint()

    return report


def _claim(session: Session, run_id: int) -> bool:
    """Mark a waiting run running (a retried job takes over its own running run); False if it has ended."""
    now = utcnow()
    result = session.execute(update(ScheduleRun).where(ScheduleRun.id == run_id, ScheduleRun.status.in_(ACTIVE))
                             .values(status=ScheduleRunStatus.RUNNING, started_at=now, updated_at=now)
                             .execution_options(synchronize_session=False))
    run = session.get(ScheduleRun, run_id)
    if run is not None:
        session.refresh(run)
    return result.rowcount == 1


def _cancel_wanted(session: Session, run_id: int) -> bool:
    """Whether an organiser asked to stop the run, or it ended meanwhile (cancelled, given up, or deleted)."""
    row = session.execute(select(ScheduleRun.status, ScheduleRun.cancel_requested)
                          .where(ScheduleRun.id == run_id)).one_or_none()
    return row is None or row.cancel_requested or row.status != ScheduleRunStatus.RUNNING


def _end(session: Session, run_id: int, status: ScheduleRunStatus, only_if_wanted: bool = False, **values) -> bool:
    """Move a still active run to `status` with `values`; with `only_if_wanted`, not once a cancel was asked for.
    Returns whether it moved."""
    stmt = update(ScheduleRun).where(ScheduleRun.id == run_id, ScheduleRun.status.in_(ACTIVE))
    if only_if_wanted:
        stmt = stmt.where(ScheduleRun.cancel_requested.is_(False))
    if "error" in values:
        values["error"] = (values["error"] or "")[:2000]
    result = session.execute(stmt.values(status=status, finished_at=utcnow(), **values)
                             .execution_options(synchronize_session=False))
    run = session.get(ScheduleRun, run_id)
    if run is not None:
        session.refresh(run)
    return result.rowcount == 1


def run_schedule_job(run_id: int) -> None:
    """The background job: progress committed as it goes; a crash is recorded on the row and re-raised.

    When RQ will retry the job, the run goes back to queued for that retry instead of failing.
    """
    if not has_app_context():  # an RQ worker started outside `matchmaker worker`
        from matchmaker import create_app

        with create_app().app_context():
            return run_schedule_job(run_id)
    from matchmaker.extensions import db

    session = db.session
    try:
        execute(session, run_id, checkpoint=session.commit)
    except Exception:
        log.exception("schedule run %s failed", run_id)
        session.rollback()
        # The page shows a sentence, never the exception: its text is in the log just written.
        error = _("排期程序意外出错，详情已记入服务器日志。请稍后重试；如仍失败，请联系平台管理员。")
        if _will_retry():
            session.execute(update(ScheduleRun).where(ScheduleRun.id == run_id, ScheduleRun.status.in_(ACTIVE))
                            .values(status=ScheduleRunStatus.QUEUED, error=error[:2000]))
        else:
            _end(session, run_id, ScheduleRunStatus.FAILED, error=error)
        session.commit()
        raise
    return None


def _will_retry() -> bool:
    """Whether RQ runs the current job again after it raises (never in thread mode)."""
    from rq import get_current_job

    job = get_current_job()
    return bool(job is not None and job.retries_left)
