"""揭榜挂帅 through the API: proposals, the expert panel, blind scores, the ranking, the award and the milestones."""
from datetime import timedelta

from matchmaker.experts.services import update_expert_profile
from matchmaker.extensions import db
from matchmaker.open_calls import review, services
from models import Case, Notification, Proposal
from models.base import utcnow
from models.choices import CaseSource, CaseStage, OpenCallStatus
from tests.api.conftest import assert_error
from tests.factories import UserFactory
from tests.open_calls.conftest import proposal_body

ALL_NINETY = {"技术先进性": 90, "可行性": 90, "团队能力": 90, "经费合理性": 90, "进度安排": 90}


def _url(scene, tail: str = "") -> str:
    return f"/api/v1/open-calls/{scene.call.id}{tail}"


def test_an_applicant_submits_a_proposal_as_json(client, api_token, scene):
    response = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_a))

    assert response.status_code == 201
    body = response.get_json()
    assert body["organisation"]["name"] == "甲大学"
    assert body["team"][0] == {"name": "张教授", "title": "教授", "role": "负责人"}
    assert body["budget_wan"] == 280.0


def test_a_proposal_with_missing_parts_names_each_of_them(client, api_token, scene):
    response = client.post(_url(scene, "/proposals"), json={"team": [], "budget_wan": -1},
                           headers=api_token(scene.applicant_a))

    assert_error(response, 422, "validation_error")
    assert set(response.get_json()["error"]["fields"]) == {"approach", "team", "budget_wan", "plan"}


def test_an_organisation_submits_one_proposal_and_edits_it_after(client, api_token, scene):
    scene.submit(scene.applicant_a)

    response = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_a))

    assert_error(response, 409, "conflict")


def test_the_owner_cannot_answer_its_own_call(client, api_token, scene):
    response = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.owner))

    assert_error(response, 403, "forbidden")


def test_a_call_limited_to_universities_refuses_an_institute(client, api_token, scene):
    scene.call.eligible_org_kinds = ["university"]
    db.session.flush()

    refused = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_b))
    accepted = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_a))

    assert_error(refused, 403, "forbidden")
    assert "高校" in refused.get_json()["error"]["message"]
    assert accepted.status_code == 201


def test_a_proposal_after_the_deadline_is_refused(client, api_token, scene):
    services.reschedule(db.session, scene.call, submission_deadline=utcnow() - timedelta(minutes=1))

    response = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_a))

    assert_error(response, 409, "conflict")


def test_an_edit_before_the_deadline_replaces_the_proposal(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)

    response = client.put(_url(scene, f"/proposals/{proposal.id}"), json=proposal_body(plan="新的计划"),
                          headers=api_token(scene.applicant_a))

    assert response.status_code == 200
    assert response.get_json()["plan"] == "新的计划"


def test_an_edit_after_the_deadline_is_refused_and_changes_nothing(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    services.reschedule(db.session, scene.call, submission_deadline=utcnow() - timedelta(minutes=1))

    response = client.put(_url(scene, f"/proposals/{proposal.id}"), json=proposal_body(plan="迟到的修改"),
                          headers=api_token(scene.applicant_a))

    assert_error(response, 409, "conflict")
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).plan != "迟到的修改"


def test_the_passed_deadline_moves_the_call_to_review(client, scene):
    services.reschedule(db.session, scene.call, submission_deadline=utcnow() - timedelta(minutes=1))

    assert client.get(_url(scene)).get_json()["status"] == "reviewing"


def test_the_owner_assigns_experts_and_a_conflicted_one_is_refused_by_name(client, api_token, scene):
    scene.submit(scene.applicant_a)
    colleague = UserFactory(expert=True, organisation=scene.applicant_a.organisation, display_name="甲大学的王专家")

    ok = client.put(_url(scene, "/experts"), json={"user_ids": [e.id for e in scene.experts]},
                    headers=api_token(scene.owner))
    refused = client.put(_url(scene, "/experts"), json={"user_ids": [e.id for e in scene.experts] + [colleague.id]},
                         headers=api_token(scene.owner))

    assert ok.status_code == 200
    assert [e["id"] for e in ok.get_json()["items"]] == [e.id for e in scene.experts]
    assert_error(refused, 409, "conflict")
    assert "王专家" in refused.get_json()["error"]["message"] and "甲大学" in refused.get_json()["error"]["message"]
    assert len(review.access.assigned_experts(db.session, scene.call)) == 3


def test_an_expert_from_the_owners_organisation_is_refused(client, api_token, scene):
    insider = UserFactory(expert=True, organisation=scene.owner.organisation)

    response = client.put(_url(scene, "/experts"), json={"user_ids": [insider.id]}, headers=api_token(scene.owner))

    assert_error(response, 409, "conflict")


