"""A year of market history in two provinces (and a third that never counts), and the indicators it must give.

`build_world` makes the rows with the factories (financing rows with the ORM directly) and keeps a plain record of
each one as it is made; `expected_actuals` and `expected_progress` compute the numbers in Python from those records
and the README's formulas, never through the queries under test.
"""
from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from matchmaker.extensions import db
from models import FinancialProduct, FinancingDecision, FinancingNeed, PostingTransfer
from models.choices import (
    CaseStage,
    ContractType,
    DecisionOutcome,
    EventStatus,
    FinanceKind,
    FinancingStage,
    OpenCallStatus,
    OrgKind,
    RegistrationStatus,
)
from tests import factories

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025
AS_OF = date(2025, 8, 20)
SHANXI, SHAANXI, ELSEWHERE = "山西省", "陕西省", "河南省"
PROVINCES = (SHANXI, SHAANXI, ELSEWHERE)
MONEY = {"contract_turnover_wan", "financing_wan", "ip_pledge_wan"}
CODES = ["contract_turnover_wan", "contract_count", "transfers", "events", "enterprises_served", "brokers",
         "financing_wan", "ip_pledge_wan", "open_calls_awarded"]

# Targets set in the tests: whole market and 山西省; contracts of 山西省 split by quarter.
TARGETS = {
    "": {"contract_turnover_wan": 9000, "contract_count": 30, "transfers": 20, "events": 6, "enterprises_served": 40,
         "brokers": 30, "financing_wan": 5000, "ip_pledge_wan": 3000, "open_calls_awarded": 4},
    SHANXI: {"contract_turnover_wan": {"value": 4000, "quarters": [500, 1500, 1000, 1000]}, "contract_count": 12,
             "transfers": 4, "events": 5, "enterprises_served": 10, "brokers": 6, "financing_wan": 2000,
             "ip_pledge_wan": 100, "open_calls_awarded": 1},
}


