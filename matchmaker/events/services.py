"""Event services: the event and its programme, registrations, 1:1 meeting requests, the schedule and the day."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from matchmaker import audit, scheduling
from matchmaker.config import MARKET_TZ
from matchmaker.contact_details import holds_contact_details
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.events import access, affinity, checkin, financing, hosts
from matchmaker.events.affinity import MeetSuggestion, PitchSuggestion
from matchmaker.events.financing import FinancingPitch
from matchmaker.i18n import label
from matchmaker.market.services import resolve_field
from matchmaker.matching.engine import MatchEngine
from matchmaker.notifications.services import notify
from matchmaker.pagination import Page, paginate
from models import (
    AgendaItem,
    Event,
    EventSlot,
    Meeting,
    MeetingRequest,
    Registration,
    TechOffer,
    User,
    utcnow,
)
from models.base import as_utc
from models.choices import (
    AgendaItemKind,
    EventKind,
    EventStatus,
    MeetingStatus,
    ParticipantRole,
    PostingStatus,
    RegistrationStatus,
    RequestStatus,
)

MAX_SLOTS = 96
PRIORITIES = (1, 2, 3)
# How much a strong match adds to a request's priority: weight = priority × (1 + MATCH_BONUS × strength).
MATCH_BONUS = 0.5
TOUCH_EVERY = timedelta(minutes=5)
OPEN_FOR_REQUESTS = (EventStatus.OPEN, EventStatus.SCHEDULING, EventStatus.PUBLISHED)
# Which status an organiser may move an event to, from which; publishing goes through publish_schedule.
TRANSITIONS = {
    EventStatus.OPEN: {EventStatus.DRAFT, EventStatus.SCHEDULING},
    EventStatus.SCHEDULING: {EventStatus.OPEN},
    EventStatus.FINISHED: {EventStatus.PUBLISHED},
}


# -- small helpers ---------------------------------------------------------------------------------------------------

def _require_manager(actor: User, event: Event) -> None:
    if not access.can_manage(actor, event):
        raise PermissionDenied(_("只有本活动的主办方可以执行此操作。"))


def local_time(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(MARKET_TZ)


def slot_label(slot: EventSlot) -> str:
    return f"{local_time(slot.starts_at):%H:%M}–{local_time(slot.ends_at):%H:%M}"


def slot_choices(event: Event) -> list[tuple[str, str]]:
    """(code, "09:00–09:20") for each meeting slot, in Beijing time."""
    return [(s.code, slot_label(s)) for s in event.slots]


def _event_link(event: Event, tail: str = "") -> str:
    return f"/events/{event.id}{tail}"


# -- events ----------------------------------------------------------------------------------------------------------

def list_events(session: Session, viewer, page: int, per_page: int) -> Page:
    """Events the viewer may see: upcoming ones first, soonest first, then past ones."""
    stmt = select(Event)
    user = viewer if isinstance(viewer, User) else None
    if user is None or not user.is_admin:
        visible = Event.status != EventStatus.DRAFT
        if user is not None and user.is_organiser and user.organisation_id:
            visible = or_(visible, Event.organiser_org_id == user.organisation_id)
        if user is not None and user.is_organiser:
            visible = or_(visible, Event.created_by_id == user.id)
        stmt = stmt.where(visible)
    stmt = stmt.order_by((Event.ends_at < utcnow()).asc(), Event.starts_at.asc(), Event.id.asc())
    return paginate(session, stmt, page, per_page)


def _cut_slots(starts_at: datetime, ends_at: datetime, minutes: int) -> list[tuple[datetime, datetime]]:
    out, start, step = [], as_utc(starts_at), timedelta(minutes=minutes)
    end = as_utc(ends_at)
    while start + step <= end and len(out) < MAX_SLOTS:
        out.append((start, start + step))
        start += step
    return out


def _check_times(data: dict) -> list[tuple[datetime, datetime]]:
    starts_at, ends_at, minutes = data["starts_at"], data["ends_at"], int(data["slot_minutes"])
    if as_utc(ends_at) <= as_utc(starts_at):
        raise ValidationError(_("结束时间必须晚于开始时间。"), {"ends_at": _("结束时间必须晚于开始时间。")})
    slots = _cut_slots(starts_at, ends_at, minutes)
    if not slots:
        message = _("活动时长不足一轮洽谈，请缩短每轮时长或延长活动。")
        raise ValidationError(message, {"slot_minutes": message})
    return slots


def _assign_event(session: Session, event: Event, data: dict) -> None:
    event.kind = EventKind(data["kind"])
    event.title = data["title"].strip()
    event.description = data.get("description") or ""
    event.venue = data.get("venue") or ""
    event.online_url = data.get("online_url") or ""
    event.field = resolve_field(session, data["field"]) if data.get("field") else None
    event.tables = int(data["tables"])


def create_event(session: Session, actor: User, data: dict) -> Event:
    """A draft event of the actor's organisation (or, without one, of the government organisation
    `data["organisation_id"]`), its meeting block cut into slots."""
    if not access.can_create(actor):
        raise PermissionDenied(_("只有活动主办方可以创建活动。"))
    organiser = hosts.organiser_for(session, actor, data.get("organisation_id"))
    slots = _check_times(data)
    event = Event(organiser=organiser, created_by=actor, status=EventStatus.DRAFT,
                  starts_at=as_utc(data["starts_at"]), ends_at=as_utc(data["ends_at"]),
                  slot_minutes=int(data["slot_minutes"]))
    _assign_event(session, event, data)
    event.slots = [EventSlot(code=f"s{n:02d}", starts_at=a, ends_at=b) for n, (a, b) in enumerate(slots, 1)]
    session.add(event)
    session.flush()
    audit.record(session, actor, "event.create", event)
    return event


def update_event(session: Session, actor: User, event: Event, data: dict) -> Event:
    """Change an event; its timing only while nobody has registered, its tables never below what is in use."""
    _require_manager(actor, event)
    timing_changed = (as_utc(data["starts_at"]) != as_utc(event.starts_at) or as_utc(data["ends_at"]) != as_utc(
        event.ends_at) or int(data["slot_minutes"]) != event.slot_minutes)
    if timing_changed:
        slots = _check_times(data)
        if event.registrations:
            message = _("已有人报名，不能再修改活动时间和每轮时长。")
            raise ValidationError(message, {"starts_at": message})
    busiest = session.scalar(select(func.max(Meeting.table)).where(
        Meeting.event_id == event.id, Meeting.status == MeetingStatus.SCHEDULED)) or 0
    if int(data["tables"]) < busiest:
        message = _("已有洽谈安排在 %(n)d 号桌，桌数不能少于 %(n)d。", n=busiest)
        raise ValidationError(message, {"tables": message})
    _assign_event(session, event, data)
    if timing_changed:
        event.starts_at, event.ends_at = as_utc(data["starts_at"]), as_utc(data["ends_at"])
        event.slot_minutes = int(data["slot_minutes"])
        event.slots.clear()
        session.flush()
        event.slots.extend(EventSlot(code=f"s{n:02d}", starts_at=a, ends_at=b) for n, (a, b) in enumerate(slots, 1))
    session.flush()
    return event


def set_status(session: Session, actor: User, event: Event, status: EventStatus) -> Event:
    """Move an event along draft → open → scheduling (→ published by publishing) → finished."""
    _require_manager(actor, event)
    status = EventStatus(status)
    if event.status not in TRANSITIONS.get(status, set()):
        raise Conflict(_("活动当前状态为“%(now)s”，不能改为“%(to)s”。",
                         now=label("event_status", event.status.value), to=label("event_status", status.value)))
    event.status = status
    audit.record(session, actor, f"event.{status.value}", event)
    session.flush()
    return event


def set_registration_open(session: Session, actor: User, event: Event, is_open: bool) -> Event:
    """Close registration (late registrants then wait for admission) or open it again."""
    _require_manager(actor, event)
    event.registration_open = bool(is_open)
    session.flush()
    return event


# -- programme -------------------------------------------------------------------------------------------------------

def add_agenda_item(session: Session, actor: User, event: Event, data: dict) -> AgendaItem:
    """A talk or a pitch within the event's hours; a pitch may present a published offer, or at a 融资路演 a
    pitcher's open financing need."""
    _require_manager(actor, event)
    starts_at, ends_at = as_utc(data["starts_at"]), as_utc(data["ends_at"])
    if ends_at <= starts_at:
        raise ValidationError(_("结束时间必须晚于开始时间。"), {"ends_at": _("结束时间必须晚于开始时间。")})
    if starts_at < as_utc(event.starts_at) or ends_at > as_utc(event.ends_at):
        message = _("议程须在活动时间之内。")
        raise ValidationError(message, {"starts_at": message})
    offer = None
    if data.get("offer_id"):
        offer = session.get(TechOffer, int(data["offer_id"]))
        if offer is None or offer.status != PostingStatus.PUBLISHED:
            message = _("只能路演已发布的科技成果。")
            raise ValidationError(message, {"offer_id": message})
    financing_need = None
    if data.get("financing_need_id"):
        financing_need = financing.pitchable_need(session, event, int(data["financing_need_id"]))
        if financing_need is None:
            message = _("只能路演已报名为路演方的企业仍在寻求融资的需求。")
            raise ValidationError(message, {"financing_need": message})  # shown above the form
    item = AgendaItem(event=event, kind=AgendaItemKind(data["kind"]), title=data["title"].strip(),
                      presenter=data.get("presenter") or "", starts_at=starts_at, ends_at=ends_at, offer=offer,
                      financing_need=financing_need)
    session.add(item)
    session.flush()
    return item


