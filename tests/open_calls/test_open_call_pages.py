"""揭榜挂帅 in the browser: proposals with their files, declarations and scores, the panel, the award, milestones,
downloads, and the matching suggestions around calls. Only web routes."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.open_calls import attachments, delivery, proposals, review, services
from models import MilestoneDelivery, Proposal, ProposalAttachment, ProposalScore, utcnow
from models.choices import DeliveryStatus, OpenCallStatus
from tests.factories import OfferFactory, OrganisationFactory, UserFactory
from tests.open_calls.conftest import proposal_body

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def _url(scene, tail: str = "") -> str:
    return f"/open-calls/{scene.call.id}{tail}"


def _text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def _proposal_form(**overrides) -> dict:
    return {"approach": "采用原位固化电解质与干法电极工艺，分三步完成中试。",
            "plan": "第一阶段完成方案验证，第二阶段建成中试线。", "budget_wan": "280",
            "team-0-name": "张教授", "team-0-title": "教授", "team-0-role": "负责人", **overrides}


def _upload(auth, scene, content: bytes, filename: str, **overrides):
    data = {**_proposal_form(**overrides), "files": [(io.BytesIO(content), filename)]}
    return auth.post(_url(scene, "/proposal"), data, content_type="multipart/form-data")


def _with_pdf(scene, user, name: str = "技术方案.pdf") -> Proposal:
    return proposals.submit_proposal(db.session, user, scene.call, proposal_body(),
                                     [attachments.check_file(name, PDF)])


def _scored(scene) -> tuple[Proposal, Proposal]:
    """Two proposals, closed for review, every expert's scores in (A ahead of B)."""
    a, b = scene.submit(scene.applicant_a), scene.submit(scene.applicant_b)
    scene.panel()
    scene.review()
    names = [c["name"] for c in scene.call.criteria]
    for expert in scene.experts:
        review.score(db.session, expert, scene.call, a.id, dict.fromkeys(names, 90), "思路清晰")
        review.score(db.session, expert, scene.call, b.id, dict.fromkeys(names, 70), "")
    return a, b


def _awarded(scene) -> Proposal:
    a, _b = _scored(scene)
    delivery.award(db.session, scene.owner, scene.call, [a.id], "技术路线最成熟，团队经验充分。")
    return a


# -- proposals -------------------------------------------------------------------------------------------------------

def test_the_call_page_offers_an_eligible_member_the_proposal_form(client, auth, scene):
    auth.login(scene.applicant_a)

    page = _text(client, _url(scene))

    assert "提交揭榜方案" in page and f'href="{_url(scene, "/proposal")}"' in page


def test_a_visitor_is_asked_to_sign_in_to_apply(client, scene):
    page = _text(client, _url(scene))

    assert "登录后揭榜" in page and f'href="{_url(scene, "/proposal")}"' not in page


def test_the_home_page_links_the_hall(client):
    assert 'href="/open-calls"' in _text(client, "/")


def test_a_member_of_an_ineligible_organisation_sees_why_instead_of_the_button(client, auth, scene):
    scene.call.eligible_org_kinds = ["university"]
    auth.login(scene.applicant_b)

    page = _text(client, _url(scene))

    assert "本榜单仅限以下类型的机构揭榜" in page
    assert f'href="{_url(scene, "/proposal")}"' not in page


def test_an_applicant_submits_through_the_form_with_a_pdf_and_sees_it_listed(client, auth, scene):
    auth.login(scene.applicant_a)

    response = _upload(auth, scene, PDF, "技术方案.pdf")

    proposal = proposals.proposal_of(db.session, scene.call, scene.applicant_a.organisation_id)
    assert response.status_code == 302 and response.location.endswith(_url(scene, f"/proposals/{proposal.id}"))
    assert [a.filename for a in proposal.attachments] == ["技术方案.pdf"]
    assert [m["name"] for m in proposal.team] == ["张教授"]
    page = _text(client, response.location)
    assert "技术方案.pdf" in page and "张教授" in page
    assert "技术方案.pdf" in _text(client, _url(scene, "/proposal"))
    assert "修改方案" in _text(client, _url(scene))


def test_an_html_page_named_pdf_is_refused_beside_the_files_field_and_nothing_is_saved(client, auth, scene):
    auth.login(scene.applicant_a)

    response = _upload(auth, scene, HTML, "方案.pdf")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="err-files"' in page and "内容与扩展名 .pdf 不符" in page
    assert db.session.scalars(select(Proposal)).all() == []
    assert db.session.scalars(select(ProposalAttachment)).all() == []


def test_the_form_takes_files_larger_than_the_sites_usual_request_limit(client, auth, scene):
    auth.login(scene.applicant_a)

    response = _upload(auth, scene, PDF + b"0" * (3 * 1024 * 1024), "扫描件.pdf")

    assert response.status_code == 302
    attachment = db.session.scalar(select(ProposalAttachment))
    assert attachment.filename == "扫描件.pdf" and attachment.size > 3 * 1024 * 1024


