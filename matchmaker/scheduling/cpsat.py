"""The exact model, solved with OR-Tools CP-SAT.

One boolean ``x[r, s]`` per request ``r`` and candidate slot ``s``; at most one per request, at most one per
participant and slot, at most ``max_meetings`` per participant, at most ``tables`` per slot; maximise the scaled
integer weights.  Fixed meetings (kept from a published schedule, or everything outside an LNS neighbourhood) are
constants: they take their capacity away from the model instead of being variables.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from matchmaker.scheduling.problem import Problem


@dataclass
class CpResult:
    slot_of: list[int] | None  # full assignment (fixed meetings included), None when no solution was found
    value: int  # scaled objective of slot_of
    bound: int | None  # scaled upper bound proved by CP-SAT (valid for the whole problem when nothing but kept is fixed)
    status: str
    seconds: float


def solve_cpsat(prob: Problem, fixed: dict[int, int], time_limit: float, *, hint: list[int] | None = None,
                free: Iterable[int] | None = None, workers: int = 2, seed: int = 0, log: bool = False,
                on_solution: Callable[[list[int], int], None] | None = None,
                stop: threading.Event | None = None) -> CpResult:
    """Maximise over the requests in `free` (default: all not fixed), with `fixed` meetings as constants."""
    from ortools.sat.python import cp_model

    started = time.monotonic()
    S = prob.S
    deg = [0] * prob.P
    load = [0] * S
    busy = set()
    base_value = 0
    for r, s in fixed.items():
        for p in (prob.a[r], prob.b[r]):
            deg[p] += 1
            busy.add(p * S + s)
        load[s] += 1
        base_value += prob.w[r]
    requests = [r for r in (range(prob.R) if free is None else free) if r not in fixed and prob.common[r]]
    model = cp_model.CpModel()
    by_ps: dict[int, list] = {}
    by_p: dict[int, list] = {}
    by_s: list[list] = [[] for _ in range(S)]
    variables: list[tuple[int, int, object]] = []
    terms_w: list[int] = []
    cap = prob.cap
    for r in requests:
        a = prob.a[r]
        b = prob.b[r]
        if deg[a] >= cap[a] or deg[b] >= cap[b]:
            continue
        ao = a * S
        bo = b * S
        row = []
        for s in prob.common[r]:
            if load[s] >= prob.T or ao + s in busy or bo + s in busy:
                continue
            v = model.new_bool_var(f"x{r}_{s}")
            row.append(v)
            variables.append((r, s, v))
            terms_w.append(prob.w[r])
            by_ps.setdefault(ao + s, []).append(v)
            by_ps.setdefault(bo + s, []).append(v)
            by_p.setdefault(a, []).append(v)
            by_p.setdefault(b, []).append(v)
            by_s[s].append(v)
        if len(row) > 1:
            model.add_at_most_one(row)
    for vs in by_ps.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for p, vs in by_p.items():
        room = cap[p] - deg[p]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    for s, vs in enumerate(by_s):
        room = prob.T - load[s]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    model.maximize(cp_model.LinearExpr.weighted_sum([v for _, _, v in variables], terms_w))
    if hint is not None:
        for r, s, v in variables:
            model.add_hint(v, hint[r] == s)
    solver = cp_model.CpSolver()
    remaining = time_limit - (time.monotonic() - started)
    solver.parameters.max_time_in_seconds = max(0.05, remaining)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    callback = None
    if on_solution is not None or stop is not None:

        class Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                if on_solution is not None:
                    slot_of = [-1] * prob.R
                    for r, s in fixed.items():
                        slot_of[r] = s
                    for r, s, v in variables:
                        if self.boolean_value(v):
                            slot_of[r] = s
                    on_solution(slot_of, base_value + round(self.objective_value))
                if stop is not None and stop.is_set():
                    self.stop_search()

        callback = Callback()
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_watch, args=(stop, done, solver), daemon=True).start()
    try:
        status = solver.solve(model, callback)
    finally:
        done.set()
    name = solver.status_name(status)
    slot_of = None
    value = 0
    bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slot_of = [-1] * prob.R
        for r, s in fixed.items():
            slot_of[r] = s
        for r, s, v in variables:
            if solver.boolean_value(v):
                slot_of[r] = s
        value = prob.value(slot_of)
        bound = base_value + round(solver.best_objective_bound)
    return CpResult(slot_of, value, bound, name, time.monotonic() - started)


def _watch(stop: threading.Event, done: threading.Event, solver) -> None:
    """Interrupt `solver` as soon as `stop` is set, unless the solve is already `done`."""
    while not done.wait(0.02):
        if stop.is_set():
            solver.stop_search()
            return
