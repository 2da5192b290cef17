"""Every number of the outcome dashboard, counted by the database with SQL aggregates.

The functions read the tables only (postings, matching feedback, brokerage, events) and return plain dicts and lists
of codes and numbers, the same for the web page, the Excel workbook and `GET /api/v1/stats`.

Conventions, the same in every section:
- Dates are Beijing dates (Asia/Shanghai, UTC+8 all year): a filter day runs from its local midnight to the next,
  and a moment falls into the month of its local date. `month_of()` buckets in SQL on SQLite and PostgreSQL alike.
- A filter range is inclusive of both days. Each section filters on its own date, named in its docstring.
- The field of a case, a match, a feedback verdict or a contract is the field of its offer; an interest's is that of
  the offer or need it is about; an event's is its own (events without a field drop out under a field filter); an
  open call's, its proposals' and its milestones' is that of the call's need.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Date, DateTime, String, case, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from matchmaker.config import MARKET_TZ
from models import (
    Case,
    CaseStep,
    Contract,
    Event,
    Interest,
    MatchFeedback,
    Meeting,
    MilestoneDelivery,
    OpenCall,
    OpenCallMilestone,
    Organisation,
    PostingTransfer,
    Proposal,
    Registration,
    TechField,
    TechNeed,
    TechOffer,
    User,
)
from models.choices import (
    CaseSource,
    CaseStage,
    CloseReason,
    ContractType,
    DeliveryStatus,
    EventStatus,
    MeetingStatus,
    OpenCallStatus,
    PostingStatus,
    RegistrationStatus,
)

log = logging.getLogger(__name__)

UTC_OFFSET_HOURS = 8  # China keeps UTC+8 all year; SQLite has no time zones, so the shift is spelled out
NOT_RELEVANT = "not_relevant"

# The deal pipeline in order; `closed` leaves it from any stage and is not a step of it.
PIPELINE: tuple[CaseStage, ...] = (
    CaseStage.SUGGESTED, CaseStage.CONTACTED, CaseStage.INTRODUCED, CaseStage.MEETING, CaseStage.NEGOTIATING,
    CaseStage.SIGNED,
)
OPEN_STAGES: tuple[CaseStage, ...] = PIPELINE[:-1]
# The conversion funnel: an interest, then the stage its case must have reached.
FUNNEL: tuple[tuple[str, CaseStage | None], ...] = (
    ("interest", None), ("introduced", CaseStage.INTRODUCED), ("meeting", CaseStage.MEETING),
    ("signed", CaseStage.SIGNED),
)


# -- filters ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatsFilter:
    """An optional inclusive range of Beijing dates and an optional field of the taxonomy."""

    start: date | None = None
    end: date | None = None
    field: TechField | None = None

    @property
    def field_id(self) -> int | None:
        return self.field.id if self.field is not None else None

    def as_json(self) -> dict:
        """The filter as the API echoes it."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "field": self.field.code if self.field is not None else None,
        }


def local_midnight_utc(day: date) -> datetime:
    """The UTC moment a Beijing day begins."""
    return datetime.combine(day, time(), MARKET_TZ).astimezone(UTC)


def _moment_in_range(column, f: StatsFilter) -> list:
    """Conditions keeping a timestamp column within the filter's days (Beijing time)."""
    conditions = []
    if f.start is not None:
        conditions.append(column >= local_midnight_utc(f.start))
    if f.end is not None:
        conditions.append(column < local_midnight_utc(f.end + timedelta(days=1)))
    return conditions


def _day_in_range(column, f: StatsFilter) -> list:
    """Conditions keeping a date column within the filter's days."""
    conditions = []
    if f.start is not None:
        conditions.append(column >= f.start)
    if f.end is not None:
        conditions.append(column <= f.end)
    return conditions


def _field_is(column, f: StatsFilter) -> list:
    return [column == f.field_id] if f.field is not None else []


# -- month buckets in SQL --------------------------------------------------------------------------------------------

class month_of(FunctionElement):
    """'YYYY-MM' of a date, or of a timestamp's Beijing date, compiled for each dialect."""

    type = String()
    name = "month_of"
    inherit_cache = True


def _month_argument(element) -> tuple[object, bool]:
    column = list(element.clauses)[0]
    return column, isinstance(column.type, DateTime) and not isinstance(column.type, Date)