def remove_agenda_item(session: Session, actor: User, item: AgendaItem) -> None:
    _require_manager(actor, item.event)
    item.event.agenda.remove(item)
    session.flush()


def next_pitch_window(event: Event, minutes: int = 10) -> tuple[datetime, datetime]:
    """Where a suggested pitch goes by default: right after the last agenda item, clipped to the event."""
    start = max((as_utc(i.ends_at) for i in event.agenda), default=as_utc(event.starts_at))
    start = min(start, as_utc(event.ends_at) - timedelta(minutes=minutes))
    return start, start + timedelta(minutes=minutes)


def suggest_pitches(session: Session, engine: MatchEngine, event: Event,
                    limit: int = 8) -> list[PitchSuggestion | FinancingPitch]:
    return affinity.suggest_pitches(session, engine, event, limit)


# -- registrations ---------------------------------------------------------------------------------------------------

def registration_for(session: Session, event: Event, user) -> Registration | None:
    if not isinstance(user, User):
        return None
    return session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                     Registration.user_id == user.id))


def event_registrations(session: Session, event: Event) -> list[Registration]:
    return list(session.scalars(select(Registration).where(Registration.event_id == event.id)
                                .order_by(Registration.created_at, Registration.id)))


def register(session: Session, actor: User, event: Event, role: str, available_slots: list[str]) -> Registration:
    """Register a verified organisation's member; after registration closes they wait for admission."""
    if actor.organisation is None or not actor.organisation.verified:
        raise PermissionDenied(_("只有通过认证的机构成员才能报名参加活动。"))
    if access.is_host(actor, event):
        raise Conflict(_("您是本活动的主办方，无需报名；参会者请在“报名管理”中查看。"))
    if event.status in (EventStatus.DRAFT, EventStatus.FINISHED):
        raise Conflict(_("本活动当前不接受报名。"))
    try:
        role = ParticipantRole(role)
    except ValueError:
        raise ValidationError(_("请选择参会身份。"), {"role": _("请选择参会身份。")}) from None
    if event.kind == EventKind.FINANCING:
        financing.check_role(actor.organisation, role)
    codes = [s.code for s in event.slots]
    unknown = [code for code in available_slots if code not in codes]
    if unknown:
        message = _("未知的时段：%(codes)s", codes=", ".join(map(str, unknown)))
        raise ValidationError(message, {"available_slots": message})
    registration = registration_for(session, event, actor)
    if registration is not None and registration.status != RegistrationStatus.WITHDRAWN:
        raise Conflict(_("您已报名本活动。"))
    late = not event.registration_open or event.status != EventStatus.OPEN
    status = RegistrationStatus.WAITING if late else RegistrationStatus.REGISTERED
    if registration is None:
        registration = Registration(event=event, user=actor, organisation=actor.organisation)
        session.add(registration)
    registration.role, registration.status = role, status
    registration.available_slots = [c for c in codes if c in set(available_slots)]
    registration.last_seen_at = utcnow()
    session.flush()
    if late:
        for organiser in _organisers(session, event):
            notify(session, organiser, "event.waiting", {"name": actor.display_name, "event": event.title},
                   _event_link(event, "/registrations"))
    return registration


