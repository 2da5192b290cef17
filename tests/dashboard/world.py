"""A varied market history across months, fields, stages and brokers, and the dashboard numbers it must give.

`build_world` makes the rows with the factories and keeps a plain record of each as it is made; `expected` counts
the dashboard's numbers in Python from those records, never through the SQL under test.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    CaseStep,
    Contract,
    MatchFeedback,
    Meeting,
    MilestoneDelivery,
    OpenCallMilestone,
    Organisation,
    PostingTransfer,
    Proposal,
    TechField,
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
    OrgKind,
    PostingStatus,
    RegistrationStatus,
)
from tests import factories

TZ = ZoneInfo("Asia/Shanghai")
FIELDS = ("new_energy_battery", "biomedicine", "new_materials")
PIPE = ["suggested", "contacted", "introduced", "meeting", "negotiating", "signed"]
OPEN = PIPE[:-1]
CHART_KEYS = ["postings_month", "postings_field", "matches_month", "funnel", "contracts_month", "contracts_field",
              "contracts_type", "events_month", "open_call_awards", "open_call_milestones", "brokers"]
AWARDED = ("awarded", "in_delivery", "completed")


def utc(year: int, month: int, day: int, hour: int = 3, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Moments around Beijing midnight: UTC 16:00 is 00:00 of the next Beijing day.
END_OF_MARCH_UTC = utc(2026, 3, 31, 17, 30)   # 2026-04-01 01:30 in Beijing: April
LAST_MINUTE_OF_APRIL = utc(2026, 4, 30, 15, 59)  # 2026-04-30 23:59 in Beijing
FIRST_MINUTE_OF_MAY = utc(2026, 4, 30, 16, 0)    # 2026-05-01 00:00 in Beijing


@dataclass
class World:
    """What was made, as plain records."""

    offers: list[dict] = field(default_factory=list)
    needs: list[dict] = field(default_factory=list)
    interests: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    contracts: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    brokers: list[dict] = field(default_factory=list)
    open_calls: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    deliveries: list[dict] = field(default_factory=list)
    fields: dict[str, TechField] = field(default_factory=dict)
    session: Session | None = None


def build_world(session: Session, seed: int = 5) -> World:
    """Postings, interests, cases with histories, contracts, verdicts and events, spread over 2026."""
    rng = random.Random(seed)
    w = World(fields={code: factories.field(code) for code in FIELDS})

    def moment() -> datetime:
        return utc(2026, rng.randint(1, 6), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))

    # -- postings: published ones in every month and field, a draft, a pending one, a closed one, and one published
    # at the end of March UTC, which is April in Beijing
    field_of: dict[tuple[str, int], str] = {}

    def post(factory, records: list[dict], code: str, published: datetime | None, **kwargs):
        posting = factory(field=w.fields[code], published_at=published, **kwargs)
        records.append({"published": published, "field": code,
                        "status": kwargs.get("status", PostingStatus.PUBLISHED).value})
        field_of[(posting.kind, posting.id)] = code
        return posting

    offers = [post(factories.OfferFactory, w.offers, FIELDS[i % 3], moment()) for i in range(15)]
    needs = [post(factories.NeedFactory, w.needs, FIELDS[(i + 1) % 3], moment()) for i in range(10)]
    offers.append(post(factories.OfferFactory, w.offers, "biomedicine", END_OF_MARCH_UTC))
    needs.append(post(factories.NeedFactory, w.needs, "new_energy_battery", utc(2026, 2, 10),
                      status=PostingStatus.CLOSED))
    post(factories.OfferFactory, w.offers, "biomedicine", None, status=PostingStatus.DRAFT)
    post(factories.NeedFactory, w.needs, "new_materials", None, status=PostingStatus.PENDING)

    # -- brokers: three at work and one idle
    agency = factories.OrganisationFactory(kind=OrgKind.BROKER_AGENCY, name="山西技术转移中心")
    brokers = [factories.UserFactory(broker=True, organisation=agency, display_name=name)
               for name in ("赵经纪", "钱经纪", "孙经纪", "李经纪")]
    w.brokers = [{"id": b.id, "name": b.display_name} for b in brokers]
    working = brokers[:3]

    # -- cases through the pipeline, with their history; some closed, some signed with a contract
    transferred: set[int] = set()
    for i in range(36):
        offer = rng.choice(offers[:-1] if i % 7 else offers)
        need = rng.choice(needs) if i % 4 else None
        broker = rng.choice(working) if i % 6 else None
        source = [CaseSource.MATCH, CaseSource.INTEREST, CaseSource.BROKER][i % 3]
        created = moment()
        final = rng.choice(PIPE + ["closed", "closed"])
        if source == CaseSource.INTEREST and i % 2:  # half the interests go far, so the funnel has a bottom
            final = rng.choice(["meeting", "negotiating", "signed", "signed", "closed"])
        reached_stage = rng.choice(OPEN) if final == "closed" else final
        reason = rng.choice(list(CloseReason)) if final == "closed" else None
        case = factories.CaseFactory(
            offer=offer, need=need, organisation=None if need else factories.OrganisationFactory(
                kind=OrgKind.ENTERPRISE), broker=broker, source=source, stage=CaseStage(final),
            close_reason=reason, created_at=created)
        record = {"id": case.id, "created": created, "field": field_of[("offer", offer.id)], "source": source.value,
                  "broker": broker.id if broker else None, "stage": final, "reason": reason.value if reason else None,
                  "reached": set(PIPE[:PIPE.index(reached_stage) + 1]), "contract": None}
        with_history = i % 5 != 4  # every fifth case has no history: its current stage alone must count
        if with_history:
            path = PIPE[:PIPE.index(reached_stage) + 1] + (["closed"] if final == "closed" else [])
            when = created
            for before, after in zip(path, path[1:]):
                when += timedelta(days=rng.randint(1, 9))
                session.add(CaseStep(case_id=case.id, actor_id=broker.id if broker else None, action="transition",
                                     from_stage=CaseStage(before), to_stage=CaseStage(after),
                                     reason=reason if after == "closed" else None, created_at=when))
        elif final == "closed":
            record["reached"] = {"suggested"}  # closed without a history: nothing beyond the first stage is known
        if final == "signed":
            kind = rng.choice(list(ContractType))
            amount = Decimal(rng.randint(1000, 99999)) / 100
            signed_on = (created + timedelta(days=rng.randint(5, 60))).date()
            contract = Contract(case_id=case.id, type=kind, amount_wan=amount, signed_on=signed_on,
                                registration_no=f"2026140100{i:06d}")
            session.add(contract)
            session.flush()
            transfers = 0
            if offer.id not in transferred and i % 2:
                transferred.add(offer.id)
                session.add(PostingTransfer(posting_kind="offer", posting_id=offer.id, contract_id=contract.id))
                transfers = 1
            record["contract"] = {"signed_on": signed_on, "type": kind.value, "amount": amount,
                                  "transfers": transfers}
        w.cases.append(record)
        # interests: one or two behind most interest-sourced cases, sometimes a day before the case
        if source == CaseSource.INTEREST:
            for _n in range(1 + i % 2):
                made = created - timedelta(hours=rng.randint(1, 72))
                interest = factories.InterestFactory(offer=offer, case_id=case.id, created_at=made)
                w.interests.append({"created": made, "field": field_of[("offer", offer.id)], "case": case.id,
                                    "id": interest.id})
    session.flush()

    # -- interests taken up by no case, on offers and on needs, two of them either side of Beijing's May 1
    for made in [moment() for _ in range(8)] + [LAST_MINUTE_OF_APRIL, FIRST_MINUTE_OF_MAY]:
        if rng.random() < 0.6:
            posting = rng.choice(offers)
            interest = factories.InterestFactory(offer=posting, created_at=made)
        else:
            posting = rng.choice(needs)
            interest = factories.InterestFactory(offer=None, need=posting, created_at=made)
        w.interests.append({"created": made, "field": field_of[(posting.kind, posting.id)], "case": None, "id": interest.id})

    # -- "not relevant" verdicts, and one verdict of another kind that must not count
    judge = factories.UserFactory()
    pairs = rng.sample([(n, o) for n in needs for o in offers], 7)
    for index, (need, offer) in enumerate(pairs):
        made, verdict = moment(), "not_relevant" if index < 6 else "relevant"
        session.add(MatchFeedback(user_id=judge.id, need_id=need.id, offer_id=offer.id, verdict=verdict,
                                  created_at=made))
        w.feedback.append({"created": made, "field": field_of[("offer", offer.id)], "verdict": verdict})

    # -- events: three finished (one without a field, one starting at the end of March UTC), one still open
    # Each meeting: held (True), missed (False), not recorded (None), or cancelled.
    plans = [
        (utc(2026, 2, 15, 1), "new_energy_battery", EventStatus.FINISHED, 4, 1, [True, False, None, "cancelled"]),
        (utc(2026, 5, 20, 1), "biomedicine", EventStatus.FINISHED, 3, 0, [True, True, None]),
        (END_OF_MARCH_UTC, None, EventStatus.FINISHED, 2, 1, [True]),
        (utc(2026, 6, 10, 1), "biomedicine", EventStatus.OPEN, 3, 0, [None]),
    ]
    for starts, code, status, registered, withdrawn, meetings in plans:
        event = factories.EventFactory(starts_at=starts, field=w.fields[code] if code else None, status=status)
        regs = [factories.RegistrationFactory(event=event) for _ in range(registered)]
        for _n in range(withdrawn):
            factories.RegistrationFactory(event=event, status=RegistrationStatus.WITHDRAWN)
        for k, outcome in enumerate(meetings):  # pairs (0,1), (1,2), ... each once
            sender, recipient = regs[k % len(regs)], regs[(k + 1 + k // len(regs)) % len(regs)]
            request = factories.MeetingRequestFactory(sender=sender, recipient=recipient, accepted=True)
            cancelled = outcome == "cancelled"
            session.add(Meeting(event_id=event.id, request_id=request.id, slot_id=event.slots[k].id, table=k + 1,
                                status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.SCHEDULED,
                                held=None if cancelled else outcome))
        kept = [m for m in meetings if m != "cancelled"]
        w.events.append({"starts": starts, "field": code, "status": status.value, "participants": registered,
                         "scheduled": len(kept), "held": sum(m is True for m in kept)})
    session.flush()
    _open_calls(session, w, rng, needs, field_of, moment)
    w.session = session
    return w


# Open calls on the world's needs: (status, published, awarded, reward, proposals, deliveries as (status, late)).
CALL_PLANS = [
    ("completed", True, True, Decimal("300"), 3, [("accepted", False), ("accepted", True)]),
    ("in_delivery", True, True, Decimal("150.5"), 2, [("accepted", False), ("reported", False), ("rejected", True)]),
    ("awarded", True, True, Decimal("120"), 1, []),
    ("reviewing", True, False, Decimal("80"), 2, []),
    ("open", True, False, Decimal("500"), 1, []),
    ("cancelled", True, False, Decimal("60"), 1, []),  # withdrawn after publication: its proposal still came in
    ("draft", False, False, Decimal("90"), 0, []),
]


def _open_calls(session: Session, w: World, rng: random.Random, needs: list, field_of: dict, moment) -> None:
    """Calls in every status, with proposals and milestone deliveries, one published either side of Beijing's May 1."""
    for index, (status, published, awarded, reward, proposals, deliveries) in enumerate(CALL_PLANS):
        need = needs[index]
        code = field_of[("need", need.id)]
        opened = (LAST_MINUTE_OF_APRIL if index == 0 else FIRST_MINUTE_OF_MAY if index == 1 else moment()) \
            if published else None
        won = opened + timedelta(days=rng.randint(20, 40)) if awarded else None
        call = factories.OpenCallFactory(need=need, status=OpenCallStatus(status), reward_wan=reward,
                                         published_at=opened, awarded_at=won)
        w.open_calls.append({"status": status, "published": opened, "awarded": won, "reward": reward, "field": code})
        made = []
        for _n in range(proposals):
            sent = (opened or moment()) + timedelta(days=rng.randint(1, 15), hours=rng.randint(0, 23))
            proposal = Proposal(call_id=call.id, organisation_id=factories.OrganisationFactory().id, approach="方案",
                                team=[{"name": "张三", "title": "教授", "role": "负责人"}], budget_wan=reward,
                                plan="计划", awarded=not made and awarded, created_at=sent)
            session.add(proposal)
            made.append(proposal)
            w.proposals.append({"created": sent, "field": code})
        session.flush()
        milestones = [OpenCallMilestone(call_id=call.id, position=10 + k, title=f"里程碑{k}", share=10)
                      for k in range(len(deliveries))]
        session.add_all(milestones)
        session.flush()
        for milestone, (state, late) in zip(milestones, deliveries):
            decided = won + timedelta(days=rng.randint(10, 90)) if state != "reported" else None
            paid = (reward * Decimal(rng.randint(10, 60)) / 100).quantize(Decimal("0.01")) if state == "accepted" else None
            session.add(MilestoneDelivery(milestone_id=milestone.id, proposal_id=made[0].id,
                                          status=DeliveryStatus(state), report="已完成", late=late, paid_wan=paid,
                                          decided_at=decided))
            w.deliveries.append({"status": state, "decided": decided, "paid": paid, "late": late, "field": code})
    session.flush()


