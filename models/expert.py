"""The expert pool (专家库): what an expert judges (field codes) and where they work, beside the user's expert role."""
from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.user import User


class ExpertProfile(Base):
    """The fields an expert covers and their affiliation; kept when the role is revoked, as a broker's coverage is."""

    __tablename__ = "expert_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    affiliation: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()
