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
    Case,
    CaseMessage,
    CaseStep,
    Contract,
    Event,
    EventSlot,
    FinancialProduct,
    FinancingNeed,
    Interest,
    InvestorProfile,
    MeetingRequest,
    Notification,
    OpenCall,
    OpenCallMilestone,
    Organisation,
    Registration,
    ScheduleRun,
    Subscription,
    TechField,
    TechNeed,
    TechOffer,
    User,
    utcnow,
)
from models.choices import (
    AgendaItemKind,
    CaseSource,
    CaseStage,
    Collateral,
    ContractType,
    EventKind,
    EventStatus,
    FinanceKind,
    FinancingStage,
    Maturity,
    OpenCallStatus,
    OrgKind,
    OrgRole,
    ParticipantRole,
    PostingStatus,
    RegistrationStatus,
    RequestStatus,
    ScheduleRunStatus,
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
        expert = factory.Trait(is_expert=True)


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


class OpenCallFactory(Base):
    """An open call taking proposals for 30 days, with the default rubric and two milestones (30% and 70%)."""

    class Meta:
        model = OpenCall

    need = factory.SubFactory(NeedFactory)
    status = OpenCallStatus.OPEN
    reward_wan = 300
    submission_deadline = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))
    delivery_deadline = factory.LazyFunction(lambda: utcnow() + timedelta(days=400))
    criteria = factory.LazyFunction(lambda: [{"name": "技术先进性", "weight": 25}, {"name": "可行性", "weight": 25},
                                             {"name": "团队能力", "weight": 20}, {"name": "经费合理性", "weight": 15},
                                             {"name": "进度安排", "weight": 15}])
    blind = False
    published_at = factory.LazyFunction(utcnow)
    milestones = factory.LazyFunction(lambda: [OpenCallMilestone(position=1, title="方案验证", share=30),
                                               OpenCallMilestone(position=2, title="中试交付", share=70)])


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


class ScheduleRunFactory(Base):
    """A scheduler run of an event in scheduling, started by its organiser, running for a second of its 20."""

    class Meta:
        model = ScheduleRun

    event = factory.SubFactory(EventFactory, status=EventStatus.SCHEDULING)
    started_by = factory.LazyAttribute(lambda o: o.event.created_by)
    status = ScheduleRunStatus.RUNNING
    time_limit = 20.0
    cancel_requested = False
    started_at = factory.LazyFunction(utcnow)
    elapsed = 1.0
    incumbent = 4.0
    bound = 6.0
    stats = factory.LazyFunction(dict)
    error = ""

    class Params:
        queued = factory.Trait(status=ScheduleRunStatus.QUEUED, started_at=None, elapsed=0.0, incumbent=None,
                               bound=None)


# -- notifications ---------------------------------------------------------------------------------------------------


class NotificationFactory(Base):
    """An unread in-app notice for a user."""

    class Meta:
        model = Notification

    user_id = factory.LazyAttribute(lambda o: o.user.id)
    kind = "request.new"
    params = factory.Sequence(lambda n: {"name": f"用户{n}", "org": "太原理工大学", "event": "校企对接会"})
    link = "/events"

    class Params:
        user = factory.SubFactory(UserFactory)


# -- brokerage -------------------------------------------------------------------------------------------------------

class InterestFactory(Base):
    """An enterprise member's interest in a published offer."""

    class Meta:
        model = Interest

    offer = factory.SubFactory(OfferFactory)
    user = factory.SubFactory(
        UserFactory, organisation=factory.SubFactory(
            OrganisationFactory, kind=OrgKind.ENTERPRISE, name=factory.Sequence(lambda n: f"意向企业{n}")
        )
    )
    organisation = factory.LazyAttribute(lambda o: o.user.organisation)
    message = "我们对该成果的中试放大很感兴趣，希望进一步了解授权条件。"


