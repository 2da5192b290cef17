"""A demo 融资路演, run through the real services: enterprises with open financing needs pitch to the demo banks and
investors (those with products or a focus profile), ask them for 1:1 meetings weighted by finance match strength,
and the schedule is published."""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import MARKET_TZ
from matchmaker.errors import DomainError
from matchmaker.events import services
from matchmaker.finance.access import FINANCIAL_KINDS
from matchmaker.matching.setup import engine
from models import FinancialProduct, FinancingNeed, InvestorProfile, Organisation, User, utcnow
from models.choices import EventStatus, FinancingStatus, OrgRole

log = logging.getLogger(__name__)

ORGANISER = "晋阳高新技术产业开发区管理委员会"
PITCHERS = 5
REQUESTS_EACH = 2
MESSAGES = ["想当面介绍项目进展和用款计划，了解贵行产品的审批流程。",
            "希望沟通专利质押评估和风险补偿资金池的申请条件。",
            "我们正在准备下一轮融资，想听听贵机构对估值和投贷联动的意见。"]


def _owner(session: Session, organisation_id: int) -> User | None:
    return session.scalar(select(User).where(User.organisation_id == organisation_id, User.active)
                          .order_by(User.org_role != OrgRole.OWNER, User.id).limit(1))


def _organiser(session: Session) -> User | None:
    return session.scalar(select(User).join(Organisation, User.organisation_id == Organisation.id).where(
        Organisation.name == ORGANISER, User.is_organiser).order_by(User.id).limit(1))


def _register(session: Session, user: User, event, role: str):
    try:
        return services.register(session, user, event, role, [s.code for s in event.slots])
    except DomainError as error:  # an unverified organisation, say: the demo goes on without it
        log.info("demo roadshow: %s not registered (%s)", user.email, error)
        return None


def load_demo_financing_roadshow(session: Session) -> int:
    """One 融资路演 in ten days with pitches, requests and a published schedule; returns how many events it made."""
    organiser = _organiser(session)
    financial_ids = list(session.scalars(select(FinancialProduct.organisation_id).join(
        Organisation, FinancialProduct.organisation_id == Organisation.id).where(
        FinancialProduct.active, Organisation.kind.in_(FINANCIAL_KINDS)).distinct()))
    financial_ids += [i for i in session.scalars(select(InvestorProfile.organisation_id).join(
        Organisation, InvestorProfile.organisation_id == Organisation.id).where(
        Organisation.kind.in_(FINANCIAL_KINDS))) if i not in financial_ids]
    need_org_ids = list(dict.fromkeys(session.scalars(select(FinancingNeed.organisation_id).where(
        FinancingNeed.status == FinancingStatus.OPEN).order_by(FinancingNeed.id))))
    if organiser is None or not financial_ids or not need_org_ids:
        return 0
    day = (utcnow().astimezone(MARKET_TZ) + timedelta(days=10)).date()
    event = services.create_event(session, organiser, {
        "kind": "financing", "title": "晋阳高新区科技企业融资路演（知识产权质押融资专场）",
        "description": "高新区科技型中小企业登台介绍融资需求，合作银行和创投机构现场点评；会后按产品准入条件匹配，"
                       "预约一对一融资洽谈。",
        "field": None, "venue": "山西科技大市场（太原市长治路 227 号）一层路演厅", "online_url": "",
        "starts_at": datetime.combine(day, time(14), tzinfo=MARKET_TZ),
        "ends_at": datetime.combine(day, time(17), tzinfo=MARKET_TZ), "slot_minutes": 20, "tables": 3,
    })
    services.set_status(session, organiser, event, EventStatus.OPEN)
    pitchers = [r for org_id in need_org_ids[:PITCHERS] if (user := _owner(session, org_id))
                and (r := _register(session, user, event, "pitcher"))]
    financiers = [r for org_id in sorted(financial_ids) if (user := _owner(session, org_id))
                  and (r := _register(session, user, event, "investor"))]
    matcher = engine()
    start = event.starts_at
    for i, pitch in enumerate(services.suggest_pitches(session, matcher, event, limit=4)):
        services.add_agenda_item(session, organiser, event, {
            "kind": "pitch", "title": pitch.title, "presenter": pitch.presenter,
            "financing_need_id": pitch.financing_need.id,
            "starts_at": start + timedelta(minutes=12 * i), "ends_at": start + timedelta(minutes=12 * (i + 1))})
    for n, registration in enumerate(pitchers):
        # The best finance matches first; an enterprise nobody's products take still asks one financier.
        financier_ids = {f.id for f in financiers}
        wanted = [s.registration for s in services.people_to_meet(session, matcher, registration)
                  if s.registration.id in financier_ids][:REQUESTS_EACH]
        wanted = wanted or financiers[n % len(financiers):][:1] if financiers else wanted
        for k, recipient in enumerate(wanted):
            try:
                services.request_meeting(session, registration.user, event, recipient.id,
                                         MESSAGES[(n + k) % len(MESSAGES)], 3 - k, engine=matcher)
            except DomainError:
                continue
    for k, meeting_request in enumerate(services.event_requests(session, event)):
        services.respond(session, meeting_request.recipient.user, meeting_request, k % 5 != 4)
    services.set_status(session, organiser, event, EventStatus.SCHEDULING)
    services.run_scheduler(session, organiser, event, time_limit=5.0)
    services.publish_schedule(session, organiser, event)
    log.info("demo roadshow: %d pitchers, %d financial organisations", len(pitchers), len(financiers))
    return 1
