"""The award's brokerage case: its contract form starts from a development contract for the winner's part."""
from matchmaker.extensions import db
from matchmaker.open_calls import delivery, review


def _awarded_case(scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    for expert in scene.experts:
        review.score(db.session, expert, scene.call, proposal.id, {c["name"]: 80 for c in scene.call.criteria}, "")
    delivery.award(db.session, scene.owner, scene.call, [proposal.id], "唯一且合格的方案")
    return proposal.case


def test_the_contract_form_of_an_award_case_proposes_the_reward(client, auth, scene):
    case = _awarded_case(scene)
    auth.login(scene.admin)

    page = client.get(f"/cases/{case.id}/contract").get_data(as_text=True)

    assert 'value="300.00"' in page or 'value="300"' in page
    assert 'value="development" selected' in page or "selected value=\"development\"" in page
