"""Technology offers (科技成果), technical needs (技术需求) and the field taxonomy they share."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum, utcnow
from models.choices import IPStatus, Maturity, PostingStatus
from models.organisation import Organisation
from models.user import User


class TechField(Base):
    """One row of the field taxonomy; a table so admins can extend it without a release."""

    __tablename__ = "tech_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<TechField {self.code}>"


class PostingMixin(TimestampMixin):
    """Columns and relations that offers and needs have in common."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[PostingStatus] = mapped_column(code_enum(PostingStatus), default=PostingStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Indexed because every web worker polls it to keep its match index in step with the database.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        # The market list (of a field or of all) and the home page read published postings newest first, and count
        # them per field: without these, each of those reads scans the whole table (50 ms at 100k on PostgreSQL).
        # SQLite cannot say NULLS LAST in an index; there NULL sorts lowest anyway, so a plain index walked
        # backwards gives the same order.
        table, newest = cls.__tablename__, (cls.published_at.desc().nulls_last(), cls.id.desc())
        return (
            Index(f"ix_{table}_status_published_at", "status", *newest).ddl_if(dialect="postgresql"),
            Index(f"ix_{table}_status_published_at", "status", "published_at", "id").ddl_if(dialect="sqlite"),
            Index(f"ix_{table}_status_field_id", "status", "field_id", *newest).ddl_if(dialect="postgresql"),
            Index(f"ix_{table}_status_field_id", "status", "field_id", "published_at", "id").ddl_if(dialect="sqlite"),
        )

    @declared_attr
    def field_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tech_fields.id"), index=True)

    @declared_attr
    def organisation_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organisations.id"), index=True)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def field(cls) -> Mapped[TechField]:
        return relationship(lazy="joined")

    @declared_attr
    def organisation(cls) -> Mapped[Organisation]:
        return relationship(lazy="joined")

    @declared_attr
    def created_by(cls) -> Mapped[User | None]:
        return relationship()


class TechOffer(PostingMixin, Base):
    """A technology a university, institute or company is ready to transfer or license."""

    __tablename__ = "tech_offers"
    kind = "offer"

    maturity: Mapped[Maturity] = mapped_column(code_enum(Maturity))
    ip_status: Mapped[IPStatus] = mapped_column(code_enum(IPStatus), default=IPStatus.NONE)
    patent_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # None together with price_negotiable means 面议.
    asking_price_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    price_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")

    def __repr__(self) -> str:
        return f"<TechOffer {self.id} {self.title!r}>"


class TechNeed(PostingMixin, Base):
    """A technical problem an enterprise wants solved, including 揭榜挂帅 open calls."""

    __tablename__ = "tech_needs"
    kind = "need"

    budget_min_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    budget_max_wan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    deadline: Mapped[date | None] = mapped_column(Date)
    cooperation_modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    maturity_required: Mapped[Maturity | None] = mapped_column(code_enum(Maturity))

    def __repr__(self) -> str:
        return f"<TechNeed {self.id} {self.title!r}>"
