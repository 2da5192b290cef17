"""The ranking: each expert's weighted total, the mean over experts, and the flag where experts disagree.

Rubric weights: 技术先进性 25, 可行性 25, 团队能力 20, 经费合理性 15, 进度安排 15.

Proposal A, three experts:
  e1: 80 80 80 80 80            → 80.00
  e2: 90 70 60 100 50           → (2250 + 1750 + 1200 + 1500 + 750) / 100 = 74.50
  e3: 85 85 85 85 85            → 85.00
  mean (80 + 74.5 + 85) / 3 = 79.83; spread 85 − 74.5 = 10.5 → no flag
Proposal B:
  e1: 95 95 95 95 95            → 95.00
  e2: 60 60 60 60 60            → 60.00
  e3: 90 90 80 80 100           → (2250 + 2250 + 1600 + 1200 + 1500) / 100 = 88.00
  mean (95 + 60 + 88) / 3 = 81.00; spread 35 → flagged
Proposal C:
  all three 70 everywhere       → 70.00, spread 0
Order: B (81.00), A (79.83), C (70.00).
"""
from decimal import Decimal

from matchmaker.extensions import db
from matchmaker.open_calls import review
from tests.factories import OrganisationFactory, UserFactory

NAMES = ("技术先进性", "可行性", "团队能力", "经费合理性", "进度安排")


def _scores(*values: int) -> dict:
    return dict(zip(NAMES, values, strict=True))


SHEET = {
    "a": [_scores(80, 80, 80, 80, 80), _scores(90, 70, 60, 100, 50), _scores(85, 85, 85, 85, 85)],
    "b": [_scores(95, 95, 95, 95, 95), _scores(60, 60, 60, 60, 60), _scores(90, 90, 80, 80, 100)],
    "c": [_scores(70, 70, 70, 70, 70)] * 3,
}


def _scored(scene):
    third = UserFactory(organisation=OrganisationFactory(name="丙大学"))
    proposals = {"a": scene.submit(scene.applicant_a), "b": scene.submit(scene.applicant_b),
                 "c": scene.submit(third)}
    scene.panel()
    scene.review()
    for key, rows in SHEET.items():
        for expert, criteria in zip(scene.experts, rows, strict=True):
            review.score(db.session, expert, scene.call, proposals[key].id, criteria, "")
    return proposals


def test_an_experts_total_is_the_rubrics_weighted_mean(scene):
    assert review.weighted_total(scene.call, _scores(90, 70, 60, 100, 50)) == Decimal("74.50")


def test_proposals_rank_by_the_mean_of_their_experts_totals(client, api_token, scene):
    proposals = _scored(scene)

    items = client.get(f"/api/v1/open-calls/{scene.call.id}/ranking", headers=api_token(scene.owner)).get_json()["items"]

    assert [i["proposal_id"] for i in items] == [proposals[k].id for k in ("b", "a", "c")]
    assert [i["score"] for i in items] == [81.0, 79.83, 70.0]


def test_a_spread_above_the_threshold_flags_disagreement(client, api_token, scene):
    proposals = _scored(scene)

    items = client.get(f"/api/v1/open-calls/{scene.call.id}/ranking", headers=api_token(scene.owner)).get_json()["items"]
    flags = {i["proposal_id"]: (i["spread"], i["disagreement"]) for i in items}

    assert flags[proposals["b"].id] == (35.0, True)
    assert flags[proposals["a"].id] == (10.5, False)
    assert flags[proposals["c"].id] == (0.0, False)


def test_only_managers_see_the_ranking(client, api_token, scene):
    _scored(scene)

    for user in (scene.applicant_a, scene.experts[0], scene.outsider):
        response = client.get(f"/api/v1/open-calls/{scene.call.id}/ranking", headers=api_token(user))
        assert response.status_code == 403


def test_a_withdrawn_expert_is_not_waited_for(scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    review.declare(db.session, scene.experts[2], scene.call, True)
    for expert in scene.experts[:2]:
        review.score(db.session, expert, scene.call, proposal.id, _scores(80, 80, 80, 80, 80), "")

    assert review.progress(db.session, scene.call).complete
    assert [r.score for r in review.ranking(db.session, scene.owner, scene.call)] == [Decimal("80.00")]
