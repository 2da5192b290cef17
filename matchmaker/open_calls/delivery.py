"""The award and the delivery: the owner awards proposals with a reason, every applicant hears the outcome, each
winner gets a brokerage case at "negotiating", and milestones are reported, accepted or rejected, and paid.

A winner's part of the reward is the reward divided among the winners; an accepted milestone pays its share of that
part. Services flush and never commit.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.brokerage.access import members
from matchmaker.brokerage.pipeline import open_award_case
from matchmaker.config import MARKET_TZ
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.market.services import new_posting
from matchmaker.notifications.services import notify
from matchmaker.open_calls import access, review
from matchmaker.open_calls.services import lock
from models import MilestoneDelivery, OpenCall, OpenCallMilestone, Proposal, TechOffer, User, utcnow
from models.base import as_utc
from models.choices import DeliveryStatus, Maturity, OpenCallStatus

REASON_MAX = 1000
REPORT_MAX = 5000
NOTE_MAX = 1000
TWO_PLACES = Decimal("0.01")


def _link(call: OpenCall) -> str:
    return f"/open-calls/{call.id}"


def _reason(raw, name: str, limit: int, required: bool) -> str:
    if raw is not None and not isinstance(raw, str):
        raise ValidationError(_("须为文本。"), {name: _("须为文本。")})
    text = (raw or "").strip()
    if required and not text:
        raise ValidationError(_("请填写理由。"), {name: _("请填写理由。")})
    if len(text) > limit:
        raise ValidationError(_("最多 %(n)d 个字符。", n=limit), {name: _("最多 %(n)d 个字符。", n=limit)})
    return text


def _winners(session: Session, call: OpenCall, raw) -> list[Proposal]:
    message = _("请选择 1 至 %(n)d 份本榜单的方案。", n=call.max_awards)
    if (not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not 1 <= len(raw) <= call.max_awards
            or any(isinstance(v, bool) or not isinstance(v, int) for v in raw) or len(set(raw)) != len(raw)):
        raise ValidationError(message, {"proposal_ids": message})
    proposals = [session.get(Proposal, pid) if 0 < pid < 2**63 else None for pid in raw]
    if any(p is None or p.call_id != call.id for p in proposals):
        raise ValidationError(message, {"proposal_ids": message})
    return proposals


def _offer_for(session: Session, proposal: Proposal) -> TechOffer:
    """The winning team's offer for the case: the one its proposal names, or a new one describing the award (public,
    like the award itself; the proposal's text stays private)."""
    if proposal.offer is not None:
        return proposal.offer
    call, org = proposal.call, proposal.organisation
    offer = new_posting(session, org, proposal.submitted_by, "offer", {
        "title": _("揭榜方案：%(title)s", title=call.need.title)[:200],
        "description": _("%(org)s 揭榜“%(title)s”，经专家评审中榜，榜额 %(reward)s 万元。",
                         org=org.name, title=call.need.title, reward=f"{call.reward_wan:,.2f}".rstrip("0").rstrip(".")),
        "keywords": list(call.need.keywords or [])[:10], "region": org.province, "field": call.need.field.code,
        "maturity": Maturity.LAB.value}, submit=True)
    session.flush()
    proposal.offer = offer
    return offer


def award(session: Session, actor: User, call: OpenCall, proposal_ids, reason) -> list[Proposal]:
    """reviewing → awarded, once every score is in: the winners get a case each, every applicant hears the outcome."""
    if not access.can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以定榜。"))
    lock(session, call)
    if call.status != OpenCallStatus.REVIEWING:
        raise Conflict(_("只有评审中的榜单可以定榜。"))
    text = _reason(reason, "reason", REASON_MAX, required=True)
    winners = _winners(session, call, proposal_ids)
    review.ranking(session, actor, call)  # 409 until every score is in
    call.status, call.awarded_at, call.award_reason = OpenCallStatus.AWARDED, utcnow(), text
    for proposal in winners:
        proposal.awarded = True
        proposal.case = open_award_case(session, actor, _offer_for(session, proposal), call.need,
                                        note=_("揭榜挂帅定榜：%(reason)s", reason=text)[:NOTE_MAX])
    session.flush()
    for proposal in session.scalars(select(Proposal).where(Proposal.call_id == call.id)):
        for person in members(proposal.organisation):
            notify(session, person, "open_call.outcome",
                   {"title": call.need.title, "result": "awarded" if proposal.awarded else "not_awarded"},
                   _link(call))
    audit.record(session, actor, "open_call.award", call, proposals=[p.id for p in winners])
    return winners


def winners(session: Session, call: OpenCall) -> list[Proposal]:
    return list(session.scalars(select(Proposal).where(Proposal.call_id == call.id, Proposal.awarded.is_(True))
                                .order_by(Proposal.id)))


def winner_part(session: Session, call: OpenCall) -> Decimal:
    """Each winner's part of the reward."""
    count = len(winners(session, call)) or 1
    return (Decimal(call.reward_wan) / count).quantize(TWO_PLACES, ROUND_HALF_UP)


def milestone_amount(part: Decimal, milestone: OpenCallMilestone) -> Decimal:
    """What a milestone pays a winner: its share of the winner's part of the reward."""
    return (part * Decimal(milestone.share) / 100).quantize(TWO_PLACES, ROUND_HALF_UP)


def award_part_for_case(session: Session, case_id: int) -> Decimal | None:
    """The winner's part of the reward when the case is an open call's award: its contract's expected amount."""
    proposal = session.scalar(select(Proposal).where(Proposal.case_id == case_id, Proposal.awarded.is_(True)))
    return winner_part(session, proposal.call) if proposal is not None else None