class CaseFactory(Base):
    """A broker's case pairing an offer with a need, at the first stage."""

    class Meta:
        model = Case

    offer = factory.SubFactory(OfferFactory)
    need = factory.SubFactory(NeedFactory)
    broker = factory.SubFactory(UserFactory, broker=True, organisation=factory.SubFactory(
        OrganisationFactory, kind=OrgKind.BROKER_AGENCY, name=factory.Sequence(lambda n: f"技术转移中心{n}")))
    stage = CaseStage.SUGGESTED
    source = CaseSource.MATCH
    match_score = 0.8


class CaseStepFactory(Base):
    class Meta:
        model = CaseStep

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.broker)
    action = "transition"
    from_stage = CaseStage.SUGGESTED
    to_stage = CaseStage.CONTACTED
    note = ""


class CaseMessageFactory(Base):
    """The case's broker writing to the offer side."""

    class Meta:
        model = CaseMessage

    case = factory.SubFactory(CaseFactory)
    thread = "offer"
    from_broker = True
    author = factory.LazyAttribute(lambda o: o.case.broker)
    body = "您好，我是负责本项目的技术经纪人，想先了解贵方的授权条件。"


class ContractFactory(Base):
    """A signed technology licence of 120 万元 on a case."""

    class Meta:
        model = Contract

    case = factory.SubFactory(CaseFactory, stage=CaseStage.SIGNED)
    type = ContractType.LICENSE
    amount_wan = 120
    signed_on = factory.LazyFunction(lambda: utcnow().date())
    registration_no = factory.Sequence(lambda n: f"2026140100{n:06d}")


class InvestorProfileFactory(Base):
    class Meta:
        model = InvestorProfile

    organisation = factory.SubFactory(OrganisationFactory, kind=OrgKind.INVESTOR,
                                      name=factory.Sequence(lambda n: f"创投基金{n}"))
    fields = factory.LazyFunction(lambda: ["new_energy_battery"])
    stages = factory.LazyFunction(lambda: ["pilot", "small_batch"])
    ticket_min_wan = 200
    ticket_max_wan = 2000
    regions = factory.LazyFunction(lambda: ["山西省"])
    thesis = "关注新能源电池材料与回收的中试阶段项目。"


# -- subscriptions ---------------------------------------------------------------------------------------------------

class SubscriptionFactory(Base):
    """A saved offer search for battery recycling in Shanxi, never digested yet."""

    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory)
    kind = "offer"
    query = "锂电池回收"
    field = ""
    region = "山西省"


# -- technology finance ----------------------------------------------------------------------------------------------

class FinancialProductFactory(Base):
    class Meta:
        model = FinancialProduct

    organisation = factory.SubFactory(OrganisationFactory, kind=OrgKind.BANK,
                                      name=factory.Sequence(lambda n: f"测试银行科技支行{n}"))
    kind = FinanceKind.TECH_LOAN
    title = factory.Sequence(lambda n: f"科技贷产品{n}")
    description = "面向科技型中小企业的信用贷款，用于研发投入和中试线建设。"
    amount_min_wan = 50
    amount_max_wan = 1000
    term_months = 36
    rate_percent = 3.85
    fields = factory.LazyFunction(list)
    regions = factory.LazyFunction(list)
    qualifications = factory.LazyFunction(list)
    min_revenue_wan = None
    patent_collateral = False


class FinancingNeedFactory(Base):
    class Meta:
        model = FinancingNeed

    organisation = factory.SubFactory(OrganisationFactory, kind=OrgKind.ENTERPRISE,
                                      name=factory.Sequence(lambda n: f"测试科技有限公司{n}"))
    title = factory.Sequence(lambda n: f"中试线建设融资{n}")
    purpose = "建设固态电池电解质薄膜中试线，采购涂布和辊压设备。"
    amount_wan = 500
    stage = FinancingStage.GROWTH
    field = factory.LazyFunction(field)
    region = "山西省"
    qualifications = factory.LazyFunction(lambda: [{"code": "high_tech", "certificate_no": "GR202314000123"}])
    patent_numbers = factory.LazyFunction(lambda: ["ZL202310123456.7"])
    revenue_wan = 3000
    collateral = Collateral.PATENT
