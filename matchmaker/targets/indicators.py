"""The actual values of the nine indicators over a range of Beijing dates, for the whole market or one province.

Each function counts with one SQL aggregate and takes `region` as a province name, or None / "" for the whole market.
The definitions (what is counted, by which date, whose province) are the table in README.md, "Targets and
monitoring"; they follow the dashboard's (`matchmaker.dashboard.stats`) wherever the dashboard counts the same thing.
Ranges include both days; a timestamp belongs to the Beijing day it falls on.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, select, union
from sqlalchemy.orm import Session

from matchmaker.dashboard.stats import local_midnight_utc
from models import (
    Case,
    Contract,
    Event,
    FinancialProduct,
    FinancingDecision,
    FinancingNeed,
    OpenCall,
    Organisation,
    PostingTransfer,
    Registration,
    TechNeed,
    TechOffer,
    User,
)
from models.choices import (
    DecisionOutcome,
    EventStatus,
    FinanceKind,
    Indicator,
    OpenCallStatus,
    OrgKind,
    RegistrationStatus,
)

CENT = Decimal("0.01")
# Indicators counted in 万元; the others are counts.
MONEY = frozenset({Indicator.CONTRACT_TURNOVER_WAN, Indicator.FINANCING_WAN, Indicator.IP_PLEDGE_WAN})
# Indicators that are a level on a day rather than a total over a range.
STOCKS = frozenset({Indicator.BROKERS})
# Calls that have been awarded, as the dashboard's 定榜榜额 counts them.
AWARDED = (OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY, OpenCallStatus.COMPLETED)


def _wan(value) -> Decimal:
    """A 万元 sum as an exact Decimal with two places (SQLite sums NUMERIC columns in floating point)."""
    return Decimal(str(value or 0)).quantize(CENT)


def _moment_between(column, start: date, end: date) -> list:
    """A timestamp column within the Beijing days start..end."""
    return [column >= local_midnight_utc(start), column < local_midnight_utc(end + timedelta(days=1))]


def _in_region(region: str | None) -> list:
    return [Organisation.province == region] if region else []


def contracts(session: Session, start: date, end: date, region: str | None = None) -> tuple[int, Decimal]:
    """(count, 万元 sum) of the contracts signed from start to end, whose offer's organisation is in the region."""
    stmt = select(func.count(Contract.id), func.sum(Contract.amount_wan)).where(
        Contract.signed_on >= start, Contract.signed_on <= end)
    if region:
        # A financing case has no offer (and no contract); the outer joins stay safe with one all the same.
        stmt = (stmt.join(Case, Contract.case_id == Case.id)
                .outerjoin(TechOffer, Case.offer_id == TechOffer.id)
                .outerjoin(Organisation, TechOffer.organisation_id == Organisation.id)
                .where(*_in_region(region)))
    count, total = session.execute(stmt).one()
    return int(count or 0), _wan(total)


def transfers(session: Session, start: date, end: date, region: str | None = None) -> int:
    """Postings marked transferred by the contracts signed from start to end (the dashboard's 已转化), whose own
    organisation is in the region."""
    stmt = (select(func.count(PostingTransfer.id))
            .join(Contract, PostingTransfer.contract_id == Contract.id)
            .where(Contract.signed_on >= start, Contract.signed_on <= end))
    if region:
        offer_org = and_(PostingTransfer.posting_kind == "offer", PostingTransfer.posting_id == TechOffer.id)
        need_org = and_(PostingTransfer.posting_kind == "need", PostingTransfer.posting_id == TechNeed.id)
        stmt = (stmt.outerjoin(TechOffer, offer_org).outerjoin(TechNeed, need_org)
                .join(Organisation, Organisation.id == func.coalesce(TechOffer.organisation_id,
                                                                     TechNeed.organisation_id))
                .where(*_in_region(region)))
    return int(session.scalar(stmt) or 0)


def events_between(start: date, end: date) -> list:
    """Conditions keeping the events not in draft that start (Beijing date) from start to end."""
    return [Event.status != EventStatus.DRAFT, *_moment_between(Event.starts_at, start, end)]


def events(session: Session, start: date, end: date, region: str | None = None) -> int:
    """Events not in draft starting (Beijing date) from start to end, whose organiser organisation is in the region."""
    stmt = select(func.count(Event.id)).where(*events_between(start, end))
    if region:
        stmt = stmt.join(Organisation, Event.organiser_org_id == Organisation.id).where(*_in_region(region))
    return int(session.scalar(stmt) or 0)


