"""The demo's 揭榜挂帅 calls: one delivered and paid, one in review with every score in, one taking proposals."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from matchmaker.demo.load import load_demo
from matchmaker.demo.open_calls import load_demo_open_calls
from matchmaker.open_calls import access, attachments, delivery, proposals, review, services
from models import MilestoneDelivery, OpenCall, OpenCallExpert, Proposal, ProposalScore, User, utcnow
from models.base import as_utc
from models.choices import DeliveryStatus, OpenCallStatus


def _call(session, status: OpenCallStatus) -> OpenCall:
    calls = session.scalars(select(OpenCall).where(OpenCall.status == status)).all()
    assert len(calls) == 1, status
    return calls[0]


def _proposals(session, call: OpenCall) -> list[Proposal]:
    return list(session.scalars(select(Proposal).where(Proposal.call_id == call.id).order_by(Proposal.id)))


def test_the_demo_has_a_completed_call_with_every_milestone_accepted_and_its_reward_paid(session):
    load_demo(session)
    call = _call(session, OpenCallStatus.COMPLETED)

    winners = delivery.winners(session, call)
    done = delivery.deliveries(session, call)
    assert len(winners) == 1 and winners[0].case is not None and 2 <= len(_proposals(session, call)) <= 3
    assert len(done) == len(call.milestones) >= 2
    assert all(d.status == DeliveryStatus.ACCEPTED for d in done.values())
    assert sum(d.paid_wan for d in done.values()) == Decimal(call.reward_wan)
    assert {d.late for d in done.values()} == {False, True}  # on time but for the last, after a cold snap
    assert as_utc(call.submission_deadline) < as_utc(call.awarded_at) < as_utc(call.delivery_deadline) < utcnow()
    assert as_utc(call.published_at) < utcnow() - timedelta(days=90)  # submissions closed months ago


def test_the_demo_has_a_call_in_review_whose_ranking_is_complete_and_awaits_the_award(session):
    load_demo(session)
    call = _call(session, OpenCallStatus.REVIEWING)
    owner = call.need.created_by

    ranked = review.ranking(session, owner, call)  # refuses (409) until every score is in

    assert len(ranked) == 2 and all(len(r.totals) == 3 for r in ranked)
    assert ranked[0].score > ranked[1].score and call.awarded_at is None
    assert as_utc(call.submission_deadline) < utcnow()


def test_the_demo_has_an_open_call_taking_proposals_with_its_panel_declared(session):
    load_demo(session)
    call = _call(session, OpenCallStatus.OPEN)

    assert services.accepting_proposals(call)
    assert 1 <= len(_proposals(session, call)) <= 2
    seats = session.scalars(select(OpenCallExpert).where(OpenCallExpert.call_id == call.id)).all()
    assert len(seats) == 3 and all(s.declared_at is not None and not s.conflict for s in seats)
    newcomer = session.scalar(select(User).where(User.email == "hao.jianhua@zjlg.edu.cn"))  # 珠江理工大学
    assert proposals.eligibility_problem(call, newcomer) is None


def test_every_demo_score_comes_from_an_assigned_expert_without_a_conflict(session):
    load_demo(session)

    scores = session.scalars(select(ProposalScore)).all()
    assert len(scores) == 3 * 3 + 3 * 2
    for entry in scores:
        call = entry.proposal.call
        seat = session.get(OpenCallExpert, (call.id, entry.expert_id))
        assert seat is not None and seat.declared_at is not None and not seat.conflict
        assert review.conflict_of(session, entry.expert, call) is None
        assert not access.conflicts_with(session, entry.expert, entry.proposal)
        assert entry.expert.organisation_id not in (call.need.organisation_id, entry.proposal.organisation_id)


def test_every_demo_proposal_carries_a_pdf_an_upload_check_accepts(session):
    load_demo(session)

    for proposal in session.scalars(select(Proposal)):
        assert proposal.attachments, proposal.organisation.name
        for attachment in proposal.attachments:
            content = attachments.read(proposals.attachment_root(), attachment.storage_key)
            checked = attachments.check_file(attachment.filename, content)
            assert checked.content_type == "application/pdf" and content.rstrip().endswith(b"%%EOF")


def test_loading_the_demo_calls_again_adds_nothing(session):
    load_demo(session)
    before = session.scalars(select(MilestoneDelivery)).all(), session.scalars(select(OpenCall)).all()

    assert load_demo_open_calls(session) == 0
    assert (session.scalars(select(MilestoneDelivery)).all(), session.scalars(select(OpenCall)).all()) == before
