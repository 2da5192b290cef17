"""Meeting scheduler: ``solve(instance, time_limit, keep, seed) -> Schedule``.

Algorithm
---------
1. Greedy: requests heaviest first, each into the least loaded slot where it fits (milliseconds).
2. Main thread: simulated annealing over ejection-chain moves (:mod:`matchmaker.scheduling.heuristic`), starting
   from the greedy schedule and adopting any better schedule another engine reports.
3. Background thread, HiGHS through SciPy (:mod:`matchmaker.scheduling.highs`; the GIL is released while it works):
   the LP relaxation gives an upper bound and, on the generator behind the dev instances, usually an integral vertex,
   i.e. a proved optimum (dev-22 and dev-33 are solved this way in 0.2 s and ~3 s).  When the LP is fractional its
   rounding is handed to the annealing, then a MIP restricted to what the LP left open (variables at 1 fixed) and
   finally the full MIP run in a child process that is killed at the deadline (HiGHS does not check its time limit
   during MIP presolve).
4. CP-SAT (:mod:`matchmaker.scheduling.cpsat`) is available with ``use_cp=True`` but off by default: at 20 s on two
   cores it never beat the annealing or HiGHS on this problem, and is far behind on the large instances.
5. The search stops as soon as an incumbent reaches the best bound (proved optimal) or at the deadline; the best
   schedule is returned, with tables numbered afterwards.

Time: the search deadline is ``time_limit - 0.3 s``; the LP gets a limit ending before that, the MIP child is
killed at it, so ``solve`` returns within the limit (plus at most ``JOIN_GRACE`` should a native solver run late).
Determinism: the greedy and the annealing moves are driven by ``random.Random(seed)``; with a move budget
(``moves=``) and HiGHS off the result depends on the seed only.  Otherwise the objective is reproducible whenever
the run ends on a proof (all dev instances), but which of several equally good schedules is returned, and what a
run cut by the clock reaches, can depend on timing.

Keeping a published schedule (``keep``)
---------------------------------------
Minimal disruption: every meeting of ``keep`` stays exactly where it is (same slot, same table) when that is still
feasible — the request still exists, the slot exists, both participants still exist and are available in that slot,
neither already has another kept meeting in that slot, neither exceeds ``max_meetings`` and the slot still has room.
Conflicts among kept meetings are settled heaviest first (then in the given order); meetings that cannot stay are
dropped (they are listed under ``stats["dropped"]``), never moved.  A kept meeting whose table no longer exists or is
taken by another kept meeting stays in its slot on the lowest free table (``stats["retabled"]``).  Kept meetings are
then frozen: the solver only *adds* new meetings in the capacity that is left (freed tables and participant time),
so freed capacity is refilled, but no kept meeting is moved, re-tabled or removed to make room.  The request of a
dropped meeting is an ordinary unscheduled request again: it comes back, as a new meeting, only if it fits around
the kept ones.

Progress and stopping early
---------------------------
``progress(incumbent, bound, elapsed)`` is called from the thread running ``solve`` (never from an engine's thread):
once after the greedy schedule, then whenever the best objective or the best bound improved (at most every
``PROGRESS_MIN_GAP`` s) and otherwise every ``PROGRESS_EVERY`` s, and a last time with the returned schedule's
values.  ``bound`` is None until an engine proved one.  Setting ``stop`` (a ``threading.Event``, set from the callback
or from another thread) ends the search: ``solve`` returns the best schedule found so far, with ``stats["stopped"]``.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from matchmaker.scheduling.heuristic import LocalSearch
from matchmaker.scheduling.instance import Instance, Meeting, Schedule
from matchmaker.scheduling.problem import Problem

DEFAULT_TIME_LIMIT = 20.0
SAFETY = 0.3  # seconds between the search deadline and the time limit: joining threads, building the result
LP_MARGIN = 1.0  # seconds between the LP's own time limit and the deadline
MIP_MARGIN = 2.5  # seconds between the MIP child's own time limit and the moment it is killed
JOIN_GRACE = 0.6  # how long past the time limit a late native solver is waited for
PROGRESS_EVERY = 0.5  # seconds between progress reports when nothing improved
PROGRESS_MIN_GAP = 0.1  # seconds between progress reports at least, however often the search improves

Progress = Callable[[float, float | None, float], None]


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
    """What the background engines report to the main search (guarded by `lock`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.bound: int | None = None
        self.bound_source: str | None = None
        self.solution: list[int] | None = None
        self.value = -1
        self.source: str | None = None
        self.proved_by: str | None = None
        self.status: dict[str, Any] = {}

    def offer_bound(self, bound: int | None, source: str) -> None:
        if bound is None:
            return
        with self.lock:
            if self.bound is None or bound < self.bound:
                self.bound = bound
                self.bound_source = source

    def offer_solution(self, slot_of: list[int] | None, value: int, source: str) -> None:
        if slot_of is None:
            return
        with self.lock:
            if value > self.value:
                self.value = value
                self.solution = slot_of
                self.source = source


class _Reporter:
    """Throttles the caller's progress callback; values arrive scaled, leave in the instance's weights."""

    def __init__(self, callback: Progress, scale: int, started: float) -> None:
        self.callback, self.scale, self.started = callback, scale, started
        self.last_at = -math.inf
        self.last: tuple[int, int | None] | None = None

    def __call__(self, value: int, bound: int | None, force: bool = False) -> None:
        now = time.monotonic()
        state = (value, bound)
        wait = PROGRESS_MIN_GAP if state != self.last else PROGRESS_EVERY
        if not force and now - self.last_at < wait:
            return
        self.last_at, self.last = now, state
        shown = None if bound is None else max(bound, value) / self.scale
        self.callback(value / self.scale, shown, now - self.started)


def _highs_thread(lp, prob: Problem, fixed: dict[int, int], deadline: float, use_mip: bool, seed: int,
                  shared: _Shared) -> None:
    """HiGHS, in order of cost: the LP relaxation (bound, and often the optimum itself: then done); its rounding;
    the MIP restricted to what the LP left open (LP ones fixed); the full MIP with the time left (a better bound)."""
    from matchmaker.scheduling.highs import prepare

    try:
        started = time.monotonic()
        # HiGHS' simplex honours its limit within ~0.2 s; ending a second early leaves room for that, because a HiGHS
        # thread still running when the interpreter exits aborts the process
        res = lp.solve_lp((deadline - started) - min(LP_MARGIN, 0.25 * (deadline - started)))
        shared.status["lp_seconds"] = round(time.monotonic() - started, 3)
        if res is None:
            shared.status["lp"] = "no result"
            return
        shared.status["lp"] = "integral" if res.slot_of is not None else f"{res.fractional} fractional"
        shared.offer_bound(res.bound, "lp")
        shared.offer_solution(res.slot_of, res.value, "lp")
        if res.optimal:
            shared.proved_by = "lp"
            return
        rounding = LocalSearch(prob, fixed, seed)
        for r, s in lp.round(res.x):
            if rounding.slot_of[r] < 0 and rounding.fits(r, s):
                rounding._add(r, s)
        rounding.greedy()
        shared.offer_solution(rounding.slot_of, rounding.value, "lp-rounding")
        if not use_mip:
            return
        ones = dict(fixed)
        ones.update(lp.integral_part(res.x))
        for name, model, share in (("sub_mip", prepare(prob, ones), 0.35), ("mip", lp, 1.0)):
            now = time.monotonic()
            if shared.stop.is_set() or shared.proved_by is not None or model is None:
                return
            limit = (deadline - now - MIP_MARGIN) * share
            if limit < 0.3:
                return
            res = model.solve_mip(limit, kill_at=deadline, stop=shared.stop)
            shared.status[f"{name}_seconds"] = round(time.monotonic() - now, 3)
            shared.status[name] = "killed" if res is None else res.status
            if res is not None:
                shared.offer_solution(res.slot_of, res.value, name)
                if model is lp:
                    shared.offer_bound(res.bound, "mip")
                    if res.optimal:
                        shared.proved_by = "mip"
    except Exception as exc:  # pragma: no cover - the annealing result still stands
        shared.status["highs"] = f"error: {exc!r}"


def _cp_thread(prob: Problem, fixed: dict[int, int], hint: list[int], deadline: float, seed: int, workers: int,
               shared: _Shared) -> None:
    try:
        from matchmaker.scheduling.cpsat import solve_cpsat
    except ImportError:  # pragma: no cover - ortools missing
        shared.status["cp_sat"] = "unavailable"
        return
    try:
        res = solve_cpsat(prob, fixed, deadline - time.monotonic(), hint=hint, workers=workers, seed=seed,
                          on_solution=lambda slot_of, value: shared.offer_solution(slot_of, value, "cp-sat"),
                          stop=shared.stop)
    except Exception as exc:  # pragma: no cover - defensive: the other engines' results still stand
        shared.status["cp_sat"] = f"error: {exc!r}"
        return
    shared.status["cp_sat"] = res.status
    shared.offer_solution(res.slot_of, res.value, "cp-sat")
    shared.offer_bound(res.bound, "cp-sat")
    if res.status == "OPTIMAL":
        shared.proved_by = "cp-sat"


def solve(instance: Instance, time_limit: float = DEFAULT_TIME_LIMIT, keep: Iterable[Meeting] = (), seed: int = 0,
          *, use_anneal: bool = True, use_highs: bool = True, use_mip: bool = True, use_cp: bool = False,
          moves: int | None = None, progress: Progress | None = None,
          stop: threading.Event | None = None) -> Schedule:
    """Best schedule found within `time_limit` seconds; see the module docstring for `keep` and determinism.

    The keyword-only switches choose the engines (for benchmarks and tests): the annealing, HiGHS (LP relaxation,
    and with `use_mip` the MIP after it), and CP-SAT on the full model (off by default: it loses to HiGHS on every
    instance of this problem we measured, see bench/schedule.py).  With every engine off, the greedy schedule is
    returned.  `moves` bounds the annealing by a number of moves instead of the clock (the time limit still applies):
    with HiGHS and CP-SAT off, the result then depends on the seed only.  `progress` and `stop` are described in
    the module docstring.
    """
    started = time.monotonic()
    deadline = started + max(0.05, time_limit - SAFETY)
    prob = Problem.build(instance)
    fixed, kept_tables, dropped = resolve_keep(prob, keep)
    ls = LocalSearch(prob, fixed, seed)
    ls.greedy()
    report = _Reporter(progress, prob.scale, started) if progress is not None else None
    if report is not None:
        report(ls.best_value, None, force=True)
    shared = _Shared()
    threads: list[threading.Thread] = []
    engines = ["greedy"]
    if ls.candidates and use_highs:
        from matchmaker.scheduling.highs import prepare

        lp = prepare(prob, fixed)
        if lp is not None:
            engines.append("highs-mip" if use_mip else "highs-lp")
            threads.append(threading.Thread(target=_highs_thread, args=(lp, prob, fixed, deadline, use_mip, seed, shared),
                                            daemon=True, name="schedule-highs"))
    if ls.candidates and use_cp:
        engines.append("cp-sat")
        workers = 1 if use_anneal or use_highs else 2  # alone, it gets both cores
        threads.append(threading.Thread(target=_cp_thread,
                                        args=(prob, fixed, list(ls.slot_of), deadline, seed, workers, shared),
                                        daemon=True, name="schedule-cp-sat"))
    if use_anneal and ls.candidates:
        engines.append("anneal")
    for th in threads:
        th.start()

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    def finished() -> bool:
        if shared.proved_by is not None or stopped():
            return True
        bound = shared.bound
        return bound is not None and max(ls.best_value, shared.value) >= bound

    def check() -> bool:
        """Polled by the annealing: adopt a better schedule found by another engine, report; True to stop."""
        if shared.value > ls.best_value:
            with shared.lock:
                solution = shared.solution
            ls.adopt(solution)
        if report is not None:  # the current state is valid too: the annealing saves its best lazily
            report(max(ls.best_value, ls.value, shared.value), shared.bound)
        return finished()

    if use_anneal and ls.candidates and not finished():
        ls.anneal(deadline, stop=check, max_iterations=moves)
    else:
        while time.monotonic() < deadline and not finished() and any(th.is_alive() for th in threads):
            if report is not None:
                report(max(ls.best_value, shared.value), shared.bound)
            time.sleep(0.01)
    shared.stop.set()
    for th in threads:  # they all end by the deadline; the margin only covers a late native solver
        th.join(timeout=max(0.0, started + time_limit + JOIN_GRACE - time.monotonic()))
    best, value, source = ls.best_slot_of, ls.best_value, ("anneal" if "anneal" in engines else "greedy")
    with shared.lock:
        other, other_value, other_source = shared.solution, shared.value, shared.source
    if other is not None and other_value >= value:
        try:
            prob.check(other)
        except ValueError as exc:  # pragma: no cover - never seen; the annealing's schedule is valid by construction
            stats_error = f"{other_source} returned an invalid schedule: {exc}"
            shared.status["rejected"] = stats_error
        else:
            best, value, source = other, other_value, other_source
    meetings = number_tables(prob, best, kept_tables)
    objective = math.fsum(prob.wf[r] for r, s in enumerate(best) if s >= 0)
    stats: dict[str, Any] = {
        "solver": "+".join(engines),
        "best_from": source,
        "seconds": round(time.monotonic() - started, 3),
        "time_limit": time_limit,
        "seed": seed,
        "anneal_moves": ls.iterations,
        "meetings": len(meetings),
    }
    stats.update(shared.status)
    bound = shared.bound
    if bound is not None:
        bound = max(bound, value)
        stats["bound"] = round(bound / prob.scale, 6)
        stats["bound_source"] = shared.bound_source
        stats["gap"] = round((bound - value) / bound, 6) if bound > 0 else 0.0
        stats["optimal"] = value >= bound
    else:
        stats["optimal"] = shared.proved_by is not None and source == shared.source
    if fixed or dropped:
        stats["kept"] = len(fixed)
        stats["retabled"] = sorted(prob.req_ids[r] for r in fixed if r not in kept_tables)
        stats["dropped"] = dropped
    if stopped():
        stats["stopped"] = True
    if report is not None:
        report(value, shared.bound, force=True)
    return Schedule(meetings, objective, stats)
