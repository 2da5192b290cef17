"""What each reader sees on an open call's page and on a proposal's page, gathered here so the views stay thin.

The call page has a part per role: the applicant's (submit, edit, their own proposal), the assigned expert's
(declaration, then the proposals to score), the manager's (closing, the proposals, the panel, progress, ranking,
award, suggested teams) and, after the award, the winners with their milestones. Forms sent back with errors replace
the fresh ones they came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from matchmaker.brokerage.access import can_view_case
from matchmaker.events.services import local_time
from matchmaker.experts.services import expert_profile
from matchmaker.market.access import acting_user
from matchmaker.matching.engine import MatchEngine
from matchmaker.open_calls import access, delivery, proposals, review, services, suggestions
from matchmaker.open_calls.forms import (
    AwardForm,
    CancelForm,
    DeadlinesForm,
    MilestoneDecisionForm,
    MilestoneReportForm,
    PanelForm,
    score_form,
    score_values,
)
from matchmaker.open_calls.services import accepting_proposals
from models import MilestoneDelivery, OpenCall, OpenCallMilestone, Proposal
from models.choices import DeliveryStatus, OpenCallStatus

AFTER_AWARD = (OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY, OpenCallStatus.COMPLETED)
DELIVERING = (OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY)
SUGGEST_TEAMS_WHILE = (OpenCallStatus.DRAFT, OpenCallStatus.OPEN)
TEAM_SUGGESTIONS = 5


@dataclass
class SentForms:
    """Forms a POST sent back with errors, to be shown in place of fresh ones."""

    panel: PanelForm | None = None
    award: AwardForm | None = None
    deadlines: DeadlinesForm | None = None
    cancel: CancelForm | None = None
    reports: dict[tuple[int, int], MilestoneReportForm] = field(default_factory=dict)
    decisions: dict[tuple[int, int], MilestoneDecisionForm] = field(default_factory=dict)


@dataclass
class MilestoneRow:
    milestone: OpenCallMilestone
    delivery: MilestoneDelivery | None
    amount: Decimal  # this winner's part of the reward times the milestone's share
    report_form: MilestoneReportForm | None
    decision_form: MilestoneDecisionForm | None


@dataclass
class Winner:
    proposal: Proposal
    follows: bool  # the reader may follow the delivery (the call's managers and the winning team)
    case_visible: bool
    milestones: list[MilestoneRow]


def _applicant(session: Session, user, call: OpenCall, manages: bool, seated: bool) -> dict:
    """The applicant's part: their organisation's proposal, or whether and why they may submit one."""
    own = proposals.proposal_of(session, call, user.organisation_id) if user is not None else None
    accepting = accepting_proposals(call)
    problem = proposals.eligibility_problem(call, user) if accepting and user is not None and own is None else None
    # A manager who may not apply (the call's own organisation, a platform admin) is not told why, and the call's
    # experts are not invited to apply to what they judge.
    show = own is not None or (accepting and not seated and (user is None or problem is None or not manages))
    return {"show": show, "own": own, "problem": problem, "accepting": accepting, "signed_in": user is not None}


def _expert(session: Session, viewer, call: OpenCall) -> dict:
    """The reader's seat on the panel, and once cleared the proposals they may score, with their own scores."""
    seat = access.assignment(session, viewer, call)
    rows = []
    if access.is_cleared_expert(session, viewer, call):
        user = acting_user(viewer)
        rows = [(p, proposals.applicant_name(session, viewer, p), review.own_score(session, user, p))
                for p in proposals.visible_proposals(session, viewer, call)]
    return {"seat": seat, "rows": rows}


def _affiliation(session: Session, expert) -> str | None:
    """Where an expert works, as conflicts are judged: the affiliation they gave, else their organisation."""
    given = expert_profile(session, expert).affiliation
    return given or (expert.organisation.name if expert.organisation is not None else None)


