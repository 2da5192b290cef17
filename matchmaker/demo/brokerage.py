"""Demo brokerage, run through the real services: broker coverage, investor profiles, interests, and a year of cases.

About 40 interests and 30 cases go through every stage of the pipeline (some closed with a reason, 8 signed with a
technology contract); each case's history is then spread over the last twelve months, so the outcome dashboard has
months to draw.
"""
from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.brokerage import pipeline, services
from matchmaker.config import MARKET_TZ
from matchmaker.errors import DomainError
from models import Case, Interest, Organisation, TechNeed, TechOffer, User, utcnow
from models.base import as_utc
from models.choices import CaseSource, CaseStage, OrgKind, PostingStatus

log = logging.getLogger(__name__)
INTERESTS_IN_OFFERS = 28
ANSWERS_TO_NEEDS = 14
CASES_FROM_INTERESTS = 14
CASES_FROM_MATCHES = 16
YEAR_DAYS = 360

# What each demo case ends as: a stage, a pending introduction, or closed (from a stage, with a reason).
OUTCOMES = (["suggested"] * 4 + ["contacted"] * 3 + ["proposed"] * 2 + ["half_accepted"] + ["introduced"] * 3
            + ["meeting"] * 3 + ["negotiating"] * 3 + ["signed"] * 8
            + ["closed:contacted:no_response", "closed:meeting:price", "closed:suggested:immature",
               "closed:negotiating:unclear_route"])
CONTRACT_AMOUNTS = [Decimal(v) for v in ("35", "60", "85", "120", "180", "260", "420", "650", "980", "1500")]
CONTRACT_TYPE_OF_MODE = {"transfer": "transfer", "license": "license", "equity": "equity",
                         "co_development": "development", "tech_service": "service"}

OFFER_MESSAGES = [
    "我们正在规划新产线，希望了解该成果的中试数据和授权方式。",
    "该技术与我司产品升级方向吻合，希望安排技术交流。",
    "想了解团队情况和产业化计划，考虑以作价入股方式合作。",
    "我司有现成的应用场景，可提供试用条件，希望进一步洽谈。",
    "关注该成果的专利布局和许可范围，请经纪人协助对接。",
    "We are interested in licensing this technology for our plant; please arrange an introduction.",
]
NEED_MESSAGES = [
    "我校团队在该方向有多年积累，已有样品，可按榜单指标开展攻关。",
    "我所具备中试条件，愿意揭榜，希望与企业进一步沟通技术指标。",
    "我们的成果可满足大部分指标，部分指标需联合开发。",
]
NOTES = ["已电话沟通双方意向", "双方约定先签保密协议", "企业技术负责人到校考察", "已提供样品测试报告",
         "双方就许可费用初步交换意见", "经纪人组织线上技术交流会"]

BROKER_COVERAGE = {
    "运城镁谷知识产权运营有限公司": (["magnesium_alloy", "advanced_equipment", "new_materials"], ["山西省"]),
    "西安丝路技术经纪有限公司": ([], ["陕西省", "山西省"]),
}
INVESTOR_PROFILES = {
    "三晋转型创业投资管理有限公司": {
        "fields": ["new_energy_battery", "new_materials", "energy_saving"], "stages": ["pilot", "small_batch"],
        "ticket_min_wan": Decimal(300), "ticket_max_wan": Decimal(3000), "regions": ["山西省"],
        "thesis": "关注山西能源转型中的新能源电池材料、储能与节能环保技术，偏好已完成中试、具备量产条件的项目。"},
    "北京长河天使投资管理有限公司": {
        "fields": ["electronic_information", "smart_sensors", "biomedicine"], "stages": ["lab", "small_trial", "pilot"],
        "ticket_min_wan": Decimal(100), "ticket_max_wan": Decimal(800), "regions": [],
        "thesis": "天使轮投资高校院所的早期硬科技成果：智能传感器、电子信息与生物医药，看重团队与专利质量。"},
}


