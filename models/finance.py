"""Technology finance (科技金融): products of banks and investors, enterprises' financing needs, decisions, targets."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
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
from models.choices import (
    Collateral,
    DecisionOutcome,
    DeclineReason,
    FinanceKind,
    FinancingStage,
    FinancingStatus,
)
from models.organisation import Organisation
from models.posting import TechField
from models.user import User


class FinancialProduct(TimestampMixin, Base):
    """A loan, guarantee or investment a financial organisation offers, with the rules an applicant must meet.

    Empty eligibility lists mean no restriction; `qualifications` are all required.
    """

    __tablename__ = "financial_products"
    __table_args__ = (
        CheckConstraint("amount_min_wan >= 0 AND amount_max_wan >= amount_min_wan", name="amount_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[FinanceKind] = mapped_column(code_enum(FinanceKind, 24))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    amount_min_wan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    amount_max_wan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    term_months: Mapped[int | None] = mapped_column(Integer)
    # An annual interest rate for loans and guarantees, the expected stake for equity.
    rate_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    patent_collateral: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()


class FinancingNeed(TimestampMixin, Base):
    """An enterprise's request for money; private to it, to the financial organisations it matches and to admins."""

    __tablename__ = "financing_needs"
    __table_args__ = (CheckConstraint("amount_wan > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    amount_wan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    stage: Mapped[FinancingStage] = mapped_column(code_enum(FinancingStage))
    field_id: Mapped[int] = mapped_column(ForeignKey("tech_fields.id"), index=True)
    region: Mapped[str] = mapped_column(String(20))
    # [{"code": qualification code, "certificate_no": "…"}]
    qualifications: Mapped[list[dict]] = mapped_column(JSON, default=list)
    patent_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    revenue_wan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    collateral: Mapped[Collateral] = mapped_column(code_enum(Collateral), default=Collateral.NONE)
    status: Mapped[FinancingStatus] = mapped_column(code_enum(FinancingStatus), default=FinancingStatus.OPEN,
                                                    index=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    field: Mapped[TechField] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
    decisions: Mapped[list[FinancingDecision]] = relationship(back_populates="need", cascade="all, delete-orphan",
                                                              order_by="FinancingDecision.id")

    @property
    def qualification_codes(self) -> set[str]:
        return {q.get("code") for q in self.qualifications or [] if isinstance(q, dict)}


class FinancingDecision(Base):
    """A financial organisation's answer to a financing need under one of its products; approved ones count as
    financing on the day they were decided."""

    __tablename__ = "financing_decisions"
    __table_args__ = (
        UniqueConstraint("need_id", "product_id", name="one_per_product"),
        CheckConstraint("amount_wan IS NULL OR amount_wan > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("financing_needs.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("financial_products.id", ondelete="CASCADE"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[DecisionOutcome] = mapped_column(code_enum(DecisionOutcome))
    amount_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    reason: Mapped[DeclineReason | None] = mapped_column(code_enum(DeclineReason))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    need: Mapped[FinancingNeed] = relationship(back_populates="decisions")
    product: Mapped[FinancialProduct] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship()


class Target(Base):
    """A yearly target for one indicator, for the whole market (region "") or one province, optionally split by
    quarter (four numbers that add up to the value)."""

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("year", "region", "indicator", name="one_per_indicator"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    region: Mapped[str] = mapped_column(String(20), default="")
    indicator: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    quarters: Mapped[list[float] | None] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
