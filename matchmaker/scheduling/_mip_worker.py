"""Child process that runs the HiGHS MIP, so the parent can kill it at its deadline.

HiGHS does not look at its time limit during presolve and the root node (we measured 4 s overruns on a 44k-variable
model), so the MIP runs here, not in a thread.  Run as a script (``python _mip_worker.py``) so that it only imports
NumPy and SciPy, not the web application.  Input on stdin: an ``.npz`` with ``c``, ``indptr``, ``indices``, ``rhs``
and ``time_limit``; output on stdout: one JSON line ``{"status", "chosen", "bound"}``.
"""
import io
import json
import math
import sys


def main() -> None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    data = np.load(io.BytesIO(sys.stdin.buffer.read()))
    c = data["c"]
    indptr = data["indptr"]
    indices = data["indices"]
    rhs = data["rhs"]
    A = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rhs), len(c)))
    res = milp(c, integrality=np.ones(len(c)), bounds=Bounds(0, 1), constraints=LinearConstraint(A, -np.inf, rhs),
               options={"time_limit": float(data["time_limit"]), "presolve": True, "mip_rel_gap": 1e-9})
    chosen = [] if res.x is None else np.flatnonzero(np.asarray(res.x) > 0.5).tolist()
    dual = getattr(res, "mip_dual_bound", None)
    bound = -dual if dual is not None and math.isfinite(dual) else None
    out = {"status": int(res.status), "found": res.x is not None, "chosen": chosen, "bound": bound}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
