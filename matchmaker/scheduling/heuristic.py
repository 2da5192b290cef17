"""Greedy construction plus simulated annealing over ejection-chain moves.

State: ``slot_of[r]`` (-1 when request ``r`` is not scheduled), ``occ[p * S + s]`` (the request participant ``p``
meets in slot ``s``, or -1), meeting counts per participant and per slot.  Tables are not part of the search: any
``n <= tables`` meetings of a slot can be numbered 1..n afterwards.

The move: take a request and a candidate slot for it (a different slot when it is already scheduled) and put it
there, ejecting whatever is in the way (the meetings its two participants already have in that slot, the cheapest of
a few sampled meetings of the slot when the slot is full, the cheapest meeting of a participant at `max_meetings`).
Ejected meetings are then re-inserted in any slot where they fit (which makes the move a relocation chain when they
do), and participants who lost a meeting get their best unscheduled request if it fits.  The move is accepted with
the Metropolis rule; the best state seen is kept.  Meetings that are fixed (kept from a published schedule) are
never ejected or moved.
"""
from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from matchmaker.scheduling.problem import Problem


class LocalSearch:
    def __init__(self, prob: Problem, fixed: dict[int, int] | None = None, seed: int = 0):
        self.prob = prob
        S, P, R = prob.S, prob.P, prob.R
        self.occ = [-1] * (P * S)
        self.slot_of = [-1] * R
        self.deg = [0] * P
        self.load = [0] * S
        self.members: list[list[int]] = [[] for _ in range(S)]
        self.pos = [0] * R
        self.fixed = [False] * R
        self.value = 0
        self.rng = random.Random(seed)
        self.log: list[tuple[int, int, bool]] | None = None
        self.iterations = 0
        for r, s in (fixed or {}).items():
            self._add(r, s)
            self.fixed[r] = True
        self.best_value = self.value
        self.best_slot_of = list(self.slot_of)
        self.candidates = [r for r in range(R) if prob.common[r] and not self.fixed[r]]

    # -- elementary operations -------------------------------------------------------------------------------------
    def _add(self, r: int, s: int) -> None:
        prob = self.prob
        S = prob.S
        a = prob.a[r]
        b = prob.b[r]
        self.occ[a * S + s] = r
        self.occ[b * S + s] = r
        self.slot_of[r] = s
        self.deg[a] += 1
        self.deg[b] += 1
        self.load[s] += 1
        m = self.members[s]
        self.pos[r] = len(m)
        m.append(r)
        self.value += prob.w[r]
        if self.log is not None:
            self.log.append((r, s, True))

    def _remove(self, r: int) -> None:
        prob = self.prob
        S = prob.S
        s = self.slot_of[r]
        a = prob.a[r]
        b = prob.b[r]
        self.occ[a * S + s] = -1
        self.occ[b * S + s] = -1
        self.slot_of[r] = -1
        self.deg[a] -= 1
        self.deg[b] -= 1
        self.load[s] -= 1
        m = self.members[s]
        last = m.pop()
        if last != r:
            i = self.pos[r]
            m[i] = last
            self.pos[last] = i
        self.value -= prob.w[r]
        if self.log is not None:
            self.log.append((r, s, False))

    def _undo(self, mark: int) -> None:
        log = self.log
        self.log = None
        while len(log) > mark:
            r, s, added = log.pop()
            if added:
                self._remove(r)
            else:
                self._add(r, s)
        self.log = log

    # -- insertion -------------------------------------------------------------------------------------------------
    def fits(self, r: int, s: int) -> bool:
        """Whether request r can go to slot s without ejecting anything."""
        prob = self.prob
        a = prob.a[r]
        b = prob.b[r]
        S = prob.S
        return (self.load[s] < prob.T and self.occ[a * S + s] < 0 and self.occ[b * S + s] < 0
                and self.deg[a] < prob.cap[a] and self.deg[b] < prob.cap[b])

    def free_slot(self, r: int) -> int:
        """A slot where `r` fits without ejecting anything (the least loaded one), or -1."""
        prob = self.prob
        a = prob.a[r]
        b = prob.b[r]
        if self.deg[a] >= prob.cap[a] or self.deg[b] >= prob.cap[b]:
            return -1
        S = prob.S
        occ = self.occ
        load = self.load
        T = prob.T
        ao = a * S
        bo = b * S
        best = -1
        best_load = T
        for s in prob.common[r]:
            ls = load[s]
            if ls < best_load and occ[ao + s] < 0 and occ[bo + s] < 0:
                best = s
                best_load = ls
        return best

    def try_insert(self, r: int) -> bool:
        s = self.free_slot(r)
        if s < 0:
            return False
        self._add(r, s)
        return True

    def greedy(self) -> None:
        """Schedule requests heaviest first (fewest candidate slots first among equals) wherever they fit."""
        prob = self.prob
        order = sorted(self.candidates, key=lambda r: (-prob.w[r], len(prob.common[r]), r))
        for r in order:
            if self.slot_of[r] < 0:
                self.try_insert(r)
        self._save_best()

    def _cheapest_of(self, p: int, exclude: int) -> int:
        """The cheapest non-fixed meeting of participant p (other than `exclude`), or -1."""
        prob = self.prob
        S = prob.S
        occ = self.occ
        w = prob.w
        fixed = self.fixed
        best = -1
        best_w = None
        base = p * S
        for s in range(S):
            q = occ[base + s]
            if q >= 0 and q != exclude and not fixed[q] and (best_w is None or w[q] < best_w):
                best = q
                best_w = w[q]
        return best

    def _slot_victim(self, s: int, samples: int = 4) -> int:
        m = self.members[s]
        fixed = self.fixed
        w = self.prob.w
        rnd = self.rng.random
        best = -1
        best_w = None
        n = len(m)
        for _ in range(samples):
            q = m[int(rnd() * n)]
            if not fixed[q] and (best_w is None or w[q] < best_w):
                best = q
                best_w = w[q]
        return best

    def _eject_insert(self, r: int, s: int, ejected: list[int]) -> bool:
        """Put r in slot s, ejecting what is in the way (appended to `ejected`); False when a fixed meeting blocks."""
        prob = self.prob
        S = prob.S
        a = prob.a[r]
        b = prob.b[r]
        occ = self.occ
        fixed = self.fixed
        for q in (occ[a * S + s], occ[b * S + s]):
            if q >= 0:
                if fixed[q]:
                    return False
                if self.slot_of[q] >= 0:
                    self._remove(q)
                    ejected.append(q)
        if self.load[s] >= prob.T:
            q = self._slot_victim(s)
            if q < 0:
                return False
            self._remove(q)
            ejected.append(q)
        for p in (a, b):
            if self.deg[p] >= prob.cap[p]:
                q = self._cheapest_of(p, r)
                if q < 0:
                    return False
                self._remove(q)
                ejected.append(q)
        self._add(r, s)
        return True

    def _repair(self, ejected: list[int], skip_a: int, skip_b: int) -> None:
        prob = self.prob
        for q in ejected:
            if self.slot_of[q] < 0:
                self.try_insert(q)
        slot_of = self.slot_of
        incident = prob.incident
        for q in ejected:
            for c in (prob.a[q], prob.b[q]):
                if c == skip_a or c == skip_b or self.deg[c] >= prob.cap[c]:
                    continue
                tries = 0
                for r2 in incident[c]:
                    if slot_of[r2] < 0:
                        if self.try_insert(r2):
                            break
                        tries += 1
                        if tries >= 6:
                            break

    def _save_best(self) -> None:
        if self.value > self.best_value:
            self.best_value = self.value
            self.best_slot_of = list(self.slot_of)

    # -- annealing -------------------------------------------------------------------------------------------------
    def anneal(self, deadline: float, t_start: float | None = None, t_end: float | None = None,
               max_iterations: int | None = None, stop: Callable[[], bool] | None = None) -> None:
        """Simulated annealing until `deadline` (time.monotonic), `max_iterations` or `stop()`; keeps the best state."""
        prob = self.prob
        cands = self.candidates
        if not cands:
            return
        rng = self.rng
        rnd = rng.random
        ncand = len(cands)
        mean_w = max(1.0, sum(prob.w[r] for r in cands) / ncand)
        t_start = 0.1 * mean_w if t_start is None else t_start
        t_end = 0.005 * mean_w if t_end is None else t_end
        start = time.monotonic()
        span = max(1e-3, deadline - start)
        temp = t_start
        log: list[tuple[int, int, bool]] = []
        self.log = log
        slot_of = self.slot_of
        common = prob.common
        it = 0
        ejected: list[int] = []
        try:
            while True:
                if it & 127 == 0:
                    now = time.monotonic()
                    if now >= deadline or (max_iterations is not None and it >= max_iterations):
                        break
                    if stop is not None and it & 1023 == 0 and stop():
                        break
                    # with a move budget the schedule depends on moves only, so a seed gives one result
                    frac = (now - start) / span if max_iterations is None else it / max_iterations
                    temp = t_start * (t_end / t_start) ** min(1.0, frac)
                it += 1
                r = cands[int(rnd() * ncand)]
                slots = common[r]
                cur = slot_of[r]
                if cur >= 0 and len(slots) == 1:
                    continue
                s = slots[int(rnd() * len(slots))]
                if s == cur:
                    continue
                before = self.value
                log.clear()
                ejected.clear()
                if cur >= 0:
                    self._remove(r)
                if not self._eject_insert(r, s, ejected):
                    self._undo(0)
                    continue
                self._repair(ejected, prob.a[r], prob.b[r])
                delta = self.value - before
                if delta >= 0 or rnd() < math.exp(delta / temp):
                    if delta < 0 and before > self.best_value:
                        # a worsening move out of a state better than the saved best: save that state first
                        # (undo the move, copy, replay by loading the post-move copy; rare, so O(R) is fine)
                        after = list(slot_of)
                        self._undo(0)
                        self.best_value = self.value
                        self.best_slot_of = list(slot_of)
                        self._load(after)
                else:
                    self._undo(0)
        finally:
            self.log = None
            self.iterations += it
        self._save_best()

    def _load(self, target: list[int]) -> None:
        """Switch the state to assignment `target` (fixed meetings are common to both)."""
        log = self.log
        self.log = None
        cur = self.slot_of
        for r in range(self.prob.R):
            if cur[r] >= 0 and cur[r] != target[r]:
                self._remove(r)
        for r in range(self.prob.R):
            if target[r] >= 0 and cur[r] != target[r]:
                self._add(r, target[r])
        self.log = log

    def adopt(self, slot_of: list[int]) -> None:
        """Continue from another (better) assignment, found by another engine."""
        self._load(slot_of)
        self._save_best()

    def restore_best(self) -> None:
        self._load(self.best_slot_of)


def run_heuristic(prob: Problem, fixed: dict[int, int], deadline: float, seed: int = 0,
                  hint: list[int] | None = None) -> LocalSearch:
    ls = LocalSearch(prob, fixed, seed)
    if hint is not None:
        ls._load(hint)
        ls._save_best()
    ls.greedy()
    ls.anneal(deadline)
    ls.restore_best()
    return ls
