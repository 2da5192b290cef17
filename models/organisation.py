"""Organisations: the universities, enterprises, investors and others that act on the market."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin
from models.choices import OrgKind

if TYPE_CHECKING:
    from models.user import User


def new_invite_code() -> str:
    """A short code an organisation's owner hands to colleagues so they can join."""
    return secrets.token_urlsafe(9)


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrgKind] = mapped_column(
        Enum(OrgKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    name: Mapped[str] = mapped_column(String(200), index=True)
    province: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(50))
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    invite_code: Mapped[str] = mapped_column(String(32), unique=True, default=new_invite_code)

    members: Mapped[list[User]] = relationship(back_populates="organisation", order_by="User.id")

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
