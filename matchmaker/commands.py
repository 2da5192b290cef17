"""Maintenance commands: `matchmaker db upgrade`, `create-admin`, `demo`, `reindex`, `eval`, `calibrate`, `schedule`, `digest`,
`worker`, and the areas' own groups (`users`, `import`, `open-calls`)."""
from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup
from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.errors import Conflict
from matchmaker.extensions import db
from matchmaker.notifications.commands import digest
from matchmaker.worker import worker

log = logging.getLogger(__name__)
db_cli = AppGroup("db", help="Database schema commands.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply the Alembic migrations to DATABASE_URL."""
    from matchmaker import migrate

    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {db.engine.url.render_as_string(hide_password=True)} is at {revision}")


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--password", required=True)
def create_admin(email: str, password: str) -> None:
    """Create a platform administrator (or reset an existing one's password)."""
    from matchmaker.auth.services import create_admin as create

    user = create(db.session, email, password)
    db.session.commit()
    click.echo(f"admin {user.email} is ready")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the market already has postings.")
def demo(if_empty: bool) -> None:
    """Load the demo market: organisations, users, offers and needs, plus a demo admin."""
    from matchmaker.demo.generate import DEMO_PASSWORD
    from matchmaker.demo.load import DEMO_ADMIN_EMAIL, load_demo
    from models import TechOffer

    if if_empty and db.session.scalar(select(func.count()).select_from(TechOffer)):
        click.echo("demo data already present; skipped")
    else:
        counts = load_demo(db.session)
        db.session.commit()
        click.echo("loaded " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    click.echo(f"demo admin:   {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"every other demo account uses the password {DEMO_PASSWORD}")


@click.command("reindex")
@click.option("--re-embed", is_flag=True, help="Encode every posting again with the configured model.")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="When a worker takes the job, follow its progress until it is done.")
def reindex(re_embed: bool, wait: bool) -> None:
    """Bring stored vectors onto the configured model and make it serve, then rebuild the match index.

    Matches keep coming from the serving model's vectors until the new ones are complete. The job goes to an RQ
    worker when one serves the `matching` queue, and runs here otherwise.
    """
    from matchmaker.matching import switch
    from matchmaker.matching.setup import engine as match_engine

    engine = match_engine()
    serving_id, _spec = engine.serving_target(db.session)
    click.echo(f"configured model: {engine.encoder.model_id}" + (
        f" (passed over: {engine.encoder.fallback_reason})" if engine.encoder.is_fallback else ""))
    click.echo(f"serving model:    {serving_id}")
    try:
        row = switch.begin(db.session, engine)
    except Conflict as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    if _worker_listening(switch.QUEUE):
        jobs.enqueue(current_app._get_current_object(), switch.JOB, row.model_id, re_embed, queue=switch.QUEUE)
        click.echo(f"queued on RQ queue {switch.QUEUE!r}; progress is on the admin page")
        if wait:
            _follow(row.model_id)
        return

    def progress(done: int, total: int) -> None:
        click.echo(f"  {done}/{total} postings", err=True)

    try:
        encoded = switch.run(db.session, engine, row.model_id, re_embed, progress=progress)
    except Exception as exc:
        db.session.rollback()
        switch.fail(db.session, row.model_id, f"{type(exc).__name__}: {exc}")
        db.session.commit()
        raise
    counts = {kind: len(c.vectors) for kind, c in engine.collections.items()}
    click.echo(f"encoded {encoded} postings; {engine.serving_id} serves; index holds {counts.get('offer', 0)} offers "
               f"and {counts.get('need', 0)} needs")


def _worker_listening(queue: str) -> bool:
    """Whether an RQ worker serves `queue` now (never in thread or sync mode)."""
    if jobs.mode() != "rq":
        return False
    try:
        from redis import Redis
        from rq import Queue, Worker

        connection = Redis.from_url(current_app.config["REDIS_URL"])
        return bool(Worker.all(queue=Queue(queue, connection=connection)))
    except Exception:  # no Redis: nobody listens
        return False


def _follow(model_id: str, interval: float = 2.0) -> None:
    """Print a background re-embed's progress until it serves or fails."""
    import time

    from models import EmbeddingModel
    from models.choices import EmbeddingStatus

    last = None
    while True:
        db.session.expire_all()
        row = db.session.get(EmbeddingModel, model_id)
        if row is None:
            raise click.ClickException(f"the re-embed of {model_id} disappeared")
        if row.error:
            raise click.ClickException(f"re-embed failed: {row.error}")
        if (row.done, row.total) != last:
            click.echo(f"  {row.done}/{row.total} postings", err=True)
            last = (row.done, row.total)
        if row.status == EmbeddingStatus.SERVING and row.finished_at is not None:
            click.echo(f"{model_id} serves")
            return
        db.session.rollback()
        time.sleep(interval)


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False))
@click.option("--channel", type=click.Choice(["fused", "dense", "lexical", "bridge"]), default="fused",
              show_default=True, help="Rank with one channel alone, or with the fusion of all.")
