"""Technology brokerage: expressions of interest, broker cases through the deal pipeline, contracts, profiles."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum, utcnow
from models.choices import CaseSource, CaseStage, CloseReason, ContractType
from models.finance import FinancialProduct, FinancingNeed
from models.organisation import Organisation
from models.posting import TechNeed, TechOffer
from models.user import User


class Interest(Base):
    """A member's interest in an offer (or a need); it lands in the broker queue and reveals no contacts."""

    __tablename__ = "interests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("tech_offers.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("tech_needs.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Set when a broker takes the interest up as a case.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)

    user: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    offer: Mapped[TechOffer | None] = relationship()
    need: Mapped[TechNeed | None] = relationship()


class Case(TimestampMixin, Base):
    """One brokered pairing: an offer with a need, or an offer with an interested organisation."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None only on a financing case, which pairs a financial product (the offer side) with a financing need.
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("tech_offers.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("tech_needs.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("financial_products.id", ondelete="CASCADE"), index=True)
    financing_need_id: Mapped[int | None] = mapped_column(ForeignKey("financing_needs.id", ondelete="CASCADE"),
                                                          index=True)
    # The demand side when there is no need: an enterprise or investor that expressed interest.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    broker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    stage: Mapped[CaseStage] = mapped_column(code_enum(CaseStage), default=CaseStage.SUGGESTED, index=True)
    source: Mapped[CaseSource] = mapped_column(code_enum(CaseSource), default=CaseSource.BROKER)
    match_score: Mapped[float | None] = mapped_column(Float)
    close_reason: Mapped[CloseReason | None] = mapped_column(code_enum(CloseReason))
    # The introduction: proposed by the broker, accepted by each side; contacts show only after both accept.
    introduction_proposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offer_side_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    demand_side_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    offer: Mapped[TechOffer | None] = relationship()
    need: Mapped[TechNeed | None] = relationship()
    product: Mapped[FinancialProduct | None] = relationship()
    financing_need: Mapped[FinancingNeed | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    broker: Mapped[User | None] = relationship()
    history: Mapped[list[CaseStep]] = relationship(back_populates="case", order_by="CaseStep.id",
                                                   cascade="all, delete-orphan")
    contract: Mapped[Contract | None] = relationship(back_populates="case", uselist=False,
                                                     cascade="all, delete-orphan")
    messages: Mapped[list[CaseMessage]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                       order_by=lambda: (CaseMessage.created_at, CaseMessage.id))


class CaseStep(Base):
    """One entry of a case's history: a stage change or an introduction step, with who and when."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[CaseStage | None] = mapped_column(code_enum(CaseStage))
    to_stage: Mapped[CaseStage | None] = mapped_column(code_enum(CaseStage))
    reason: Mapped[CloseReason | None] = mapped_column(code_enum(CloseReason))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    case: Mapped[Case] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()


class CaseMessage(Base):
    """A message inside a case, in one of its two threads: the offer side with the broker, or the demand side with
    the broker. A side reads only its own thread, so the two sides never read each other's messages."""

    __tablename__ = "case_messages"
    __table_args__ = (CheckConstraint("thread IN ('offer', 'demand')", name="thread"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    thread: Mapped[str] = mapped_column(String(10))  # "offer" or "demand": the side the broker talks with
    # True: the broker wrote to the thread's side; False: the side wrote to the broker.
    from_broker: Mapped[bool] = mapped_column(Boolean)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set on the thread's first message when it is the interest that opened the case.
    interest_id: Mapped[int | None] = mapped_column(ForeignKey("interests.id", ondelete="SET NULL"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class Contract(Base):
    """The technology contract a case ended in (技术合同), with its registration number when registered."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    type: Mapped[ContractType] = mapped_column(code_enum(ContractType))
    amount_wan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    signed_on: Mapped[date] = mapped_column(Date, index=True)
    registration_no: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="contract")


class BrokerProfile(Base):
    """The fields and regions a broker covers; empty lists mean everything."""

    __tablename__ = "broker_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)

    user: Mapped[User] = relationship()


class InvestorProfile(TimestampMixin, Base):
    """What an investor organisation funds (科技金融): fields, stages, ticket size in 万元, regions."""

    __tablename__ = "investor_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)  # maturity codes
    ticket_min_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    ticket_max_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    thesis: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()


class Subscription(Base):
    """A saved search: new matching postings go into the user's weekly digest."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "offer" or "need"
    query: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(40), default="")
    region: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class PostingTransfer(Base):
    """A posting marked transferred by a signed contract."""

    __tablename__ = "posting_transfers"
    __table_args__ = (UniqueConstraint("posting_kind", "posting_id", name="uq_posting_transfers_posting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_kind: Mapped[str] = mapped_column(String(10))
    posting_id: Mapped[int] = mapped_column(Integer, index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