def test_a_file_above_20_mb_is_refused_beside_the_files_field(client, auth, scene):
    auth.login(scene.applicant_a)

    response = _upload(auth, scene, PDF + b"0" * attachments.MAX_BYTES, "大文件.pdf")

    assert response.status_code == 422
    assert 'id="err-files"' in response.get_data(as_text=True) and "超过 20 MB" in response.get_data(as_text=True)
    assert db.session.scalars(select(Proposal)).all() == []


def test_a_proposal_without_a_team_member_is_refused_beside_the_team(client, auth, scene):
    auth.login(scene.applicant_a)

    response = auth.post(_url(scene, "/proposal"), _proposal_form(**{"team-0-name": ""}))

    assert response.status_code == 422 and 'id="err-team"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Proposal)).all() == []


def test_the_applicant_edits_its_proposal_until_the_deadline(client, auth, scene):
    proposal = scene.submit(scene.applicant_a)
    auth.login(scene.applicant_a)

    form = _text(client, _url(scene, "/proposal"))
    response = auth.post(_url(scene, "/proposal"), _proposal_form(plan="改为两个阶段完成。"))

    assert "采用原位固化电解质" in form
    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).plan == "改为两个阶段完成。"


def test_after_the_deadline_the_proposal_form_answers_409(client, auth, scene):
    scene.submit(scene.applicant_a)
    services.reschedule(db.session, scene.call, submission_deadline=utcnow() - timedelta(hours=1))
    auth.login(scene.applicant_a)

    assert client.get(_url(scene, "/proposal")).status_code == 409
    assert auth.post(_url(scene, "/proposal"), _proposal_form()).status_code == 409


def test_the_applicant_deletes_an_attachment_while_the_call_is_open(client, auth, scene):
    proposal = _with_pdf(scene, scene.applicant_a)
    attachment_id = proposal.attachments[0].id
    auth.login(scene.applicant_a)

    response = auth.post(_url(scene, f"/proposals/{proposal.id}/attachments/{attachment_id}/delete"))

    assert response.status_code == 302
    assert db.session.get(ProposalAttachment, attachment_id) is None


# -- downloads -------------------------------------------------------------------------------------------------------

def test_the_owner_downloads_an_attachment_as_an_attachment(client, auth, scene):
    proposal = _with_pdf(scene, scene.applicant_a)
    auth.login(scene.owner)

    response = client.get(_url(scene, f"/proposals/{proposal.id}/attachments/{proposal.attachments[0].id}"))

    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_an_attachment_is_404_for_an_outsider_and_for_the_other_applicant(client, auth, scene):
    proposal = _with_pdf(scene, scene.applicant_a)
    url = _url(scene, f"/proposals/{proposal.id}/attachments/{proposal.attachments[0].id}")
    scene.submit(scene.applicant_b)

    assert client.get(url).status_code == 404
    for user in (scene.outsider, scene.applicant_b):
        auth.login(user)
        assert client.get(url).status_code == 404, user.email
        assert client.get(_url(scene, f"/proposals/{proposal.id}")).status_code == 404, user.email
        auth.logout()


# -- review ----------------------------------------------------------------------------------------------------------

def test_the_owner_closes_submissions_from_the_call_page(client, auth, scene):
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/close"))

    assert response.status_code == 302 and scene.call.status == OpenCallStatus.REVIEWING


def test_an_assigned_expert_sees_no_proposal_before_declaring(client, auth, scene):
    proposal = scene.submit(scene.applicant_a)
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])
    auth.login(scene.experts[0])

    page = _text(client, _url(scene))

    assert "我与本榜单的发榜方和揭榜方均无利益冲突" in page
    assert _url(scene, f"/proposals/{proposal.id}") not in page
    assert client.get(_url(scene, f"/proposals/{proposal.id}")).status_code == 404


def test_an_expert_declares_then_scores_through_the_forms(client, auth, scene):
    proposal = scene.submit(scene.applicant_a)
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])
    scene.review()
    auth.login(scene.experts[0])

    declared = auth.post(_url(scene, "/declaration"), {"conflict": "false"})
    listed = _text(client, _url(scene))
    form = _text(client, _url(scene, f"/proposals/{proposal.id}"))
    scores = {f"criterion_{i}": str(80 + i) for i in range(1, 6)}
    scored = auth.post(_url(scene, f"/proposals/{proposal.id}/score"), {**scores, "comment": "方案可行。"})

    assert declared.status_code == 302 and _url(scene, f"/proposals/{proposal.id}") in listed
    assert 'name="criterion_1"' in form
    assert scored.status_code == 302
    entry = db.session.scalar(select(ProposalScore))
    assert entry.criteria == {"技术先进性": 81, "可行性": 82, "团队能力": 83, "经费合理性": 84, "进度安排": 85}
    assert entry.comment == "方案可行。"
    assert 'value="81"' in _text(client, _url(scene, f"/proposals/{proposal.id}"))


