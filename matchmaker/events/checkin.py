"""When participants can be checked in: on the event's day or days, in Beijing time, and not before or after."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from flask_babel import gettext as _

from matchmaker.config import MARKET_TZ
from matchmaker.errors import Conflict
from matchmaker.templating import date_text
from models import Event, utcnow
from models.base import as_utc


class CheckIn(Enum):
    """Where a moment falls against the event's days."""

    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class CheckInDays:
    """The Beijing dates an event runs on, first and last (the same for a one-day event)."""

    first: date
    last: date

    @property
    def opens_at(self) -> datetime:
        """Midnight in Beijing at the start of the first day."""
        return datetime.combine(self.first, time(), tzinfo=MARKET_TZ)

    @property
    def closes_at(self) -> datetime:
        """Midnight in Beijing at the end of the last day."""
        return datetime.combine(self.last + timedelta(days=1), time(), tzinfo=MARKET_TZ)

    def state(self, now: datetime | None = None) -> CheckIn:
        """Before the first day, on the days, or after the last."""
        now = as_utc(now or utcnow())
        if now < self.opens_at:
            return CheckIn.NOT_YET
        return CheckIn.OPEN if now < self.closes_at else CheckIn.CLOSED


def check_in_days(event: Event) -> CheckInDays:
    """The event's days, read in Beijing time."""
    return CheckInDays(as_utc(event.starts_at).astimezone(MARKET_TZ).date(),
                       as_utc(event.ends_at).astimezone(MARKET_TZ).date())


def not_yet_message(days: CheckInDays) -> str:
    """What a manager is told before the day."""
    return _("签到将于活动当天（%(day)s，北京时间）开放。", day=date_text(days.first))


def closed_message() -> str:
    """What a manager is told after the event."""
    return _("活动已结束，签到已关闭。")


def require_open(event: Event, now: datetime | None = None) -> None:
    """A Conflict unless `now` falls on one of the event's days."""
    days = check_in_days(event)
    state = days.state(now)
    if state is CheckIn.NOT_YET:
        raise Conflict(not_yet_message(days))
    if state is CheckIn.CLOSED:
        raise Conflict(closed_message())


def require_started(event: Event, now: datetime | None = None) -> None:
    """A Conflict before the event's first day (nobody can have missed it yet)."""
    days = check_in_days(event)
    if days.state(now) is CheckIn.NOT_YET:
        raise Conflict(_("活动尚未开始，不能标记缺席。%(when)s", when=not_yet_message(days)))