def evaluate(dataset: str, channel: str) -> None:
    """Rank every offer for every need of DATASET and print nDCG@10, recall@20 and MRR@10 (last line: JSON)."""
    import json

    from embeddings.evaluate import evaluate as run
    from embeddings.evaluate import load_dataset
    from matchmaker.matching.setup import engine as match_engine

    engine = match_engine()
    try:
        data = load_dataset(dataset)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    result = run(data, engine.encoder, engine.lexicon, channel=channel)
    click.echo(f"{data.get('name', dataset)}: channel {channel}, model {result['model']}, {result['queries']} needs")
    click.echo(json.dumps(result, ensure_ascii=False))


@click.command("calibrate")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False))
def calibrate(dataset: str) -> None:
    """Fit the strength calibration of the configured encoder's family on DATASET's graded pairs and write it to
    embeddings/calibration.json (the other families' entries stay)."""
    from pathlib import Path

    from embeddings import calibration
    from embeddings.evaluate import graded_pairs, load_dataset
    from matchmaker.matching.setup import engine as match_engine

    engine = match_engine()
    try:
        data = load_dataset(dataset)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    scores, relevant = graded_pairs(data, engine.encoder, engine.lexicon)
    fitted = calibration.fit(scores, relevant)
    family = engine.encoder.family
    shipped = {name: calibration.calibration_for(name) for name in calibration.shipped_families()}
    notes = calibration.shipped_notes()
    shipped[family] = fitted
    notes[family] = {"model": engine.encoder.model_id, "dataset": Path(dataset).name, "pairs": len(scores),
                     "relevant": sum(relevant)}
    calibration.save(shipped, notes)
    click.echo(f"{family}: {len(scores)} pairs, {sum(relevant)} relevant, {len(fitted.scores)} knots")
    for fused in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0):
        click.echo(f"  fused {fused:.1f} -> strength {fitted.strength(fused)}")


@click.command("schedule")
@click.argument("instance", type=click.Path(exists=True, dir_okay=False))
@click.option("--time-limit", type=float, default=None, help="Seconds to search (default: the solver's, 20 s).")
@click.option("--seed", type=int, default=0, show_default=True)
def schedule(instance: str, time_limit: float | None, seed: int) -> None:
    """Schedule the 1:1 meetings of INSTANCE.json; the schedule goes to stdout as JSON (DESIGN.md)."""
    import json

    from matchmaker.scheduling.cli import run
    from matchmaker.scheduling.solver import DEFAULT_TIME_LIMIT

    try:
        result = run(instance, DEFAULT_TIME_LIMIT if time_limit is None else time_limit, seed)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result, ensure_ascii=False))


def register(app: Flask) -> None:
    from matchmaker.admin.commands import users_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(create_admin)
    app.cli.add_command(demo)
    app.cli.add_command(reindex)
    app.cli.add_command(evaluate)
    app.cli.add_command(calibrate)
    app.cli.add_command(schedule)
    app.cli.add_command(digest)
    app.cli.add_command(worker)
    from matchmaker.imports.commands import import_postings

    app.cli.add_command(import_postings)
    from matchmaker.open_calls.commands import open_calls_cli

    app.cli.add_command(open_calls_cli)


def main() -> None:
    """Entry point of the `matchmaker` console script."""
    from matchmaker import create_app

    FlaskGroup(create_app=create_app, help="Matchmaker maintenance and development server.")()
