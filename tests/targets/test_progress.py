"""Issue 16, acceptance 3: every indicator's actual value, target, target to date, pace needed and projection, against
numbers computed independently from the generated rows, for the whole market and for one province."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from matchmaker.targets import indicators, services
from matchmaker.targets.progress import progress
from models.choices import Indicator
from tests import factories
from tests.targets.world import AS_OF, CODES, MONEY, SHAANXI, SHANXI, YEAR, expected_actuals, expected_progress


def _check(rows, expected) -> None:
    assert [row.indicator.value for row in rows] == CODES
    for row in rows:
        want = expected[row.indicator.value]
        code = row.indicator.value
        if code in MONEY:
            assert row.actual == round(want["actual"], 2), code
        else:
            assert isinstance(row.actual, int) and row.actual == want["actual"], code
        for key in ("target", "target_to_date", "pace_needed", "projection"):
            got, wanted = getattr(row, key), want[key]
            assert (got is None) == (wanted is None), (code, key, got, wanted)
            if wanted is not None:
                assert got == pytest.approx(wanted, abs=0.006), (code, key)
        assert row.behind == want["behind"], code


@pytest.mark.parametrize("region", ["", SHANXI], ids=["whole market", "山西省"])
def test_every_indicator_matches_the_rows(session, world, targets, region):
    rows = progress(session, YEAR, region, AS_OF)

    _check(rows, expected_progress(world, AS_OF, region, targets[region]))
    assert any(row.behind for row in rows) and not all(row.behind for row in rows if row.target)


def test_a_province_without_targets_has_actuals_and_projections_only(session, world, targets):
    rows = progress(session, YEAR, SHAANXI, AS_OF)

    _check(rows, expected_progress(world, AS_OF, SHAANXI))
    assert all(row.target is None and row.pace_needed is None and not row.behind for row in rows)


def test_the_actuals_of_any_range_match_the_rows(session, world):
    start, end = date(2024, 12, 15), date(2025, 3, 31)
    for region in ("", SHANXI, SHAANXI):
        got = indicators.actuals(session, start, end, region)
        want = expected_actuals(world, start, end, region)
        assert {i.value: float(v) if i in indicators.MONEY else v for i, v in got.items()} == want, region


def test_a_quarterly_split_moves_the_target_to_date_quarter_by_quarter(session, admin):
    services.set_targets(session, admin, YEAR, {"indicators": {
        "contract_count": {"value": 100, "quarters": [10, 20, 30, 40]}, "events": 100}})

    def due(day: date) -> dict[str, float]:
        return {row.indicator.value: row.target_to_date for row in progress(session, YEAR, None, day)}

    # 15 May: Q1 (10) is over, and 45 of Q2's 91 days have passed.
    assert due(date(2025, 5, 15))["contract_count"] == round(10 + 20 * 45 / 91, 2)
    assert due(date(2025, 5, 15))["events"] == round(100 * 135 / 365, 2)
    assert due(date(2025, 9, 30))["contract_count"] == 60
    assert due(date(2025, 12, 31))["contract_count"] == 100


def test_the_stock_of_brokers_grows_from_its_level_on_new_years_eve(session, admin):
    for day in (date(2024, 3, 1), date(2024, 12, 31), date(2025, 2, 1), date(2025, 6, 1)):
        factories.UserFactory(broker=True, created_at=datetime(day.year, day.month, day.day, 3, tzinfo=UTC))
    services.set_targets(session, admin, YEAR, {"indicators": {"brokers": {"value": 10, "quarters": [1, 3, 3, 3]}}})

    row = progress(session, YEAR, None, date(2025, 7, 2))[list(Indicator).index(Indicator.BROKERS)]

    f = 183 / 365
    assert row.actual == 4 and row.target == 10
    assert row.projection == round(2 + (4 - 2) / f, 2)
    assert row.target_to_date == round(2 + (10 - 2) * (1 + 3 + 3 * 2 / 92) / 10, 2)  # Q1, Q2 and 2 days of Q3
    assert row.pace_needed == round((10 - 4) / (182 / (365 / 12)), 2)
    assert row.behind is True


def test_a_past_year_is_judged_on_new_years_eve_with_nothing_left_to_do(session, world, targets):
    rows = progress(session, YEAR, None, date(2026, 3, 1))
    want = expected_progress(world, date(2025, 12, 31), "", targets[""])

    _check(rows, want)
    assert all(row.pace_needed in (0, None) for row in rows)
    assert all(row.target_to_date == row.target for row in rows if row.indicator != Indicator.BROKERS)


def test_a_year_not_begun_counts_nothing_and_is_never_behind(session, world, admin):
    services.set_targets(session, admin, 2027, {"indicators": {"contract_count": 24, "brokers": 60}})

    rows = {row.indicator.value: row for row in progress(session, 2027, None, date(2026, 12, 6))}

    assert all(row.actual == 0 and row.projection is None and not row.behind for row in rows.values())
    assert rows["contract_count"].target_to_date == 0 and rows["contract_count"].pace_needed == 2
    assert rows["brokers"].pace_needed == 5