def _manager(session: Session, engine: MatchEngine | None, viewer, call: OpenCall, sent: SentForms) -> dict:
    """The proposals, the panel and its progress, the ranking once complete, the award form and suggested teams."""
    seats = access.assigned_experts(session, call)
    editable = call.status in review.ASSIGNABLE
    state = review.progress(session, call) if seats else None
    suggested = review.suggest_experts(session, call) if editable else []
    return {
        "deadlines_form": (sent.deadlines or DeadlinesForm(formdata=None, prefix=DeadlinesForm.PREFIX, data={
            "submission_deadline": local_time(call.submission_deadline),
            "delivery_deadline": local_time(call.delivery_deadline)}))
        if call.status in services.RESCHEDULABLE else None,
        "cancel_form": (sent.cancel or CancelForm(formdata=None, prefix=CancelForm.PREFIX))
        if call.status in services.CANCELLABLE else None,
        "proposals": proposals.visible_proposals(session, viewer, call),
        "seats": seats,
        "affiliations": {seat.expert_id: _affiliation(session, seat.expert) for seat in seats},
        "panel_editable": editable,
        "suggested_experts": suggested,
        "other_experts": review.other_experts(
            session, call, {seat.expert_id for seat in seats} | {fit.user.id for fit in suggested}) if editable else [],
        "panel_form": sent.panel or PanelForm(formdata=None, user_ids=[seat.expert_id for seat in seats]),
        "progress": state,
        "ranking": review.rank(session, call) if state is not None and state.complete else None,
        "award_form": (sent.award or AwardForm(formdata=None)) if call.status == OpenCallStatus.REVIEWING else None,
        "teams": (suggestions.teams_for_call(session, engine, viewer, call, TEAM_SUGGESTIONS)
                  if call.status in SUGGEST_TEAMS_WHILE else []),
    }


def _winners(session: Session, viewer, call: OpenCall, manages: bool, sent: SentForms) -> list[Winner]:
    """After the award, each winner, with its milestones for those who follow the delivery."""
    if call.status not in AFTER_AWARD:
        return []
    part = delivery.winner_part(session, call)
    done = delivery.deliveries(session, call)
    out = []
    for proposal in delivery.winners(session, call):
        team = access.is_applicant(viewer, proposal)
        rows = []
        for milestone in call.milestones if manages or team else ():
            key = (milestone.id, proposal.id)
            row = done.get(key)
            may_report = team and call.status in DELIVERING and (row is None or row.status == DeliveryStatus.REJECTED)
            may_decide = manages and row is not None and row.status == DeliveryStatus.REPORTED
            rows.append(MilestoneRow(
                milestone, row, delivery.milestone_amount(part, milestone),
                (sent.reports.get(key) or MilestoneReportForm(formdata=None, proposal_id=proposal.id))
                if may_report else None,
                (sent.decisions.get(key) or MilestoneDecisionForm(formdata=None, proposal_id=proposal.id))
                if may_decide else None))
        out.append(Winner(proposal, manages or team,
                          proposal.case is not None and can_view_case(viewer, proposal.case), rows))
    return out


def call_page(session: Session, engine: MatchEngine | None, viewer, call: OpenCall,
              sent: SentForms | None = None) -> dict:
    """Everything the call's template needs for this reader."""
    sent = sent or SentForms()
    user = acting_user(viewer)
    manages = access.can_manage(viewer, call)
    expert = _expert(session, viewer, call)
    return {
        "call": call,
        "can_manage": manages,
        "is_open": call.status == OpenCallStatus.OPEN,
        "applicant": _applicant(session, user, call, manages, expert["seat"] is not None),
        "expert": expert,
        "manager": _manager(session, engine, viewer, call, sent) if manages else None,
        "winners": _winners(session, viewer, call, manages, sent),
        "winner_part": delivery.winner_part(session, call) if call.status in AFTER_AWARD else None,
        "review_spread": review.DISAGREEMENT_SPREAD,
    }


def proposal_page(session: Session, viewer, call: OpenCall, proposal: Proposal, sent_score=None) -> dict:
    """A proposal as its reader may see it, with the scoring form for a cleared expert while the call is in review."""
    user = acting_user(viewer)
    seat = access.assignment(session, viewer, call)
    mine = review.own_score(session, user, proposal) if seat is not None else None
    scoring = (call.status == OpenCallStatus.REVIEWING and access.is_cleared_expert(session, viewer, call)
               and not access.conflicts_with(session, user, proposal))
    form = None
    if scoring:
        form = sent_score or score_form(call, formdata=None, data={
            **(score_values(call, mine.criteria) if mine is not None else {}),
            "comment": mine.comment if mine is not None else ""})
    return {
        "call": call,
        "proposal": proposal,
        "applicant_name": proposals.applicant_name(session, viewer, proposal),
        "names_shown": access.shows_applicant(session, user, proposal),
        "is_applicant": access.is_applicant(viewer, proposal),
        "editable": access.is_applicant(viewer, proposal) and accepting_proposals(call),
        "can_manage": access.can_manage(viewer, call),
        "own_score": mine,
        "score_form": form,
    }
