"""Runs of the meeting scheduler: who started one, how far its search has come, and what it wrote or why not."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, code_enum
from models.choices import ScheduleRunStatus
from models.event import Event
from models.user import User

ACTIVE = (ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING)
_ACTIVE_SQL = text("status IN ('queued', 'running')")


class ScheduleRun(TimestampMixin, Base):
    """One scheduler run of an event; `updated_at` moves with every progress report, so a silent run has died.

    At most one run per event is queued or running (a partial unique index).
    """

    __tablename__ = "schedule_runs"
    __table_args__ = (
        Index("uq_schedule_runs_active_event", "event_id", unique=True,
              sqlite_where=_ACTIVE_SQL, postgresql_where=_ACTIVE_SQL),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[ScheduleRunStatus] = mapped_column(code_enum(ScheduleRunStatus, 10),
                                                      default=ScheduleRunStatus.QUEUED, index=True)
    time_limit: Mapped[float] = mapped_column(Float)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the solver reported last: seconds searched, best objective so far, best upper bound so far.
    elapsed: Mapped[float] = mapped_column(Float, default=0.0)
    incumbent: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    # The outcome of a run that wrote its schedule.
    meetings_created: Mapped[int | None] = mapped_column(Integer)
    meetings_moved: Mapped[int | None] = mapped_column(Integer)
    meetings_kept: Mapped[int | None] = mapped_column(Integer)
    meetings_cancelled: Mapped[int | None] = mapped_column(Integer)
    objective: Mapped[float | None] = mapped_column(Float)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    started_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def __repr__(self) -> str:
        return f"<ScheduleRun {self.id} event={self.event_id} {self.status}>"
