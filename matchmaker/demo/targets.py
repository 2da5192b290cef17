"""Demo targets: this year's targets for the whole market and for 山西省, set by the demo admin through the service.

The demo's history is dated relative to today, so fixed numbers would be met on one day and hopeless on another.
Each target is instead scaled from the pace the demo data has reached (the projection for the year): by more than
1 for the indicators that should show behind pace (落后), by less than 1 for the others, and rounded to a number a
plan would state. Contract turnover is split by quarter (20/25/25/30%). Run last: the targets read every other part
of the demo.
"""
from __future__ import annotations

import logging
import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from sqlalchemy.orm import Session

from matchmaker.targets import services
from matchmaker.targets.progress import progress, today
from models import User
from models.choices import Indicator

log = logging.getLogger(__name__)

SHANXI = "山西省"
# Scale over the year's projection (> 1: behind pace), and the least target worth stating (for an indicator on pace,
# only when the projection reaches it).
PLANS: dict[str, dict[Indicator, tuple[float, int]]] = {
    "": {
        Indicator.CONTRACT_TURNOVER_WAN: (1.6, 5000), Indicator.CONTRACT_COUNT: (0.8, 5),
        Indicator.TRANSFERS: (0.8, 5), Indicator.EVENTS: (1.5, 6), Indicator.ENTERPRISES_SERVED: (0.85, 10),
        Indicator.BROKERS: (1.5, 10), Indicator.FINANCING_WAN: (1.4, 3000), Indicator.IP_PLEDGE_WAN: (0.8, 300),
        Indicator.OPEN_CALLS_AWARDED: (0.8, 1),
    },
    SHANXI: {
        Indicator.CONTRACT_TURNOVER_WAN: (0.8, 1000), Indicator.CONTRACT_COUNT: (1.5, 5),
        Indicator.TRANSFERS: (0.8, 3), Indicator.EVENTS: (0.8, 1), Indicator.ENTERPRISES_SERVED: (1.5, 10),
        Indicator.BROKERS: (0.8, 3), Indicator.FINANCING_WAN: (0.8, 500), Indicator.IP_PLEDGE_WAN: (1.5, 200),
        Indicator.OPEN_CALLS_AWARDED: (0.8, 1),
    },
}
QUARTER_SHARES = (Decimal("0.20"), Decimal("0.25"), Decimal("0.25"), Decimal("0.30"))


def round_plan(value: float, up: bool) -> Decimal:
    """A number as plans state it: two significant digits, rounded away from the side it must stay on."""
    if value <= 0:
        return Decimal(0)
    step = Decimal(10) ** max(0, int(math.floor(math.log10(value))) - 1)
    return (Decimal(str(value)) / step).quantize(Decimal(1), rounding=ROUND_CEILING if up else ROUND_FLOOR) * step


def plan(session: Session, year: int, region: str) -> dict[str, object]:
    """The `indicators` body for a region: each target scaled from the pace the data has reached."""
    body: dict[str, object] = {}
    for row in progress(session, year, region):
        scale, least = PLANS[region][row.indicator]
        behind = scale > 1
        projection = row.projection or 0
        if behind:
            value = round_plan(max(projection * scale, least), up=True)
        else:  # at most the projection, so the pace so far meets it
            value = round_plan(projection * scale, up=False)
            if projection >= least:
                value = max(value, Decimal(least))
        if value == 0:  # nothing to build on yet: no target rather than a target of nothing
            continue
        if row.indicator == Indicator.CONTRACT_TURNOVER_WAN:
            quarters = [(value * share).quantize(Decimal("0.01")) for share in QUARTER_SHARES[:3]]
            quarters.append(value - sum(quarters))
            body[row.indicator.value] = {"value": value, "quarters": quarters}
        else:
            body[row.indicator.value] = value
    return body


def load_demo_targets(session: Session, admin: User) -> int:
    """Set this year's demo targets for the whole market and 山西省; returns how many were set."""
    year = today().year
    count = 0
    for region in PLANS:
        body = plan(session, year, region)
        services.set_targets(session, admin, year, {"region": region, "indicators": body})
        count += len(body)
    log.info("demo targets set for %d (%d indicators)", year, count)
    return count
