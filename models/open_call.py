"""揭榜挂帅 open calls: a need with a reward, deadlines, an evaluation rubric and milestones."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum
from models.choices import OpenCallStatus
from models.posting import TechNeed
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
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

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

    call: Mapped[OpenCall] = relationship(back_populates="milestones")