def _organisers(session: Session, event: Event) -> list[User]:
    # The creator counts too: an organiser without an organisation runs events for one they chose.
    return list(session.scalars(select(User).where(
        or_(User.organisation_id == event.organiser_org_id, User.id == event.created_by_id), User.is_organiser)))


def admit(session: Session, actor: User, registration: Registration) -> Registration:
    """Let a late registrant in."""
    _require_manager(actor, registration.event)
    if registration.status != RegistrationStatus.WAITING:
        raise Conflict(_("该报名不在待审核状态。"))
    registration.status = RegistrationStatus.REGISTERED
    notify(session, registration.user, "event.admitted", {"event": registration.event.title},
           _event_link(registration.event, "/me"))
    session.flush()
    return registration


def withdraw(session: Session, actor: User, registration: Registration) -> Registration:
    """Leave the event: the participant's requests and meetings are cancelled and the other sides told."""
    if registration.user_id != actor.id and not access.can_manage(actor, registration.event):
        raise PermissionDenied(_("您无权修改此报名。"))
    if registration.status == RegistrationStatus.WITHDRAWN:
        return registration
    registration.status = RegistrationStatus.WITHDRAWN
    requests = session.scalars(select(MeetingRequest).where(
        or_(MeetingRequest.from_registration_id == registration.id,
            MeetingRequest.to_registration_id == registration.id),
        MeetingRequest.status.in_([RequestStatus.PENDING, RequestStatus.ACCEPTED])))
    for meeting_request in requests:
        meeting_request.status = RequestStatus.CANCELLED
        other = meeting_request.recipient if meeting_request.from_registration_id == registration.id \
            else meeting_request.sender
        meeting = session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
        if meeting is not None and meeting.status == MeetingStatus.SCHEDULED:
            _cancel(meeting)
            notify(session, other.user, "meeting.cancelled",
                   {"name": registration.user.display_name, "event": registration.event.title},
                   _event_link(registration.event, f"/registrations/{other.id}/agenda"))
    session.flush()
    return registration


