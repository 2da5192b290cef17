"""Bulk imports of offers or needs from a spreadsheet: the file, its progress, and what it reported."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum
from models.choices import ImportStatus
from models.organisation import Organisation
from models.user import User


class PostingImport(TimestampMixin, Base):
    """One uploaded workbook; it is validated whole and commits every row or none."""

    __tablename__ = "posting_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[ImportStatus] = mapped_column(code_enum(ImportStatus, 10), default=ImportStatus.QUEUED, index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    # Kept in the database so a worker on another host can read it; dropped once the import has ended.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # "keep" imports rows that look like postings already on the market; "skip" leaves them out.
    duplicates: Mapped[str] = mapped_column(String(10), default="keep")
    submit: Mapped[bool] = mapped_column(default=True)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    validated_rows: Mapped[int] = mapped_column(Integer, default=0)
    embedded_rows: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(String(500), default="")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PostingImport {self.id} {self.kind} {self.status}>"
