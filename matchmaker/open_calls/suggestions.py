"""What the matching engine suggests around open calls: teams whose offers fit a call's need, and, for an organisation
with published offers, the open calls whose needs those offers answer.

Both take the engine as an argument and give nothing without one, so a page that shows them never fails for want of
it. Strengths are the pairs' calibrated strengths, scored with the need as the query, as on every other match list.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.calibration import MEDIUM_FROM
from matchmaker.market.access import acting_user
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.services import MatchResult, matches_for, pair_fused, posting_query
from matchmaker.open_calls.proposals import eligibility_problem, organisation_problem
from models import OpenCall, Proposal, TechNeed, TechOffer, utcnow
from models.choices import OpenCallStatus, PostingStatus

# An organisation's newest published offers stand for it; older ones rarely add a call the newest miss.
OFFERS_PER_ORGANISATION = 5
# Below a medium match a suggestion is noise: a short honest list beats a long padded one.
MIN_STRENGTH = MEDIUM_FROM


@dataclass(frozen=True)
class CallSuggestion:
    call: OpenCall
    offer: TechOffer
    strength: int


def teams_for_call(session: Session, engine: MatchEngine | None, viewer, call: OpenCall,
                   limit: int = 5) -> list[MatchResult]:
    """Offers that fit the call's need, as its need's page lists them, from organisations that may apply and have not
    yet proposed."""
    if engine is None:
        return []
    proposed = set(session.scalars(select(Proposal.organisation_id).where(Proposal.call_id == call.id)))
    results = matches_for(session, engine, viewer, call.need, limit * 2)
    return [r for r in results
            if r.posting.organisation_id not in proposed and organisation_problem(call, r.posting.organisation) is None][:limit]


def _open_calls_for(session: Session, user) -> dict[int, OpenCall]:
    """Open calls the user's organisation may still answer, by need id."""
    calls = session.scalars(select(OpenCall).join(TechNeed, OpenCall.need_id == TechNeed.id).where(
        OpenCall.status == OpenCallStatus.OPEN, OpenCall.submission_deadline > utcnow(),
        TechNeed.status == PostingStatus.PUBLISHED, TechNeed.organisation_id != user.organisation_id))
    answered = set(session.scalars(select(Proposal.call_id).where(Proposal.organisation_id == user.organisation_id)))
    return {call.need_id: call for call in calls if call.id not in answered and eligibility_problem(call, user) is None}


def calls_for_viewer(session: Session, engine: MatchEngine | None, viewer, limit: int = 5) -> list[CallSuggestion]:
    """Open calls whose needs the viewer's organisation's published offers answer, strongest first, each with the
    offer that answers it best; nothing for a viewer without an organisation or without offers."""
    user = acting_user(viewer)
    if engine is None or user is None or user.organisation_id is None:
        return []
    offers = list(session.scalars(select(TechOffer).where(
        TechOffer.organisation_id == user.organisation_id, TechOffer.status == PostingStatus.PUBLISHED)
        .order_by(TechOffer.updated_at.desc(), TechOffer.id.desc()).limit(OFFERS_PER_ORGANISATION)))
    calls = _open_calls_for(session, user) if offers else {}
    if not calls:
        return []
    needs = engine.collection(session, "need")
    allowed = [need_id for need_id in calls if need_id in needs.facts]
    if not allowed:
        return []
    calibration = engine.calibration_of(engine.collection(session, "offer"))
    best: dict[int, CallSuggestion] = {}
    for offer in offers:
        # The engine orders only the needs that have an open call; the strength is then the pair's own.
        for match in needs.rank(posting_query(session, engine, needs, offer), k=limit, allowed=allowed):
            call = calls[match.id]
            fused = pair_fused(session, engine, offer, [call.need]).get(call.need_id)
            if fused is None:
                continue
            strength = calibration.strength(fused)
            if strength >= MIN_STRENGTH and strength > getattr(best.get(call.id), "strength", -1):
                best[call.id] = CallSuggestion(call, offer, strength)
    return sorted(best.values(), key=lambda s: (-s.strength, s.call.submission_deadline, s.call.id))[:limit]