@compiles(month_of)
def _month_of_standard(element, compiler, **kw) -> str:
    """PostgreSQL (and the default): to_char over the timestamp seen from Asia/Shanghai."""
    column, is_moment = _month_argument(element)
    argument = compiler.process(column, **kw)
    if is_moment:
        argument = f"({argument} AT TIME ZONE '{MARKET_TZ.key}')"
    return f"to_char({argument}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw) -> str:
    """SQLite stores UTC timestamps as text; strftime shifts them to Beijing time."""
    column, is_moment = _month_argument(element)
    argument = compiler.process(column, **kw)
    shift = f", '+{UTC_OFFSET_HOURS} hours'" if is_moment else ""
    return f"strftime('%Y-%m', {argument}{shift})"


def month_key(day: date) -> str:
    """The 'YYYY-MM' bucket of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def month_axis(months: set[str], f: StatsFilter) -> list[str]:
    """Every month from the earliest to the latest of the data and the filter's bounds, without gaps."""
    bounds = set(months)
    if f.start is not None:
        bounds.add(month_key(f.start))
    if f.end is not None:
        bounds.add(month_key(f.end))
    if not months or not bounds:  # no data: no axis, whatever the filter says, so the page shows its empty states
        return []
    first, last = min(bounds), max(bounds)
    year, month = int(first[:4]), int(first[5:])
    axis = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        axis.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return axis


def _wan(value: Decimal | float | int | None) -> float:
    """A 万元 amount as a JSON number with two decimals (SQLite sums in floating point)."""
    return round(float(value or 0), 2)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# -- sections --------------------------------------------------------------------------------------------------------

def posting_counts(session: Session, f: StatsFilter) -> dict[str, dict[tuple[str, int], int]]:
    """Offers and needs published in the range (by published_at, whatever their status now), per (month, field id)."""
    counts: dict[str, dict[tuple[str, int], int]] = {}
    for key, model in (("offers", TechOffer), ("needs", TechNeed)):
        month = month_of(model.published_at)
        stmt = (
            select(month, model.field_id, func.count(model.id))
            .where(model.published_at.is_not(None), *_moment_in_range(model.published_at, f),
                   *_field_is(model.field_id, f))
            .group_by(month, model.field_id)
        )
        counts[key] = {(m, field_id): n for m, field_id, n in session.execute(stmt)}
    return counts


def match_counts(session: Session, f: StatsFilter) -> dict[str, dict[str, int]]:
    """Per month: cases opened from system matches (by created_at), interests, and "not relevant" verdicts."""
    case_month = month_of(Case.created_at)
    match_cases = (
        select(case_month, func.count(Case.id))
        .join(TechOffer, Case.offer_id == TechOffer.id)
        .where(Case.source == CaseSource.MATCH, *_moment_in_range(Case.created_at, f),
               *_field_is(TechOffer.field_id, f))
        .group_by(case_month)
    )
    interest_month = month_of(Interest.created_at)
    interests = _interests(select(interest_month, func.count(Interest.id)), f).group_by(interest_month)
    verdict_month = month_of(MatchFeedback.created_at)
    verdicts = (
        select(verdict_month, func.count(MatchFeedback.id))
        .join(TechOffer, MatchFeedback.offer_id == TechOffer.id)
        .where(MatchFeedback.verdict == NOT_RELEVANT, *_moment_in_range(MatchFeedback.created_at, f),
               *_field_is(TechOffer.field_id, f))
        .group_by(verdict_month)
    )
    return {key: dict(session.execute(stmt).all())
            for key, stmt in (("match_cases", match_cases), ("interests", interests), ("not_relevant", verdicts))}


def _interests(stmt, f: StatsFilter):
    """`stmt` over the interests created in the range, about a posting of the field."""
    stmt = stmt.select_from(Interest).where(*_moment_in_range(Interest.created_at, f))
    if f.field is not None:
        stmt = (stmt.outerjoin(TechOffer, Interest.offer_id == TechOffer.id)
                .outerjoin(TechNeed, Interest.need_id == TechNeed.id)
                .where(func.coalesce(TechOffer.field_id, TechNeed.field_id) == f.field_id))
    return stmt


def reached(stage: CaseStage):
    """A case has reached `stage` if it stands there or further now, or its history ever entered such a stage."""
    later = PIPELINE[PIPELINE.index(stage):]
    return or_(
        Case.stage.in_(later),
        exists().where(CaseStep.case_id == Case.id, CaseStep.to_stage.in_(later)),
    )


