"""Running imports in the background (RQ or a thread), or at once for commands and tests."""
from __future__ import annotations

import logging

from flask import current_app, has_app_context
from flask_babel import force_locale

from matchmaker import jobs
from matchmaker.extensions import db
from models import PostingImport

log = logging.getLogger(__name__)
QUEUE = "imports"
JOB = "matchmaker.imports.jobs.run_import_job"


def start_import(session, record: PostingImport) -> None:
    """Run the import now (`sync` mode) or hand it to the background once the request commits."""
    from matchmaker.imports.services import run_import
    from matchmaker.matching.setup import engine

    if jobs.mode() == "sync":
        with _locale_of(record):
            run_import(session, record, engine(), checkpoint=session.flush)
        return
    app, import_id = current_app._get_current_object(), record.id
    jobs.after_commit(session, lambda: jobs.enqueue(app, JOB, import_id, queue=QUEUE))


def run_import_job(import_id: int) -> None:
    """The background job: one import, with progress committed as it goes; a crash marks it failed."""
    if not has_app_context():  # an RQ worker started outside `matchmaker worker`
        from matchmaker import create_app

        with create_app().app_context():
            return run_import_job(import_id)
    from matchmaker.imports.services import fail_unexpectedly, run_import
    from matchmaker.matching.setup import engine

    session = db.session
    record = session.get(PostingImport, import_id)
    if record is None:
        log.warning("import %s no longer exists", import_id)
        return None
    try:
        with _locale_of(record):
            run_import(session, record, engine(), checkpoint=session.commit)
    except Exception:
        log.exception("import %s failed", import_id)
        session.rollback()
        with _locale_of(record):
            fail_unexpectedly(session, import_id)
        session.commit()
        raise
    return None


def _locale_of(record: PostingImport):
    """Messages of a run speak the language of whoever uploaded the file."""
    locale = getattr(record.created_by, "locale", None) or "zh"
    return force_locale(locale)