# -- the numbers, counted in Python ----------------------------------------------------------------------------------

def local_day(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def month(moment: datetime | date) -> str:
    day = local_day(moment) if isinstance(moment, datetime) else moment
    return f"{day.year:04d}-{day.month:02d}"


def _within(moment: datetime | date, start: date | None, end: date | None) -> bool:
    day = local_day(moment) if isinstance(moment, datetime) else moment
    return (start is None or day >= start) and (end is None or day <= end)


def _axis(months: set[str], start: date | None, end: date | None) -> list[str]:
    if not months:
        return []
    bounds = set(months) | {month(d) for d in (start, end) if d}
    first, last = min(bounds), max(bounds)
    axis, cursor = [], date(int(first[:4]), int(first[5:]), 1)
    while month(cursor) <= last:
        axis.append(month(cursor))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return axis


def _wan(value) -> float:
    return round(float(value), 2)


def _field_json(f: TechField) -> dict:
    return {"code": f.code, "name_zh": f.name_zh, "name_en": f.name_en}


def expected(w: World, start: date | None = None, end: date | None = None, code: str | None = None) -> dict:
    """The whole `stats.dashboard()` answer for this filter, from the records."""
    def keep(moment, record_field) -> bool:
        return moment is not None and _within(moment, start, end) and (code is None or record_field == code)

    offers = [r for r in w.offers if keep(r["published"], r["field"])]
    needs = [r for r in w.needs if keep(r["published"], r["field"])]
    interests = [r for r in w.interests if keep(r["created"], r["field"])]
    cases = [r for r in w.cases if keep(r["created"], r["field"])]
    match_cases = [r for r in cases if r["source"] == "match"]
    verdicts = [r for r in w.feedback if r["verdict"] == "not_relevant" and keep(r["created"], r["field"])]
    contracts = [{**r["contract"], "field": r["field"]} for r in w.cases
                 if r["contract"] and keep(r["contract"]["signed_on"], r["field"])]
    events = [r for r in w.events if r["status"] == "finished" and _within(r["starts"], start, end)
              and (code is None or r["field"] == code)]

    months = {month(r["published"]) for r in offers + needs} | {month(r["created"]) for r in
                                                                 interests + match_cases + verdicts}
    months |= {month(r["signed_on"]) for r in contracts} | {month(r["starts"]) for r in events}
    axis = _axis(months, start, end)

    def per_month(rows, when, value=lambda r: 1):
        counts = Counter()
        for r in rows:
            counts[month(r[when])] += value(r)
        return counts

    ordered_fields = sorted(w.fields.values(), key=lambda f: (f.position, f.id))
    posting_fields = [f for f in ordered_fields if any(r["field"] == f.code for r in offers + needs)]
    contract_fields = [f for f in ordered_fields if any(r["field"] == f.code for r in contracts)]

    by_case = {r["id"]: r for r in w.cases}
    funnel_counts = [len(interests)]
    for stage in ("introduced", "meeting", "signed"):
        funnel_counts.append(len({r["case"] for r in interests if r["case"] and stage in by_case[r["case"]]["reached"]}))
    funnel = []
    for index, (step, n) in enumerate(zip(("interest", "introduced", "meeting", "signed"), funnel_counts)):
        previous = funnel_counts[index - 1] if index else None
        funnel.append({"step": step, "count": n,
                       "rate": round(n / previous, 4) if index and previous else None,
                       "overall": round(n / funnel_counts[0], 4) if index and funnel_counts[0] else None})

    brokers = {}
    for b in w.brokers:
        brokers[b["id"]] = {"broker_id": b["id"], "name": b["name"], "open": dict.fromkeys(OPEN, 0), "open_total": 0,
                            "signed": 0, "closed": {r.value: 0 for r in CloseReason}, "closed_total": 0,
                            "turnover": Decimal(0)}
    for r in cases:
        entry = brokers.setdefault(r["broker"], {
            "broker_id": None, "name": None, "open": dict.fromkeys(OPEN, 0), "open_total": 0, "signed": 0,
            "closed": {c.value: 0 for c in CloseReason}, "closed_total": 0, "turnover": Decimal(0)})
        if r["stage"] == "signed":
            entry["signed"] += 1
            entry["turnover"] += r["contract"]["amount"]
        elif r["stage"] == "closed":
            entry["closed"][r["reason"]] += 1
            entry["closed_total"] += 1
        else:
            entry["open"][r["stage"]] += 1
            entry["open_total"] += 1
    broker_rows = []
    for entry in brokers.values():
        turnover = entry.pop("turnover")
        broker_rows.append({**entry, "turnover_wan": _wan(turnover)})
    named = sorted((r for r in broker_rows if r["broker_id"] is not None),
                   key=lambda r: (-r["open_total"], -r["signed"], r["name"], r["broker_id"]))
    broker_rows = named + [r for r in broker_rows if r["broker_id"] is None]

    posting_months = (per_month(offers, "published"), per_month(needs, "published"))
    match_months = (per_month(match_cases, "created"), per_month(interests, "created"), per_month(verdicts, "created"))
    contract_count = per_month(contracts, "signed_on")
    contract_sum = Counter()
    for r in contracts:
        contract_sum[month(r["signed_on"])] += r["amount"]
    event_months = [per_month(events, "starts", lambda r, key=key: r[key] if key else 1)
                    for key in (None, "participants", "scheduled", "held")]

    data = {
        "filters": {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
                    "field": code},
        "months": axis,
        "postings": {
            "by_month": [{"month": m, "offers": posting_months[0][m], "needs": posting_months[1][m]} for m in axis],
            "by_field": [{"field": _field_json(f), "offers": sum(r["field"] == f.code for r in offers),
                          "needs": sum(r["field"] == f.code for r in needs)} for f in posting_fields],
        },
        "matches": {"by_month": [{"month": m, "match_cases": match_months[0][m], "interests": match_months[1][m],
                                  "not_relevant": match_months[2][m]} for m in axis]},
        "funnel": funnel,
        "contracts": {
            "by_month": [{"month": m, "count": contract_count[m], "turnover_wan": _wan(contract_sum[m])} for m in axis],
            "by_field": [{"field": _field_json(f), "count": sum(r["field"] == f.code for r in contracts),
                          "turnover_wan": _wan(sum((r["amount"] for r in contracts if r["field"] == f.code),
                                                   Decimal(0)))} for f in contract_fields],
            "by_type": [{"type": t.value, "count": sum(r["type"] == t.value for r in contracts),
                         "turnover_wan": _wan(sum((r["amount"] for r in contracts if r["type"] == t.value), Decimal(0)))}
                        for t in ContractType],
        },
        "brokers": broker_rows,
        "events": {"by_month": [{"month": m, "events": event_months[0][m], "participants": event_months[1][m],
                                 "meetings_scheduled": event_months[2][m], "meetings_held": event_months[3][m]}
                                for m in axis]},
    }
    data["totals"] = {
        "offers": len(offers), "needs": len(needs), "interests": len(interests), "match_cases": len(match_cases),
        "not_relevant": len(verdicts), "cases": len(cases), "contracts": len(contracts),
        "turnover_wan": _wan(sum((r["amount"] for r in contracts), Decimal(0))),
        "transferred_postings": sum(r["transfers"] for r in contracts),
        "events_finished": len(events), "participants": sum(r["participants"] for r in events),
        "meetings_held": sum(r["held"] for r in events),
    }
    calls = [r for r in w.open_calls if r["status"] not in ("draft", "cancelled") and keep(r["published"], r["field"])]
    awarded = [r for r in w.open_calls if r["status"] in AWARDED and keep(r["awarded"], r["field"])]
    accepted = [r for r in w.deliveries if r["status"] == "accepted" and keep(r["decided"], r["field"])]
    data["open_calls"] = {
        "calls_published": len(calls),
        "proposals": sum(1 for r in w.proposals if keep(r["created"], r["field"])),
        "awarded_wan": _wan(sum((r["reward"] for r in awarded), Decimal(0))),
        "paid_wan": _wan(sum((r["paid"] for r in accepted), Decimal(0))),
        "milestones_on_time": sum(1 for r in accepted if not r["late"]),
        "milestones_late": sum(1 for r in accepted if r["late"]),
    }
    data["on_market"] = {
        **{key: sum(1 for r in records if r["status"] == "published" and (code is None or r["field"] == code))
           for key, records in (("offers", w.offers), ("needs", w.needs))},
        # Every organisation counts, the test's own users' included: counted in Python, when the numbers are asked.
        "organisations": sum(1 for org in w.session.scalars(select(Organisation)) if org.verified_at is not None),
    }
    return data