def funnel(session: Session, f: StatsFilter) -> list[dict]:
    """Interests created in the range, then how many distinct cases taken up from them reached each stage.

    Each step counts a subset of the step before, so every rate is at most 1: `rate` against the previous step,
    `overall` against the interests.
    """
    steps = []
    for step, stage in FUNNEL:
        if stage is None:
            stmt = _interests(select(func.count(Interest.id)), f)
        else:
            stmt = _interests(select(func.count(Case.id.distinct())), f).join(
                Case, Interest.case_id == Case.id).where(reached(stage))
        steps.append({"step": step, "count": session.scalar(stmt) or 0})
    first = steps[0]["count"]
    for previous, current in zip(steps, steps[1:]):
        current["rate"] = _rate(current["count"], previous["count"])
        current["overall"] = _rate(current["count"], first)
    steps[0]["rate"] = steps[0]["overall"] = None
    return steps


def _contracts(stmt, f: StatsFilter):
    """`stmt` over the contracts signed in the range (by signed_on) on cases whose offer is of the field."""
    return (
        stmt.select_from(Contract)
        .join(Case, Contract.case_id == Case.id)
        .join(TechOffer, Case.offer_id == TechOffer.id)
        .where(*_day_in_range(Contract.signed_on, f), *_field_is(TechOffer.field_id, f))
    )


def contract_groups(session: Session, f: StatsFilter) -> list[tuple[str, int, str, int, Decimal]]:
    """(month, field id, type, count, 万元 sum) of the contracts signed in the range."""
    month = month_of(Contract.signed_on)
    stmt = _contracts(
        select(month, TechOffer.field_id, Contract.type, func.count(Contract.id), func.sum(Contract.amount_wan)), f,
    ).group_by(month, TechOffer.field_id, Contract.type)
    return [(m, field_id, getattr(kind, "value", kind), n, total)
            for m, field_id, kind, n, total in session.execute(stmt)]


def transferred_postings(session: Session, f: StatsFilter) -> int:
    """Postings marked transferred by the contracts signed in the range."""
    stmt = _contracts(select(func.count(PostingTransfer.id)), f).join(
        PostingTransfer, PostingTransfer.contract_id == Contract.id)
    return session.scalar(stmt) or 0


def brokers(session: Session, f: StatsFilter) -> list[dict]:
    """Per broker, the cases created in the range: open ones by stage, signed, closed by reason, turnover.

    Every active broker has a row, idle or not; cases nobody has claimed share a row whose broker is None.
    """
    stmt = (
        select(Case.broker_id, Case.stage, Case.close_reason, func.count(Case.id), func.sum(Contract.amount_wan))
        .join(TechOffer, Case.offer_id == TechOffer.id)
        .outerjoin(Contract, Contract.case_id == Case.id)
        .where(*_moment_in_range(Case.created_at, f), *_field_is(TechOffer.field_id, f))
        .group_by(Case.broker_id, Case.stage, Case.close_reason)
    )
    rows: dict[int | None, dict] = {}

    def row(broker_id: int | None) -> dict:
        if broker_id not in rows:
            rows[broker_id] = {
                "broker_id": broker_id, "name": None,
                "open": {stage.value: 0 for stage in OPEN_STAGES}, "open_total": 0, "signed": 0,
                "closed": {reason.value: 0 for reason in CloseReason}, "closed_total": 0, "turnover_wan": 0.0,
            }
        return rows[broker_id]

    for broker_id, stage, reason, n, total in session.execute(stmt):
        entry, stage = row(broker_id), CaseStage(stage)
        if stage == CaseStage.SIGNED:
            entry["signed"] += n
        elif stage == CaseStage.CLOSED:
            entry["closed"][CloseReason(reason or CloseReason.OTHER).value] += n
            entry["closed_total"] += n
        else:
            entry["open"][stage.value] += n
            entry["open_total"] += n
        entry["turnover_wan"] = _wan(Decimal(str(entry["turnover_wan"])) + Decimal(str(total or 0)))
    people = session.execute(
        select(User.id, User.display_name).where(
            or_(User.id.in_([b for b in rows if b is not None]), (User.is_broker.is_(True)) & User.active.is_(True)))
    ).all()
    for user_id, name in people:
        row(user_id)["name"] = name
    named = sorted((r for r in rows.values() if r["broker_id"] is not None),
                   key=lambda r: (-r["open_total"], -r["signed"], r["name"] or "", r["broker_id"]))
    return named + ([rows[None]] if None in rows else [])


