"""Brokerage services: expressions of interest, broker and investor profiles, what each organisation sees.

The queue lives in `queue.py` and the deal pipeline in `pipeline.py`. Services flush and never commit.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from embeddings.ranker import Query
from matchmaker.brokerage import access
from matchmaker.contact_details import holds_contact_details
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.market.access import Posting, can_view
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.services import MatchResult, explained_results, rank_visible
from matchmaker.notifications.services import notify
from matchmaker.pagination import Page, paginate
from models import (
    BrokerProfile,
    Case,
    FinancialProduct,
    FinancingNeed,
    Interest,
    InvestorProfile,
    TechField,
    TechNeed,
    TechOffer,
    User,
)
from models.choices import PROVINCES, Maturity, PostingStatus

log = logging.getLogger(__name__)
MESSAGE_MAX = 500
INVESTOR_MATCH_LIMIT = 100


# -- expressions of interest -----------------------------------------------------------------------------------------

def existing_interest(session: Session, organisation_id: int, posting: Posting) -> Interest | None:
    """The organisation's interest in this posting, if it already said so."""
    if posting.kind == "offer":
        where = and_(Interest.offer_id == posting.id, Interest.need_id.is_(None))
    else:
        where = Interest.need_id == posting.id
    return session.scalar(select(Interest).where(Interest.organisation_id == organisation_id, where))


def check_message(message: str | None) -> str:
    """A short message without contact details: those are exchanged only through an accepted introduction."""
    text = (message or "").strip()
    if not text:
        raise ValidationError(_("请简要说明贵方的意向。"), {"message": _("请简要说明贵方的意向。")})
    if len(text) > MESSAGE_MAX:
        text_ = _("留言最多 %(n)d 个字。", n=MESSAGE_MAX)
        raise ValidationError(text_, {"message": text_})
    if holds_contact_details(text):
        text_ = _("留言中请勿填写电话或邮箱：双方同意引荐后，平台会为双方交换联系方式。")
        raise ValidationError(text_, {"message": text_})
    return text


def answering_offers(session: Session, organisation_id: int) -> list[TechOffer]:
    """The organisation's published offers, one of which may answer a need."""
    return list(session.scalars(select(TechOffer).where(
        TechOffer.organisation_id == organisation_id, TechOffer.status == PostingStatus.PUBLISHED,
    ).order_by(TechOffer.published_at.desc(), TechOffer.id.desc())))


def express_interest(session: Session, actor: User, posting: Posting, message: str,
                     offer: TechOffer | None = None) -> Interest:
    """Record the actor's organisation's interest in a posting and tell the posting organisation; no contacts.

    Enterprises and investors express interest in offers; universities and institutes in needs, optionally naming
    the published offer of theirs that answers the need. One interest per organisation and posting.
    """
    if actor.organisation is None:
        raise PermissionDenied(_("请先加入一个机构，再表达对接意向。"))
    if posting.organisation_id == actor.organisation_id:
        raise PermissionDenied(_("不能对本机构发布的信息表达意向。"))
    if not actor.organisation.verified:
        raise PermissionDenied(_("贵机构尚未通过平台认证：认证后才能表达对接意向，以免未经核实的机构打扰对方。"))
    if actor.organisation.kind not in access.INTEREST_KINDS[posting.kind]:
        raise PermissionDenied(_("科技成果面向企业和投资机构，技术需求面向高校和科研院所。")
                               if posting.kind == "offer" else _("只有高校和科研院所可以响应技术需求。"))
    if posting.status != PostingStatus.PUBLISHED:
        raise Conflict(_("只能对已发布的信息表达意向。"))
    text = check_message(message)
    if existing_interest(session, actor.organisation_id, posting) is not None:
        raise Conflict(_("贵机构已对该信息表达过意向，经纪人会尽快跟进。"))
    if offer is not None and (posting.kind != "need" or offer.organisation_id != actor.organisation_id
                              or offer.status != PostingStatus.PUBLISHED):
        raise ValidationError(_("请选择本机构已发布的科技成果。"), {"offer_id": _("请选择本机构已发布的科技成果。")})
    interest = Interest(user=actor, organisation=actor.organisation, message=text,
                        offer=posting if posting.kind == "offer" else offer,
                        need=posting if posting.kind == "need" else None)
    session.add(interest)
    session.flush()
    for member in access.members(posting.organisation):
        notify(session, member, "interest.new",
               {"org": actor.organisation.name, "posting": posting.kind, "title": posting.title}, "/my/deals?tab=received")
    log.info("interest %s: organisation %s in %s %s", interest.id, actor.organisation_id, posting.kind, posting.id)
    return interest


