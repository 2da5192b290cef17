"""Who may see and do what in an open call, in one place.

A proposal is seen by its own organisation, the call's managers (its owner, and organisers and admins), and the
experts assigned to the call once they have declared no conflict of interest. No applicant sees another's proposal.
Scores are seen by the expert who gave them; managers see the ranking once every score is in.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.market.access import acting_user, can_edit
from models import ExpertProfile, OpenCall, OpenCallExpert, Proposal, User


def can_manage(viewer, call_or_need) -> bool:
    """The need's organisation manages its call; so does a platform organiser, who runs calls for government bodies."""
    user = acting_user(viewer)
    need = call_or_need.need if isinstance(call_or_need, OpenCall) else call_or_need
    return user is not None and (user.is_admin or user.is_organiser or can_edit(user, need))


def assignment(session: Session, viewer, call: OpenCall) -> OpenCallExpert | None:
    """The viewer's assignment to the call, while they hold the expert role."""
    user = acting_user(viewer)
    if user is None or not user.is_expert:
        return None
    return session.get(OpenCallExpert, (call.id, user.id))


def is_cleared_expert(session: Session, viewer, call: OpenCall) -> bool:
    """Assigned, and declared no conflict: may read the call's proposals and score them."""
    seat = assignment(session, viewer, call)
    return seat is not None and seat.declared_at is not None and not seat.conflict


def is_applicant(viewer, proposal: Proposal) -> bool:
    user = acting_user(viewer)
    return user is not None and user.organisation_id is not None and user.organisation_id == proposal.organisation_id


def can_view_proposal(session: Session, viewer, proposal: Proposal) -> bool:
    call = proposal.call
    if is_applicant(viewer, proposal) or can_manage(viewer, call):
        return True
    return is_cleared_expert(session, viewer, call) and not conflicts_with(session, acting_user(viewer), proposal)


def shows_applicant(session: Session, viewer, proposal: Proposal) -> bool:
    """Blind calls hide who applied from the experts; everyone else who may see a proposal sees whose it is."""
    return not proposal.call.blind or is_applicant(viewer, proposal) or can_manage(viewer, proposal.call)


def expert_organisations(session: Session, expert: User) -> tuple[int | None, str]:
    """The expert's organisation and affiliation (lower-cased), the two things a conflict is judged on."""
    profile = session.get(ExpertProfile, expert.id)
    return expert.organisation_id, ((profile.affiliation or "") if profile else "").strip().lower()


def conflict_with(session: Session, expert: User, organisation) -> bool:
    """The expert belongs to the organisation, as a member or by the affiliation they gave."""
    return works_for(expert_organisations(session, expert), organisation)


def works_for(expert_at: tuple[int | None, str], organisation) -> bool:
    """Whether an expert's (organisation id, affiliation) names the organisation."""
    org_id, affiliation = expert_at
    return (org_id is not None and org_id == organisation.id) or (
        bool(affiliation) and affiliation == organisation.name.strip().lower())


def conflicts_with(session: Session, expert: User | None, proposal: Proposal) -> bool:
    return expert is not None and conflict_with(session, expert, proposal.organisation)


def assigned_experts(session: Session, call: OpenCall) -> list[OpenCallExpert]:
    return list(session.scalars(select(OpenCallExpert).where(OpenCallExpert.call_id == call.id)
                                .order_by(OpenCallExpert.assigned_at, OpenCallExpert.expert_id)))
