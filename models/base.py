"""Declarative base with stable constraint names and shared column helpers."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def code_enum(cls: type, length: int = 20) -> Enum:
    """A closed vocabulary stored as its ASCII codes in a string column (no native enum type to migrate)."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


def utcnow() -> datetime:
    """Timezone-aware now in UTC; passed as a callable so every row gets its own time."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A moment in UTC: SQLite returns naive datetimes (stored as UTC) and would store an aware one's wall clock."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


def created_on(dialect: str):
    """An Alembic `include_object` that leaves out what the models create only on other databases (Index.ddl_if)."""
    def include(obj, _name, type_, reflected, _compare_to) -> bool:
        only = getattr(obj, "_ddl_if", None)
        return reflected or type_ != "index" or only is None or only.dialect in (None, dialect)

    return include