def test_a_score_out_of_range_is_refused_beside_its_criterion(client, auth, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    auth.login(scene.experts[0])

    response = auth.post(_url(scene, f"/proposals/{proposal.id}/score"),
                         {**{f"criterion_{i}": "80" for i in range(1, 6)}, "criterion_3": "120"})

    assert response.status_code == 422 and 'id="err-criterion_3"' in response.get_data(as_text=True)
    assert db.session.scalar(select(ProposalScore)) is None


def test_an_expert_who_declares_a_conflict_withdraws(client, auth, scene):
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])
    auth.login(scene.experts[0])

    auth.post(_url(scene, "/declaration"), {"conflict": "true"})

    assert "已退出本榜单的评审" in _text(client, _url(scene))


def test_a_blind_call_hides_the_applicant_and_team_names_from_experts(client, auth, scene):
    scene.call.blind = True
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    auth.login(scene.experts[0])

    pages = _text(client, _url(scene)) + _text(client, _url(scene, f"/proposals/{proposal.id}"))

    assert "甲大学" not in pages and "张教授" not in pages
    assert "副研究员" in pages  # titles and roles stay


def test_the_manager_sees_the_panel_with_suggested_experts(client, auth, scene):
    from models import ExpertProfile
    db.session.add(ExpertProfile(user_id=scene.spare_expert.id, fields=[scene.call.need.field.code],
                                 affiliation="丙大学"))
    review.assign_experts(db.session, scene.owner, scene.call, [scene.experts[0].id])
    auth.login(scene.owner)

    page = _text(client, _url(scene))

    assert scene.experts[0].display_name in page and "未声明" in page
    assert f'name="user_ids" value="{scene.spare_expert.id}"' in page and "丙大学" in page


def test_the_manager_sets_the_panel_with_ticked_and_typed_experts(client, auth, scene):
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/experts"), {"user_ids": [str(scene.experts[0].id)],
                                                   "other_ids": f"{scene.experts[1].id}，{scene.experts[2].id}"})

    assert response.status_code == 302
    assert {seat.expert_id for seat in review.access.assigned_experts(db.session, scene.call)} == {
        e.id for e in scene.experts}


def test_a_conflicting_assignment_shows_the_conflict_by_name(client, auth, scene):
    scene.submit(scene.applicant_a)
    colleague = UserFactory(expert=True, organisation=scene.applicant_a.organisation, display_name="甲校专家")
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/experts"), {"other_ids": f"{scene.experts[0].id}, {colleague.id}"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "甲校专家 与揭榜方 甲大学 属同一单位，存在利益冲突。" in page
    assert review.access.assigned_experts(db.session, scene.call) == []


def test_typed_expert_ids_that_are_not_numbers_are_refused_beside_the_field(client, auth, scene):
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/experts"), {"other_ids": "张三"})

    assert response.status_code == 422 and 'id="err-other_ids"' in response.get_data(as_text=True)


def test_the_manager_follows_the_scoring_progress(client, auth, scene):
    proposal = scene.submit(scene.applicant_a)
    scene.panel()
    scene.review()
    names = [c["name"] for c in scene.call.criteria]
    review.score(db.session, scene.experts[0], scene.call, proposal.id, dict.fromkeys(names, 80), "")
    auth.login(scene.owner)

    page = _text(client, _url(scene))

    assert "已收到 1 / 3 份评分" in page and '<progress max="3" value="1">' in page
    assert 'action="' + _url(scene, "/award") + '"' not in page


def test_once_scoring_is_complete_the_manager_sees_the_ranking_with_disagreement_flagged(client, auth, scene):
    a, b = scene.submit(scene.applicant_a), scene.submit(scene.applicant_b)
    scene.panel()
    scene.review()
    names = [c["name"] for c in scene.call.criteria]
    for expert, mark in zip(scene.experts, (95, 60, 90), strict=True):
        review.score(db.session, expert, scene.call, a.id, dict.fromkeys(names, mark), "")
        review.score(db.session, expert, scene.call, b.id, dict.fromkeys(names, 70), "")
    auth.login(scene.owner)

    page = _text(client, _url(scene))

    assert page.index("甲大学") < page.index("乙研究院")
    assert page.count("分歧较大</span>") == 1
    assert 'action="' + _url(scene, "/award") + '"' in page


