"""The broker queue: new interests nobody has taken up, and the strongest fresh system matches across the market.

Matches come from the engine: the `QUEUE_NEEDS` most recently published needs in the broker's fields, each ranked
against the published offers, keeping the best `MATCHES_PER_NEED` of strength at least `MIN_STRENGTH`. That bounds
the work per view to `QUEUE_NEEDS` rank queries whatever the size of the market. Pairs already in a case, marked
not relevant by anyone, or already covered by an interest are left out, so every pair appears once.

Items are ordered by priority = strength × recency, where an interest counts as strength 1 (a person asked) and
recency halves every `HALF_LIFE_DAYS` days since the item arrived.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.calibration import MEDIUM_FROM
from matchmaker.brokerage import pipeline
from matchmaker.brokerage.services import broker_profile
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.services import pair_strength, posting_query, rank_visible, strength
from matchmaker.pagination import Page
from models import BrokerProfile, Case, Interest, MatchFeedback, Organisation, TechField, TechNeed, TechOffer, utcnow
from models.base import as_utc
from models.choices import PostingStatus

QUEUE_NEEDS = 30
MATCHES_PER_NEED = 3
MIN_STRENGTH = MEDIUM_FROM  # weak matches are not worth a broker's morning
HALF_LIFE_DAYS = 30.0
INTEREST_LIMIT = 300
PAIR_DEPTH = 50


@dataclass
class QueueItem:
    """One thing a broker could take up: an interest, or a need × offer match."""

    kind: str  # "interest" or "match"
    offer: TechOffer | None
    need: TechNeed | None
    organisation: Organisation | None  # the interested organisation (interest items)
    interest: Interest | None
    score: float  # the priority's base: match strength / 100; an interest counts as 1
    arrived_at: datetime

    @property
    def strength(self) -> int | None:
        """The match's strength, 0–100, as the need's and the offer's lists show it; None for an interest."""
        return round(self.score * 100) if self.kind == "match" else None

    @property
    def priority(self) -> float:
        age_days = max(0.0, (utcnow() - as_utc(self.arrived_at)).total_seconds() / 86400)
        return round(self.score * 0.5 ** (age_days / HALF_LIFE_DAYS), 4)

    @property
    def key(self) -> str:
        if self.interest is not None:
            return f"interest-{self.interest.id}"
        return f"match-{self.need.id}-{self.offer.id}"


def covers(profile: BrokerProfile, fields: set[str | None], regions: set[str | None]) -> bool:
    """Whether a pair touching these fields and regions is the broker's: empty lists cover everything."""
    return ((not profile.fields or bool(set(profile.fields) & fields))
            and (not profile.regions or bool(set(profile.regions) & regions)))


def _interest_items(session: Session, profile: BrokerProfile) -> list[QueueItem]:
    items = []
    rows = session.scalars(select(Interest).where(Interest.case_id.is_(None))
                           .order_by(Interest.created_at.desc(), Interest.id.desc()).limit(INTEREST_LIMIT))
    for interest in rows:
        posting = interest.need if interest.need is not None else interest.offer
        if posting is None or posting.status != PostingStatus.PUBLISHED:
            continue
        sides = [p for p in (interest.offer, interest.need) if p is not None]
        fields = {p.field.code for p in sides if p.field is not None}
        regions = {p.region for p in sides} | {interest.organisation.province}
        if covers(profile, fields, regions):
            items.append(QueueItem("interest", interest.offer, interest.need, interest.organisation, interest, 1.0,
                                   interest.created_at))
    return items


def _fresh_needs(session: Session, profile: BrokerProfile) -> list[TechNeed]:
    stmt = select(TechNeed).where(TechNeed.status == PostingStatus.PUBLISHED)
    if profile.fields:
        stmt = stmt.join(TechNeed.field).where(TechField.code.in_(profile.fields))
    return list(session.scalars(stmt.order_by(TechNeed.published_at.desc().nulls_last(), TechNeed.id.desc())
                                .limit(QUEUE_NEEDS)))


