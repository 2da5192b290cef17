"""Meeting scheduler: ``solve(instance, time_limit, keep, seed) -> Schedule``.

Algorithm
---------
1. Greedy: requests heaviest first, each into the least loaded slot where it fits.
2. Simulated annealing over ejection-chain moves (see :mod:`matchmaker.scheduling.heuristic`) in the main thread,
   until the time limit or until the incumbent is proved optimal.
3. In background threads (native code, the GIL is released):
   - the LP relaxation (HiGHS via SciPy) gives an upper bound; on this generator it is almost integral, so it gives a
     tiny reported gap and lets the solver stop early when the incumbent reaches it;
   - for models up to ``CP_MAX_VARS`` variables, OR-Tools CP-SAT on the full model (one worker, hinted with the
     annealing incumbent) proves optimality or finds a better schedule; its solutions are fed back to the annealing.
     Larger models are left to the annealing, which is far better there (see bench/schedule.py and the report).
4. The best schedule found is returned; tables are numbered afterwards.

Time: everything stops by ``time_limit`` (a safety margin is kept for building the result); the search returns at
once when its incumbent equals the bound.  Determinism: the greedy and the annealing moves are driven by
``random.Random(seed)``, so a run that stops on a proof (small instances) is reproducible; a run that stops on the
time limit depends on how many moves the machine made, and CP-SAT's multi-threaded timing also varies.

Keeping a published schedule (``keep``)
---------------------------------------
Minimal disruption: every meeting of ``keep`` stays exactly where it is (same slot, same table) when that is still
feasible — the request still exists, the slot exists, both participants still exist and are available in that slot,
neither already has another kept meeting in that slot, neither exceeds ``max_meetings`` and the slot still has room.
Conflicts among kept meetings are settled heaviest first (then in the given order); meetings that cannot stay are
dropped (they are listed under ``stats["dropped"]``), never moved.  A kept meeting whose table no longer exists or is
taken by another kept meeting stays in its slot on the lowest free table (``stats["retabled"]``).  Kept meetings are
then frozen: the solver only *adds* new meetings in the capacity that is left (freed tables and participant time),
so freed capacity is refilled, but no kept meeting is moved, re-tabled or removed to make room.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from matchmaker.scheduling.heuristic import LocalSearch
from matchmaker.scheduling.instance import Instance, Meeting, Schedule
from matchmaker.scheduling.problem import Problem

DEFAULT_TIME_LIMIT = 20.0
CP_MAX_VARS = 15000  # CP-SAT on the full model above this size finds nothing the annealing does not, in 20 s
SAFETY = 0.3  # seconds kept for joining threads and building the result


def resolve_keep(prob: Problem, keep: Iterable[Meeting]) -> tuple[dict[int, int], dict[int, int], list[dict[str, Any]]]:
    """Which kept meetings stay: ({request: slot}, {request: table}, dropped meetings with the reason)."""
    req_index = {rid: i for i, rid in enumerate(prob.req_ids)}
    slot_index = {s: i for i, s in enumerate(prob.slot_ids)}
    instance = prob.instance
    S = prob.S
    items = list(enumerate(keep))
    weight = {i: (prob.wf[req_index[m.request]] if m.request in req_index else 0.0) for i, m in items}
    items.sort(key=lambda item: (-weight[item[0]], item[0]))
    fixed: dict[int, int] = {}
    wanted_table: dict[int, Any] = {}
    dropped: list[dict[str, Any]] = []
    busy: set[int] = set()
    deg = [0] * prob.P
    load = [0] * S

    def drop(m: Meeting, reason: str) -> None:
        dropped.append({"request": m.request, "slot": m.slot, "table": m.table, "reason": reason})

    for _, m in items:
        r = req_index.get(m.request)
        if r is None:
            drop(m, "request no longer exists")
            continue
        if r in fixed:
            drop(m, "request kept twice")
            continue
        s = slot_index.get(m.slot)
        if s is None:
            drop(m, "slot no longer exists")
            continue
        req = instance.requests[r]
        reason = None
        for p, pid in ((prob.a[r], req.a), (prob.b[r], req.b)):
            if m.slot not in instance.participants[pid].available:
                reason = f"{pid} is not available in {m.slot}"
            elif p * S + s in busy:
                reason = f"{pid} already has a kept meeting in {m.slot}"
            elif deg[p] >= prob.cap[p]:
                reason = f"{pid} reached max_meetings"
            if reason:
                break
        if reason is None and load[s] >= prob.T:
            reason = f"slot {m.slot} is full"
        if reason:
            drop(m, reason)
            continue
        fixed[r] = s
        wanted_table[r] = m.table
        for p in (prob.a[r], prob.b[r]):
            busy.add(p * S + s)
            deg[p] += 1
        load[s] += 1
    tables: dict[int, int] = {}
    taken: set[tuple[int, int]] = set()
    for _, m in items:  # same order: the heavier meeting keeps a disputed table
        r = req_index.get(m.request)
        if r is None or fixed.get(r) != slot_index.get(m.slot) or r in tables:
            continue
        t = wanted_table[r]
        if isinstance(t, int) and not isinstance(t, bool) and 1 <= t <= prob.T and (fixed[r], t) not in taken:
            tables[r] = t
            taken.add((fixed[r], t))
    return fixed, tables, dropped


def number_tables(prob: Problem, slot_of: list[int], kept_tables: dict[int, int]) -> list[Meeting]:
    """Meetings with tables: kept ones on their table, the others on the lowest free tables of their slot."""
    taken: list[set[int]] = [set() for _ in range(prob.S)]
    for r, t in kept_tables.items():
        taken[slot_of[r]].add(t)
    next_free = [1] * prob.S
    meetings = []
    for r, s in enumerate(slot_of):
        if s < 0:
            continue
        t = kept_tables.get(r)
        if t is None:
            t = next_free[s]
            while t in taken[s]:
                t += 1
            taken[s].add(t)
            next_free[s] = t + 1
        meetings.append(Meeting(prob.req_ids[r], prob.slot_ids[s], t))
    meetings.sort(key=lambda m: (m.slot, m.table))
    return meetings


class _Shared:
    """What the background threads report to the main search."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.bound: int | None = None
        self.bound_source: str | None = None
        self.cp_solution: list[int] | None = None
        self.cp_value = -1
        self.cp_status: str | None = None
        self.cp_bound: int | None = None
        self.lp_seconds: float | None = None

    def offer_bound(self, bound: int, source: str) -> None:
        with self.lock:
            if self.bound is None or bound < self.bound:
                self.bound = bound
                self.bound_source = source