def touch(session: Session, registration: Registration) -> None:
    """Remember that the participant has opened the event (requests to those who never did are flagged)."""
    seen = registration.last_seen_at
    if seen is None or utcnow() - as_utc(seen) > TOUCH_EVERY:
        registration.last_seen_at = utcnow()
        session.flush()


def check_in(session: Session, actor: User, registration: Registration, now: datetime | None = None) -> Registration:
    """Mark the participant present: only on the event's day(s) in Beijing time (`now`, default the clock)."""
    _require_manager(actor, registration.event)
    now = now or utcnow()
    checkin.require_open(registration.event, now)
    registration.checked_in_at, registration.no_show = now, False
    session.flush()
    return registration


def mark_no_show(session: Session, actor: User, registration: Registration, now: datetime | None = None) -> Registration:
    """Mark the participant absent: from the event's first day on, never before it."""
    _require_manager(actor, registration.event)
    checkin.require_started(registration.event, now)
    registration.checked_in_at, registration.no_show = None, True
    session.flush()
    return registration


def set_follow_up(session: Session, actor: User, registration: Registration, text: str) -> Registration:
    """The follow-up the participant intends after the event (what the broker pipeline picks up)."""
    _require_manager(actor, registration.event)
    registration.follow_up = (text or "").strip()[:500]
    session.flush()
    return registration


