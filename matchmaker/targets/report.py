"""The monthly report (监测月报) of a region: the indicators as judged at the month's end, the month's largest
contracts, the events held in it, and the indicators behind pace.

The indicators are exactly what `GET /api/v1/targets?year=&month=&region=` answers. A month still running is
reported up to today; a month not begun has no deals or events yet.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from matchmaker.targets.indicators import CENT, events_between
from matchmaker.targets.progress import IndicatorProgress, judged_day, progress, today
from models import Case, Contract, Event, Organisation, Registration, TechNeed, TechOffer
from models.base import as_utc
from models.choices import ContractType, EventKind, RegistrationStatus

TOP_DEALS = 10

@dataclass(frozen=True)
class Deal:
    """A contract of the month, with the two sides as far as the case names them."""

    contract_id: int
    signed_on: date
    amount_wan: Decimal
    type: ContractType
    offer_title: str
    seller: str
    buyer: str


@dataclass(frozen=True)
class HeldEvent:
    """An event of the month (not in draft), with its participants still registered."""

    event_id: int
    starts_at: datetime
    title: str
    kind: EventKind
    organiser: str
    participants: int


@dataclass(frozen=True)
class MonthlyReport:
    """One month of one region: its indicators (as the API gives them), deals and events."""

    year: int
    month: int
    region: str
    as_of: date
    indicators: list[IndicatorProgress]
    deals: list[Deal]
    events: list[HeldEvent]

    @property
    def lagging(self) -> list[IndicatorProgress]:
        """The indicators behind pace."""
        return [row for row in self.indicators if row.behind]


def default_month(year: int, now: date | None = None) -> int:
    """The month a report shows when none is asked for: this month in this year, December of a past year, January
    of a year to come."""
    now = now or today()
    if year == now.year:
        return now.month
    return 12 if year < now.year else 1


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def top_deals(session: Session, start: date, end: date, region: str = "", limit: int = TOP_DEALS) -> list[Deal]:
    """The largest contracts signed from start to end in the region (the seller's province), largest first."""
    seller, buyer = aliased(Organisation), aliased(Organisation)
    need_org = aliased(Organisation)
    stmt = (
        select(Contract.id, Contract.signed_on, Contract.amount_wan, Contract.type, TechOffer.title, seller.name,
               func.coalesce(need_org.name, buyer.name))
        .select_from(Contract)
        .join(Case, Contract.case_id == Case.id)
        .outerjoin(TechOffer, Case.offer_id == TechOffer.id)
        .outerjoin(seller, TechOffer.organisation_id == seller.id)
        .outerjoin(TechNeed, Case.need_id == TechNeed.id)
        .outerjoin(need_org, TechNeed.organisation_id == need_org.id)
        .outerjoin(buyer, Case.organisation_id == buyer.id)
        .where(Contract.signed_on >= start, Contract.signed_on <= end, *([seller.province == region] if region else []))
        .order_by(Contract.amount_wan.desc(), Contract.signed_on, Contract.id)
        .limit(limit)
    )
    return [Deal(contract_id, signed_on, Decimal(str(amount)).quantize(CENT), ContractType(kind), title or "",
                 seller_name or "", buyer_name or "")
            for contract_id, signed_on, amount, kind, title, seller_name, buyer_name in session.execute(stmt)]


def held_events(session: Session, start: date, end: date, region: str = "") -> list[HeldEvent]:
    """The events not in draft starting from start to end in the region (the organiser's province), by start."""
    participants = (select(func.count(Registration.id))
                    .where(Registration.event_id == Event.id, Registration.status == RegistrationStatus.REGISTERED)
                    .correlate(Event).scalar_subquery())
    stmt = (select(Event.id, Event.starts_at, Event.title, Event.kind, Organisation.name, participants)
            .join(Organisation, Event.organiser_org_id == Organisation.id)
            .where(*events_between(start, end), *([Organisation.province == region] if region else []))
            .order_by(Event.starts_at, Event.id))
    return [HeldEvent(event_id, as_utc(starts_at), title, EventKind(kind), organiser, int(count or 0))
            for event_id, starts_at, title, kind, organiser, count in session.execute(stmt)]


def monthly_report(session: Session, year: int, month: int, region: str = "", now: date | None = None) -> MonthlyReport:
    """The report of a month: indicators judged on its last day (or today if earlier), its deals and events so far."""
    now = now or today()
    first, last = month_range(year, month)
    as_of = judged_day(year, min(last, now))
    indicators = progress(session, year, region, as_of)
    if first > as_of:
        deals, events = [], []
    else:
        deals = top_deals(session, first, as_of, region)
        events = held_events(session, first, as_of, region)
    return MonthlyReport(year, month, region, as_of, indicators, deals, events)
