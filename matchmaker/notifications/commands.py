"""Notification commands: `matchmaker digest` (the weekly subscription digest) and `matchmaker worker` (RQ)."""
from __future__ import annotations

import logging

import click
from flask import current_app

from matchmaker.extensions import db

log = logging.getLogger(__name__)


@click.command("digest")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send nothing and change nothing.")
def digest(dry_run: bool) -> None:
    """Send each user one e-mail with the new postings matching their saved searches (run it weekly)."""
    from matchmaker.matching.setup import engine
    from matchmaker.notifications.digest import collect_digests, describe, send_digest
    from models import utcnow

    now = utcnow()
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


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst: bool) -> None:
    """Run an RQ worker for every background queue on REDIS_URL: imports, and mail (with MAIL_QUEUE=rq)."""
    from redis import Redis
    from rq import Worker

    from matchmaker.jobs import QUEUES

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set; without it background work runs in the web process")
    connection = Redis.from_url(url)
    click.echo(f"RQ worker on queues {', '.join(QUEUES)} at {url}")
    Worker(list(QUEUES), connection=connection).work(burst=burst)