def served_organisation_ids(start: date, end: date):
    """A query of the organisations served from start to end, enterprises or not: the demand side of each case opened
    (its need's organisation, its interested organisation, its financing need's organisation), the organisations
    registered for an event starting then, and those that posted a financing need."""
    opened = _moment_between(Case.created_at, start, end)
    return union(
        select(TechNeed.organisation_id).join(Case, Case.need_id == TechNeed.id).where(*opened),
        select(Case.organisation_id).where(Case.organisation_id.is_not(None), *opened),
        select(FinancingNeed.organisation_id).join(Case, Case.financing_need_id == FinancingNeed.id).where(*opened),
        select(Registration.organisation_id).join(Event, Registration.event_id == Event.id)
        .where(Registration.status == RegistrationStatus.REGISTERED, *_moment_between(Event.starts_at, start, end)),
        select(FinancingNeed.organisation_id).where(*_moment_between(FinancingNeed.created_at, start, end)),
    )


def enterprises_served(session: Session, start: date, end: date, region: str | None = None) -> int:
    """Distinct enterprises (organisation kind enterprise) in the region served from start to end."""
    served = served_organisation_ids(start, end).subquery()
    stmt = select(func.count(Organisation.id)).where(
        Organisation.id.in_(select(served.c[0])), Organisation.kind == OrgKind.ENTERPRISE, *_in_region(region))
    return int(session.scalar(stmt) or 0)


def brokers(session: Session, day: date, region: str | None = None) -> int:
    """Active users with the broker role whose account existed on the day, in an organisation of the region (brokers
    without an organisation count for the whole market only)."""
    stmt = select(func.count(User.id)).where(
        User.is_broker.is_(True), User.active.is_(True), User.created_at < local_midnight_utc(day + timedelta(days=1)))
    if region:
        stmt = stmt.join(Organisation, User.organisation_id == Organisation.id).where(*_in_region(region))
    return int(session.scalar(stmt) or 0)


def financing(session: Session, start: date, end: date, region: str | None = None) -> tuple[Decimal, Decimal]:
    """(all, IP-pledge) 万元 approved from start to end (by decided_on) for financing needs of the region."""
    ip_pledge = case((FinancialProduct.kind == FinanceKind.IP_PLEDGE_LOAN, FinancingDecision.amount_wan), else_=0)
    stmt = (select(func.sum(FinancingDecision.amount_wan), func.sum(ip_pledge))
            .join(FinancingNeed, FinancingDecision.need_id == FinancingNeed.id)
            .join(FinancialProduct, FinancingDecision.product_id == FinancialProduct.id)
            .where(FinancingDecision.outcome == DecisionOutcome.APPROVED,
                   FinancingDecision.decided_on >= start, FinancingDecision.decided_on <= end))
    if region:
        stmt = stmt.where(FinancingNeed.region == region)
    total, ip_total = session.execute(stmt).one()
    return _wan(total), _wan(ip_total)


def open_calls_awarded(session: Session, start: date, end: date, region: str | None = None) -> int:
    """揭榜挂帅 calls awarded (Beijing date of awarded_at) from start to end, whose need's organisation is in the
    region."""
    stmt = select(func.count(OpenCall.id)).where(OpenCall.status.in_(AWARDED), OpenCall.awarded_at.is_not(None),
                                                 *_moment_between(OpenCall.awarded_at, start, end))
    if region:
        stmt = (stmt.join(TechNeed, OpenCall.need_id == TechNeed.id)
                .join(Organisation, TechNeed.organisation_id == Organisation.id).where(*_in_region(region)))
    return int(session.scalar(stmt) or 0)


def actuals(session: Session, start: date, end: date, region: str | None = None) -> dict[Indicator, int | Decimal]:
    """Every indicator from start to end: totals of the flows, and the stock (brokers) on the last day."""
    count, turnover = contracts(session, start, end, region)
    financed, ip_pledge = financing(session, start, end, region)
    values: dict[Indicator, int | Decimal] = {
        Indicator.CONTRACT_TURNOVER_WAN: turnover,
        Indicator.CONTRACT_COUNT: count,
        Indicator.TRANSFERS: transfers(session, start, end, region),
        Indicator.EVENTS: events(session, start, end, region),
        Indicator.ENTERPRISES_SERVED: enterprises_served(session, start, end, region),
        Indicator.BROKERS: brokers(session, end, region),
        Indicator.FINANCING_WAN: financed,
        Indicator.IP_PLEDGE_WAN: ip_pledge,
        Indicator.OPEN_CALLS_AWARDED: open_calls_awarded(session, start, end, region),
    }
    return {indicator: values[indicator] for indicator in Indicator}
