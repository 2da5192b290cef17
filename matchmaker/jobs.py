"""Background work: an RQ queue on Redis when `REDIS_URL` is set, a thread of this process otherwise.

A job is named by the dotted path of a function taking plain arguments (ids), so an RQ worker on another host can
run it. Jobs are handed over only after the transaction that made their rows commits (`after_commit`): a worker
never looks for a row that is not there yet, and a rolled-back request starts nothing.

`MATCHMAKER_JOBS` overrides the choice: `rq`, `thread`, or `sync`, which runs the job in the caller's own
transaction (commands and tests; the caller then decides when to commit).
"""
from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)
_AFTER_COMMIT = "jobs_after_commit"
MODES = ("rq", "thread", "sync")
QUEUES = ("imports", "mail", "matching", "scheduling")


def mode(app: Flask | None = None) -> str:
    """How this app runs background work."""
    app = app or current_app
    chosen = (app.config.get("MATCHMAKER_JOBS") or "").strip().lower()
    if chosen in MODES:
        return chosen
    return "rq" if app.config.get("REDIS_URL") else "thread"


def init_app(app: Flask, session_factory) -> None:
    """Run what `after_commit` holds once the session's outermost transaction commits; forget it on rollback."""
    for name, listener in (("after_commit", _run_held), ("after_soft_rollback", _drop_held)):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Call `callback` after the session's current transaction commits (never if it rolls back)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _run_held(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for callback in session.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception:  # a job that cannot be handed over must not break the request that committed
            log.exception("could not start a background job")


def _drop_held(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_AFTER_COMMIT, None)


def enqueue(app: Flask, function: str, *args, queue: str, timeout: int = 3600) -> None:
    """Run `function(*args)` in the background: on the RQ queue, or in a daemon thread with an app context."""
    if mode(app) == "rq":
        from redis import Redis
        from rq import Queue, Retry

        connection = Redis.from_url(app.config["REDIS_URL"])
        Queue(queue, connection=connection).enqueue(function, *args, job_timeout=timeout, retry=Retry(max=2, interval=30))
        log.info("queued %s%r on RQ queue %r", function, args, queue)
        return
    thread = threading.Thread(target=_run_in_app, args=(app, function, args), name=f"job-{queue}", daemon=True)
    thread.start()


def _run_in_app(app: Flask, function: str, args: tuple) -> None:
    with app.app_context():
        resolve(function)(*args)


def resolve(function: str) -> Callable:
    """The function a dotted path names."""
    module, _sep, name = function.rpartition(".")
    return getattr(importlib.import_module(module), name)
