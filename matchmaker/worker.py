"""`matchmaker worker`: one RQ worker process serving every background queue, with the app loaded once.

Jobs run in the worker process itself (RQ's SimpleWorker), each in a fresh app context: the encoder and the
match engine stay loaded from job to job instead of being loaded again in a forked child for every posting.
Before taking jobs, the worker embeds postings that a lost job left without a current vector.
"""
from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from rq import SimpleWorker

from matchmaker import jobs
from matchmaker.extensions import db

log = logging.getLogger(__name__)


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job inside its own app context (and so its own database session)."""

    app: Flask

    def execute_job(self, job, queue):
        with self.app.app_context():
            return super().execute_job(job, queue)


def sweep(app: Flask) -> int:
    """Embed what saved postings still lack; returns how many encodings it made."""
    from matchmaker.matching.embedding_jobs import embed_missing
    from matchmaker.matching.setup import engine

    with app.app_context():
        try:
            return embed_missing(db.session, engine())
        finally:
            db.session.remove()


@click.command("worker", help=f"Run an RQ worker on REDIS_URL for every queue in jobs.QUEUES: {', '.join(jobs.QUEUES)}.")
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option("--queue", "queues", multiple=True, help="Serve only these queues (default: every queue).")
@click.option("--no-sweep", is_flag=True, help="Do not embed postings left unembedded before taking jobs.")
def worker(burst: bool, queues: tuple[str, ...], no_sweep: bool) -> None:
    """Run an RQ worker on REDIS_URL for every queue in jobs.QUEUES (the help above lists them)."""
    from redis import Redis

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set; without it background work runs in the web process")
    app = current_app._get_current_object()
    if not no_sweep:
        swept = sweep(app)
        if swept:
            click.echo(f"embedded {swept} postings that were saved but not yet embedded")
    names = list(queues or jobs.QUEUES)
    click.echo(f"RQ worker on queues {', '.join(names)} at {url}")
    rq_worker = AppWorker(names, connection=Redis.from_url(url))
    rq_worker.app = app
    rq_worker.work(burst=burst, with_scheduler=True)  # runs retries scheduled with an interval