def _lp_thread(lp, deadline: float, shared: _Shared) -> None:
    started = time.monotonic()
    try:
        bound = lp.solve(deadline - started)
    except Exception:  # no bound is acceptable, a crash of the whole solve is not
        bound = None
    shared.lp_seconds = time.monotonic() - started
    if bound is not None:
        shared.offer_bound(bound, "lp")


def _cp_thread(prob: Problem, fixed: dict[int, int], hint: list[int], deadline: float, seed: int,
               shared: _Shared) -> None:
    try:
        from matchmaker.scheduling.cpsat import solve_cpsat
    except ImportError:  # pragma: no cover - ortools missing: annealing only
        shared.cp_status = "unavailable"
        return

    def on_solution(slot_of: list[int], value: int) -> None:
        with shared.lock:
            if value > shared.cp_value:
                shared.cp_value = value
                shared.cp_solution = slot_of

    try:
        res = solve_cpsat(prob, fixed, deadline - time.monotonic(), hint=hint, workers=1, seed=seed,
                          on_solution=on_solution, stop=shared.stop)
    except Exception as exc:  # pragma: no cover - defensive: the annealing result still stands
        shared.cp_status = f"error: {exc}"
        return
    shared.cp_status = res.status
    if res.slot_of is not None:
        on_solution(res.slot_of, res.value)
    if res.bound is not None:
        shared.cp_bound = res.bound
        shared.offer_bound(res.bound, "cp-sat")


