"""Roadshows, release meetings and matchmaking days: programme, registrations, 1:1 requests and meetings."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum, utcnow
from models.choices import (
    AgendaItemKind,
    EventKind,
    EventStatus,
    MeetingStatus,
    ParticipantRole,
    RegistrationStatus,
    RequestStatus,
)
from models.finance import FinancingNeed
from models.organisation import Organisation
from models.posting import TechField, TechNeed, TechOffer
from models.user import User


class Event(TimestampMixin, Base):
    """An event an organiser runs; its meeting block is cut into slots of `slot_minutes` with `tables` tables."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(code_enum(EventKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("tech_fields.id"))
    venue: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20)
    tables: Mapped[int] = mapped_column(Integer, default=10)
    organiser_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[EventStatus] = mapped_column(code_enum(EventStatus), default=EventStatus.DRAFT, index=True)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped each time a schedule is published; iCalendar SEQUENCE numbers derive from meeting revisions.
    schedule_version: Mapped[int] = mapped_column(Integer, default=0)

    field: Mapped[TechField | None] = relationship()
    organiser: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    slots: Mapped[list[EventSlot]] = relationship(back_populates="event", order_by="EventSlot.starts_at",
                                                  cascade="all, delete-orphan")
    agenda: Mapped[list[AgendaItem]] = relationship(back_populates="event", order_by="AgendaItem.starts_at",
                                                    cascade="all, delete-orphan")
    registrations: Mapped[list[Registration]] = relationship(back_populates="event", cascade="all, delete-orphan")


class EventSlot(Base):
    """One meeting slot; `code` (s01, s02…) is what availability and the scheduler speak."""

    __tablename__ = "event_slots"
    __table_args__ = (UniqueConstraint("event_id", "code", name="uq_event_slots_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    event: Mapped[Event] = relationship(back_populates="slots")


class AgendaItem(Base):
    """A talk or a pitch in the programme; a pitch presents a published offer (or a need, for 揭榜 sessions)."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AgendaItemKind] = mapped_column(code_enum(AgendaItemKind))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("tech_offers.id", ondelete="SET NULL"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("tech_needs.id", ondelete="SET NULL"))
    # A 融资路演 pitch: the enterprise presents this financing need to the financial organisations in the room.
    financing_need_id: Mapped[int | None] = mapped_column(ForeignKey("financing_needs.id", ondelete="SET NULL"))
    presenter: Mapped[str] = mapped_column(String(200), default="")

    event: Mapped[Event] = relationship(back_populates="agenda")
    offer: Mapped[TechOffer | None] = relationship()
    need: Mapped[TechNeed | None] = relationship()
    financing_need: Mapped[FinancingNeed | None] = relationship()


class Registration(TimestampMixin, Base):
    """A user's participation in an event, with role, availability and what happened on the day."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_registrations_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(code_enum(ParticipantRole))
    status: Mapped[RegistrationStatus] = mapped_column(code_enum(RegistrationStatus), default=RegistrationStatus.REGISTERED)
    available_slots: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_meetings: Mapped[int] = mapped_column(Integer, default=8)
    # When the participant last opened the event; a request to someone who never did is flagged.
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    no_show: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[str] = mapped_column(String(500), default="")

    event: Mapped[Event] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()


class MeetingRequest(Base):
    """One participant asking another for a 1:1 meeting."""

    __tablename__ = "meeting_requests"
    __table_args__ = (UniqueConstraint("from_registration_id", "to_registration_id", name="uq_meeting_requests_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    from_registration_id: Mapped[int] = mapped_column(ForeignKey("event_registrations.id", ondelete="CASCADE"),
                                                      index=True)
    to_registration_id: Mapped[int] = mapped_column(ForeignKey("event_registrations.id", ondelete="CASCADE"),
                                                    index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=2)
    match_score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[RequestStatus] = mapped_column(code_enum(RequestStatus), default=RequestStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    sender: Mapped[Registration] = relationship(foreign_keys=[from_registration_id])
    recipient: Mapped[Registration] = relationship(foreign_keys=[to_registration_id])


class Meeting(TimestampMixin, Base):
    """A scheduled 1:1 meeting; its uid is stable for calendars, its sequence grows with every change."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_requests.id", ondelete="CASCADE"), unique=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("event_slots.id", ondelete="CASCADE"))
    table: Mapped[int] = mapped_column(Integer)
    status: Mapped[MeetingStatus] = mapped_column(code_enum(MeetingStatus), default=MeetingStatus.SCHEDULED)
    uid: Mapped[str] = mapped_column(String(80), default=lambda: f"{uuid.uuid4()}@matchmaker", unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Whether the meeting took place, recorded after the event (None: not recorded).
    held: Mapped[bool | None] = mapped_column(Boolean)

    request: Mapped[MeetingRequest] = relationship()
    slot: Mapped[EventSlot] = relationship()


class Notification(Base):
    """An in-app notice for one user, with a link to what it is about."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # What the notice says is rendered from kind + params in the reader's language; message is only for old rows.
    params: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    message: Mapped[str] = mapped_column(String(500), default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