def event_counts(session: Session, f: StatsFilter) -> dict[str, dict[str, int]]:
    """Per month of their start: finished events, their participants (registrations still registered), and their
    meetings that stayed scheduled, of which those recorded as held."""
    finished = (
        select(Event.id.label("id"), month_of(Event.starts_at).label("month"))
        .where(Event.status == EventStatus.FINISHED, *_moment_in_range(Event.starts_at, f),
               *_field_is(Event.field_id, f))
        .subquery()
    )
    events = select(finished.c.month, func.count(finished.c.id)).group_by(finished.c.month)
    participants = (
        select(finished.c.month, func.count(Registration.id))
        .join(Registration, Registration.event_id == finished.c.id)
        .where(Registration.status == RegistrationStatus.REGISTERED)
        .group_by(finished.c.month)
    )
    meetings = (
        select(finished.c.month, func.count(Meeting.id), func.sum(case((Meeting.held.is_(True), 1), else_=0)))
        .join(Meeting, Meeting.event_id == finished.c.id)
        .where(Meeting.status == MeetingStatus.SCHEDULED)
        .group_by(finished.c.month)
    )
    scheduled, held = {}, {}
    for month, n, n_held in session.execute(meetings):
        scheduled[month], held[month] = n, int(n_held or 0)
    return {
        "events": dict(session.execute(events).all()),
        "participants": dict(session.execute(participants).all()),
        "meetings_scheduled": scheduled,
        "meetings_held": held,
    }


def _open_call_field(stmt, f: StatsFilter):
    """`stmt`, joined from its OpenCall to the call's need, kept to the filter's field."""
    return stmt.join(TechNeed, OpenCall.need_id == TechNeed.id).where(*_field_is(TechNeed.field_id, f))


def open_calls(session: Session, f: StatsFilter) -> dict:
    """揭榜挂帅: calls published in the range (by published_at) and neither draft nor cancelled now; proposals
    received (by created_at); the rewards of calls awarded (by awarded_at) that are awarded, in delivery or completed;
    and the milestones accepted (by decided_at): the shares paid for them, and how many were delivered on time or
    late. The field is the call's need's."""
    published = session.scalar(_open_call_field(
        select(func.count(OpenCall.id)).where(
            OpenCall.status.not_in([OpenCallStatus.DRAFT, OpenCallStatus.CANCELLED]),
            OpenCall.published_at.is_not(None), *_moment_in_range(OpenCall.published_at, f)), f)) or 0
    proposals = session.scalar(_open_call_field(
        select(func.count(Proposal.id)).join(OpenCall, Proposal.call_id == OpenCall.id)
        .where(*_moment_in_range(Proposal.created_at, f)), f)) or 0
    awarded = session.scalar(_open_call_field(
        select(func.sum(OpenCall.reward_wan)).where(
            OpenCall.status.in_([OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY, OpenCallStatus.COMPLETED]),
            OpenCall.awarded_at.is_not(None), *_moment_in_range(OpenCall.awarded_at, f)), f))
    paid, on_time, late = session.execute(_open_call_field(
        select(func.sum(MilestoneDelivery.paid_wan),
               func.sum(case((MilestoneDelivery.late.is_(True), 0), else_=1)),
               func.sum(case((MilestoneDelivery.late.is_(True), 1), else_=0)))
        .join(OpenCallMilestone, MilestoneDelivery.milestone_id == OpenCallMilestone.id)
        .join(OpenCall, OpenCallMilestone.call_id == OpenCall.id)
        .where(MilestoneDelivery.status == DeliveryStatus.ACCEPTED, MilestoneDelivery.decided_at.is_not(None),
               *_moment_in_range(MilestoneDelivery.decided_at, f)), f)).one()
    return {"calls_published": published, "proposals": proposals, "awarded_wan": _wan(awarded),
            "paid_wan": _wan(paid), "milestones_on_time": int(on_time or 0), "milestones_late": int(late or 0)}


# -- the whole dashboard ---------------------------------------------------------------------------------------------

def _field_json(field: TechField) -> dict:
    return {"code": field.code, "name_zh": field.name_zh, "name_en": field.name_en}


def on_market(session: Session, f: StatsFilter | None = None) -> dict[str, int]:
    """What the market holds now, whatever the date range: published offers and needs (of the field), verified
    organisations. The home page, the market lists and the dashboard all show these numbers."""
    f = f or StatsFilter()
    counts = {key: session.scalar(select(func.count(model.id)).where(model.status == PostingStatus.PUBLISHED,
                                                                      *_field_is(model.field_id, f))) or 0
              for key, model in (("offers", TechOffer), ("needs", TechNeed))}
    counts["organisations"] = session.scalar(
        select(func.count(Organisation.id)).where(Organisation.verified_at.is_not(None))) or 0
    return counts