def other_participants(session: Session, registration: Registration) -> list[Registration]:
    """Everyone else still in the event, whom the participant has not asked yet."""
    asked = set(session.scalars(select(MeetingRequest.to_registration_id).where(
        MeetingRequest.from_registration_id == registration.id)))
    asked |= set(session.scalars(select(MeetingRequest.from_registration_id).where(
        MeetingRequest.to_registration_id == registration.id)))
    return [r for r in affinity.active_registrations(registration.event)
            if r.id != registration.id and r.id not in asked]


def people_to_meet(session: Session, engine: MatchEngine, registration: Registration,
                   limit: int = 8) -> list[MeetSuggestion]:
    asked = {r.id for r in affinity.active_registrations(registration.event)} - {
        r.id for r in other_participants(session, registration)}
    return affinity.people_to_meet(session, engine, registration, asked, limit)


# -- meeting requests ------------------------------------------------------------------------------------------------

def request_meeting(session: Session, actor: User, event: Event, to_registration_id: int, message: str,
                    priority: int, engine: MatchEngine | None = None) -> MeetingRequest:
    """Ask another participant for a 1:1 meeting; its weight combines priority with the engine's match score."""
    sender = registration_for(session, event, actor)
    if sender is None or sender.status == RegistrationStatus.WITHDRAWN:
        raise PermissionDenied(_("请先报名参加本次活动。"))
    if sender.status == RegistrationStatus.WAITING:
        raise PermissionDenied(_("您的报名正在候补：主办方确认参会后，才能发出洽谈邀请。"))
    if event.status not in OPEN_FOR_REQUESTS:
        raise Conflict(_("本活动当前不接受洽谈邀请。"))
    recipient = session.get(Registration, to_registration_id) if isinstance(to_registration_id, int) else None
    if recipient is None or recipient.event_id != event.id or recipient.status == RegistrationStatus.WITHDRAWN:
        message_ = _("请选择本活动的参会者。")
        raise ValidationError(message_, {"to_registration": message_})
    if recipient.id == sender.id or recipient.user_id == actor.id:
        message_ = _("不能约见自己。")
        raise ValidationError(message_, {"to_registration": message_})
    if priority not in PRIORITIES:
        message_ = _("优先级须为 1、2 或 3。")
        raise ValidationError(message_, {"priority": message_})
    existing = session.scalar(select(MeetingRequest).where(
        or_((MeetingRequest.from_registration_id == sender.id) & (MeetingRequest.to_registration_id == recipient.id),
            (MeetingRequest.from_registration_id == recipient.id) & (MeetingRequest.to_registration_id == sender.id))))
    if existing is not None:
        message_ = (_("您已向对方发出过邀请。") if existing.from_registration_id == sender.id
                    else _("对方已向您发出邀请，请在“收到的邀请”中直接回复。"))
        raise ValidationError(message_, {"to_registration": message_})
    text = (message or "").strip()[:1000]
    if holds_contact_details(text):
        message_ = _("留言中请勿填写电话、邮箱或微信：双方确认洽谈后，平台会为双方交换联系方式。")
        raise ValidationError(message_, {"message": message_})
    score = affinity.pair_strength(session, engine, sender, recipient) if engine is not None else None
    meeting_request = MeetingRequest(event_id=event.id, sender=sender, recipient=recipient,
                                     message=text, priority=priority, match_score=score)
    session.add(meeting_request)
    session.flush()
    notify(session, recipient.user, "request.new",
           {"name": actor.display_name, "org": sender.organisation.name, "event": event.title},
           _event_link(event, "/me"))
    return meeting_request


