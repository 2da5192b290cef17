"""Setting yearly targets, and reading the period (year, month, region) a reader asks about. Services flush, never
commit.

The PUT body: `{"region"?: province, "indicators": {"<code>": number | {"value": number, "quarters": [4 numbers]} |
null}}`. A number or an object sets the target of (year, region, indicator), with or without a quarterly split; null
removes it; indicators not named keep their targets. Every problem is reported at once, each under its field.
"""
from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.market.access import acting_user
from matchmaker.targets.progress import judged_day, targets_of, today
from models import Target, User, utcnow
from models.choices import PROVINCES, Indicator

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_VALUE = Decimal(10) ** 12
QUARTER_TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")
_YEAR = re.compile(r"^[0-9]{1,4}$")
_MONTH = re.compile(r"^[0-9]{1,2}$")


@dataclass(frozen=True)
class Period:
    """What a reader asks about: a year, optionally a month of it, a region ("" for the whole market), and the day
    the year is judged on (the month's last day, or today if earlier; clamped into the year)."""

    year: int
    month: int | None
    region: str
    as_of: date


def _fail(errors: dict[str, str]) -> ValidationError:
    return ValidationError(_("提交的数据有误。"), errors)


def check_year(year) -> int:
    """A year from 2000 to 2100, else a 422 naming `year`."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _fail({"year": _("年份须在 %(first)d 至 %(last)d 之间。", first=FIRST_YEAR, last=LAST_YEAR)})
    return year


def check_region(region) -> str:
    """A province, or None / "" for the whole market (returned as "")."""
    if region is None or region == "":
        return ""
    if not isinstance(region, str) or region not in PROVINCES:
        raise _fail({"region": _("请选择省级地区，留空为全市场。")})
    return region


def period(args: Mapping[str, str], now: date | None = None) -> Period:
    """The period of a query string (`year`, `month`, `region`, all optional): this year and today by default. Bad
    values are a 422 naming each."""
    now = now or today()
    errors: dict[str, str] = {}
    raw_year, raw_month = (args.get("year") or "").strip(), (args.get("month") or "").strip()
    year = now.year
    if raw_year:
        if _YEAR.match(raw_year) and FIRST_YEAR <= int(raw_year) <= LAST_YEAR:
            year = int(raw_year)
        else:
            errors["year"] = _("年份须在 %(first)d 至 %(last)d 之间。", first=FIRST_YEAR, last=LAST_YEAR)
    month = None
    if raw_month:
        if _MONTH.match(raw_month) and 1 <= int(raw_month) <= 12:
            month = int(raw_month)
        else:
            errors["month"] = _("月份须为 1 至 12。")
    try:
        region = check_region(args.get("region"))
    except ValidationError as error:
        errors.update(error.fields)
        region = ""
    if errors:
        raise _fail(errors)
    as_of = now
    if month is not None:
        as_of = min(now, date(year, month, calendar.monthrange(year, month)[1]))
    return Period(year, month, region, judged_day(year, as_of))


def _amount(raw) -> Decimal | None:
    """A target number: a JSON number (not a boolean; a Decimal from a web form), finite, from 0 to 10^12; None if it
    is not one."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return None
    if (isinstance(raw, float) and not math.isfinite(raw)) or (isinstance(raw, Decimal) and not raw.is_finite()):
        return None
    value = Decimal(str(raw))
    if not 0 <= value <= MAX_VALUE:
        return None
    return value.quantize(CENT)


def _target(code: str, raw, errors: dict[str, str]) -> tuple[Decimal, list[Decimal] | None] | None:
    """One indicator's value and optional split; problems go into `errors`."""
    field = f"indicators.{code}"
    number_message = _("目标值须为 0 至 1 万亿之间的数字。")
    quarters = None
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"value", "quarters"}
        if unknown:
            errors[field] = _("目标只能包含 value 和 quarters。")
            return None
        value = _amount(raw.get("value"))
        if value is None:
            errors[field] = number_message
            return None
        split = raw.get("quarters")
        if split is not None:
            quarters = [_amount(q) for q in split] if isinstance(split, list) and len(split) == 4 else None
            if quarters is None or any(q is None for q in quarters):
                errors[f"{field}.quarters"] = _("季度分解须为 4 个 0 至 1 万亿之间的数字。")
                return None
            if abs(sum(quarters, Decimal(0)) - value) > QUARTER_TOLERANCE:
                errors[f"{field}.quarters"] = _("四个季度之和（%(sum)s）须等于全年目标（%(value)s）。",
                                                sum=f"{sum(quarters, Decimal(0)):f}", value=f"{value:f}")
                return None
        return value, quarters
    value = _amount(raw)
    if value is None:
        errors[field] = number_message
        return None
    return value, None


def parse(year, data) -> tuple[int, str, dict[Indicator, tuple[Decimal, list[Decimal] | None] | None]]:
    """The checked (year, region, {indicator: (value, quarters) or None to remove}) of a PUT body."""
    errors: dict[str, str] = {}
    for check, raw, key in ((check_year, year, "year"), (check_region, data.get("region"), "region")):
        try:
            check(raw)
        except ValidationError as error:
            errors.update(error.fields or {key: error.message})
    raw_targets = data.get("indicators")
    wanted: dict[Indicator, tuple[Decimal, list[Decimal] | None] | None] = {}
    if not isinstance(raw_targets, Mapping):
        errors["indicators"] = _("indicators 须为 {指标代码: 目标} 对象。")
    else:
        known = {indicator.value for indicator in Indicator}
        unknown = [str(code) for code in raw_targets if code not in known]
        if unknown:
            errors["indicators"] = _("未知的指标：%(codes)s。", codes="、".join(sorted(unknown))[:200])
        for code, raw in raw_targets.items():
            if code in known:
                wanted[Indicator(code)] = None if raw is None else _target(code, raw, errors)
    if errors:
        raise _fail(errors)
    return year, check_region(data.get("region")), wanted


def set_targets(session: Session, actor: User, year, data: Mapping) -> dict[Indicator, Target]:
    """Set, change or remove (null) the named indicators' targets of (year, region) for an admin, with one audit
    entry; returns the year's targets for the region afterwards."""
    user = acting_user(actor)
    if user is None or not user.is_admin:
        raise PermissionDenied(_("只有管理员可以设定年度目标。"))
    year, region, wanted = parse(year, data)
    existing = targets_of(session, year, region)
    touched: list[Target] = []
    for indicator, target in wanted.items():
        row = existing.get(indicator)
        if target is None:
            if row is not None:
                touched.append(row)
                session.delete(row)
            continue
        value, quarters = target
        if row is None:
            row = Target(year=year, region=region, indicator=indicator.value)
            session.add(row)
        row.value = value
        row.quarters = [float(q) for q in quarters] if quarters is not None else None
        row.updated_by_id = user.id
        row.updated_at = utcnow()
        touched.append(row)
    try:
        session.flush()
    except IntegrityError:  # another admin created one of these targets meanwhile (PostgreSQL)
        raise Conflict(_("这些目标刚被他人修改，请刷新后重试。")) from None
    if touched:
        audit.record(session, user, "target.set", touched[0], year=year, region=region,
                     indicators=[indicator.value for indicator in wanted])
    return targets_of(session, year, region)