def _members(session: Session, kinds: set[OrgKind]) -> list[User]:
    return list(session.scalars(select(User).join(Organisation, User.organisation_id == Organisation.id).where(
        Organisation.kind.in_(kinds), User.active).order_by(User.id)))


def _published(session: Session, model) -> list:
    return list(session.scalars(select(model).where(model.status == PostingStatus.PUBLISHED).order_by(model.id)))


def _owner(session: Session, org_name: str) -> User | None:
    return session.scalar(select(User).join(Organisation, User.organisation_id == Organisation.id)
                          .where(Organisation.name == org_name).order_by(User.id).limit(1))


def _profiles(session: Session, brokers: list[User]) -> int:
    for broker in brokers:
        fields, regions = BROKER_COVERAGE.get(broker.organisation.name if broker.organisation else "", ([], []))
        services.update_broker_profile(session, broker, fields, regions)
    made = 0
    for org_name, data in INVESTOR_PROFILES.items():
        owner = _owner(session, org_name)
        if owner is not None:
            services.save_investor_profile(session, owner, data)
            made += 1
    return made


def _interests(session: Session, rng: random.Random) -> list[Interest]:
    offers, needs = _published(session, TechOffer), _published(session, TechNeed)
    buyers = _members(session, {OrgKind.ENTERPRISE, OrgKind.INVESTOR})
    research = _members(session, {OrgKind.UNIVERSITY, OrgKind.INSTITUTE})
    made: list[Interest] = []
    for pool, people, wanted, messages in ((offers, buyers, INTERESTS_IN_OFFERS, OFFER_MESSAGES),
                                           (needs, research, ANSWERS_TO_NEEDS, NEED_MESSAGES)):
        tries = 0
        count = 0
        while count < wanted and tries < wanted * 10 and pool and people:
            tries += 1
            posting, user = rng.choice(pool), rng.choice(people)
            answer = None
            if posting.kind == "need":
                own = services.answering_offers(session, user.organisation_id)
                answer = rng.choice(own) if own and rng.random() < 0.7 else None
            try:
                made.append(services.express_interest(session, user, posting, rng.choice(messages), answer))
            except DomainError:
                continue  # own posting, or already interested
            count += 1
    return made


def _open_cases(session: Session, rng: random.Random, brokers: list[User], interests: list[Interest]) -> list[Case]:
    cases: list[Case] = []
    for interest in rng.sample(interests, min(CASES_FROM_INTERESTS, len(interests))):
        offer = interest.offer
        if interest.need is not None and offer is None:
            own = services.answering_offers(session, interest.organisation_id)
            offer = own[0] if own else None
        try:
            cases.append(pipeline.claim_interest(session, rng.choice(brokers), interest, offer))
        except DomainError:
            continue
    offers, needs = _published(session, TechOffer), _published(session, TechNeed)
    by_field: dict[int, list[TechOffer]] = {}
    for offer in offers:
        by_field.setdefault(offer.field_id, []).append(offer)
    tries = 0
    while len(cases) < CASES_FROM_INTERESTS + CASES_FROM_MATCHES and tries < 200 and needs:
        tries += 1
        need = rng.choice(needs)
        candidates = [o for o in by_field.get(need.field_id, []) if o.organisation_id != need.organisation_id]
        if not candidates:
            continue
        try:
            cases.append(pipeline.open_case(session, rng.choice(brokers), rng.choice(candidates), need=need,
                                            source=CaseSource.MATCH, match_score=round(rng.uniform(0.45, 0.95), 3)))
        except DomainError:
            continue
    return cases


def _side_user(case: Case, side: str) -> User | None:
    people = pipeline.side_members(case, side)
    return people[0] if people else None


