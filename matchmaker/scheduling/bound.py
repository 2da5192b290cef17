"""Upper bound from the LP relaxation of the exact model, solved with HiGHS through SciPy.

On the generator behind the dev instances this relaxation is almost integral (dev-11 and dev-22: equal to the
optimum; dev-33: within 0.01 %), so it both reports an honest gap and lets the solver stop as soon as the incumbent
reaches it.  SciPy is optional: without it (or when HiGHS runs out of time) there is simply no bound.
"""
from __future__ import annotations

import math

from matchmaker.scheduling.problem import Problem


def lp_bound(prob: Problem, fixed: dict[int, int], time_limit: float) -> int | None:
    """A scaled integer upper bound on the best schedule that contains the `fixed` meetings, or None."""
    lp = prepare_lp(prob, fixed)
    return None if lp is None else lp.solve(time_limit)


class PreparedLP:
    """The LP built in the calling thread; :meth:`solve` spends its time in HiGHS (native code, GIL released)."""

    def __init__(self, base: int, c=None, A=None, rhs=None):
        self.base = base
        self.c = c
        self.A = A
        self.rhs = rhs

    def solve(self, time_limit: float) -> int | None:
        if self.c is None:
            return self.base
        if time_limit <= 0.05:
            return None
        from scipy.optimize import linprog

        try:
            res = linprog(self.c, A_ub=self.A, b_ub=self.rhs, bounds=(0, 1), method="highs",
                          options={"time_limit": float(time_limit), "presolve": True})
        except Exception:  # pragma: no cover - numerical trouble inside HiGHS: no bound rather than no schedule
            return None
        if res.status != 0 or res.fun is None or not math.isfinite(res.fun):
            return None
        # floor(x + 0.5): robust to HiGHS tolerances (far below half a scaled unit), tight when the LP is integral
        return self.base + math.floor(-res.fun + 0.5)


def prepare_lp(prob: Problem, fixed: dict[int, int]) -> PreparedLP | None:
    """Build the relaxation (None when SciPy is missing)."""
    try:
        import numpy as np
        import scipy.optimize  # noqa: F401 - imported here, in the caller's thread, not under the search's GIL load
        from scipy.sparse import csr_matrix
    except ImportError:  # pragma: no cover - scipy is a dependency of the platform's ML stack
        return None
    S = prob.S
    T = prob.T
    deg = [0] * prob.P
    load = [0] * S
    busy = set()
    base = 0
    for r, s in fixed.items():
        for p in (prob.a[r], prob.b[r]):
            deg[p] += 1
            busy.add(p * S + s)
        load[s] += 1
        base += prob.w[r]
    # variables (r, s); rows: one per request, participant-slot, participant and slot
    var_r: list[int] = []
    var_s: list[int] = []
    for r in range(prob.R):
        if r in fixed:
            continue
        a = prob.a[r]
        b = prob.b[r]
        if deg[a] >= prob.cap[a] or deg[b] >= prob.cap[b]:
            continue
        for s in prob.common[r]:
            if load[s] < T and a * S + s not in busy and b * S + s not in busy:
                var_r.append(r)
                var_s.append(s)
    n = len(var_r)
    if n == 0:
        return PreparedLP(base)
    vr = np.asarray(var_r, dtype=np.int64)
    vs = np.asarray(var_s, dtype=np.int64)
    pa = np.asarray(prob.a, dtype=np.int64)[vr]
    pb = np.asarray(prob.b, dtype=np.int64)[vr]
    R, P = prob.R, prob.P
    # row blocks: requests [0, R), participant-slot [R, R + P*S), participants [.., + P), slots [.., + S)
    off_ps = R
    off_p = off_ps + P * S
    off_s = off_p + P
    rows = np.concatenate([vr, off_ps + pa * S + vs, off_ps + pb * S + vs, off_p + pa, off_p + pb, off_s + vs])
    cols = np.tile(np.arange(n, dtype=np.int64), 6)
    rhs = np.concatenate([
        np.ones(R + P * S),
        np.asarray(prob.cap, dtype=float) - np.asarray(deg, dtype=float),
        float(T) - np.asarray(load, dtype=float),
    ])
    used = np.unique(rows)
    remap = np.full(off_s + S, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    A = csr_matrix((np.ones(len(rows)), (remap[rows], cols)), shape=(len(used), n))
    c = -np.asarray(prob.w, dtype=float)[vr]
    return PreparedLP(base, c, A, rhs[used])