def interests_sent(session: Session, organisation_id: int, page: int, per_page: int = 20) -> Page:
    """The organisation's own interests, newest first."""
    stmt = (select(Interest).where(Interest.organisation_id == organisation_id)
            .order_by(Interest.created_at.desc(), Interest.id.desc()))
    return paginate(session, stmt, page, per_page)


def interests_received(session: Session, organisation_id: int, page: int, per_page: int = 20) -> Page:
    """Interests in the organisation's offers and needs: who (by organisation) and why, never how to reach them."""
    offer, need = aliased(TechOffer), aliased(TechNeed)
    stmt = (select(Interest).outerjoin(offer, Interest.offer_id == offer.id).outerjoin(need, Interest.need_id == need.id)
            .where(or_(and_(Interest.need_id.is_(None), offer.organisation_id == organisation_id),
                       need.organisation_id == organisation_id))
            .order_by(Interest.created_at.desc(), Interest.id.desc()))
    return paginate(session, stmt, page, per_page)


def interest_box(session: Session, viewer, posting: Posting) -> dict:
    """What a posting page shows about interest: may the viewer express it, or did their organisation already?"""
    user = viewer if isinstance(viewer, User) else None
    if user is None or user.organisation_id is None or posting.organisation_id == user.organisation_id:
        return {"show": False}
    existing = existing_interest(session, user.organisation_id, posting)
    allowed = access.may_express_interest(user, posting)
    offers = answering_offers(session, user.organisation_id) if allowed and posting.kind == "need" else []
    return {"show": allowed or existing is not None, "existing": existing, "allowed": allowed, "offers": offers}


# -- cases as each side sees them ------------------------------------------------------------------------------------

def organisation_cases(session: Session, organisation_id: int, page: int, per_page: int = 20) -> Page:
    """Cases where the organisation is the offer side or the demand side, most recently changed first."""
    offer, need = aliased(TechOffer), aliased(TechNeed)
    product, financing = aliased(FinancialProduct), aliased(FinancingNeed)
    stmt = (select(Case).outerjoin(offer, Case.offer_id == offer.id).outerjoin(need, Case.need_id == need.id)
            .outerjoin(product, Case.product_id == product.id).outerjoin(financing, Case.financing_need_id == financing.id)
            .where(or_(offer.organisation_id == organisation_id, need.organisation_id == organisation_id,
                       product.organisation_id == organisation_id, financing.organisation_id == organisation_id,
                       and_(Case.need_id.is_(None), Case.financing_need_id.is_(None),
                            Case.organisation_id == organisation_id)))
            .order_by(Case.updated_at.desc(), Case.id.desc()))
    return paginate(session, stmt, page, per_page)


def broker_cases(session: Session, broker: User, stage: str = "", page: int = 1, per_page: int = 20) -> Page:
    """The broker's own cases, optionally of one stage, most recently changed first."""
    stmt = select(Case).where(Case.broker_id == broker.id)
    if stage:
        stmt = stmt.where(Case.stage == stage)
    return paginate(session, stmt.order_by(Case.updated_at.desc(), Case.id.desc()), page, per_page)


def stage_counts(session: Session, broker: User) -> dict[str, int]:
    """How many of the broker's cases sit in each stage."""
    rows = session.execute(select(Case.stage, func.count()).where(Case.broker_id == broker.id).group_by(Case.stage))
    return {str(stage): n for stage, n in rows}


# -- profiles --------------------------------------------------------------------------------------------------------

def _field_codes(session: Session, codes: list[str], name: str) -> list[str]:
    known = set(session.scalars(select(TechField.code).where(TechField.active)))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(_("未知的技术领域。"), {name: _("未知的技术领域：%(codes)s", codes="、".join(unknown))})
    return list(dict.fromkeys(codes))


def _regions(codes: list[str], name: str = "regions") -> list[str]:
    unknown = [code for code in codes if code not in PROVINCES]
    if unknown:
        raise ValidationError(_("未知的地区。"), {name: _("未知的地区：%(codes)s", codes="、".join(unknown))})
    return list(dict.fromkeys(codes))


def broker_profile(session: Session, broker: User) -> BrokerProfile:
    """The broker's coverage; a broker who never set it covers everything (an unsaved, empty profile)."""
    return session.get(BrokerProfile, broker.id) or BrokerProfile(user_id=broker.id, fields=[], regions=[])


