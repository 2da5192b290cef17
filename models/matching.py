"""What the matching engine stores: each posting's vector, and users' verdicts on matches."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class PostingVector(Base):
    """A posting's embedding: the database is its source of truth, the FAISS index only a cache of it."""

    __tablename__ = "posting_vectors"
    __table_args__ = (UniqueConstraint("posting_kind", "posting_id", name="uq_posting_vectors_posting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_kind: Mapped[str] = mapped_column(String(5))
    posting_id: Mapped[int] = mapped_column(Integer)
    model_id: Mapped[str] = mapped_column(String(200), index=True)
    text_hash: Mapped[str] = mapped_column(String(32))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<PostingVector {self.posting_kind}:{self.posting_id} {self.model_id}>"


class MatchFeedback(Base):
    """A user's "not relevant" verdict on one (need, offer) pair, so the pair stops being suggested to them."""

    __tablename__ = "match_feedback"
    __table_args__ = (UniqueConstraint("user_id", "need_id", "offer_id", name="uq_match_feedback_verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("tech_needs.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("tech_offers.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(String(20), default="not_relevant")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
