"""Demo events, run through the real services: a finished matchmaking day, a published one and an open roadshow."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import MARKET_TZ
from matchmaker.errors import ValidationError
from matchmaker.events import services
from models import Event, Organisation, TechOffer, User, utcnow
from models.choices import EventStatus, OrgKind, PostingStatus, RegistrationStatus

ROLE_OF = {OrgKind.UNIVERSITY: "pitcher", OrgKind.INSTITUTE: "pitcher", OrgKind.INVESTOR: "investor"}
MESSAGES = [
    "想了解贵方成果的中试进展和授权方式。",
    "我们有明确的产线改造需求，希望当面交流技术路线。",
    "关注该领域的早期项目，想听听团队和产业化计划。",
    "希望探讨联合申报和委托开发的可能。",
    "We'd like to discuss licensing terms and a pilot at our plant.",
]
FOLLOW_UPS = ["两周内安排企业实地考察", "已约定签订保密协议后提供样品", "拟委托经纪人推进技术许可谈判",
              "投资方要求补充财务预测后再议"]


def _local(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=MARKET_TZ)


def _organiser(session: Session, org_key_name: str) -> User:
    return session.scalar(select(User).join(Organisation, User.organisation_id == Organisation.id).where(
        Organisation.name == org_key_name, User.is_organiser))


def _participants(session: Session, rng: random.Random, count: int) -> list[User]:
    """Owners of verified universities, institutes, enterprises and investors, mixed."""
    users = list(session.scalars(select(User).join(Organisation, User.organisation_id == Organisation.id).where(
        Organisation.verified_at.is_not(None),
        Organisation.kind.in_([OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.ENTERPRISE, OrgKind.INVESTOR]),
    ).order_by(User.id)))
    one_per_org = list({u.organisation_id: u for u in users}.values())
    return rng.sample(one_per_org, min(count, len(one_per_org)))


def _event(session: Session, organiser: User, title: str, kind: str, day: datetime, description: str,
           field: str | None, hours: tuple[int, int], tables: int) -> Event:
    return services.create_event(session, organiser, {
        "kind": kind, "title": title, "description": description, "field": field,
        "venue": "山西科技大市场（太原市长治路 227 号）一层路演厅", "online_url": "",
        "starts_at": _local(day, hours[0]), "ends_at": _local(day, hours[1]), "slot_minutes": 20, "tables": tables,
    })


def _fill(session: Session, rng: random.Random, event, people: list[User], requests_each: int) -> None:
    """Register people with availability and let them ask, and answer, each other."""
    codes = [s.code for s in event.slots]
    registrations = []
    for user in people:
        role = ROLE_OF.get(user.organisation.kind, "attendee")
        available = sorted(rng.sample(codes, rng.randint(max(2, len(codes) // 2), len(codes))))
        registrations.append(services.register(session, user, event, role, available))
    for registration in registrations:
        others = [r for r in registrations if r.organisation_id != registration.organisation_id]
        for other in rng.sample(others, min(requests_each, len(others))):
            try:
                services.request_meeting(session, registration.user, event, other.id, rng.choice(MESSAGES),
                                         rng.choice((1, 2, 2, 3)))
            except ValidationError:
                continue  # the other side asked first
    for meeting_request in services.event_requests(session, event):
        roll = rng.random()
        if roll < 0.8:
            services.respond(session, meeting_request.recipient.user, meeting_request, roll < 0.7)


def _schedule(session: Session, organiser: User, event) -> None:
    services.set_status(session, organiser, event, EventStatus.SCHEDULING)
    services.run_scheduler(session, organiser, event, time_limit=5.0)
    services.publish_schedule(session, organiser, event)


def load_demo_events(session: Session, seed: int = 2026) -> int:
    """Three events around today; returns how many were created."""
    rng = random.Random(seed)
    today = utcnow().astimezone(MARKET_TZ)
    jinyang = _organiser(session, "晋阳高新技术产业开发区管理委员会")
    meigu = _organiser(session, "运城镁谷产业园区管理委员会")
    if jinyang is None or meigu is None:
        return 0

    past = _event(session, jinyang, "晋阳高新区新能源电池校企对接会（秋季场）", "matchmaking", today - timedelta(days=24),
                  "高校院所电池材料成果与区内电池企业一对一洽谈，会后由技术经纪人跟进。", "new_energy_battery", (9, 12), 6)
    services.set_status(session, jinyang, past, EventStatus.OPEN)
    _fill(session, rng, past, _participants(session, rng, 14), requests_each=3)
    _schedule(session, jinyang, past)
    services.set_status(session, jinyang, past, EventStatus.FINISHED)
    registered = [r for r in past.registrations if r.status == RegistrationStatus.REGISTERED]
    for registration in registered:
        if rng.random() < 0.85:
            services.check_in(session, jinyang, registration, now=past.starts_at - timedelta(minutes=10))  # at the door
        else:
            services.mark_no_show(session, jinyang, registration)
        if rng.random() < 0.3:
            services.set_follow_up(session, jinyang, registration, rng.choice(FOLLOW_UPS))
    for meeting in services.event_meetings(session, past):
        sender = meeting.request.sender
        services.mark_held(session, sender.user, meeting, not (sender.no_show or meeting.request.recipient.no_show))

    upcoming = _event(session, meigu, "运城镁谷镁合金精深加工成果发布与对接日", "matchmaking", today + timedelta(days=17),
                      "发布镁合金压铸、轻量化与原镁节能技术成果，企业与高校院所现场一对一对接。", "magnesium_alloy", (13, 17), 8)
    services.set_status(session, meigu, upcoming, EventStatus.OPEN)
    _fill(session, rng, upcoming, _participants(session, rng, 18), requests_each=3)
    _schedule(session, meigu, upcoming)

    roadshow = _event(session, jinyang, "2027 新春科技成果路演专场", "roadshow", today + timedelta(days=45),
                      "精选高校院所成果登台路演，投资机构与企业现场点评，会后可预约一对一洽谈。", None, (14, 17), 5)
    offers = list(session.scalars(select(TechOffer).where(TechOffer.status == PostingStatus.PUBLISHED)
                                  .order_by(TechOffer.id).limit(40)))
    start = roadshow.starts_at
    for i, offer in enumerate(rng.sample(offers, 4)):
        services.add_agenda_item(session, jinyang, roadshow, {
            "kind": "pitch", "title": offer.title, "presenter": offer.organisation.name, "offer_id": offer.id,
            "starts_at": start + timedelta(minutes=15 * i), "ends_at": start + timedelta(minutes=15 * (i + 1))})
    services.set_status(session, jinyang, roadshow, EventStatus.OPEN)
    _fill(session, rng, roadshow, _participants(session, rng, 8), requests_each=2)
    return 3
