"""What the matching engine says about an event: pitches worth putting on stage and people worth meeting."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.calibration import MEDIUM_FROM
from embeddings.ranker import Collection, Query
from matchmaker.events import financing
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.services import posting_query, rank_visible, strength
from models import Event, Registration, TechNeed, TechOffer
from models.choices import EventKind, OrgKind, PostingStatus, RegistrationStatus

OTHER = {"offer": TechNeed, "need": TechOffer}
# Per need, how many offers count as able to serve it; deeper ranks are too weak to promise anything.
SERVE_DEPTH = 15
MATCH_DEPTH = 50
POSTINGS_PER_PARTICIPANT = 5
# Below a medium match (strength 25) a suggestion is noise: a short honest list beats a long padded one.
MIN_STRENGTH = MEDIUM_FROM / 100


@dataclass
class PitchSuggestion:
    offer: TechOffer
    score: float
    serves: int
    reasons: list[str] = field(default_factory=list)
    strength: int = 0  # its strongest match: to an attendee's need, or to the event's topic


def _field_code(posting) -> str | None:
    return posting.field.code if posting.field is not None else None


def _in_focus(event: Event, facts_field: str | None) -> bool:
    """Whether a posting of this field belongs at the event: any, unless the event names a field."""
    return event.field is None or facts_field == event.field.code


@dataclass
class MeetSuggestion:
    registration: Registration
    score: float
    reason: str


def active_registrations(event: Event) -> list[Registration]:
    return [r for r in event.registrations if r.status != RegistrationStatus.WITHDRAWN]


def published_postings(session: Session, model, organisation_ids: set[int], limit_each: int | None = None) -> list:
    if not organisation_ids:
        return []
    rows = list(session.scalars(select(model).where(
        model.organisation_id.in_(organisation_ids), model.status == PostingStatus.PUBLISHED,
    ).order_by(model.updated_at.desc(), model.id.desc())))
    if limit_each is None:
        return rows
    kept, count = [], defaultdict(int)
    for row in rows:
        if count[row.organisation_id] < limit_each:
            kept.append(row)
            count[row.organisation_id] += 1
    return kept


def _topic_query(engine: MatchEngine, collection: Collection, event: Event) -> Query:
    """The event itself as a query: its title, description and field focus."""
    field_name = event.field.name_zh if event.field is not None else ""
    text = "\n".join(part for part in (event.title, event.title, event.description or "", field_name) if part)
    facts = {"field": event.field.code} if event.field is not None else {}
    return Query(text, engine.encode_query(collection, text), facts)


def suggest_pitches(session: Session, engine: MatchEngine, event: Event,
                    limit: int = 8) -> list[PitchSuggestion | financing.FinancingPitch]:
    """Published offers that together serve as many registered attendees as possible.

    At a 融资路演 the pitches are the pitchers' financing needs instead (see matchmaker.events.financing).

    Each attendee organisation's published needs rank the offers; an offer's value to an organisation is the
    strength of its best match to one of that organisation's needs. Offers are then picked greedily by marginal
    coverage: an offer only earns what it adds over the offers already picked for the same organisation, so the
    list spreads over many attendees instead of answering one need ten times. The event's own topic acts as one
    more, lighter "attendee", so an event without registered needs still gets on-topic suggestions.
    """
    if event.kind == EventKind.FINANCING:
        return financing.suggest_pitches(session, engine.serving_encoder, event, limit)
    collection = engine.collection(session, "offer")
    if not len(collection):
        return []
    on_stage = {item.offer_id for item in event.agenda if item.offer_id}
    published = [i for i, facts in collection.facts.items() if facts.get("status") == PostingStatus.PUBLISHED.value
                 and i not in on_stage and _in_focus(event, facts.get("field"))]
    if not published:
        return []
    attendees = {r.organisation_id for r in active_registrations(event)} - {event.organiser_org_id}
    needs = published_postings(session, TechNeed, attendees, limit_each=POSTINGS_PER_PARTICIPANT)

    value: dict[int, dict[object, float]] = defaultdict(dict)  # offer id -> {audience key: strength}
    served_need: dict[tuple[int, object], TechNeed] = {}
    candidates = set(published)
    for need in needs:
        query = posting_query(session, engine, collection, need)
        # Ranked over the whole market, not only the candidates, so each pair scores as on the need's own page.
        for match in rank_visible(collection, query, SERVE_DEPTH, candidates.__contains__):
            s = strength(engine, collection, match.fused) / 100
            if s < MIN_STRENGTH:
                break  # ranked best first: the rest are weaker still
            key = need.organisation_id
            if s > value[match.id].get(key, 0.0):
                value[match.id][key] = s
                served_need[(match.id, key)] = need
    topic_weight = 0.5 if needs else 1.0
    for match in rank_visible(collection, _topic_query(engine, collection, event), max(limit * 4, 40),
                              candidates.__contains__):
        s = strength(engine, collection, match.fused) / 100
        if s >= MIN_STRENGTH:
            value[match.id]["topic"] = topic_weight * s

    chosen: list[PitchSuggestion] = []
    covered: dict[object, float] = defaultdict(float)
    candidates = {offer_id: audience for offer_id, audience in value.items() if any(v > 0 for v in audience.values())}
    while candidates and len(chosen) < limit:
        def gain(offer_id: int) -> float:
            return sum(max(0.0, s - covered[key]) for key, s in candidates[offer_id].items())

        best = max(candidates, key=lambda i: (gain(i), -i))
        best_gain = gain(best)
        if best_gain <= 0:
            break
        audience = candidates.pop(best)
        for key, s in audience.items():
            covered[key] = max(covered[key], s)
        chosen.append((best, best_gain, audience))
    offers = {o.id: o for o in session.scalars(select(TechOffer).where(TechOffer.id.in_([c[0] for c in chosen])))}
    out = []
    for offer_id, score, audience in chosen:
        offer = offers.get(offer_id)
        if offer is None or offer.status != PostingStatus.PUBLISHED:
            continue
        served = sorted((k for k, s in audience.items() if k != "topic" and s > 0), key=lambda k: -audience[k])
        reasons = [_("对应需求：%(title)s", title=served_need[(offer_id, k)].title) for k in served[:3]]
        if audience.get("topic", 0) > 0:
            reasons.append(_("切合活动主题"))
        best = max(s / (topic_weight if k == "topic" else 1) for k, s in audience.items())
        out.append(PitchSuggestion(offer=offer, score=round(score, 3), serves=len(served), reasons=reasons,
                                   strength=round(best * 100)))
    return out


def _postings_to_offer(registration: Registration) -> tuple[str, type]:
    """Which kind of posting represents this participant, and which kind it looks for."""
    kind = registration.organisation.kind
    if kind in (OrgKind.UNIVERSITY, OrgKind.INSTITUTE) or registration.role.value == "pitcher":
        return "offer", TechOffer
    return "need", TechNeed


def affinity(session: Session, engine: MatchEngine, mine: Registration,
             others: list[Registration]) -> dict[int, tuple[float, str]]:
    """For each other registration, the strength of the best match between the two organisations' postings.

    Offers are matched to needs in both directions (my needs to their offers, my offers to their needs); the
    reason names the pair of postings behind the score. At a 融资路演 an enterprise and a financial organisation
    match by finance instead: its financing needs against their products or investor focus.
    """
    if mine.event.kind != EventKind.FINANCING:
        return _posting_affinity(session, engine, mine, others)
    result = _posting_affinity(session, engine, mine, [o for o in others if not financing.is_finance_pair(mine, o)])
    result.update(financing.affinity(session, engine.serving_encoder, mine, others))
    return result


def _posting_affinity(session: Session, engine: MatchEngine, mine: Registration,
                      others: list[Registration]) -> dict[int, tuple[float, str]]:
    """affinity() between the organisations' published offers and needs."""
    result: dict[int, tuple[float, str]] = {}
    by_org: dict[int, list[Registration]] = defaultdict(list)
    for other in others:
        if other.organisation_id != mine.organisation_id:
            by_org[other.organisation_id].append(other)
    if not by_org:
        return result
    for model, target in ((TechNeed, "offer"), (TechOffer, "need")):
        own = published_postings(session, model, {mine.organisation_id}, limit_each=POSTINGS_PER_PARTICIPANT)
        if not own:
            continue
        theirs = published_postings(session, OTHER[own[0].kind], set(by_org))
        if not theirs:
            continue
        owner = {p.id: p for p in theirs}
        collection = engine.collection(session, target)
        allowed = {p.id for p in theirs if p.id in collection.facts}
        for posting in own:
            if not _in_focus(mine.event, _field_code(posting)):
                continue
            query = posting_query(session, engine, collection, posting)
            # Over the whole market, then kept to theirs: a pair scores as on its posting's page, and a partner
            # outside the best MATCH_DEPTH is no strong match anyway.
            for match in collection.rank(query, k=MATCH_DEPTH):
                if match.id not in allowed:
                    continue
                s = strength(engine, collection, match.fused) / 100
                partner = owner.get(match.id)
                if partner is None or s < MIN_STRENGTH or not _in_focus(mine.event, _field_code(partner)):
                    continue
                if posting.kind == "need":
                    reason = _("您的需求“%(mine)s”与对方成果“%(theirs)s”匹配", mine=posting.title, theirs=partner.title)
                else:
                    reason = _("您的成果“%(mine)s”可满足对方需求“%(theirs)s”", mine=posting.title, theirs=partner.title)
                for other in by_org[partner.organisation_id]:
                    if s > result.get(other.id, (0.0, ""))[0]:
                        result[other.id] = (s, reason)
    return result


def people_to_meet(session: Session, engine: MatchEngine, registration: Registration,
                   exclude: set[int], limit: int = 8) -> list[MeetSuggestion]:
    """Other participants ranked by how well their organisation's postings match the participant's."""
    others = [r for r in active_registrations(registration.event)
              if r.id != registration.id and r.id not in exclude and r.user_id != registration.user_id]
    scores = affinity(session, engine, registration, others)
    ranked = sorted((r for r in others if r.id in scores), key=lambda r: (-scores[r.id][0], r.id))
    # Only people a posting of theirs matches well; the page says so when that is few, rather than pad the list.
    return [MeetSuggestion(r, round(scores[r.id][0], 3), scores[r.id][1]) for r in ranked[:limit]]


def pair_strength(session: Session, engine: MatchEngine, a: Registration, b: Registration) -> float:
    """How well two participants' organisations match (0..1), for a meeting request's weight."""
    return round(affinity(session, engine, a, [b]).get(b.id, (0.0, ""))[0], 4)
