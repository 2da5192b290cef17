"""Operating the embedding model: which model serves and why, and a re-embed from the admin page or the API."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import EmbeddingModel, PostingVector
from models.choices import EmbeddingStatus
from tests.conftest import run_rq_worker
from tests.factories import OfferFactory, UserFactory


@pytest.fixture
def admin(auth):
    user = UserFactory(admin=True)
    auth.login(user)
    return user


def test_the_admin_page_names_the_model_in_use_the_serving_model_and_offers_a_confirmed_re_embed(client, admin):
    OfferFactory()
    page = client.get("/admin/").get_data(as_text=True)
    assert "use-m3" in page and "当前提供匹配的模型" in page
    assert 'action="/admin/matching/re-embed"' in page and "data-confirm" in page


def test_re_embedding_from_the_admin_page_leaves_every_vector_on_the_configured_model_which_then_serves(
        client, auth, admin):
    OfferFactory()
    response = auth.post("/admin/matching/re-embed")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/#engine")
    row = db.session.get(EmbeddingModel, "use-m3")
    assert row.status == EmbeddingStatus.SERVING and row.done == row.total >= 1
    assert set(db.session.scalars(select(PostingVector.model_id))) == {"use-m3"}


def test_non_admins_cannot_start_a_re_embed(client, auth):
    auth.login(UserFactory(broker=True))
    assert auth.post("/admin/matching/re-embed").status_code == 403
    assert db.session.get(EmbeddingModel, "use-m3") is None


def test_a_re_embed_while_another_models_build_runs_is_refused_with_its_progress(client, auth, admin):
    db.session.add(EmbeddingModel(model_id="other-model", spec="other-model", status=EmbeddingStatus.BUILDING,
                                  done=3, total=10, error=""))
    response = auth.post("/admin/matching/re-embed", follow_redirects=True)
    assert "other-model" in response.get_data(as_text=True) and "3/10" in response.get_data(as_text=True)
    assert db.session.get(EmbeddingModel, "use-m3") is None


def test_the_status_json_reports_the_configured_and_serving_models(client, admin):
    data = client.get("/admin/matching/status").get_json()
    assert data["configured"]["model_id"] == "use-m3" and data["configured"]["family"] == "multilingual"
    assert data["serving"]["model_id"] == "use-m3" and data["switch_needed"] is False


def test_the_api_reports_the_embedding_status_to_admins_only(client, api_token):
    assert client.get("/api/v1/admin/embedding", headers=api_token(UserFactory())).status_code == 403
    data = client.get("/api/v1/admin/embedding", headers=api_token(UserFactory(admin=True))).get_json()
    assert set(data) == {"configured", "serving", "switch_needed", "build", "vectors"}


def test_the_api_starts_a_re_embed_and_answers_202_with_its_progress(client, api_token):
    OfferFactory()
    response = client.post("/api/v1/admin/embedding/re-embed", json={"all": True},
                           headers=api_token(UserFactory(admin=True)))
    assert response.status_code == 202
    build = response.get_json()["build"]
    assert build["model_id"] == "use-m3" and build["status"] == "serving" and build["progress"] == 1.0


@pytest.mark.parametrize("body", [{"all": "yes"}, {"all": 1}, {"all": None}])
def test_the_api_refuses_a_re_embed_flag_that_is_not_a_boolean(client, api_token, body):
    response = client.post("/api/v1/admin/embedding/re-embed", json=body, headers=api_token(UserFactory(admin=True)))
    assert response.status_code == 422 and "all" in response.get_json()["error"]["fields"]


def test_the_api_refuses_a_re_embed_body_that_is_not_an_object(client, api_token):
    response = client.post("/api/v1/admin/embedding/re-embed", data="[1]", content_type="application/json",
                           headers=api_token(UserFactory(admin=True)))
    assert response.status_code == 400 and "error" in response.get_json()


def test_with_redis_a_re_embed_waits_for_an_rq_worker_and_matches_are_served_meanwhile(client, api_token, rq_queue):
    from matchmaker.matching import switch

    queue = rq_queue(switch, "QUEUE")
    OfferFactory()
    headers = api_token(UserFactory(admin=True))
    response = client.post("/api/v1/admin/embedding/re-embed", headers=headers)
    assert response.status_code == 202 and response.get_json()["build"]["status"] == "building"
    assert queue.count == 1
    run_rq_worker(queue)
    build = client.get("/api/v1/admin/embedding", headers=headers).get_json()["build"]
    assert build["status"] == "serving" and build["progress"] == 1.0 and build["finished_at"]