def solve(instance: Instance, time_limit: float = DEFAULT_TIME_LIMIT, keep: Iterable[Meeting] = (), seed: int = 0,
          *, use_cp: bool | None = None, use_lp: bool = True, use_anneal: bool = True) -> Schedule:
    """Best schedule found within `time_limit` seconds; see the module docstring for `keep` and determinism.

    The keyword-only switches exist for benchmarks and tests: ``use_cp`` forces CP-SAT on (True) or off (False)
    regardless of the model size; ``use_anneal=False`` skips the annealing (greedy + CP-SAT only).
    """
    started = time.monotonic()
    deadline = started + max(0.05, time_limit - SAFETY)
    prob = Problem.build(instance)
    fixed, kept_tables, dropped = resolve_keep(prob, keep)
    ls = LocalSearch(prob, fixed, seed)
    ls.greedy()
    shared = _Shared()
    threads = []
    if use_lp and ls.candidates:
        from matchmaker.scheduling.bound import prepare_lp

        lp = prepare_lp(prob, fixed)
        if lp is not None:
            threads.append(threading.Thread(target=_lp_thread, args=(lp, deadline, shared), daemon=True))
    n_vars = sum(len(prob.common[r]) for r in ls.candidates)
    run_cp = (n_vars <= CP_MAX_VARS) if use_cp is None else use_cp
    run_cp = run_cp and bool(ls.candidates)
    for t in threads:
        t.start()
    cp_started = False
    cp_start_at = time.monotonic() + (min(1.0, 0.1 * time_limit) if use_anneal else 0.0)

    def start_cp() -> None:
        nonlocal cp_started
        cp_started = True
        th = threading.Thread(target=_cp_thread, args=(prob, fixed, list(ls.best_slot_of), deadline, seed, shared),
                              daemon=True)
        threads.append(th)
        th.start()

    def proved() -> bool:
        bound = shared.bound
        return bound is not None and max(ls.best_value, ls.value, shared.cp_value) >= bound

    def check() -> bool:
        """Called by the annealing every few moves: True to stop."""
        if run_cp and not cp_started and time.monotonic() >= cp_start_at:
            start_cp()
        if shared.cp_solution is not None and shared.cp_value > ls.best_value:
            with shared.lock:
                solution = shared.cp_solution
            ls.adopt(solution)
        if proved() or shared.cp_status == "OPTIMAL":
            return True
        return False

    if use_anneal:
        ls.anneal(deadline, stop=check)
    else:
        if run_cp:
            start_cp()
        while time.monotonic() < deadline and not check() and any(t.is_alive() for t in threads):
            time.sleep(0.02)
    if run_cp and not cp_started and not proved():
        start_cp()
    shared.stop.set()
    for t in threads:
        t.join(timeout=max(0.0, deadline + SAFETY * 0.5 - time.monotonic()))
    check()
    ls.restore_best()
    best = ls.best_slot_of
    value = ls.best_value
    source = "anneal" if use_anneal else "greedy"
    with shared.lock:
        if shared.cp_solution is not None and shared.cp_value > value:
            best, value, source = shared.cp_solution, shared.cp_value, "cp-sat"
    meetings = number_tables(prob, best, kept_tables)
    objective = sum(prob.wf[r] for r, s in enumerate(best) if s >= 0)
    bound = shared.bound
    stats: dict[str, Any] = {
        "solver": "anneal+cp-sat" if run_cp and use_anneal else ("cp-sat" if run_cp else source),
        "best_from": source,
        "seconds": round(time.monotonic() - started, 3),
        "time_limit": time_limit,
        "seed": seed,
        "iterations": ls.iterations,
        "meetings": len(meetings),
        "cp_sat": shared.cp_status if run_cp else "skipped",
        "lp_seconds": None if shared.lp_seconds is None else round(shared.lp_seconds, 3),
    }
    if bound is not None:
        bound = max(bound, value)
        stats["bound"] = round(bound / prob.scale, 6)
        stats["bound_source"] = shared.bound_source
        stats["gap"] = round((bound - value) / bound, 6) if bound > 0 else 0.0
        stats["optimal"] = value >= bound
    elif shared.cp_status == "OPTIMAL":
        stats["optimal"] = True
    if fixed or dropped:
        kept_ids = {prob.req_ids[r] for r in fixed}
        stats["kept"] = len(kept_ids)
        stats["retabled"] = sorted(prob.req_ids[r] for r in fixed if r not in kept_tables)
        stats["dropped"] = dropped
    return Schedule(meetings, objective, stats)
