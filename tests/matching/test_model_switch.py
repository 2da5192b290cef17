"""Moving a running market from the English fallback to use-m3 with `reindex --re-embed` while matches are served.

These tests commit for real: the re-embed runs on its own thread, as a worker would, while requests keep coming.
"""
from __future__ import annotations

import threading
import time
from functools import cache

import numpy as np
import pytest
from sqlalchemy import delete, select

from embeddings.caveats import embedded_text
from embeddings.encoder import FALLBACK_ID, USE_M3_ID
from matchmaker.extensions import db
from matchmaker.matching import switch
from matchmaker.matching.documents import text_of
from matchmaker.matching.engine import MatchEngine
from models import ApiToken, AuditEntry, EmbeddingModel, Organisation, PostingVector, TechNeed, TechOffer, User
from tests.factories import NeedFactory, OfferFactory

pytestmark = pytest.mark.committing
FALLBACK_MODEL = FALLBACK_ID + "+cedict"
OFFERS = [
    ("退役动力电池正极材料直接再生技术", "拆解后的三元正极粉经补锂热处理直接修复，回收率高于95%。"),
    ("高效异质结光伏电池低温银浆", "低温固化银浆，适用于异质结电池，降低银耗30%。"),
    ("Laser cladding repair of worn shafts", "Portable laser cladding restores worn shafts and bearing seats on site."),
    ("工业废水膜生物反应器深度处理", "MBR 工艺处理印染废水，出水 COD 低于 50 mg/L。"),
    ("Federated learning for hospital imaging", "Hospitals train one imaging model without moving patient data."),
    ("设施蔬菜连作障碍生物熏蒸修复", "生物熏蒸加有益菌剂，解决大棚连作根结线虫问题。"),
    ("Low-temperature SCR denitration catalyst", "Vanadium-titanium catalyst active from 160 °C for flue gas."),
    ("协作机器人一体化关节模组", "集成电机、谐波减速器与编码器，重复定位精度±0.02 mm。"),
]
NEEDS = [
    ("Recycling spent lithium battery cathodes", "We collect EV batteries and want to regenerate cathode powder."),
    ("大棚黄瓜种了几年根上长疙瘩", "连作多年后根结线虫严重，想找绿色修复办法。"),
    ("印染厂废水 COD 超标", "现有生化工艺出水不达标，希望升级深度处理。"),
]


@pytest.fixture
def fallback_market(app, monkeypatch, tmp_path):
    """The market as it ran before: every vector from the English fallback, which serves; then use-m3 is configured."""
    old = MatchEngine(FALLBACK_ID, tmp_path / "index")
    monkeypatch.setitem(app.extensions, "matching", old)
    with app.app_context():
        _wipe()
        offers = [OfferFactory(title=t, description=d) for t, d in OFFERS]
        needs = [NeedFactory(title=t, description=d) for t, d in NEEDS]
        db.session.commit()
        assert {r.model_id for r in db.session.scalars(select(PostingVector))} == {FALLBACK_MODEL}
        new = MatchEngine(USE_M3_ID, tmp_path / "index")
        monkeypatch.setitem(app.extensions, "matching", new)
        yield old, new, (offers, needs)
        db.session.rollback()
        _wipe()


def _wipe() -> None:
    """Remove what committing tests made, keeping the seeded taxonomy."""
    for model in (PostingVector, EmbeddingModel, AuditEntry, ApiToken, TechOffer, TechNeed, User, Organisation):
        db.session.execute(delete(model))
    db.session.commit()


def _dense_of(encoder, need, offer) -> float:
    query = encoder.encode([text_of(need)])[0]
    document = encoder.encode([embedded_text("offer", text_of(offer))])[0]
    return float(np.dot(query, document))


def test_re_embedding_moves_a_serving_market_to_use_m3_and_every_answer_comes_from_one_models_vectors(
        app, client, fallback_market, monkeypatch):
    old, new, (offers, needs) = fallback_market
    monkeypatch.setattr(switch, "BATCH", 2)  # many small batches, so requests land in the middle of the build
    real_embed = switch.embed_postings

    def slow_embed(*args):
        time.sleep(0.2)  # a bigger market's pace: every batch leaves time for several requests
        return real_embed(*args)

    monkeypatch.setattr(switch, "embed_postings", slow_embed)
    done = threading.Event()
    outcome = {}

    def reindex():
        with app.app_context():
            outcome["result"] = app.test_cli_runner().invoke(args=["reindex", "--re-embed"])
        done.set()

    answers = []
    worker = threading.Thread(target=reindex)
    with app.app_context():
        before = client.get(f"/api/v1/needs/{needs[0].id}/matches").get_json()["items"]
        worker.start()
        while not done.is_set():
            need = needs[len(answers) % len(needs)]
            response = client.get(f"/api/v1/needs/{need.id}/matches")
            assert response.status_code == 200
            answers.append((need, response.get_json()["items"]))
            time.sleep(0.02)  # leave the worker its share of the interpreter
        worker.join(timeout=300)
        after = client.get(f"/api/v1/needs/{needs[0].id}/matches").get_json()["items"]

        assert outcome["result"].exit_code == 0, outcome["result"].output
        assert {item["explanation"]["model"] for item in before} == {FALLBACK_MODEL}
        assert {item["explanation"]["model"] for item in after} == {USE_M3_ID}
        encoders = {FALLBACK_MODEL: old.encoder, USE_M3_ID: new.encoder}
        offer_by_id = {o.id: o for o in offers}
        need_by_id = {n.id: n for n in needs}

        @cache
        def dense(model: str, need_id: int, offer_id: int) -> float:
            return _dense_of(encoders[model], need_by_id[need_id], offer_by_id[offer_id])

        assert len(answers) >= 3, "no requests ran while the re-embed did"
        for need, items in answers:
            assert items, "an answer during the switch came from an empty index"
            models = {item["explanation"]["model"] for item in items}
            assert len(models) == 1 and models <= set(encoders)
            top = items[0]
            expected = dense(models.pop(), need.id, top["offer"]["id"])
            assert top["explanation"]["scores"]["dense"] == pytest.approx(expected, abs=2e-3)
        assert {r.model_id for r in db.session.scalars(select(PostingVector))} == {USE_M3_ID}
        assert db.session.get(EmbeddingModel, USE_M3_ID).status.value == "serving"


def test_while_the_configured_model_differs_a_new_posting_gets_vectors_from_both(app, fallback_market):
    _old, _new, _market = fallback_market
    with app.app_context():
        offer = OfferFactory(title="钠离子电池层状氧化物正极", description="无镍钴正极材料，成本低。")
        db.session.commit()
        models = set(db.session.scalars(select(PostingVector.model_id).where(
            PostingVector.posting_kind == "offer", PostingVector.posting_id == offer.id)))
        assert models == {FALLBACK_MODEL, USE_M3_ID}


def test_before_any_re_embed_matches_are_served_from_the_vectors_the_market_has(app, client, fallback_market):
    _old, new, (_offers, needs) = fallback_market
    with app.app_context():
        items = client.get(f"/api/v1/needs/{needs[0].id}/matches").get_json()["items"]
        assert items and {item["explanation"]["model"] for item in items} == {FALLBACK_MODEL}
        assert new.serving_id == FALLBACK_MODEL
