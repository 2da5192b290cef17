"""Notification commands: `matchmaker digest`, the weekly subscription digest."""
from __future__ import annotations

import logging

import click
from flask import current_app

from matchmaker.extensions import db

log = logging.getLogger(__name__)


@click.command("digest")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send nothing and change nothing.")
def digest(dry_run: bool) -> None:
    """Send each user one e-mail with the new postings matching their saved searches (run it weekly).

    With REDIS_URL, each user's digest is queued as one job on the RQ queue `mail`, for `matchmaker worker`.
    """
    from matchmaker import jobs
    from matchmaker.matching.setup import engine
    from matchmaker.notifications import jobs as digest_jobs
    from matchmaker.notifications.digest import collect_digests, describe, send_digest
    from models import utcnow

    now = utcnow()
    if not dry_run and jobs.mode(current_app) == "rq":
        queued = digest_jobs.queue_digests(current_app._get_current_object(), db.session, now)
        click.echo(f"digest: {queued} users queued on RQ queue {digest_jobs.QUEUE!r}; `matchmaker worker` mails them")
        return
    digests = collect_digests(db.session, engine(), now)
    mailed = 0
    for item in digests:
        if dry_run:
            click.echo(f"{item.user.email}: {item.count} new")
            for section in item.sections:
                titles = "; ".join(p.title for p in section.postings) or "-"
                click.echo(f"  [{describe(section.subscription)}] {titles}")
            continue
        # One commit per user: the user's mail leaves after it, and a crash later does not mail them twice.
        mailed += send_digest(db.session, item, current_app.config["MATCHMAKER_BASE_URL"], now)
        db.session.commit()
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run: {sum(1 for d in digests if d.count)} of {len(digests)} users would get a digest")
    else:
        click.echo(f"digest: {mailed} of {len(digests)} users mailed")
