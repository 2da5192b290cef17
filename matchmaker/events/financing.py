"""融资路演: enterprises pitch their financing needs to the banks and investors in the room.

At an event of kind 融资路演 the pitchers are enterprises and the audience is financial organisations (banks and
investors, matchmaker.finance.access.FINANCIAL_KINDS). Two participants match as a financing need matches a product:
the best eligible finance match (matchmaker.finance.matching) between the enterprise's open financing needs and the
financial organisation's active products or investor focus profile, its score read as a strength 0..1. Pairs that
fail an eligibility rule do not match at all.

Financing needs are private. Registering as a pitcher at a 融资路演 is the enterprise's consent that the event's
organiser sees its open needs' titles and amounts while planning the pitches; a financial organisation only ever
reads a need here that it could read on the need's own page (it matches it), and everyone else sees no more than
the public agenda: the pitch's title and presenter.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.encoder import Encoder
from matchmaker.errors import ValidationError
from matchmaker.finance.access import FINANCIAL_KINDS
from matchmaker.finance.matching import Match, investors_for_need, products_for_need
from models import Event, FinancingNeed, Organisation, Registration
from models.choices import EventKind, FinancingStatus, OrgKind, ParticipantRole, RegistrationStatus

NEEDS_PER_ENTERPRISE = 5
SHOWN_REASONS = 3


@dataclass
class FinancingPitch:
    """A suggested 融资路演 pitch: an open financing need of a registered pitcher, and whom in the room it fits."""

    financing_need: FinancingNeed
    score: float  # the coverage it adds over the pitches suggested before it
    serves: int  # financial organisations registered at the event that it fits
    reasons: list[str] = field(default_factory=list)
    strength: int = 0  # its best match to one of them, 0..100
    offer: None = None  # what a technology pitch suggestion carries; a financing pitch presents no offer

    @property
    def title(self) -> str:
        return self.financing_need.title

    @property
    def presenter(self) -> str:
        return self.financing_need.organisation.name


def is_financing(event: Event) -> bool:
    return event.kind == EventKind.FINANCING


def _is_financial(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind in FINANCIAL_KINDS


def _is_enterprise(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind == OrgKind.ENTERPRISE


# -- who registers as what -------------------------------------------------------------------------------------------

def default_role(organisation: Organisation | None) -> str:
    """The role a member of this organisation usually takes at a 融资路演."""
    if _is_enterprise(organisation):
        return ParticipantRole.PITCHER.value
    if _is_financial(organisation):
        return ParticipantRole.INVESTOR.value
    return ParticipantRole.ATTENDEE.value


def check_role(organisation: Organisation | None, role: ParticipantRole) -> None:
    """At a 融资路演 only enterprises pitch, and only banks and investors take the investor's seat; anyone attends."""
    if role == ParticipantRole.PITCHER and not _is_enterprise(organisation):
        message = _("融资路演的路演方须为有融资需求的企业；银行和投资机构请选择“投资方”，其他机构请选择“参会者”。")
        raise ValidationError(message, {"role": message})
    if role == ParticipantRole.INVESTOR and not _is_financial(organisation):
        message = _("融资路演的投资方须为银行或投资机构；企业请选择“路演方”以展示融资需求。")
        raise ValidationError(message, {"role": message})


# -- matching --------------------------------------------------------------------------------------------------------

def _active(event: Event) -> list[Registration]:
    return [r for r in event.registrations if r.status != RegistrationStatus.WITHDRAWN]


def _in_focus(event: Event, need: FinancingNeed) -> bool:
    return event.field is None or need.field_id == event.field_id


def open_needs(session: Session, organisation_ids: set[int], event: Event | None = None) -> list[FinancingNeed]:
    """The organisations' open financing needs (newest first, a few each), within the event's field if it names one."""
    if not organisation_ids:
        return []
    rows = session.scalars(select(FinancingNeed).where(
        FinancingNeed.organisation_id.in_(organisation_ids), FinancingNeed.status == FinancingStatus.OPEN,
    ).order_by(FinancingNeed.updated_at.desc(), FinancingNeed.id.desc()))
    kept, count = [], defaultdict(int)
    for need in rows:
        if (event is None or _in_focus(event, need)) and count[need.organisation_id] < NEEDS_PER_ENTERPRISE:
            kept.append(need)
            count[need.organisation_id] += 1
    return kept


def best_matches(session: Session, encoder: Encoder, needs: list[FinancingNeed],
                 financial_org_ids: set[int]) -> dict[tuple[int, int], Match]:
    """For each (need id, financial organisation id), the organisation's best eligible product or focus profile."""
    best: dict[tuple[int, int], Match] = {}
    if not financial_org_ids:
        return best
    for need in needs:
        for match in [*products_for_need(session, encoder, need), *investors_for_need(session, encoder, need)]:
            owner = (match.product or match.profile).organisation_id
            if not match.eligible or owner not in financial_org_ids:
                continue
            key = (need.id, owner)
            if key not in best or match.score > best[key].score:
                best[key] = match
    return best


def is_finance_pair(a: Registration, b: Registration) -> bool:
    """An enterprise and a financial organisation: the pair a 融资路演 matches by finance."""
    return ((_is_enterprise(a.organisation) and _is_financial(b.organisation))
            or (_is_financial(a.organisation) and _is_enterprise(b.organisation)))


