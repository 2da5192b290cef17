"""The demo sets this year's targets for the whole market and 山西省, some of them behind pace."""
from __future__ import annotations

from matchmaker.demo.load import load_demo
from matchmaker.targets.progress import progress, today


def test_the_demo_sets_this_years_targets_with_some_behind_pace(session):
    counts = load_demo(session)

    assert counts["targets"] >= 12
    for region in ("", "山西省"):
        rows = [row for row in progress(session, today().year, region) if row.target is not None]
        assert len(rows) >= 6, region
        assert any(row.behind for row in rows) and not all(row.behind for row in rows), region