def _drive(session: Session, rng: random.Random, case: Case, outcome: str, serial: int) -> None:
    """Move a case with the real services until it reaches `outcome`."""
    broker = case.broker
    stop, _sep, rest = outcome.partition(":")
    target = rest.split(":")[0] if stop == "closed" else stop
    plan = ["contacted", "proposed", "half_accepted", "introduced", "meeting", "negotiating", "signed"]
    reach = plan[:plan.index(target) + 1] if target in plan else []
    offer_user, demand_user = _side_user(case, "offer"), _side_user(case, "demand")
    for step in reach:
        if step == "contacted":
            pipeline.transition(session, broker, case, "contacted", note=rng.choice(NOTES))
        elif step == "proposed":
            pipeline.propose_introduction(session, broker, case, note="双方需求与成果指标吻合，建议当面交流。")
        elif step == "half_accepted":
            pipeline.accept_introduction(session, offer_user, case)
        elif step == "introduced":
            pipeline.accept_introduction(session, demand_user, case)
        elif step in ("meeting", "negotiating"):
            pipeline.transition(session, broker, case, step, note=rng.choice(NOTES))
        elif step == "signed":
            modes = [CONTRACT_TYPE_OF_MODE.get(m) for m in case.offer.transfer_modes or []]
            kind = rng.choice([m for m in modes if m] or ["license"])
            pipeline.record_contract(session, broker, case, pipeline.ContractData(
                kind, rng.choice(CONTRACT_AMOUNTS), utcnow().date(),
                f"2026140100{serial:06d}" if rng.random() < 0.8 else "", True, rng.random() < 0.6))
    if stop == "closed":
        pipeline.transition(session, broker, case, "closed", note="经纪人回访后关闭", reason=rest.split(":")[1])


def _spread(rng: random.Random, case: Case, now: datetime) -> None:
    """Re-date a case's history: days to weeks between steps, the whole of it somewhere in the past year."""
    gaps = [0.0] + [rng.uniform(2, 24) for _ in case.history[1:]]
    span = min(sum(gaps), YEAR_DAYS - 2)
    gaps = [gap * span / max(sum(gaps), 1) for gap in gaps]
    ended = rng.uniform(1, YEAR_DAYS - span)
    start = now - timedelta(days=ended + span)
    moment = start
    for step, gap in zip(case.history, gaps, strict=True):
        moment = moment + timedelta(days=gap)
        step.created_at = moment
        if step.action == pipeline.PROPOSED:
            case.introduction_proposed_at = moment
        elif step.action == pipeline.ACCEPTED["offer"]:
            case.offer_side_accepted_at = moment
        elif step.action == pipeline.ACCEPTED["demand"]:
            case.demand_side_accepted_at = moment
        elif step.to_stage == CaseStage.SIGNED and case.contract is not None:
            case.contract.signed_on = moment.astimezone(MARKET_TZ).date()
            case.contract.created_at = moment
    case.created_at, case.updated_at = start, moment
    for posting in (case.offer, case.need):
        if posting is not None and posting.published_at is not None and as_utc(posting.published_at) > start:
            posting.published_at = posting.created_at = start - timedelta(days=rng.randint(5, 40))


def load_demo_brokerage(session: Session, seed: int = 2026) -> dict[str, int]:
    """Broker coverage, two investor profiles, ~40 interests and ~30 cases over the past year; returns counts."""
    rng = random.Random(seed)
    brokers = list(session.scalars(select(User).where(User.is_broker, User.active).order_by(User.id)))
    if not brokers:
        return {"interests": 0, "cases": 0, "contracts": 0}
    investors = _profiles(session, brokers)
    interests = _interests(session, rng)
    cases = _open_cases(session, rng, brokers, interests)
    outcomes = list(OUTCOMES)
    rng.shuffle(outcomes)
    now = utcnow()
    for serial, (case, outcome) in enumerate(zip(cases, outcomes, strict=False), start=1):
        _drive(session, rng, case, outcome, serial)
        _spread(rng, case, now)
    for interest in interests:
        case = next((c for c in cases if c.id == interest.case_id), None)
        began = case.created_at if case is not None else now - timedelta(days=rng.randint(0, 60))
        interest.created_at = began - timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 23))
    session.flush()
    contracts = sum(1 for case in cases if case.contract is not None)
    log.info("demo brokerage: %d interests, %d cases, %d contracts", len(interests), len(cases), contracts)
    return {"interests": len(interests), "cases": len(cases), "contracts": contracts, "investor_profiles": investors}