def local_day(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of a Beijing day, in UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class World:
    contracts: list[dict] = field(default_factory=list)      # signed_on, amount, province (seller's)
    transfers: list[dict] = field(default_factory=list)      # signed_on, province (posting's)
    events: list[dict] = field(default_factory=list)         # day, province, draft
    served: list[dict] = field(default_factory=list)         # org, day, enterprise, province
    brokers: list[dict] = field(default_factory=list)        # day, counts (active broker), province or None
    decisions: list[dict] = field(default_factory=list)      # day, amount, approved, ip, region
    calls: list[dict] = field(default_factory=list)          # day (awarded, Beijing), province


def _day(rng: random.Random, first: date = date(2024, 11, 1), last: date = date(2025, 12, 31)) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def build_world(seed: int = 16) -> World:
    """About 150 rows over 14 months, flushed into the test's session."""
    rng = random.Random(seed)
    world = World()
    universities = {p: factories.OrganisationFactory(kind=OrgKind.UNIVERSITY, province=p) for p in PROVINCES}
    enterprises = {p: [factories.OrganisationFactory(kind=OrgKind.ENTERPRISE, province=p, name=f"{p}企业{i}")
                       for i in range(4)] for p in PROVINCES}
    investor = factories.OrganisationFactory(kind=OrgKind.INVESTOR, province=SHANXI, name="晋创投")

    def serve(org, moment: datetime) -> None:
        world.served.append({"org": org.id, "day": local_day(moment), "enterprise": org.kind == OrgKind.ENTERPRISE,
                             "province": org.province})

    # Contracts on cases pairing a university's offer with an enterprise's need; the offer is always transferred,
    # the need every other time. A Beijing-midnight edge: a case opened at 00:30 on 1 January (31 Dec in UTC).
    for i in range(30):
        seller_province, buyer_province = rng.choice(PROVINCES), rng.choice(PROVINCES)
        offer = factories.OfferFactory(organisation=universities[seller_province])
        buyer = rng.choice(enterprises[buyer_province])
        need = factories.NeedFactory(organisation=buyer)
        signed = _day(rng)
        opened = at(signed - timedelta(days=rng.randrange(0, 40)), 0, 30) if i else at(date(2025, 1, 1), 0, 30)
        case = factories.CaseFactory(offer=offer, need=need, broker=None, stage=CaseStage.SIGNED, created_at=opened)
        serve(buyer, opened)
        amount = Decimal(rng.randrange(1000, 90000)) / 100
        contract = factories.ContractFactory(case=case, signed_on=signed, amount_wan=amount,
                                             type=rng.choice(list(ContractType)))
        world.contracts.append({"signed_on": signed, "amount": amount, "province": seller_province})
        db.session.add(PostingTransfer(posting_kind="offer", posting_id=offer.id, contract_id=contract.id))
        world.transfers.append({"signed_on": signed, "province": seller_province})
        if i % 2:
            db.session.add(PostingTransfer(posting_kind="need", posting_id=need.id, contract_id=contract.id))
            world.transfers.append({"signed_on": signed, "province": buyer_province})
    # Cases without a need: an enterprise's or an investor's interest in an offer (no contract).
    for _i in range(8):
        org = rng.choice([investor, *enterprises[rng.choice(PROVINCES)]])
        opened = at(_day(rng), 9)
        factories.CaseFactory(offer=factories.OfferFactory(organisation=universities[SHANXI]), need=None,
                              organisation=org, broker=None, created_at=opened)
        serve(org, opened)

    # Events, some drafts; starts around Beijing midnight; registrations of enterprises and a university.
    edge = [at(AS_OF, 23, 50), at(AS_OF + timedelta(days=1), 0, 10), at(date(2025, 1, 1), 0, 5)]
    for i in range(16):
        province = rng.choice(PROVINCES)
        starts = edge[i] if i < len(edge) else at(_day(rng), 9)
        draft = i % 5 == 4
        organiser = factories.OrganisationFactory(kind=OrgKind.GOVERNMENT, province=province)
        event = factories.EventFactory(organiser=organiser, starts_at=starts,
                                       status=EventStatus.DRAFT if draft else EventStatus.FINISHED)
        world.events.append({"day": local_day(starts), "province": province, "draft": draft})
        for j, org in enumerate(rng.sample([universities[province], *enterprises[province]], 3)):
            status = RegistrationStatus.WITHDRAWN if j == 2 and i % 2 else RegistrationStatus.REGISTERED
            member = factories.UserFactory(organisation=org)
            factories.RegistrationFactory(event=event, user=member, organisation=org, status=status)
            if status == RegistrationStatus.REGISTERED:
                serve(org, starts)

    # Brokers: some before the year, some inactive, some without an organisation; users who are not brokers.
    for i in range(24):
        province = rng.choice(PROVINCES)
        created = at(date(2024, 12, 31), 23, 30) if i == 0 else at(_day(rng, date(2024, 6, 1)), 8)
        agency = None if i % 7 == 3 else factories.OrganisationFactory(kind=OrgKind.BROKER_AGENCY, province=province)
        broker, active = i % 6 != 5, i % 9 != 8
        factories.UserFactory(organisation=agency, is_broker=broker, active=active, created_at=created)
        world.brokers.append({"day": local_day(created), "counts": broker and active,
                              "province": agency.province if agency else None})

    # Financing: a bank's IP-pledge loan and technology loan; enterprises' needs, some in a financing case.
    bank = factories.OrganisationFactory(kind=OrgKind.BANK, province=SHANXI, name="晋商科技银行")
    products = [FinancialProduct(organisation=bank, kind=kind, title=title, amount_min_wan=10, amount_max_wan=5000)
                for kind, title in ((FinanceKind.IP_PLEDGE_LOAN, "知识产权质押贷"), (FinanceKind.TECH_LOAN, "科技贷"))]
    db.session.add_all(products)
    for i in range(16):
        region = rng.choice(PROVINCES)
        org = rng.choice(enterprises[region])
        posted = at(_day(rng), 11)
        need = FinancingNeed(organisation=org, title=f"融资需求{i}", purpose="扩产", amount_wan=500,
                             stage=FinancingStage.GROWTH, field=factories.field(), region=region, revenue_wan=3000,
                             created_at=posted)
        db.session.add(need)
        serve(org, posted)
        if i % 3 == 0:
            opened = at(_day(rng), 15)
            db.session.flush()
            factories.CaseFactory(offer=None, need=None, product=products[1], financing_need=need, broker=None,
                                  created_at=opened)
            serve(org, opened)
        for product in products if i % 2 == 0 else products[:1]:
            approved = rng.random() < 0.7
            amount = Decimal(rng.randrange(1000, 40000)) / 100
            decided = _day(rng)
            db.session.add(FinancingDecision(need=need, product=product, decided_on=decided,
                                             outcome=DecisionOutcome.APPROVED if approved else DecisionOutcome.DECLINED,
                                             amount_wan=amount if approved else None))
            world.decisions.append({"day": decided, "amount": amount if approved else Decimal(0),
                                    "approved": approved, "ip": product.kind == FinanceKind.IP_PLEDGE_LOAN,
                                    "region": region})

    # Open calls: awarded ones (one at 23:30 Beijing on as_of, one just after), and one still open.
    for i in range(8):
        province = rng.choice(PROVINCES)
        awarded = {0: at(AS_OF, 23, 30), 1: at(AS_OF + timedelta(days=1), 0, 30)}.get(i, at(_day(rng), 14))
        need = factories.NeedFactory(organisation=rng.choice(enterprises[province]))
        factories.OpenCallFactory(need=need, status=OpenCallStatus.AWARDED if i < 7 else OpenCallStatus.OPEN,
                                  awarded_at=awarded if i < 7 else None)
        if i < 7:
            world.calls.append({"day": local_day(awarded), "province": province})
    db.session.flush()
    return world


# -- the expected numbers, in plain Python ---------------------------------------------------------------------------

def expected_actuals(world: World, start: date, end: date, region: str = "") -> dict[str, float | int]:
    """Every indicator from start to end (brokers: on end), computed from the records."""
    def within(day: date) -> bool:
        return start <= day <= end

    def here(province: str | None) -> bool:
        return not region or province == region

    contracts = [c for c in world.contracts if within(c["signed_on"]) and here(c["province"])]
    decisions = [d for d in world.decisions if d["approved"] and within(d["day"]) and here(d["region"])]
    return {
        "contract_turnover_wan": float(sum((c["amount"] for c in contracts), Decimal(0))),
        "contract_count": len(contracts),
        "transfers": sum(1 for t in world.transfers if within(t["signed_on"]) and here(t["province"])),
        "events": sum(1 for e in world.events if not e["draft"] and within(e["day"]) and here(e["province"])),
        "enterprises_served": len({s["org"] for s in world.served
                                   if s["enterprise"] and within(s["day"]) and here(s["province"])}),
        "brokers": brokers_on(world, end, region),
        "financing_wan": float(sum((d["amount"] for d in decisions), Decimal(0))),
        "ip_pledge_wan": float(sum((d["amount"] for d in decisions if d["ip"]), Decimal(0))),
        "open_calls_awarded": sum(1 for c in world.calls if within(c["day"]) and here(c["province"])),
    }


def brokers_on(world: World, day: date, region: str = "") -> int:
    return sum(1 for b in world.brokers if b["counts"] and b["day"] <= day
               and (not region or b["province"] == region))


def _value(target) -> tuple[float | None, list[float] | None]:
    if target is None:
        return None, None
    if isinstance(target, dict):
        return float(target["value"]), [float(q) for q in target["quarters"]]
    return float(target), None


def expected_progress(world: World, as_of: date, region: str = "", targets: dict | None = None) -> dict[str, dict]:
    """The README's judgement of every indicator, from the records and the targets given ({code: target})."""
    targets = targets or {}
    first, last = date(as_of.year, 1, 1), date(as_of.year, 12, 31)
    days = (last - first).days + 1
    elapsed = (as_of - first).days + 1
    f = elapsed / days
    actual = expected_actuals(world, first, as_of, region)
    start = brokers_on(world, first - timedelta(days=1), region)
    out = {}
    for code in CODES:
        value, quarters = _value(targets.get(code))
        stock = code == "brokers"
        a = actual[code]
        projection = start + (a - start) / f if stock else a / f
        due = share = None
        if value is not None:
            if quarters:
                done, quarter = 0.0, (as_of.month - 1) // 3
                q_start = date(as_of.year, 3 * quarter + 1, 1)
                q_end = date(as_of.year, 3 * quarter + 3, calendar.monthrange(as_of.year, 3 * quarter + 3)[1])
                done = sum(quarters[:quarter]) + quarters[quarter] * ((as_of - q_start).days + 1) / (
                    (q_end - q_start).days + 1)
                share = done / value
            else:
                share = f
            due = start + (value - start) * share if stock else value * share
        months_left = (last - as_of).days / (days / 12)
        if value is None:
            pace = None
        elif a >= value:
            pace = 0.0
        else:
            pace = (value - a) / months_left if months_left else None
        out[code] = {"target": value, "target_to_date": due, "actual": a, "pace_needed": pace,
                     "projection": projection, "behind": value is not None and a < round(due, 2)}
    return out