def request_weight(meeting_request: MeetingRequest) -> float:
    """Scheduling weight: the priority (1–3), raised by up to half when the two sides' postings match well."""
    strength = meeting_request.match_score or 0.0
    return round(meeting_request.priority * (1 + MATCH_BONUS * strength), 4)


def respond(session: Session, actor: User, meeting_request: MeetingRequest, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines a pending request."""
    if meeting_request.recipient.user_id != actor.id:
        raise PermissionDenied(_("只有被邀请的一方可以回复此邀请。"))
    if meeting_request.status != RequestStatus.PENDING:
        raise Conflict(_("此邀请已处理过。"))
    meeting_request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    meeting_request.responded_at = utcnow()
    event = meeting_request.sender.event
    notify(session, meeting_request.sender.user, "request.answered",
           {"name": actor.display_name, "answer": "accepted" if accept else "declined"}, _event_link(event, "/me"))
    session.flush()
    return meeting_request


def incoming_requests(session: Session, registration: Registration) -> list[MeetingRequest]:
    return list(session.scalars(select(MeetingRequest).where(MeetingRequest.to_registration_id == registration.id)
                                .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())))


def outgoing_requests(session: Session, registration: Registration) -> list[MeetingRequest]:
    return list(session.scalars(select(MeetingRequest).where(MeetingRequest.from_registration_id == registration.id)
                                .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())))


def event_requests(session: Session, event: Event) -> list[MeetingRequest]:
    return list(session.scalars(select(MeetingRequest).where(MeetingRequest.event_id == event.id)
                                .order_by(MeetingRequest.id)))


# -- the schedule ----------------------------------------------------------------------------------------------------

@dataclass
class ScheduleOutcome:
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    kept: int = 0
    objective: float = 0.0
    stats: dict = field(default_factory=dict)


def _cancel(meeting: Meeting) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1


def scheduling_instance(session: Session, event: Event) -> tuple[scheduling.Instance, dict[str, MeetingRequest]]:
    """The event as a DESIGN.md scheduling instance: admitted participants and accepted requests between them."""
    participants = [r for r in event.registrations if r.status == RegistrationStatus.REGISTERED]
    ids = {r.id for r in participants}
    requests = [q for q in event_requests(session, event) if q.status == RequestStatus.ACCEPTED
                and q.from_registration_id in ids and q.to_registration_id in ids]
    slot_codes = [s.code for s in event.slots]
    instance = scheduling.Instance.from_json({
        "slots": slot_codes,
        "tables": event.tables,
        "participants": [{"id": f"p{r.id}", "available": [c for c in r.available_slots if c in slot_codes],
                          "max_meetings": r.max_meetings} for r in participants],
        "requests": [{"id": f"q{q.id}", "a": f"p{q.from_registration_id}", "b": f"p{q.to_registration_id}",
                      "weight": request_weight(q)} for q in requests],
    })
    return instance, {f"q{q.id}": q for q in requests}


def event_meetings(session: Session, event: Event, include_cancelled: bool = False) -> list[Meeting]:
    stmt = select(Meeting).join(EventSlot, Meeting.slot_id == EventSlot.id).where(Meeting.event_id == event.id)
    if not include_cancelled:
        stmt = stmt.where(Meeting.status == MeetingStatus.SCHEDULED)
    return list(session.scalars(stmt.order_by(EventSlot.starts_at, Meeting.table)))


def require_schedulable(actor: User | None, event: Event) -> None:
    """Only the event's managers schedule it, and only while it is being scheduled or is published."""
    _require_manager(actor, event)
    if event.status not in (EventStatus.SCHEDULING, EventStatus.PUBLISHED):
        raise Conflict(_("请先将活动切换到“排期中”，再运行排期。"))


def solve_schedule(session: Session, actor: User | None, event: Event,
                   time_limit: float = scheduling.DEFAULT_TIME_LIMIT, progress: scheduling.Progress | None = None,
                   stop: threading.Event | None = None) -> scheduling.Schedule:
    """Search slots and tables for the accepted requests, maximising total weight; writes nothing.

    Once a schedule has been published, its meetings stay exactly where they are unless they became impossible
    (minimal disruption); the search then only adds meetings in the capacity that is left. `progress` and `stop`
    are handed to the solver (see matchmaker.scheduling.solver).
    """
    require_schedulable(actor, event)
    instance, by_id = scheduling_instance(session, event)
    slot_code = {s.id: s.code for s in event.slots}
    keep = []
    if event.schedule_version > 0:
        keep = [scheduling.Meeting(f"q{m.request_id}", slot_code[m.slot_id], m.table)
                for m in event_meetings(session, event) if f"q{m.request_id}" in by_id]
    return scheduling.solve(instance, time_limit=time_limit, keep=keep, progress=progress, stop=stop)


def apply_schedule(session: Session, actor: User | None, event: Event,
                   schedule: scheduling.Schedule) -> ScheduleOutcome:
    """Write a solved schedule onto the event's meetings; participants of a published schedule hear of changes.

    The event is read again first: a schedule that no longer fits it (a participant withdrew or changed their
    slots while the solver searched) is refused with a Conflict and changes nothing.
    """
    require_schedulable(actor, event)
    instance, by_id = scheduling_instance(session, event)
    if scheduling.validate(instance, schedule):
        raise Conflict(_("排期期间参会信息有变化，请重新运行排期。"))
    existing = {m.request_id: m for m in event_meetings(session, event, include_cancelled=True)}
    slots = {s.code: s for s in event.slots}
    published = event.schedule_version > 0
    outcome = ScheduleOutcome(objective=round(schedule.objective, 4), stats=dict(schedule.stats))
    placed = set()
    for result in schedule.meetings:
        meeting_request = by_id[result.request]
        placed.add(meeting_request.id)
        slot = slots[result.slot]
        meeting = existing.get(meeting_request.id)
        if meeting is None:
            session.add(Meeting(event_id=event.id, request=meeting_request, slot=slot, table=result.table))
            outcome.created += 1
        elif meeting.status == MeetingStatus.CANCELLED:
            meeting.status, meeting.slot, meeting.table = MeetingStatus.SCHEDULED, slot, result.table
            meeting.sequence += 1
            outcome.created += 1
        elif meeting.slot_id != slot.id or meeting.table != result.table:
            meeting.slot, meeting.table = slot, result.table
            meeting.sequence += 1
            outcome.moved += 1
            _tell_change(session, event, meeting, published)
        else:
            outcome.kept += 1
    for request_id, meeting in existing.items():
        if request_id not in placed and meeting.status == MeetingStatus.SCHEDULED:
            _cancel(meeting)
            outcome.cancelled += 1
            _tell_change(session, event, meeting, published)
    audit.record(session, actor, "event.schedule", event, created=outcome.created, moved=outcome.moved,
                 cancelled=outcome.cancelled, kept=outcome.kept, objective=outcome.objective)
    session.flush()
    return outcome


def run_scheduler(session: Session, actor: User, event: Event,
                  time_limit: float = scheduling.DEFAULT_TIME_LIMIT) -> ScheduleOutcome:
    """Solve and write the schedule at once, in the caller's transaction (demo data, tests, the run job)."""
    return apply_schedule(session, actor, event, solve_schedule(session, actor, event, time_limit))


def _tell_change(session: Session, event: Event, meeting: Meeting, published: bool) -> None:
    if not published:
        return
    for side in (meeting.request.sender, meeting.request.recipient):
        if side.status != RegistrationStatus.WITHDRAWN:
            notify(session, side.user, "meeting.changed", {"event": event.title},
                   _event_link(event, f"/registrations/{side.id}/agenda"))


def publish_schedule(session: Session, actor: User, event: Event) -> Event:
    """Show the schedule to participants; each one with meetings is notified."""
    _require_manager(actor, event)
    if event.status not in (EventStatus.SCHEDULING, EventStatus.PUBLISHED):
        raise Conflict(_("请先将活动切换到“排期中”，再发布日程。"))
    event.status = EventStatus.PUBLISHED
    event.schedule_version += 1
    counts = Counter()
    for meeting in event_meetings(session, event):
        for side in (meeting.request.sender, meeting.request.recipient):
            counts[side] += 1
    for registration, n in counts.items():
        notify(session, registration.user, "schedule.published", {"event": event.title, "n": n},
               _event_link(event, f"/registrations/{registration.id}/agenda"))
    audit.record(session, actor, "event.publish", event, version=event.schedule_version)
    session.flush()
    return event


def participant_meetings(session: Session, registration: Registration,
                         include_cancelled: bool = False) -> list[Meeting]:
    """The participant's meetings in time order (cancelled ones too when asked, for calendars)."""
    stmt = (select(Meeting).join(MeetingRequest, Meeting.request_id == MeetingRequest.id)
            .join(EventSlot, Meeting.slot_id == EventSlot.id)
            .where(or_(MeetingRequest.from_registration_id == registration.id,
                       MeetingRequest.to_registration_id == registration.id)))
    if not include_cancelled:
        stmt = stmt.where(Meeting.status == MeetingStatus.SCHEDULED)
    return list(session.scalars(stmt.order_by(EventSlot.starts_at, Meeting.id)))


def schedule_grid(session: Session, event: Event) -> list[tuple[EventSlot, list[Meeting | None]]]:
    """Slots × tables: for each slot, the meeting at each table (None where the table is free)."""
    cells = {(m.slot_id, m.table): m for m in event_meetings(session, event)}
    return [(slot, [cells.get((slot.id, t)) for t in range(1, event.tables + 1)]) for slot in event.slots]


def mark_held(session: Session, actor: User, meeting: Meeting, held: bool) -> Meeting:
    """Either side (or the organiser) records whether the meeting took place."""
    sides = {meeting.request.sender.user_id, meeting.request.recipient.user_id}
    if actor.id not in sides and not access.can_manage(actor, meeting.request.sender.event):
        raise PermissionDenied(_("只有洽谈双方或主办方可以记录洽谈结果。"))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("已取消的洽谈不能记录结果。"))
    meeting.held = bool(held)
    session.flush()
    return meeting


