"""Judging a year: each indicator's actual value against its target to date, the pace needed and a projection.

The rules are in README.md ("Targets and monitoring"): f is the share of the year's days elapsed up to `as_of`
(inclusive); flows are projected as actual ÷ f, the stock (brokers) from its level at the start of the year; a
quarterly split moves the target to date quarter by quarter; an indicator is behind when a target is set and the
actual value is below the target to date.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import MARKET_TZ
from matchmaker.targets import indicators
from matchmaker.targets.indicators import MONEY, STOCKS
from models import Target
from models.choices import Indicator

CENT = Decimal("0.01")
MONTHS = 12


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator of one year and region, as judged on a day."""

    indicator: Indicator
    target: float | None
    target_to_date: float | None
    actual: int | float
    pace_needed: float | None
    projection: float | None
    behind: bool
    quarters: tuple[float, ...] | None = None

    @property
    def money(self) -> bool:
        """True for indicators counted in 万元."""
        return self.indicator in MONEY

    def as_json(self) -> dict:
        """The numbers as the API answers them (the label is added by the caller, in the reader's language)."""
        return {"indicator": self.indicator.value, "target": self.target, "target_to_date": self.target_to_date,
                "actual": self.actual, "pace_needed": self.pace_needed, "projection": self.projection,
                "behind": self.behind, "quarters": list(self.quarters) if self.quarters is not None else None}


@dataclass(frozen=True)
class Calendar:
    """Where `as_of` stands in the year: days elapsed (1 January to as_of, inclusive) and days left after it."""

    year: int
    as_of: date

    @property
    def first(self) -> date:
        """1 January."""
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        """31 December."""
        return date(self.year, 12, 31)

    @property
    def days(self) -> int:
        """Days in the year."""
        return (self.last - self.first).days + 1

    @property
    def started(self) -> bool:
        """Whether as_of lies in the year (else the year has not begun)."""
        return self.as_of >= self.first

    @property
    def elapsed(self) -> int:
        """Days from 1 January to as_of, inclusive (0 before the year)."""
        return (self.as_of - self.first).days + 1 if self.started else 0

    @property
    def remaining(self) -> int:
        """Days of the year after as_of."""
        return self.days - self.elapsed

    @property
    def share(self) -> Decimal:
        """f: the share of the year's days elapsed."""
        return Decimal(self.elapsed) / Decimal(self.days)

    def quarter_share(self, quarters: Sequence[Decimal]) -> Decimal:
        """The part of a quarterly split due by as_of: quarters over, plus the current one's elapsed share of its days,
        as a share of the split's sum."""
        whole = sum(quarters, Decimal(0))
        if not self.started:
            return Decimal(0)
        if whole == 0:
            return self.share
        due = Decimal(0)
        for index, value in enumerate(quarters):
            start = date(self.year, 3 * index + 1, 1)
            end = date(self.year + 1, 1, 1) if index == 3 else date(self.year, 3 * index + 4, 1)
            if self.as_of >= end:
                due += value
            elif self.as_of >= start:
                due += value * Decimal((self.as_of - start).days + 1) / Decimal((end - start).days)
        return due / whole


def today() -> date:
    """Today in Beijing."""
    return datetime.now(MARKET_TZ).date()


def judged_day(year: int, as_of: date | None = None) -> date:
    """The day a year is judged on: `as_of` (default today in Beijing), no later than 31 December of the year. A day
    before the year begins is kept: the year is not judged yet."""
    day = as_of or today()
    return min(day, date(year, 12, 31))


def _cents(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _actual(indicator: Indicator, value: int | Decimal) -> int | float:
    return _cents(Decimal(value)) if indicator in MONEY else int(value)


def targets_of(session: Session, year: int, region: str | None = None) -> dict[Indicator, Target]:
    """The year's targets for the region (None or "" for the whole market), by indicator."""
    rows = session.scalars(select(Target).where(Target.year == year, Target.region == (region or "")))
    known = {indicator.value for indicator in Indicator}
    return {Indicator(row.indicator): row for row in rows if row.indicator in known}


def judge(indicator: Indicator, calendar: Calendar, actual: int | Decimal, start: int | Decimal,
          target: Target | None) -> IndicatorProgress:
    """One indicator's progress from its actual value (and, for a stock, its level at the start of the year)."""
    stock = indicator in STOCKS
    actual, start = Decimal(actual), Decimal(start)
    value = Decimal(target.value) if target is not None else None
    quarters = tuple(Decimal(str(q)) for q in target.quarters) if target is not None and target.quarters else None
    if not calendar.started:
        actual = Decimal(0)
    if calendar.elapsed == 0:
        projection = None
    elif stock:
        projection = start + (actual - start) / calendar.share
    else:
        projection = actual / calendar.share
    to_date = pace = None
    behind = False
    if value is not None:
        due = calendar.quarter_share(quarters) if quarters else calendar.share
        if not calendar.started:
            to_date = Decimal(0)
        elif stock:
            to_date = start + (value - start) * due
        else:
            to_date = value * due
        if actual >= value:
            pace = Decimal(0)
        elif calendar.remaining > 0:
            pace = (value - actual) / (Decimal(calendar.remaining) * MONTHS / Decimal(calendar.days))
        behind = calendar.started and actual < to_date.quantize(CENT, rounding=ROUND_HALF_UP)
    return IndicatorProgress(
        indicator=indicator,
        target=_cents(value) if value is not None else None,
        target_to_date=_cents(to_date) if to_date is not None else None,
        actual=_actual(indicator, actual),
        pace_needed=_cents(pace) if pace is not None else None,
        projection=_cents(projection) if projection is not None else None,
        behind=bool(behind),
        quarters=tuple(_cents(q) for q in quarters) if quarters else None,
    )


def progress(session: Session, year: int, region: str | None = None,
             as_of: date | None = None) -> list[IndicatorProgress]:
    """Every indicator of the year for the region (None or "" for the whole market), judged on `as_of` (default today
    in Beijing, clamped into the year), in Indicator order."""
    calendar = Calendar(year, judged_day(year, as_of))
    targets = targets_of(session, year, region)
    if calendar.started:
        actual = indicators.actuals(session, calendar.first, calendar.as_of, region)
        before = calendar.first - timedelta(days=1)
        starts = {Indicator.BROKERS: indicators.brokers(session, before, region)}
    else:
        actual = {indicator: 0 for indicator in Indicator}
        starts = {}
    return [judge(indicator, calendar, actual[indicator], starts.get(indicator, 0), targets.get(indicator))
            for indicator in Indicator]
