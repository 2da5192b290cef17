"""Accounts, their place in an organisation, platform roles and API tokens."""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, utcnow
from models.choices import OrgRole
from models.organisation import Organisation


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so the unique index is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    org_role: Mapped[OrgRole] = mapped_column(
        Enum(OrgRole, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=OrgRole.MEMBER,
    )
    is_broker: Mapped[bool] = mapped_column(Boolean, default=False)
    is_organiser: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Judges open-call proposals; their fields and affiliation are an ExpertProfile (models/expert.py). The default is
    # the plain string "0" (false on PostgreSQL too): with a SQL expression, SQLite would add the column by copying
    # the users table, and dropping the old copy fires every ON DELETE on rows that point at users.
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every login session's id: raising it ends all the user's sessions and remember-me cookies at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The language notifications and e-mail are written in for this user ("zh" or "en").
    locale: Mapped[str] = mapped_column(String(5), default="zh", server_default="zh")

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    @property
    def is_org_owner(self) -> bool:
        return self.org_role == OrgRole.OWNER

    @property
    def platform_roles(self) -> list[str]:
        flags = (("broker", self.is_broker), ("organiser", self.is_organiser), ("expert", self.is_expert),
                 ("admin", self.is_admin))
        return [name for name, on in flags if on]

    # The login-session protocol Flask-Login expects, written out so models need not import Flask.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version or 0}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak does not leak tokens."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