def _reason(match: Match, enterprise_side: bool) -> str:
    need = match.need.title
    if match.product is not None:
        if enterprise_side:
            return _("您的融资需求“%(need)s”符合对方产品“%(product)s”的准入条件", need=need, product=match.product.title)
        return _("对方的融资需求“%(need)s”符合您的产品“%(product)s”的准入条件", need=need, product=match.product.title)
    if enterprise_side:
        return _("您的融资需求“%(need)s”符合对方的投资方向", need=need)
    return _("对方的融资需求“%(need)s”符合您的投资方向", need=need)


def affinity(session: Session, encoder: Encoder, mine: Registration,
             others: list[Registration]) -> dict[int, tuple[float, str]]:
    """For each other registration across the enterprise–financial divide, the best finance match (0..1) between the
    enterprise's open needs and the financial organisation's products or focus, and the reason naming the pair."""
    partners = [o for o in others if o.organisation_id != mine.organisation_id and is_finance_pair(mine, o)]
    if not partners:
        return {}
    event = mine.event
    enterprise_side = _is_enterprise(mine.organisation)
    if enterprise_side:
        needs = open_needs(session, {mine.organisation_id}, event)
        financial = {o.organisation_id for o in partners}
    else:
        needs = open_needs(session, {o.organisation_id for o in partners}, event)
        financial = {mine.organisation_id}
    best = best_matches(session, encoder, needs, financial)
    result: dict[int, tuple[float, str]] = {}
    for other in partners:
        for (_need, org_id), match in best.items():
            enterprise_id = mine.organisation_id if enterprise_side else other.organisation_id
            financial_id = other.organisation_id if enterprise_side else mine.organisation_id
            if org_id != financial_id or match.need.organisation_id != enterprise_id:
                continue
            s = round(match.score / 100, 4)
            if s > 0 and s > result.get(other.id, (0.0, ""))[0]:
                result[other.id] = (s, _reason(match, enterprise_side))
    return result


# -- pitches ---------------------------------------------------------------------------------------------------------

def pitcher_organisations(event: Event) -> set[int]:
    """Enterprises registered (and not withdrawn) as pitchers: they consented to the organiser reading their needs."""
    return {r.organisation_id for r in _active(event)
            if r.role == ParticipantRole.PITCHER and _is_enterprise(r.organisation)}


def pitchable_need(session: Session, event: Event, need_id: int) -> FinancingNeed | None:
    """The open financing need if a pitcher of this 融资路演 owns it, else None."""
    need = session.get(FinancingNeed, need_id)
    if (not is_financing(event) or need is None or need.status != FinancingStatus.OPEN
            or need.organisation_id not in pitcher_organisations(event)):
        return None
    return need


def _fits(match: Match) -> str:
    org = (match.product or match.profile).organisation.name
    if match.product is not None:
        return _("符合%(org)s“%(product)s”的准入条件", org=org, product=match.product.title)
    return _("符合%(org)s的投资方向", org=org)


def suggest_pitches(session: Session, encoder: Encoder, event: Event, limit: int = 8) -> list[FinancingPitch]:
    """The pitchers' open financing needs that together reach as many registered financial organisations as possible.

    A need's value to a financial organisation is the strength of its best eligible match there (score / 100).
    Needs are picked greedily by marginal coverage, as technology pitches are: a need only earns what it adds over
    the needs already picked for the same organisation. Needs that fit nobody registered yet follow, so the organiser
    still sees every pitcher.
    """
    on_stage = {item.financing_need_id for item in event.agenda if item.financing_need_id}
    needs = [n for n in open_needs(session, pitcher_organisations(event), event) if n.id not in on_stage]
    if not needs:
        return []
    audience = {r.organisation_id for r in _active(event) if _is_financial(r.organisation)} - {event.organiser_org_id}
    best = best_matches(session, encoder, needs, audience)
    value: dict[int, dict[int, float]] = defaultdict(dict)
    for (need_id, org_id), match in best.items():
        if match.score > 0:
            value[need_id][org_id] = match.score / 100
    by_id = {n.id: n for n in needs}
    covered: dict[int, float] = defaultdict(float)
    candidates = {n.id: value.get(n.id, {}) for n in needs}
    chosen: list[tuple[int, float]] = []
    while candidates and len(chosen) < limit:
        def gain(need_id: int) -> float:
            return sum(max(0.0, s - covered[key]) for key, s in candidates[need_id].items())

        pick = max(candidates, key=lambda i: (gain(i), -i))
        score = gain(pick)
        for key, s in candidates.pop(pick).items():
            covered[key] = max(covered[key], s)
        chosen.append((pick, score))
    out = []
    for need_id, score in chosen:
        fits = sorted((best[(need_id, org)] for org in value.get(need_id, {})), key=lambda m: (-m.score, m.need.id))
        out.append(FinancingPitch(financing_need=by_id[need_id], score=round(score, 3), serves=len(fits),
                                  reasons=[_fits(m) for m in fits[:SHOWN_REASONS]],
                                  strength=max((m.score for m in fits), default=0)))
    return out
