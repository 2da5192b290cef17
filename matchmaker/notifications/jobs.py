"""The weekly digest on RQ: `matchmaker digest` queues one job per user on the `mail` queue and a worker mails them.

A job is one user: a failure retries that user alone, and each job commits once, so the user's e-mail leaves with
the commit that moves their subscriptions on. A job is idempotent: one that runs again for a period the user was
already mailed for (a retry, a re-queued job) finds their subscriptions moved on and sends nothing.
"""
from __future__ import annotations

import logging
from datetime import datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from matchmaker import jobs
from matchmaker.extensions import db

log = logging.getLogger(__name__)
QUEUE = "mail"
JOB = "matchmaker.notifications.jobs.digest_job"


def queue_digests(app: Flask, session: Session, now: datetime) -> int:
    """Queue the digest of every user who has subscriptions, for the period ending at `now`; how many were queued."""
    from matchmaker.notifications.digest import subscriber_ids

    user_ids = subscriber_ids(session)
    for user_id in user_ids:
        jobs.enqueue(app, JOB, user_id, now.isoformat(), queue=QUEUE)
    return len(user_ids)


def digest_job(user_id: int, period_end: str) -> bool:
    """The RQ job: send one user's digest for the period ending at `period_end` (ISO 8601), unless it was sent;
    True if they were mailed."""
    if not has_app_context():  # an RQ worker started outside `matchmaker worker`
        from matchmaker import create_app

        with create_app().app_context():
            return digest_job(user_id, period_end)
    from matchmaker.matching.setup import engine
    from matchmaker.notifications.digest import pending_digest, send_digest

    now = datetime.fromisoformat(period_end)
    session = db.session
    digest = pending_digest(session, engine(), user_id, now)
    if digest is None:
        session.rollback()
        log.info("digest for user %d up to %s: already sent, or nothing to send", user_id, period_end)
        return False
    mailed = send_digest(session, digest, current_app.config["MATCHMAKER_BASE_URL"], now)
    session.commit()
    return mailed
