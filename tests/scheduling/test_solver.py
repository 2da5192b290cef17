"""The solver: every rule holds, optimality on tiny instances, the time limit, the engines, determinism."""
from __future__ import annotations

import importlib.util
import time

import pytest

from matchmaker.scheduling.generate import generate
from matchmaker.scheduling.instance import Instance, validate
from matchmaker.scheduling.solver import solve
from tests.scheduling.helpers import brute_force_optimum, reference_check, tiny_instance

HAS_ORTOOLS = importlib.util.find_spec("ortools") is not None


def assert_valid(data: dict, schedule) -> None:
    inst = Instance.from_json(data)
    assert validate(inst, schedule) == []
    objective, count = reference_check(data, schedule.to_json())
    assert count == len(schedule.meetings)
    assert objective == pytest.approx(schedule.objective, abs=1e-6)


@pytest.mark.parametrize("shape", [(8, 8, 40, 100), (6, 3, 30, 120), (12, 10, 60, 300)])
@pytest.mark.parametrize("seed", [0, 1])
def test_schedules_respect_every_rule(shape, seed):
    data = generate(*shape, seed=seed)
    schedule = solve(Instance.from_json(data), time_limit=1.5, seed=seed)
    assert_valid(data, schedule)
    assert schedule.meetings


@pytest.mark.parametrize(
    "engines",
    [
        {"use_highs": False, "use_anneal": False},
        {"use_highs": False},
        {"use_anneal": False},
        {"use_anneal": False, "use_mip": False},
        pytest.param({"use_anneal": False, "use_highs": False, "use_cp": True},
                     marks=pytest.mark.skipif(not HAS_ORTOOLS, reason="ortools not installed")),
    ],
    ids=["greedy", "anneal", "highs", "lp-only", "cp-sat"],
)
def test_each_engine_alone_returns_a_valid_schedule(engines):
    data = generate(8, 6, 40, 150, seed=3)
    schedule = solve(Instance.from_json(data), time_limit=1.0, **engines)
    assert_valid(data, schedule)


@pytest.mark.parametrize("seed", range(8))
def test_solver_finds_the_optimum_of_tiny_instances(seed):
    data = tiny_instance(seed)
    inst = Instance.from_json(data)
    schedule = solve(inst, time_limit=1.0)
    assert_valid(data, schedule)
    assert schedule.objective == pytest.approx(brute_force_optimum(inst), abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_annealing_alone_finds_the_optimum_of_tiny_instances(seed):
    inst = Instance.from_json(tiny_instance(seed))
    schedule = solve(inst, time_limit=0.5, use_highs=False)
    assert schedule.objective == pytest.approx(brute_force_optimum(inst), abs=1e-9)


def test_reported_bound_is_never_below_the_objective():
    inst = Instance.from_json(generate(8, 8, 40, 100, seed=5))
    schedule = solve(inst, time_limit=1.5)
    assert schedule.stats["bound"] >= schedule.objective - 1e-9
    assert 0 <= schedule.stats["gap"] < 0.05


def test_time_limit_is_respected_on_a_large_instance():
    inst = Instance.from_json(generate(20, 100, 800, 4000, seed=1))
    started = time.monotonic()
    schedule = solve(inst, time_limit=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert validate(inst, schedule) == []
    assert len(schedule.meetings) > 500


def test_same_seed_and_move_budget_give_the_same_schedule():
    inst = Instance.from_json(generate(8, 8, 40, 100, seed=2))
    first = solve(inst, time_limit=2.0, seed=7, use_highs=False, moves=3000)
    second = solve(inst, time_limit=2.0, seed=7, use_highs=False, moves=3000)
    assert first.meetings == second.meetings


def test_instance_without_feasible_request_gives_an_empty_schedule():
    data = {"slots": ["s1", "s2"], "tables": 2,
            "participants": [{"id": "p1", "available": ["s1"], "max_meetings": 3},
                             {"id": "p2", "available": ["s2"], "max_meetings": 3}],
            "requests": [{"id": "r1", "a": "p1", "b": "p2", "weight": 1.0}]}
    schedule = solve(Instance.from_json(data), time_limit=1.0)
    assert schedule.meetings == [] and schedule.objective == 0
