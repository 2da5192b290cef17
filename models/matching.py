"""What the matching engine stores: each posting's vector, and users' verdicts on matches."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, code_enum, utcnow
from models.choices import EmbeddingStatus


class PostingVector(Base):
    """A posting's embedding by one model: the database is its source of truth, the FAISS index only a cache of it.

    While a re-embed moves the market to a new model, a posting has a vector from each; otherwise one.
    """

    __tablename__ = "posting_vectors"
    __table_args__ = (UniqueConstraint("posting_kind", "posting_id", "model_id", name="uq_posting_vectors_posting_model"),)

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


class EmbeddingModel(Base):
    """A model whose vectors the market holds: the one matches are served from, or one a re-embed is filling."""

    __tablename__ = "embedding_models"

    model_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # What the encoder is given to load this model again (a name, a path, or "use-m3").
    spec: Mapped[str] = mapped_column(String(500))
    status: Mapped[EmbeddingStatus] = mapped_column(code_enum(EmbeddingStatus, 10), index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<EmbeddingModel {self.model_id} {self.status}>"


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