def dashboard(session: Session, f: StatsFilter | None = None) -> dict:
    """Every number of the dashboard as JSON-ready data; `GET /api/v1/stats` answers exactly this."""
    f = f or StatsFilter()
    log.debug("dashboard numbers for %s", f.as_json())
    postings = posting_counts(session, f)
    matches = match_counts(session, f)
    contracts = contract_groups(session, f)
    events = event_counts(session, f)

    months = {m for counts in postings.values() for m, _field in counts}
    months |= {m for counts in matches.values() for m in counts}
    months |= {m for m, *_rest in contracts}
    months |= {m for counts in events.values() for m in counts}
    axis = month_axis({m for m in months if m}, f)

    fields = {row.id: row for row in session.scalars(select(TechField).order_by(TechField.position, TechField.id))}

    posting_month: dict[str, Counter] = defaultdict(Counter)
    posting_field: dict[int, Counter] = defaultdict(Counter)
    for key, counts in postings.items():
        for (month, field_id), n in counts.items():
            posting_month[month][key] += n
            posting_field[field_id][key] += n

    contract_month: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    contract_field: dict[int, list] = defaultdict(lambda: [0, Decimal(0)])
    contract_type: dict[str, list] = {kind.value: [0, Decimal(0)] for kind in ContractType}
    for month, field_id, kind, n, total in contracts:
        amount = Decimal(str(total or 0))
        for bucket in (contract_month[month], contract_field[field_id], contract_type.setdefault(kind, [0, Decimal(0)])):
            bucket[0] += n
            bucket[1] += amount

    def field_rows(counter: dict[int, Counter | list], make) -> list[dict]:
        ordered = [fid for fid in fields if fid in counter] + sorted(fid for fid in counter if fid not in fields)
        return [{"field": _field_json(fields[fid]) if fid in fields else {"code": str(fid), "name_zh": str(fid),
                                                                         "name_en": str(fid)}, **make(counter[fid])}
                for fid in ordered]

    data = {
        "filters": f.as_json(),
        "months": axis,
        "postings": {
            "by_month": [{"month": m, "offers": posting_month[m]["offers"], "needs": posting_month[m]["needs"]}
                         for m in axis],
            "by_field": field_rows(posting_field, lambda c: {"offers": c["offers"], "needs": c["needs"]}),
        },
        "matches": {
            "by_month": [{"month": m, **{key: matches[key].get(m, 0) for key in matches}} for m in axis],
        },
        "funnel": funnel(session, f),
        "contracts": {
            "by_month": [{"month": m, "count": contract_month[m][0], "turnover_wan": _wan(contract_month[m][1])}
                         for m in axis],
            "by_field": field_rows(contract_field, lambda b: {"count": b[0], "turnover_wan": _wan(b[1])}),
            "by_type": [{"type": kind, "count": b[0], "turnover_wan": _wan(b[1])} for kind, b in contract_type.items()],
        },
        "brokers": brokers(session, f),
        "events": {
            "by_month": [{"month": m, **{key: events[key].get(m, 0) for key in events}} for m in axis],
        },
    }
    data["totals"] = totals(session, f, data)
    data["on_market"] = on_market(session, f)
    data["open_calls"] = open_calls(session, f)
    return data


def totals(session: Session, f: StatsFilter, data: dict) -> dict:
    """The headline figures: sums of the series, plus all cases opened and the postings transferred."""
    cases = session.scalar(
        select(func.count(Case.id)).join(TechOffer, Case.offer_id == TechOffer.id)
        .where(*_moment_in_range(Case.created_at, f), *_field_is(TechOffer.field_id, f))
    ) or 0

    def total(rows: list[dict], key: str) -> int:
        return sum(row[key] for row in rows)

    return {
        "offers": total(data["postings"]["by_month"], "offers"),
        "needs": total(data["postings"]["by_month"], "needs"),
        "interests": total(data["matches"]["by_month"], "interests"),
        "match_cases": total(data["matches"]["by_month"], "match_cases"),
        "not_relevant": total(data["matches"]["by_month"], "not_relevant"),
        "cases": cases,
        "contracts": total(data["contracts"]["by_type"], "count"),
        "turnover_wan": _wan(sum(Decimal(str(row["turnover_wan"])) for row in data["contracts"]["by_type"])),
        "transferred_postings": transferred_postings(session, f),
        "events_finished": total(data["events"]["by_month"], "events"),
        "participants": total(data["events"]["by_month"], "participants"),
        "meetings_held": total(data["events"]["by_month"], "meetings_held"),
    }
