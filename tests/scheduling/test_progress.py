"""The solver's progress callback and early stop, which background scheduler runs use."""
from __future__ import annotations

import threading
import time

import pytest

from matchmaker.scheduling.generate import generate
from matchmaker.scheduling.instance import Instance, validate
from matchmaker.scheduling.solver import PROGRESS_EVERY, PROGRESS_MIN_GAP, solve


def odd_cycle() -> Instance:
    """Three people who may each meet once and all want to meet each other: the LP relaxation's bound (half of
    every request) stays above the best schedule (one request), so nothing proves it optimal before the clock ends."""
    people = [{"id": f"p{i}", "available": ["s1", "s2", "s3"], "max_meetings": 1} for i in range(3)]
    requests = [{"id": f"r{k}", "a": f"p{a}", "b": f"p{b}", "weight": 3}
                for k, (a, b) in enumerate([(0, 1), (1, 2), (0, 2)])]
    return Instance.from_json({"slots": ["s1", "s2", "s3"], "tables": 2, "participants": people,
                               "requests": requests})


def test_progress_reports_the_incumbent_the_bound_and_the_time_searched():
    calls = []

    schedule = solve(odd_cycle(), time_limit=1.5, progress=lambda *values: calls.append(values))

    incumbents, bounds, elapsed = zip(*calls)
    assert incumbents[0] == 3.0 and bounds[0] is None and elapsed[0] < 0.2  # the greedy schedule, at once
    assert bounds[-1] is not None and bounds[-1] > incumbents[-1]
    assert incumbents[-1] == schedule.objective
    assert list(elapsed) == sorted(elapsed) and elapsed[-1] <= 1.5 + 0.6


def test_progress_comes_every_half_second_and_never_more_than_ten_times_a_second():
    calls = []

    solve(odd_cycle(), time_limit=2.0, progress=lambda *values: calls.append(time.monotonic()))

    gaps = [later - earlier for earlier, later in zip(calls[1:-2], calls[2:-1])]  # between the first and last
    assert gaps and max(gaps) <= PROGRESS_EVERY + 0.2
    assert min(gaps) >= PROGRESS_MIN_GAP - 0.01


def test_progress_follows_improvements_of_a_larger_search():
    calls = []
    data = generate(12, 10, 60, 300, seed=0)

    schedule = solve(Instance.from_json(data), time_limit=3.0, progress=lambda *values: calls.append(values))

    incumbents = [incumbent for incumbent, _bound, _elapsed in calls]
    assert incumbents == sorted(incumbents) and incumbents[-1] == pytest.approx(schedule.objective)
    assert all(bound >= incumbent for incumbent, bound, _elapsed in calls if bound is not None)


def test_setting_stop_returns_the_best_schedule_so_far_long_before_the_time_limit():
    stop = threading.Event()
    instance = odd_cycle()

    def stop_after_half_a_second(incumbent, bound, elapsed):
        if elapsed >= 0.5:
            stop.set()

    started = time.monotonic()
    schedule = solve(instance, time_limit=10.0, progress=stop_after_half_a_second, stop=stop, use_mip=False)

    assert time.monotonic() - started < 2.0
    assert schedule.stats["stopped"] is True and schedule.meetings
    assert validate(instance, schedule) == []


def test_a_stop_set_before_the_search_returns_the_greedy_schedule():
    stop = threading.Event()
    stop.set()

    schedule = solve(odd_cycle(), time_limit=10.0, stop=stop)

    assert schedule.stats["stopped"] is True and schedule.objective == 3.0 and schedule.stats["seconds"] < 2.0