def test_an_expert_whose_affiliation_names_the_applicant_is_refused(client, api_token, scene):
    scene.submit(scene.applicant_b)
    expert = UserFactory(expert=True, organisation=None)
    update_expert_profile(db.session, expert, expert, [], "乙研究院")

    response = client.put(_url(scene, "/experts"), json={"user_ids": [expert.id]}, headers=api_token(scene.owner))

    assert_error(response, 409, "conflict")


def test_users_without_the_expert_role_cannot_be_assigned(client, api_token, scene):
    response = client.put(_url(scene, "/experts"), json={"user_ids": [scene.outsider.id]},
                          headers=api_token(scene.owner))

    assert_error(response, 422, "validation_error")


def test_scoring_before_the_declaration_is_forbidden(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])
    scene.review()

    response = client.post(_url(scene, f"/proposals/{proposal.id}/scores"), json={"criteria": ALL_NINETY},
                           headers=api_token(scene.experts[0]))

    assert_error(response, 403, "forbidden")


def test_an_undeclared_expert_cannot_read_the_proposals(client, api_token, scene):
    scene.submit(scene.applicant_a)
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])

    before = client.get(_url(scene, "/proposals"), headers=api_token(scene.experts[0])).get_json()["items"]
    client.post(_url(scene, "/declaration"), json={"conflict": False}, headers=api_token(scene.experts[0]))
    after = client.get(_url(scene, "/proposals"), headers=api_token(scene.experts[0])).get_json()["items"]

    assert before == [] and len(after) == 1


def test_scoring_waits_for_the_review_phase(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()

    response = client.post(_url(scene, f"/proposals/{proposal.id}/scores"), json={"criteria": ALL_NINETY},
                           headers=api_token(scene.experts[0]))

    assert_error(response, 409, "conflict")


def test_a_score_must_cover_every_criterion_from_0_to_100(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()

    response = client.post(_url(scene, f"/proposals/{proposal.id}/scores"),
                           json={"criteria": {**ALL_NINETY, "可行性": 101}}, headers=api_token(scene.experts[0]))

    assert_error(response, 422, "validation_error")
    assert "criteria" in response.get_json()["error"]["fields"]


def test_the_owner_closes_submissions_early(client, api_token, scene):
    response = client.post(_url(scene, "/closing"), headers=api_token(scene.owner))
    late = client.post(_url(scene, "/proposals"), json=proposal_body(), headers=api_token(scene.applicant_a))

    assert response.get_json()["status"] == "reviewing"
    assert_error(late, 409, "conflict")


def test_experts_see_their_own_score_and_never_each_others(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    review.score(db.session, scene.experts[0], scene.call, proposal.id, ALL_NINETY, "仅本人可见的评语")

    seen = client.get(_url(scene, f"/proposals/{proposal.id}"), headers=api_token(scene.experts[1]))
    own = client.get(_url(scene, f"/proposals/{proposal.id}"), headers=api_token(scene.experts[0])).get_json()

    assert "my_score" not in seen.get_json()
    assert "仅本人可见的评语" not in seen.get_data(as_text=True) and "技术先进性" not in seen.get_data(as_text=True)
    assert own["my_score"]["total"] == 90.0


def test_a_blind_call_hides_the_applicant_from_experts_but_not_from_the_owner(client, api_token, scene):
    scene.call.blind = True
    proposal = scene.submit(scene.applicant_a)
    scene.panel()

    expert_view = client.get(_url(scene, f"/proposals/{proposal.id}"), headers=api_token(scene.experts[0])).get_json()
    owner_view = client.get(_url(scene, f"/proposals/{proposal.id}"), headers=api_token(scene.owner)).get_json()

    assert expert_view["organisation"] is None and "甲大学" not in str(expert_view)
    assert all(member["name"] is None for member in expert_view["team"])
    assert owner_view["organisation"]["name"] == "甲大学"


def test_the_ranking_waits_for_every_score(client, api_token, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    review.score(db.session, scene.experts[0], scene.call, proposal.id, ALL_NINETY, "")

    response = client.get(_url(scene, "/ranking"), headers=api_token(scene.owner))

    assert_error(response, 409, "conflict")
    assert "1 / 3" in response.get_json()["error"]["message"]


def _scored_call(scene):
    a, b = scene.submit(scene.applicant_a), scene.submit(scene.applicant_b)
    scene.panel()
    scene.review()
    for expert in scene.experts:
        review.score(db.session, expert, scene.call, a.id, ALL_NINETY, "方案扎实")
        review.score(db.session, expert, scene.call, b.id, {k: 70 for k in ALL_NINETY}, "")
    return a, b


def test_the_award_opens_a_negotiating_case_and_tells_every_applicant(client, api_token, scene):
    a, b = _scored_call(scene)

    response = client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "综合评分第一"},
                           headers=api_token(scene.owner))

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "awarded" and len(body["case_ids"]) == 1
    case = db.session.get(Case, body["case_ids"][0])
    assert case.stage == CaseStage.NEGOTIATING and case.source == CaseSource.OPEN_CALL
    assert case.need_id == scene.call.need_id and case.offer.organisation_id == scene.applicant_a.organisation_id
    outcomes = {n.user_id: n.params["result"] for n in db.session.query(Notification).filter_by(kind="open_call.outcome")}
    assert outcomes[scene.applicant_a.id] == "awarded" and outcomes[scene.applicant_b.id] == "not_awarded"


def test_the_award_needs_a_reason_and_proposals_of_the_call(client, api_token, scene):
    a, _b = _scored_call(scene)

    no_reason = client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": " "},
                            headers=api_token(scene.owner))
    too_many = client.post(_url(scene, "/award"), json={"proposal_ids": [a.id, _b.id], "reason": "都好"},
                           headers=api_token(scene.owner))

    assert_error(no_reason, 422, "validation_error")
    assert_error(too_many, 422, "validation_error")


def test_an_applicant_cannot_award(client, api_token, scene):
    a, _b = _scored_call(scene)

    response = client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "我们最好"},
                           headers=api_token(scene.applicant_a))

    assert_error(response, 403, "forbidden")