def _taken(session: Session, needs: list[TechNeed]) -> dict[int, set[int]]:
    """Per need, the offers it must not be paired with again: cases (even closed), rejections and interests."""
    ids = [n.id for n in needs]
    taken: dict[int, set[int]] = defaultdict(set)
    for need_id, offer_id in session.execute(select(Case.need_id, Case.offer_id).where(Case.need_id.in_(ids))):
        taken[need_id].add(offer_id)
    for need_id, offer_id in session.execute(select(MatchFeedback.need_id, MatchFeedback.offer_id)
                                             .where(MatchFeedback.need_id.in_(ids))):
        taken[need_id].add(offer_id)
    for need_id, offer_id in session.execute(select(Interest.need_id, Interest.offer_id).where(
            Interest.need_id.in_(ids), Interest.offer_id.is_not(None))):
        taken[need_id].add(offer_id)
    # The need's own organisation already said it wants an offer: the interest item stands for the pair.
    by_org = defaultdict(list)
    for need in needs:
        by_org[need.organisation_id].append(need.id)
    for org_id, offer_id in session.execute(select(Interest.organisation_id, Interest.offer_id).where(
            Interest.organisation_id.in_(list(by_org)), Interest.need_id.is_(None), Interest.offer_id.is_not(None))):
        for need_id in by_org[org_id]:
            taken[need_id].add(offer_id)
    return taken


def _match_items(session: Session, engine: MatchEngine, profile: BrokerProfile) -> list[QueueItem]:
    needs = _fresh_needs(session, profile)
    if not needs:
        return []
    collection = engine.collection(session, "offer")
    taken = _taken(session, needs)
    regions = set(profile.regions or ())
    found: list[tuple[TechNeed, int, float]] = []
    for need in needs:
        skip = taken.get(need.id, set())
        need_in_region = not regions or need.region in regions

        def accept(doc_id: int, need=need, skip=skip, need_in_region=need_in_region) -> bool:
            facts = collection.facts.get(doc_id)
            return (facts is not None and doc_id not in skip
                    and facts.get("status") == PostingStatus.PUBLISHED.value
                    and facts.get("organisation_id") != need.organisation_id
                    and (need_in_region or facts.get("region") in regions))

        query = posting_query(session, engine, collection, need)
        for match in rank_visible(collection, query, MATCHES_PER_NEED, accept):
            score = strength(engine, collection, match.fused)
            if score >= MIN_STRENGTH:
                found.append((need, match.id, score / 100))
    offers = {o.id: o for o in session.scalars(select(TechOffer).where(TechOffer.id.in_({f[1] for f in found})))}
    items = []
    for need, offer_id, score in found:
        offer = offers.get(offer_id)
        if offer is None or offer.status != PostingStatus.PUBLISHED:
            continue
        arrived = max(as_utc(p.published_at or p.created_at) for p in (need, offer))
        items.append(QueueItem("match", offer, need, None, None, round(score, 3), arrived))
    return items


def broker_queue(session: Session, engine: MatchEngine, broker, page: int = 1, per_page: int = 20) -> Page:
    """One page of the broker's queue, highest priority first."""
    profile = broker_profile(session, broker)
    items = _interest_items(session, profile) + _match_items(session, engine, profile)
    items.sort(key=lambda item: (-item.priority, -as_utc(item.arrived_at).timestamp(), item.key))
    page = max(1, page)
    return Page(items=items[(page - 1) * per_page:page * per_page], page=page, per_page=per_page, total=len(items))


def pair_score(session: Session, engine: MatchEngine, offer: TechOffer, need: TechNeed) -> float | None:
    """The pair's strength as 0..1 (strength / 100, the number every list shows), None when the offer is not indexed."""
    found = pair_strength(session, engine, offer, need)
    return None if found is None else found / 100


def best_offer_for(session: Session, engine: MatchEngine, need: TechNeed, organisation_id: int) -> TechOffer | None:
    """The organisation's published offer that best answers the need (for an answer to a need without one named)."""
    offers = list(session.scalars(select(TechOffer).where(
        TechOffer.organisation_id == organisation_id, TechOffer.status == PostingStatus.PUBLISHED)))
    if len(offers) <= 1:
        return offers[0] if offers else None
    collection = engine.collection(session, "offer")
    query = posting_query(session, engine, collection, need)
    ranked = collection.rank(query, k=1, allowed=[o.id for o in offers])
    by_id = {o.id: o for o in offers}
    return by_id.get(ranked[0].id) if ranked else offers[0]


def claim_interest(session: Session, engine: MatchEngine, broker, interest: Interest,
                   offer: TechOffer | None = None) -> Case:
    """Take an interest up as a case; an answer to a need that names no offer gets the organisation's best one."""
    if offer is None and interest.need is not None and interest.offer is None:
        offer = best_offer_for(session, engine, interest.need, interest.organisation_id)
    return pipeline.claim_interest(session, broker, interest, offer)