def update_broker_profile(session: Session, actor: User, fields: list[str], regions: list[str]) -> BrokerProfile:
    """Set the fields and regions a broker covers; empty lists mean all of them."""
    if not actor.is_broker:
        raise PermissionDenied(_("只有技术经纪人可以设置服务范围。"))
    profile = session.get(BrokerProfile, actor.id)
    if profile is None:
        profile = BrokerProfile(user_id=actor.id)
        session.add(profile)
    profile.fields = _field_codes(session, list(fields or []), "fields")
    profile.regions = _regions(list(regions or []))
    session.flush()
    return profile


def investor_profile(session: Session, organisation_id: int) -> InvestorProfile | None:
    """The investor organisation's focus profile, if it has one."""
    return session.scalar(select(InvestorProfile).where(InvestorProfile.organisation_id == organisation_id))


def save_investor_profile(session: Session, actor: User, data: dict) -> InvestorProfile:
    """Create or replace the actor's investor organisation's focus: fields, stages, ticket size, regions, thesis."""
    if not access.can_edit_investor_profile(actor):
        raise PermissionDenied(_("只有投资与金融机构的成员可以设置投资关注。"))
    low, high = data.get("ticket_min_wan"), data.get("ticket_max_wan")
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise ValidationError(_("单笔金额上限不能低于下限。"), {"ticket_max_wan": _("单笔金额上限不能低于下限。")})
    stages = list(data.get("stages") or [])
    bad = [s for s in stages if s not in {m.value for m in Maturity}]
    if bad:
        raise ValidationError(_("未知的成熟度。"), {"stages": _("未知的成熟度。")})
    profile = investor_profile(session, actor.organisation_id)
    if profile is None:
        profile = InvestorProfile(organisation_id=actor.organisation_id)
        session.add(profile)
    profile.fields = _field_codes(session, list(data.get("fields") or []), "fields")
    profile.stages = stages
    profile.regions = _regions(list(data.get("regions") or []))
    profile.ticket_min_wan, profile.ticket_max_wan = low, high
    profile.thesis = (data.get("thesis") or "").strip()
    session.flush()
    return profile


# -- investors' matched offers ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InvestorQuery:
    """An investor profile as the matching engine reads it: a text and the structured filters."""

    text: str
    fields: frozenset[str]
    regions: frozenset[str]
    maturities: frozenset[int]
    ticket_max: float | None

    @classmethod
    def of(cls, session: Session, profile: InvestorProfile) -> InvestorQuery:
        names = list(session.scalars(select(TechField.name_zh).where(TechField.code.in_(profile.fields or []))))
        text = "\n".join(part for part in ((profile.thesis or "").strip(), "、".join(names)) if part)
        return cls(text=text, fields=frozenset(profile.fields or ()), regions=frozenset(profile.regions or ()),
                   maturities=frozenset(Maturity(s).rank for s in profile.stages or ()),
                   ticket_max=float(profile.ticket_max_wan) if profile.ticket_max_wan is not None else None)

    def accepts(self, facts: dict, own_organisation: int) -> bool:
        """Published, not the investor's own, and inside its fields, regions, stages and ticket size."""
        price = facts.get("price")
        return (facts.get("status") == PostingStatus.PUBLISHED.value
                and facts.get("organisation_id") != own_organisation
                and (not self.fields or facts.get("field") in self.fields)
                and (not self.regions or facts.get("region") in self.regions)
                and (not self.maturities or facts.get("maturity") in self.maturities)
                and (self.ticket_max is None or price is None or price <= self.ticket_max))


def investor_matches(session: Session, engine: MatchEngine, viewer: User, profile: InvestorProfile,
                     limit: int = INVESTOR_MATCH_LIMIT) -> list[MatchResult]:
    """Published offers for an investor: its thesis and fields as the query, its focus as hard filters."""
    wanted = InvestorQuery.of(session, profile)
    if not wanted.text:
        return []
    collection = engine.collection(session, "offer")
    facts = {"field": next(iter(wanted.fields))} if len(wanted.fields) == 1 else {}
    query = Query(wanted.text, engine.encode_query(collection, wanted.text), facts)

    def accept(doc_id: int) -> bool:
        found = collection.facts.get(doc_id)
        return found is not None and wanted.accepts(found, profile.organisation_id)

    matches = rank_visible(collection, query, limit, accept)
    field = facts.get("field")
    return [r for r in explained_results(session, collection, "offer", viewer, wanted.text, matches, field)
            if can_view(viewer, r.posting)]