def test_an_accepted_milestone_records_its_paid_share_and_the_last_completes_the_call(client, api_token, scene):
    a, _b = _scored_call(scene)
    client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "第一"}, headers=api_token(scene.owner))
    first, second = scene.call.milestones

    reported = client.post(_url(scene, f"/milestones/{first.id}/report"), json={"report": "方案验证完成"},
                           headers=api_token(scene.applicant_a))
    accepted = client.post(_url(scene, f"/milestones/{first.id}/acceptance"), json={"accepted": True},
                           headers=api_token(scene.owner))

    assert reported.get_json()["status"] == "reported"
    assert accepted.get_json()["status"] == "accepted" and accepted.get_json()["paid_wan"] == 90.0
    assert scene.call.status == OpenCallStatus.IN_DELIVERY
    client.post(_url(scene, f"/milestones/{second.id}/report"), json={"report": "中试线交付"},
                headers=api_token(scene.applicant_a))
    client.post(_url(scene, f"/milestones/{second.id}/acceptance"), json={"accepted": True},
                headers=api_token(scene.owner))
    db.session.expire_all()
    assert client.get(_url(scene)).get_json()["status"] == "completed"


def test_a_rejected_milestone_needs_a_note_and_can_be_reported_again(client, api_token, scene):
    a, _b = _scored_call(scene)
    client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "第一"}, headers=api_token(scene.owner))
    first = scene.call.milestones[0]
    client.post(_url(scene, f"/milestones/{first.id}/report"), json={"report": "完成"},
                headers=api_token(scene.applicant_a))

    bare = client.post(_url(scene, f"/milestones/{first.id}/acceptance"), json={"accepted": False},
                       headers=api_token(scene.owner))
    rejected = client.post(_url(scene, f"/milestones/{first.id}/acceptance"),
                           json={"accepted": False, "note": "缺少测试报告"}, headers=api_token(scene.owner))
    again = client.post(_url(scene, f"/milestones/{first.id}/report"), json={"report": "补充测试报告"},
                        headers=api_token(scene.applicant_a))

    assert_error(bare, 422, "validation_error")
    assert rejected.get_json()["status"] == "rejected" and rejected.get_json()["paid_wan"] is None
    assert again.get_json()["status"] == "reported"


def test_a_losing_applicant_cannot_report_milestones(client, api_token, scene):
    a, _b = _scored_call(scene)
    client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "第一"}, headers=api_token(scene.owner))

    response = client.post(_url(scene, f"/milestones/{scene.call.milestones[0].id}/report"), json={"report": "我们也做了"},
                           headers=api_token(scene.applicant_b))

    assert response.status_code in (403, 422)


def test_a_milestone_reported_after_its_due_day_counts_as_late(client, api_token, scene):
    a, _b = _scored_call(scene)
    client.post(_url(scene, "/award"), json={"proposal_ids": [a.id], "reason": "第一"}, headers=api_token(scene.owner))
    first, second = scene.call.milestones
    first.due_on = (utcnow() - timedelta(days=2)).date()
    db.session.flush()

    late = client.post(_url(scene, f"/milestones/{first.id}/report"), json={"report": "迟交"},
                       headers=api_token(scene.applicant_a)).get_json()
    on_time = client.post(_url(scene, f"/milestones/{second.id}/report"), json={"report": "按期"},
                          headers=api_token(scene.applicant_a)).get_json()

    assert late["late"] is True and on_time["late"] is False
