"""Issue 5, acceptance 3: every dashboard number agrees with the rows it counts, on generated data."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from matchmaker.dashboard import stats
from matchmaker.dashboard.stats import StatsFilter, month_of
from models import Case, CaseStep, Contract, Interest, TechOffer
from models.choices import CaseStage, CloseReason
from tests import factories
from tests.dashboard.world import END_OF_MARCH_UTC, expected

FILTERS = {
    "everything": {},
    "february-to-april": {"start": date(2026, 2, 1), "end": date(2026, 4, 30)},
    "biomedicine": {"code": "biomedicine"},
    "battery-from-march": {"start": date(2026, 3, 1), "code": "new_energy_battery"},
    "until-march": {"end": date(2026, 3, 31)},
    "one-day": {"start": date(2026, 4, 30), "end": date(2026, 4, 30)},
    "nothing-in-range": {"start": date(2030, 1, 1), "end": date(2030, 2, 1)},
}


def _filter(start: date | None = None, end: date | None = None, code: str | None = None) -> StatsFilter:
    return StatsFilter(start=start, end=end, field=factories.field(code) if code else None)


@pytest.mark.parametrize("name", FILTERS)
def test_every_number_agrees_with_the_rows(session, world, name):
    kwargs = FILTERS[name]

    answer = stats.dashboard(session, _filter(**kwargs))

    truth = expected(world, **kwargs)
    for section in truth:  # section by section first, for a readable failure
        assert answer[section] == truth[section], section
    assert answer == truth


def test_the_generated_world_exercises_every_section(session, world):
    """The dataset is varied enough for the comparisons above to mean something."""
    data = stats.dashboard(session)

    assert len(data["months"]) >= 6
    assert all(row["offers"] and row["needs"] for row in data["postings"]["by_field"])
    assert len(data["postings"]["by_field"]) == 3
    assert data["totals"]["match_cases"] and data["totals"]["not_relevant"] and data["totals"]["interests"]
    counts = [step["count"] for step in data["funnel"]]
    assert counts == sorted(counts, reverse=True) and counts[-1] > 0
    assert data["totals"]["contracts"] >= 3 and data["totals"]["transferred_postings"] >= 1
    assert len([t for t in data["contracts"]["by_type"] if t["count"]]) >= 2
    assert sum(1 for b in data["brokers"] if b["open_total"]) >= 3
    assert any(b["closed_total"] for b in data["brokers"]) and any(b["signed"] for b in data["brokers"])
    assert data["brokers"][-1]["broker_id"] is None  # unclaimed cases come last
    assert any(b["name"] == "李经纪" and not b["open_total"] and not b["signed"] for b in data["brokers"])  # idle
    assert data["totals"]["events_finished"] == 3 and data["totals"]["meetings_held"] == 4
    calls = data["open_calls"]
    assert calls["calls_published"] == 5 and calls["proposals"] == 10  # neither the draft nor the cancelled call
    assert calls["awarded_wan"] == 570.5 and calls["paid_wan"] > 0
    assert (calls["milestones_on_time"], calls["milestones_late"]) == (2, 1)


def test_months_are_beijing_months(session, world):
    """An offer published 2026-03-31 17:30 UTC is published on 1 April in Beijing."""
    march_only = stats.dashboard(session, _filter(start=date(2026, 3, 31), end=date(2026, 3, 31), code="biomedicine"))
    april_first = stats.dashboard(session, _filter(start=date(2026, 4, 1), end=date(2026, 4, 1), code="biomedicine"))

    assert END_OF_MARCH_UTC.month == 3
    assert march_only["totals"]["offers"] == 0
    assert april_first["totals"]["offers"] == 1
    assert april_first["postings"]["by_month"] == [{"month": "2026-04", "offers": 1, "needs": 0}]


def test_funnel_rates_divide_each_step_by_the_one_before(session, world):
    steps = stats.dashboard(session)["funnel"]

    assert [s["step"] for s in steps] == ["interest", "introduced", "meeting", "signed"]
    assert steps[0]["rate"] is None and steps[0]["overall"] is None
    for previous, step in zip(steps, steps[1:]):
        assert step["rate"] == round(step["count"] / previous["count"], 4)
        assert step["overall"] == round(step["count"] / steps[0]["count"], 4)
        assert 0 <= step["rate"] <= 1


def test_a_closed_case_counts_for_the_stages_its_history_reached(session):
    """Closed after the meeting: it was introduced and met, though its stage now says closed."""
    case = factories.CaseFactory(stage=CaseStage.CLOSED, close_reason=CloseReason.PRICE)
    factories.InterestFactory(offer=case.offer, case_id=case.id)
    path = [CaseStage.SUGGESTED, CaseStage.CONTACTED, CaseStage.INTRODUCED, CaseStage.MEETING, CaseStage.CLOSED]
    for before, after in zip(path, path[1:]):
        session.add(CaseStep(case_id=case.id, action="transition", from_stage=before, to_stage=after))
    session.flush()

    funnel = {s["step"]: s["count"] for s in stats.dashboard(session)["funnel"]}

    assert funnel == {"interest": 1, "introduced": 1, "meeting": 1, "signed": 0}


def test_an_empty_market_gives_zeros_and_no_months(session):
    data = stats.dashboard(session)

    assert data["months"] == []
    assert data["postings"] == {"by_month": [], "by_field": []}
    assert [s["count"] for s in data["funnel"]] == [0, 0, 0, 0]
    assert all(s["rate"] is None for s in data["funnel"])
    assert data["contracts"]["by_type"] == [
        {"type": t, "count": 0, "turnover_wan": 0.0}
        for t in ("development", "transfer", "license", "service", "equity")]
    assert data["brokers"] == []
    assert set(data["totals"].values()) == {0}


def test_the_numbers_are_counted_by_sql_aggregates(session, world):
    """Spot-check the plain SQL totals against the stats (a second, simpler route to the same numbers)."""
    data = stats.dashboard(session)

    assert data["totals"]["cases"] == session.query(Case).count()
    assert data["totals"]["contracts"] == session.query(Contract).count()
    assert data["totals"]["interests"] == session.query(Interest).count()
    assert data["totals"]["offers"] == session.query(TechOffer).filter(TechOffer.published_at.is_not(None)).count()


def test_month_of_compiles_for_each_dialect():
    stmt = select(month_of(TechOffer.published_at), month_of(Contract.signed_on))

    pg = str(stmt.compile(dialect=postgresql.dialect()))
    lite = str(stmt.compile(dialect=sqlite.dialect()))

    assert "to_char((tech_offers.published_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM')" in pg
    assert "to_char(contracts.signed_on, 'YYYY-MM')" in pg
    assert "strftime('%Y-%m', tech_offers.published_at, '+8 hours')" in lite
    assert "strftime('%Y-%m', contracts.signed_on)" in lite