# -- the report ------------------------------------------------------------------------------------------------------

@dataclass
class EventReport:
    registrations: dict[str, int]
    roles: dict[str, int]
    checked_in: int
    no_shows: int
    requests: dict[str, int]
    meetings_scheduled: int
    meetings_cancelled: int
    meetings_held: int
    meetings_missed: int
    meetings_unrecorded: int
    objective: float
    follow_ups: list[Registration]

    @property
    def participants(self) -> int:
        return self.registrations.get(RegistrationStatus.REGISTERED.value, 0)


def event_report(session: Session, event: Event) -> EventReport:
    """The numbers of an event: who came, what was asked, what was scheduled and held, who follows up."""
    registrations = event_registrations(session, event)
    requests = event_requests(session, event)
    meetings = event_meetings(session, event, include_cancelled=True)
    scheduled = [m for m in meetings if m.status == MeetingStatus.SCHEDULED]
    return EventReport(
        registrations=dict(Counter(r.status.value for r in registrations)),
        roles=dict(Counter(r.role.value for r in registrations if r.status != RegistrationStatus.WITHDRAWN)),
        checked_in=sum(1 for r in registrations if r.checked_in_at is not None),
        no_shows=sum(1 for r in registrations if r.no_show),
        requests=dict(Counter(q.status.value for q in requests)),
        meetings_scheduled=len(scheduled),
        meetings_cancelled=len(meetings) - len(scheduled),
        meetings_held=sum(1 for m in scheduled if m.held is True),
        meetings_missed=sum(1 for m in scheduled if m.held is False),
        meetings_unrecorded=sum(1 for m in scheduled if m.held is None),
        objective=round(sum(request_weight(m.request) for m in scheduled), 4),
        follow_ups=[r for r in registrations if r.follow_up],
    )
