"""factory_boy factories for the models; they flush into the test's session."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy import select

from matchmaker.auth.passwords import hash_password
from matchmaker.extensions import db
from models import (
    AgendaItem,
    Event,
    EventSlot,
    MeetingRequest,
    Organisation,
    Registration,
    TechField,
    TechNeed,
    TechOffer,
    User,
    utcnow,
)
from models.choices import (
    AgendaItemKind,
    EventKind,
    EventStatus,
    Maturity,
    OrgKind,
    OrgRole,
    ParticipantRole,
    PostingStatus,
    RegistrationStatus,
    RequestStatus,
)

DEFAULT_PASSWORD = "correct horse battery"
# Argon2 is slow on purpose; hash the shared test password once per run.
_DEFAULT_HASH = hash_password(DEFAULT_PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = db.session
        sqlalchemy_session_persistence = "flush"


def field(code: str = "new_energy_battery") -> TechField:
    """A row of the seeded taxonomy."""
    return db.session.scalar(select(TechField).where(TechField.code == code))


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    kind = OrgKind.UNIVERSITY
    name = factory.Sequence(lambda n: f"测试大学{n}")
    province = "山西省"
    city = "太原市"
    description = "一所用于测试的机构。"
    verified_at = factory.LazyFunction(utcnow)

    class Params:
        unverified = factory.Trait(verified_at=None)


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.edu.cn")
    password_hash = _DEFAULT_HASH
    display_name = factory.Sequence(lambda n: f"用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    org_role = OrgRole.OWNER

    class Params:
        admin = factory.Trait(is_admin=True, organisation=None)
        broker = factory.Trait(is_broker=True)


class OfferFactory(Base):
    class Meta:
        model = TechOffer

    title = factory.Sequence(lambda n: f"高镍正极材料单晶化制备技术 {n}")
    description = "通过两段烧结实现单晶化，循环 2000 次容量保持率 90% 以上。"
    keywords = factory.LazyFunction(lambda: ["正极材料", "单晶", "锂电池"])
    region = "山西省"
    status = PostingStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    field = factory.LazyFunction(field)
    organisation = factory.SubFactory(OrganisationFactory)
    maturity = Maturity.PILOT
    transfer_modes = factory.LazyFunction(lambda: ["license"])
    asking_price_wan = 120
    contact_name = "王老师"
    contact_phone = "13800000000"
    contact_email = "contact@example.edu.cn"


class NeedFactory(Base):
    class Meta:
        model = TechNeed

    title = factory.Sequence(lambda n: f"动力电池低温性能提升 {n}")
    description = "零下 20 摄氏度放电容量不低于常温的 80%，需要电解液或材料方案。"
    keywords = factory.LazyFunction(lambda: ["低温", "电解液"])
    region = "山西省"
    status = PostingStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    field = factory.LazyFunction(field)
    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrgKind.ENTERPRISE, name=factory.Sequence(lambda n: f"测试企业{n}")
    )
    cooperation_modes = factory.LazyFunction(lambda: ["commissioned"])
    budget_min_wan = 50
    budget_max_wan = 200


# -- events ----------------------------------------------------------------------------------------------------------

EVENT_START = datetime(2027, 5, 20, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
EVENT_SLOTS = 6
EVENT_SLOT_MINUTES = 20


def _slots(event: Event) -> list[EventSlot]:
    """EventSlot rows s01.. covering the event's span by its slot length (what create_event makes)."""
    rows, start, n = [], event.starts_at, 1
    while start + timedelta(minutes=event.slot_minutes) <= event.ends_at:
        end = start + timedelta(minutes=event.slot_minutes)
        rows.append(EventSlot(code=f"s{n:02d}", starts_at=start, ends_at=end))
        start, n = end, n + 1
    return rows


class EventFactory(Base):
    """An OPEN matchmaking day of 6 slots of 20 minutes at 5 tables, run by an organiser's organisation."""

    class Meta:
        model = Event

    kind = EventKind.MATCHMAKING
    title = factory.Sequence(lambda n: f"校企对接会 {n}")
    description = "新能源电池专场，高校成果与企业需求一对一洽谈。"
    venue = "太原市科技大市场一楼"
    online_url = ""
    starts_at = EVENT_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=EVENT_SLOTS * o.slot_minutes))
    slot_minutes = EVENT_SLOT_MINUTES
    tables = 5
    status = EventStatus.OPEN
    registration_open = True
    organiser = factory.SubFactory(
        OrganisationFactory, kind=OrgKind.GOVERNMENT, name=factory.Sequence(lambda n: f"测试科技局{n}")
    )
    created_by = factory.SubFactory(
        UserFactory, is_organiser=True, organisation=factory.SelfAttribute("..organiser")
    )
    field = factory.LazyFunction(field)
    slots = factory.LazyAttribute(_slots)

    class Params:
        draft = factory.Trait(status=EventStatus.DRAFT)


def organiser_of(event: Event) -> User:
    """The event's creating user: an organiser in the organiser organisation, so it manages the event."""
    return event.created_by


class RegistrationFactory(Base):
    """A registered attendee of an enterprise, available in every slot of the event."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(
        UserFactory, organisation=factory.SubFactory(
            OrganisationFactory, kind=OrgKind.ENTERPRISE, name=factory.Sequence(lambda n: f"参会企业{n}")
        )
    )
    organisation = factory.LazyAttribute(lambda o: o.user.organisation)
    role = ParticipantRole.ATTENDEE
    status = RegistrationStatus.REGISTERED
    available_slots = factory.LazyAttribute(lambda o: [s.code for s in o.event.slots])
    max_meetings = 8

    class Params:
        seen = factory.Trait(last_seen_at=factory.LazyFunction(utcnow))


class MeetingRequestFactory(Base):
    """A pending request between two registrations of the same event."""

    class Meta:
        model = MeetingRequest

    sender = factory.SubFactory(RegistrationFactory)
    recipient = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..sender.event"))
    event_id = factory.LazyAttribute(lambda o: o.sender.event.id)
    message = "希望就低温电解液方案交流。"
    priority = 2
    status = RequestStatus.PENDING

    class Params:
        accepted = factory.Trait(status=RequestStatus.ACCEPTED, responded_at=factory.LazyFunction(utcnow))


class AgendaItemFactory(Base):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = AgendaItemKind.TALK
    title = factory.Sequence(lambda n: f"主旨报告 {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(minutes=20))
    presenter = "张教授"


# -- notifications ---------------------------------------------------------------------------------------------------

from models import Notification  # noqa: E402  (kept beside its factory, appended after the event factories)


class NotificationFactory(Base):
    """An unread in-app notice for a user."""

    class Meta:
        model = Notification

    user_id = factory.LazyAttribute(lambda o: o.user.id)
    kind = "request.new"
    message = factory.Sequence(lambda n: f"用户{n} 希望在 校企对接会 与您洽谈。")
    link = "/events"

    class Params:
        user = factory.SubFactory(UserFactory)