def milestone_of(call: OpenCall, milestone_id: int) -> OpenCallMilestone:
    for milestone in call.milestones:
        if milestone.id == milestone_id:
            return milestone
    raise NotFound(_("没有找到该里程碑。"))


def _winning_proposal(session: Session, actor: User, call: OpenCall, proposal_id) -> Proposal:
    """The winner a milestone step is about: the actor's own, or for managers the one named (needed when several)."""
    chosen = winners(session, call)
    if proposal_id is not None:
        if isinstance(proposal_id, bool) or not isinstance(proposal_id, int):
            raise ValidationError(_("proposal_id 须为中榜方案的编号。"), {"proposal_id": _("proposal_id 须为中榜方案的编号。")})
        chosen = [p for p in chosen if p.id == proposal_id]
    elif not access.can_manage(actor, call):
        chosen = [p for p in chosen if p.organisation_id == actor.organisation_id]
    if len(chosen) != 1:
        message = _("请指明是哪一份中榜方案（proposal_id）。")
        raise ValidationError(message, {"proposal_id": message})
    return chosen[0]


def delivery_of(session: Session, milestone: OpenCallMilestone, proposal: Proposal) -> MilestoneDelivery | None:
    return session.scalar(select(MilestoneDelivery).where(MilestoneDelivery.milestone_id == milestone.id,
                                                          MilestoneDelivery.proposal_id == proposal.id))


def _due(milestone: OpenCallMilestone) -> datetime:
    if milestone.due_on is not None:
        return datetime.combine(milestone.due_on, datetime.max.time(), MARKET_TZ)
    return as_utc(milestone.call.delivery_deadline)


def report_milestone(session: Session, actor: User, call: OpenCall, milestone_id: int, report,
                     proposal_id=None) -> MilestoneDelivery:
    """The winning team reports a milestone done (again, after a rejection); the call moves into delivery."""
    milestone = milestone_of(call, milestone_id)
    lock(session, call)
    if call.status not in (OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY):
        raise Conflict(_("只有定榜后的榜单可以报告里程碑。"))
    proposal = _winning_proposal(session, actor, call, proposal_id)
    if not access.is_applicant(actor, proposal):
        raise PermissionDenied(_("只有中榜团队可以报告里程碑。"))
    text = _reason(report, "report", REPORT_MAX, required=True)
    delivery = delivery_of(session, milestone, proposal)
    if delivery is not None and delivery.status == DeliveryStatus.ACCEPTED:
        raise Conflict(_("该里程碑已通过验收。"))
    if delivery is None:
        delivery = MilestoneDelivery(milestone_id=milestone.id, proposal_id=proposal.id)
        session.add(delivery)
    now = utcnow()
    delivery.status, delivery.report, delivery.reported_at = DeliveryStatus.REPORTED, text, now
    delivery.decided_at, delivery.decided_by_id, delivery.decision_note = None, None, ""
    delivery.late = now > _due(milestone)
    call.status = OpenCallStatus.IN_DELIVERY
    session.flush()
    for person in members(call.need.organisation):
        notify(session, person, "milestone.reported", {"title": call.need.title, "milestone": milestone.title},
               _link(call))
    return delivery


def decide_milestone(session: Session, actor: User, call: OpenCall, milestone_id: int, accepted, note=None,
                     proposal_id=None) -> MilestoneDelivery:
    """The owner accepts a reported milestone (its share is paid) or rejects it with a note; all accepted: completed."""
    milestone = milestone_of(call, milestone_id)
    if not access.can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以验收里程碑。"))
    if not isinstance(accepted, bool):
        message = _("请说明是否通过验收（true 或 false）。")
        raise ValidationError(message, {"accepted": message})
    text = _reason(note, "note", NOTE_MAX, required=not accepted)
    lock(session, call)
    proposal = _winning_proposal(session, actor, call, proposal_id)
    delivery = delivery_of(session, milestone, proposal)
    if delivery is None or delivery.status != DeliveryStatus.REPORTED:
        raise Conflict(_("该里程碑尚未报告完成，或已验收。"))
    delivery.status = DeliveryStatus.ACCEPTED if accepted else DeliveryStatus.REJECTED
    delivery.decided_at, delivery.decided_by_id, delivery.decision_note = utcnow(), actor.id, text
    if accepted:
        delivery.paid_wan = milestone_amount(winner_part(session, call), milestone)
    session.flush()
    if _all_accepted(session, call):
        call.status = OpenCallStatus.COMPLETED
    session.flush()
    for person in members(proposal.organisation):
        notify(session, person, "milestone.decided", {"title": call.need.title, "milestone": milestone.title,
                                                       "result": "accepted" if accepted else "rejected"}, _link(call))
    if accepted:
        audit.record(session, actor, "milestone.accept", call, milestone=milestone.id, proposal=proposal.id)
    else:
        audit.record(session, actor, "milestone.reject", call, milestone=milestone.id, proposal=proposal.id)
    return delivery


def _all_accepted(session: Session, call: OpenCall) -> bool:
    accepted = {(d.milestone_id, d.proposal_id) for d in session.scalars(
        select(MilestoneDelivery).join(Proposal, MilestoneDelivery.proposal_id == Proposal.id)
        .where(Proposal.call_id == call.id, MilestoneDelivery.status == DeliveryStatus.ACCEPTED))}
    return all((m.id, p.id) in accepted for m in call.milestones for p in winners(session, call))


def deliveries(session: Session, call: OpenCall) -> dict[tuple[int, int], MilestoneDelivery]:
    """The call's deliveries by (milestone id, proposal id)."""
    rows = session.scalars(select(MilestoneDelivery).join(Proposal, MilestoneDelivery.proposal_id == Proposal.id)
                           .where(Proposal.call_id == call.id))
    return {(d.milestone_id, d.proposal_id): d for d in rows}
