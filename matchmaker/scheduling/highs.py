"""LP relaxation and MIP of the exact model, solved by HiGHS through SciPy (``linprog`` / ``milp``).

Variables ``x[r, s]`` in [0, 1] for request ``r`` and candidate slot ``s``; rows: at most one slot per request, at most
one meeting per participant and slot, at most ``max_meetings`` per participant (minus kept meetings), at most
``tables`` per slot (minus kept meetings).  Fixed (kept) meetings are constants.

On the generator behind the dev instances the relaxation is integral or nearly so: for dev-22 and dev-33 the LP
vertex HiGHS returns *is* an optimal schedule, for dev-11 the LP value equals the optimum.  So the LP gives both the
bound and, usually, the optimum; when it is fractional, a MIP on the variables the LP left open (the others fixed)
and then the full MIP (branch-and-cut on the same strong relaxation) close the gap far faster than CP-SAT does.
SciPy is optional at run time: without it the annealing works alone and no bound is reported.
"""
from __future__ import annotations

import io
import json
import math
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchmaker.scheduling.problem import Problem

INTEGRAL_TOL = 1e-6


@dataclass
class HighsResult:
    slot_of: list[int] | None  # full assignment (fixed included) when HiGHS returned an integral point
    value: int  # its scaled objective
    bound: int | None  # scaled upper bound (None when HiGHS stopped before proving one)
    optimal: bool
    status: str
    fractional: int = 0  # number of fractional LP variables (LP only)
    x: Any = None  # the raw LP solution, for rounding


def integer_bound(objective: float) -> int:
    """Scaled upper bound from a HiGHS maximum: floor(v + 0.5).

    The true optimum is an integer (scaled weights) <= the exact LP value; HiGHS' error is orders of magnitude below
    half a unit, so rounding to nearest never cuts below the optimum and stays tight when the LP is integral.
    """
    return math.floor(objective + 0.5)


def _talk(proc: subprocess.Popen, data: bytes, out: list[bytes]) -> None:
    try:
        stdout, _ = proc.communicate(data)
    except (OSError, ValueError):
        return
    out.append(stdout)


class PreparedLP:
    """The model built in the calling thread; :meth:`solve_lp` / :meth:`solve_mip` spend their time in HiGHS."""

    def __init__(self, prob: Problem, fixed: dict[int, int], base: int, var_r=None, var_s=None, c=None, A=None,
                 rhs=None):
        self.prob = prob
        self.fixed = fixed
        self.base = base
        self.var_r = var_r
        self.var_s = var_s
        self.c = c
        self.A = A
        self.rhs = rhs

    @property
    def size(self) -> int:
        return 0 if self.c is None else len(self.c)

    def _assignment(self, chosen) -> list[int]:
        slot_of = [-1] * self.prob.R
        for r, s in self.fixed.items():
            slot_of[r] = s
        for k in chosen:
            slot_of[int(self.var_r[k])] = int(self.var_s[k])
        return slot_of

    def _empty(self) -> HighsResult:
        slot_of = self._assignment([])
        return HighsResult(slot_of, self.base, self.base, True, "empty")

    def solve_lp(self, time_limit: float) -> HighsResult | None:
        if self.c is None:
            return self._empty()
        if time_limit <= 0.05:
            return None
        import numpy as np
        from scipy.optimize import linprog

        try:
            res = linprog(self.c, A_ub=self.A, b_ub=self.rhs, bounds=(0, 1), method="highs",
                          options={"time_limit": float(time_limit), "presolve": True})
        except Exception:  # pragma: no cover - numerical trouble inside HiGHS: no bound rather than no schedule
            return None
        if res.status != 0 or res.x is None or res.fun is None or not math.isfinite(res.fun):
            return None
        x = np.asarray(res.x)
        bound = self.base + integer_bound(-res.fun)
        fractional = int(((x > INTEGRAL_TOL) & (x < 1 - INTEGRAL_TOL)).sum())
        slot_of = None
        value = 0
        if fractional == 0:
            slot_of = self._assignment(np.flatnonzero(x > 0.5))
            try:
                self.prob.check(slot_of)
            except ValueError:  # pragma: no cover - tolerance trouble: treat as fractional
                slot_of = None
            else:
                value = self.prob.value(slot_of)
        return HighsResult(slot_of, value, bound, slot_of is not None and value >= bound, "lp", fractional, x)

    def solve_mip(self, time_limit: float, kill_at: float | None = None, stop=None) -> HighsResult | None:
        """Run the MIP in a child process given `time_limit` seconds, killed at `kill_at` (time.monotonic) at the latest.

        `stop` (a threading.Event) kills it early.  None when the child could not run or returned nothing.
        """
        if self.c is None:
            return self._empty()
        import numpy as np
        import scipy.sparse

        started = time.monotonic()
        kill_at = started + time_limit + 1.0 if kill_at is None else kill_at
        A = scipy.sparse.csr_matrix(self.A)
        buffer = io.BytesIO()
        np.savez(buffer, c=self.c, indptr=A.indptr.astype(np.int64), indices=A.indices.astype(np.int64), rhs=self.rhs,
                 time_limit=np.float64(time_limit))
        worker = Path(__file__).with_name("_mip_worker.py")
        try:
            proc = subprocess.Popen([sys.executable, str(worker)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL)
        except OSError:
            return None
        out: list[bytes] = []
        reader = threading.Thread(target=_talk, args=(proc, buffer.getvalue(), out), daemon=True)
        reader.start()
        while reader.is_alive() and time.monotonic() < kill_at and not (stop is not None and stop.is_set()):
            reader.join(timeout=0.02)
        if reader.is_alive():
            proc.kill()
            reader.join(timeout=1.0)
            proc.wait(timeout=1.0)
            return None
        proc.wait(timeout=1.0)
        try:
            res = json.loads(out[0]) if out else None
        except ValueError:
            res = None
        if not res:
            return None
        bound = None if res.get("bound") is None else self.base + integer_bound(res["bound"])
        slot_of = None
        value = 0
        if res.get("found"):
            slot_of = self._assignment(res["chosen"])
            try:
                self.prob.check(slot_of)
            except ValueError:  # pragma: no cover - HiGHS tolerance trouble: ignore the point
                slot_of = None
            else:
                value = self.prob.value(slot_of)
        optimal = res.get("status") == 0 and slot_of is not None and (bound is None or value >= bound)
        return HighsResult(slot_of, value, bound, optimal, f"mip:{res.get('status')}")

    def integral_part(self, x) -> dict[int, int]:
        """{request: slot} of the variables at 1 in an LP solution."""
        import numpy as np

        return {int(self.var_r[k]): int(self.var_s[k]) for k in np.flatnonzero(x > 1 - INTEGRAL_TOL)}

    def round(self, x) -> list[tuple[int, int]]:
        """LP variables by decreasing value (value > 0): the order in which a rounding should try them."""
        import numpy as np

        order = np.argsort(-x, kind="stable")
        order = order[x[order] > INTEGRAL_TOL]
        return [(int(self.var_r[k]), int(self.var_s[k])) for k in order]


def prepare(prob: Problem, fixed: dict[int, int]) -> PreparedLP | None:
    """Build the relaxation (None when SciPy is missing)."""
    try:
        import numpy as np
        import scipy.optimize  # noqa: F401 - imported here, in the caller's thread, so the solve thread only computes
        from scipy.sparse import csr_matrix
    except ImportError:  # pragma: no cover - scipy comes with the platform's ML stack
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
        return PreparedLP(prob, fixed, base)
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
    return PreparedLP(prob, fixed, base, vr, vs, c, A, rhs[used])
