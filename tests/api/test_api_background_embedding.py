"""With RQ, saved postings are embedded by a worker after the request, and a killed worker loses nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from matchmaker.extensions import db
from matchmaker.matching import embedding_jobs
from models import ApiToken, AuditEntry, EmbeddingModel, Organisation, PostingVector, TechNeed, TechOffer, User
from tests import factories
from tests.conftest import REDIS_URL, run_rq_worker

MATCHMAKER = Path(sys.executable).with_name("matchmaker")


def _vectors(kind: str = "offer") -> int:
    return db.session.scalar(select(func.count()).select_from(PostingVector).where(PostingVector.posting_kind == kind))


def test_with_rq_creating_an_offer_answers_before_it_is_embedded(client, api_token, offer_body, rq_queue):
    queue = rq_queue(embedding_jobs, "QUEUE")

    response = client.post("/api/v1/offers", json=offer_body(), headers=api_token(factories.UserFactory()))

    assert response.status_code == 201
    assert _vectors() == 0 and queue.count == 1


def test_with_rq_a_created_offer_is_matchable_once_a_worker_ran_its_job(client, api_token, offer_body, rq_queue):
    queue = rq_queue(embedding_jobs, "QUEUE")
    need = factories.NeedFactory(title="固态电池电解质薄膜", description="需要硫化物固态电解质薄膜的连续制备工艺。")
    offer = client.post("/api/v1/offers", json=offer_body(), headers=api_token(factories.UserFactory())).get_json()
    run_rq_worker(queue)

    items = client.get(f"/api/v1/needs/{need.id}/matches").get_json()["items"]

    assert offer["id"] in [item["offer"]["id"] for item in items]


def test_the_sweep_embeds_postings_whose_job_was_lost_and_only_those(app, rq_queue):
    rq_queue(embedding_jobs, "QUEUE")
    lost = factories.OfferFactory()
    db.session.commit()  # its job is handed over, and lost: no worker takes it
    assert _vectors() == 0
    from matchmaker.matching.setup import engine

    assert embedding_jobs.embed_missing(db.session, engine()) == 1
    assert embedding_jobs.embed_missing(db.session, engine()) == 0
    assert db.session.scalar(select(PostingVector.posting_id)) == lost.id


def _wipe() -> None:
    for model in (PostingVector, EmbeddingModel, AuditEntry, ApiToken, TechOffer, TechNeed, User, Organisation):
        db.session.execute(delete(model))
    db.session.commit()


def _worker(app, queue_name: str, *options: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": REDIS_URL,
           "MATCHMAKER_INDEX_DIR": app.config["MATCHMAKER_INDEX_DIR"],
           "MATCHMAKER_EMBEDDING_MODEL": app.config["MATCHMAKER_EMBEDDING_MODEL"]}
    return subprocess.Popen([str(MATCHMAKER), "worker", "--queue", queue_name, *options], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.committing
def test_a_worker_killed_mid_job_loses_nothing_the_postings_are_matchable_once_a_worker_runs_again(
        app, client, rq_queue):
    from rq.registry import StartedJobRegistry

    with app.app_context():
        queue = rq_queue(embedding_jobs, "QUEUE")
        _wipe()
        try:
            organisation = factories.OrganisationFactory()
            offers = [factories.OfferFactory(organisation=organisation) for _ in range(300)]
            need = factories.NeedFactory(title=offers[-1].title, description=offers[-1].description)
            db.session.commit()
            assert queue.count == 2 and _vectors() == 0  # a job for the offers, one for the need
            started = StartedJobRegistry(queue=queue)
            first = _worker(app, queue.name, "--no-sweep")
            try:
                _wait_for(lambda: started.count == 1, 60, "the worker to start a job")
                time.sleep(0.5)
            finally:
                first.send_signal(signal.SIGKILL)
                first.wait()
            db.session.rollback()
            assert _vectors("offer") + _vectors("need") < 301, "the job finished before the worker was killed"

            again = _worker(app, queue.name, "--burst")
            output, _ = again.communicate(timeout=180)
            assert again.returncode == 0, output

            db.session.rollback()
            assert _vectors("offer") == 300 and _vectors("need") == 1
            items = client.get(f"/api/v1/needs/{need.id}/matches?limit=5").get_json()["items"]
            assert offers[-1].id in [item["offer"]["id"] for item in items]
        finally:
            db.session.rollback()
            _wipe()
