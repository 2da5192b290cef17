"""揭榜挂帅 open calls: a need with a reward, deadlines, an evaluation rubric and milestones."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum, utcnow
from models.brokerage import Case
from models.choices import DeliveryStatus, OpenCallStatus
from models.organisation import Organisation
from models.posting import TechNeed, TechOffer
from models.user import User


class OpenCall(TimestampMixin, Base):
    """A need turned into an open call (榜单): any eligible team may propose, experts judge, the owner awards."""

    __tablename__ = "open_calls"
    __table_args__ = (CheckConstraint("reward_wan > 0", name="reward_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One call per need: the call is the need's 揭榜挂帅 form, owned by the need's organisation.
    need_id: Mapped[int] = mapped_column(ForeignKey("tech_needs.id", ondelete="CASCADE"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[OpenCallStatus] = mapped_column(code_enum(OpenCallStatus), default=OpenCallStatus.DRAFT,
                                                   index=True)
    reward_wan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    submission_deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    delivery_deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The rubric: [{"name": "技术先进性", "weight": 30}, …], weights summing to 100.
    criteria: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Experts do not see the applicants' names.
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    # Eligibility: organisation kinds and provinces (empty: any), qualifications asked of applicants.
    eligible_org_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    eligible_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How many proposals the owner may award (several teams may share the reward).
    max_awards: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    awarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    award_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    need: Mapped[TechNeed] = relationship()
    created_by: Mapped[User | None] = relationship()
    milestones: Mapped[list[OpenCallMilestone]] = relationship(
        back_populates="call", order_by="OpenCallMilestone.position", cascade="all, delete-orphan")

    @property
    def organisation_id(self) -> int:
        return self.need.organisation_id

    def __repr__(self) -> str:
        return f"<OpenCall {self.id} need={self.need_id} {self.status}>"


class OpenCallMilestone(Base):
    """One stage of delivery, paid with its share (percent) of the reward."""

    __tablename__ = "open_call_milestones"
    __table_args__ = (CheckConstraint("share > 0 AND share <= 100", name="share_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("open_calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    share: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    # Reported after this day, a delivery is late; without it, after the call's delivery deadline.
    due_on: Mapped[date | None] = mapped_column(Date)

    call: Mapped[OpenCall] = relationship(back_populates="milestones")


class Proposal(TimestampMixin, Base):
    """A team's answer to a call (揭榜方案), one per organisation; private to it, the owner, assigned experts, admins."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("call_id", "organisation_id", name="one_per_organisation"),
                      CheckConstraint("budget_wan >= 0", name="budget_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("open_calls.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approach: Mapped[str] = mapped_column(Text)
    # [{"name", "title", "role"}]
    team: Mapped[list[dict]] = mapped_column(JSON, default=list)
    budget_wan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    plan: Mapped[str] = mapped_column(Text)
    awarded: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The offer the award's case pairs with the need: the team's own, or one made from the award.
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("tech_offers.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))

    call: Mapped[OpenCall] = relationship()
    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    offer: Mapped[TechOffer | None] = relationship()
    case: Mapped[Case | None] = relationship()
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        back_populates="proposal", order_by="ProposalAttachment.id", cascade="all, delete-orphan")


class ProposalAttachment(Base):
    """A PDF or Office file of a proposal, kept under the attachment store by its random key, never in the web root."""

    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")


class OpenCallExpert(Base):
    """An expert assigned to judge a call, and their conflict-of-interest declaration."""

    __tablename__ = "open_call_experts"

    call_id: Mapped[int] = mapped_column(ForeignKey("open_calls.id", ondelete="CASCADE"), primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    declared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Declared a conflict: the expert withdraws and scores nothing.
    conflict: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    call: Mapped[OpenCall] = relationship()
    expert: Mapped[User] = relationship(foreign_keys=[expert_id])


class ProposalScore(TimestampMixin, Base):
    """One expert's scores of one proposal on the call's rubric (0–100 per criterion), with the weighted total."""

    __tablename__ = "proposal_scores"
    __table_args__ = (UniqueConstraint("proposal_id", "expert_id", name="one_per_expert"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    comment: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship()
    expert: Mapped[User] = relationship()


class MilestoneDelivery(Base):
    """A winning team's delivery of one milestone: reported by the team, accepted (and paid) or rejected by the owner."""

    __tablename__ = "milestone_deliveries"
    __table_args__ = (UniqueConstraint("milestone_id", "proposal_id", name="one_per_winner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("open_call_milestones.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(code_enum(DeliveryStatus), default=DeliveryStatus.REPORTED)
    report: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # Recorded when accepted: the milestone's share of this winner's part of the reward.
    paid_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    milestone: Mapped[OpenCallMilestone] = relationship()
    proposal: Mapped[Proposal] = relationship()
