"""Match strength: one calibrated number per need–offer pair, the same in every list that shows the pair."""
from pathlib import Path

import pytest

from embeddings import calibration
from embeddings.evaluate import graded_pairs, load_dataset
from matchmaker.matching.setup import engine
from tests.brokerage.deal import make_deal
from tests.factories import OfferFactory, field

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev.json"


@pytest.fixture
def deal(session):
    made = make_deal()
    for i in range(3):  # unrelated offers, as a market has
        OfferFactory(title=f"玉米秸秆生物质饲料发酵技术 {i}", description="利用复合菌剂发酵玉米秸秆制备饲料，提高消化率。",
                     keywords=["秸秆", "饲料"], field=field("modern_agriculture"))
    session.commit()
    return made


def _strength_in(items: list[dict], key: str, posting_id: int) -> int:
    [item] = [i for i in items if (i.get(key) or {}).get("id") == posting_id]
    return item["strength"]


def test_a_pair_has_the_same_strength_on_the_need_list_the_offer_list_and_the_broker_queue(client, deal, api_token):
    headers = api_token(deal.broker)

    on_need = client.get(f"/api/v1/needs/{deal.need.id}/matches", headers=headers).get_json()["items"]
    on_offer = client.get(f"/api/v1/offers/{deal.offer.id}/matches", headers=headers).get_json()["items"]
    queue = client.get("/api/v1/broker/queue", headers=headers).get_json()["items"]

    strength = _strength_in(on_need, "offer", deal.offer.id)
    assert 0 < strength < 100
    assert _strength_in(on_offer, "need", deal.need.id) == strength
    assert [i["strength"] for i in queue if i["key"] == f"match-{deal.need.id}-{deal.offer.id}"] == [strength]


def test_an_offers_list_is_ordered_by_strength(client, deal):
    items = client.get(f"/api/v1/offers/{deal.offer.id}/matches").get_json()["items"]

    strengths = [i["strength"] for i in items]
    assert strengths == sorted(strengths, reverse=True)


def test_the_band_follows_the_documented_thresholds():
    assert [calibration.band(s) for s in (100, 60, 59, 25, 24, 0)] == \
        ["strong", "strong", "medium", "medium", "weak", "weak"]


def test_strength_rises_with_the_score_and_stays_within_0_and_100():
    cal = calibration.calibration_for("multilingual")
    strengths = [cal.strength(fused) for fused in range(-5, 30)]

    assert strengths == sorted(strengths) and strengths[0] == 0 and strengths[-1] < 100


def test_a_fit_smooths_a_perfect_top_block_below_certainty():
    fitted = calibration.fit([0.0, 1.0, 2.0, 3.0, 9.0, 10.0], [False, False, False, True, True, True])

    assert fitted.probability(10.0) < 1.0 and fitted.probability(0.0) > 0.0
    assert fitted.probability(0.0) < fitted.probability(3.0) <= fitted.probability(10.0)


@pytest.fixture(scope="module")
def dev_pairs(app):
    with app.app_context():
        matcher = engine()
        scores, relevant = graded_pairs(load_dataset(DEV_SET), matcher.encoder, matcher.lexicon)
        return scores, relevant, matcher.encoder.family


def test_on_the_dev_set_each_band_holds_a_larger_share_of_relevant_pairs_than_the_band_below(dev_pairs):
    scores, relevant, family = dev_pairs
    cal = calibration.calibration_for(family)
    by_band = {name: [] for name in calibration.BANDS}
    for fused, is_relevant in zip(scores, relevant):
        by_band[calibration.band(cal.strength(fused))].append(is_relevant)

    shares = [sum(by_band[name]) / len(by_band[name]) for name in ("strong", "medium", "weak")]
    assert all(by_band.values())
    assert shares[0] > shares[1] > shares[2]


def test_the_shipped_calibration_is_what_a_fit_on_the_dev_set_gives(dev_pairs):
    scores, relevant, family = dev_pairs

    assert calibration.fit(scores, relevant) == calibration.calibration_for(family)