def test_the_award_form_awards_the_chosen_proposal(client, auth, scene):
    a, b = _scored(scene)
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/award"), {"proposal_ids": str(a.id), "reason": "技术路线最成熟。"})

    assert response.status_code == 302
    assert scene.call.status == OpenCallStatus.AWARDED and scene.call.award_reason == "技术路线最成熟。"
    assert db.session.get(Proposal, a.id).awarded and not db.session.get(Proposal, b.id).awarded
    page = _text(client, _url(scene))
    assert "定榜结果" in page and f"/cases/{a.case_id}" in page


def test_an_award_without_a_reason_is_refused_beside_the_reason(client, auth, scene):
    a, _b = _scored(scene)
    auth.login(scene.owner)

    response = auth.post(_url(scene, "/award"), {"proposal_ids": str(a.id), "reason": ""})

    assert response.status_code == 422 and 'id="err-reason"' in response.get_data(as_text=True)
    assert scene.call.status == OpenCallStatus.REVIEWING


# -- delivery --------------------------------------------------------------------------------------------------------

def test_the_winning_team_reports_a_milestone_and_the_owner_accepts_it(client, auth, scene):
    winner = _awarded(scene)
    milestone = scene.call.milestones[0]
    auth.login(scene.applicant_a)

    reported = auth.post(_url(scene, f"/milestones/{milestone.id}/report"),
                         {"proposal_id": str(winner.id), "report": "方案验证已完成，测试报告见附件。"})
    auth.logout()
    auth.login(scene.owner)
    seen = _text(client, _url(scene))
    accepted = auth.post(_url(scene, f"/milestones/{milestone.id}/decision"),
                         {"proposal_id": str(winner.id), "decision": "accept", "note": ""})

    assert reported.status_code == 302
    assert "方案验证已完成" in seen and "待验收" in seen
    assert accepted.status_code == 302
    entry = db.session.scalar(select(MilestoneDelivery))
    assert entry.status == DeliveryStatus.ACCEPTED and entry.paid_wan == 90  # 30% of the whole reward of 300
    page = _text(client, _url(scene))
    assert "已验收" in page and "90 万元" in page


def test_rejecting_a_milestone_needs_a_note(client, auth, scene):
    winner = _awarded(scene)
    milestone = scene.call.milestones[0]
    delivery.report_milestone(db.session, scene.applicant_a, scene.call, milestone.id, "已完成。")
    auth.login(scene.owner)

    response = auth.post(_url(scene, f"/milestones/{milestone.id}/decision"),
                         {"proposal_id": str(winner.id), "decision": "reject", "note": ""})

    assert response.status_code == 422
    assert f'id="err-note-{milestone.id}-{winner.id}"' in response.get_data(as_text=True)
    assert db.session.scalar(select(MilestoneDelivery)).status == DeliveryStatus.REPORTED


def test_the_milestones_stay_with_the_owner_and_the_winning_team(client, auth, scene):
    _awarded(scene)
    auth.login(scene.applicant_b)

    page = _text(client, _url(scene))

    assert "定榜结果" in page and "未中榜" in page
    assert "待报告" not in page


# -- matching suggestions ----------------------------------------------------------------------------------------------

def _low_temperature_offer(organisation):
    return OfferFactory(organisation=organisation, title="动力电池低温电解液添加剂",
                        description="新型低温电解液添加剂，零下 20 摄氏度放电容量保持率 85%，适用于动力电池。",
                        keywords=["低温", "电解液", "动力电池"])


def test_the_hall_suggests_open_calls_matching_the_members_offers(client, auth, scene):
    _low_temperature_offer(scene.applicant_a.organisation)
    db.session.commit()  # postings are embedded when committed, as in the running app
    auth.login(scene.applicant_a)

    page = _text(client, "/open-calls")

    assert "适合贵机构的榜单" in page and "动力电池低温电解液添加剂" in page


def test_the_hall_suggests_nothing_to_a_member_without_offers(client, auth, scene):
    auth.login(scene.applicant_a)

    assert "适合贵机构的榜单" not in _text(client, "/open-calls")


def test_the_call_page_suggests_matching_teams_to_its_owner_only(client, auth, scene):
    _low_temperature_offer(OrganisationFactory(name="丁大学"))
    db.session.commit()
    auth.login(scene.owner)

    owner_page = _text(client, _url(scene))
    auth.logout()
    auth.login(scene.outsider)

    assert "可能的揭榜团队" in owner_page and "丁大学" in owner_page
    assert "可能的揭榜团队" not in _text(client, _url(scene))


def test_the_pages_show_nothing_from_the_engine_when_there_is_none(client, auth, scene, app, monkeypatch):
    _low_temperature_offer(scene.applicant_a.organisation)
    db.session.commit()
    monkeypatch.delitem(app.extensions, "matching")
    auth.login(scene.applicant_a)

    assert "适合贵机构的榜单" not in _text(client, "/open-calls")
