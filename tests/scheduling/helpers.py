"""Shared helpers for the scheduling tests: a copy of the reference checker's rules and a brute-force optimum."""
from __future__ import annotations

import itertools
from typing import Any

from matchmaker.scheduling.instance import Instance


def reference_check(inst: dict[str, Any], sched: dict[str, Any]) -> tuple[float, int]:
    """The rules of shared/tools/check_schedule.py (copied so the tests need no file outside the repository)."""
    slots = set(inst["slots"])
    avail = {p["id"]: set(p["available"]) for p in inst["participants"]}
    cap = {p["id"]: p["max_meetings"] for p in inst["participants"]}
    reqs = {r["id"]: r for r in inst["requests"]}
    used_req, busy, tables, count = set(), set(), set(), {}
    obj = 0.0
    for mt in sched["meetings"]:
        rid, s, t = mt["request"], mt["slot"], mt["table"]
        if rid not in reqs:
            raise ValueError(f"unknown request {rid}")
        if rid in used_req:
            raise ValueError(f"request {rid} scheduled twice")
        used_req.add(rid)
        if s not in slots:
            raise ValueError(f"unknown slot {s}")
        if not (isinstance(t, int) and 1 <= t <= inst["tables"]):
            raise ValueError(f"bad table {t} for {rid}")
        if (s, t) in tables:
            raise ValueError(f"table {t} double-booked in {s}")
        tables.add((s, t))
        r = reqs[rid]
        for p in (r["a"], r["b"]):
            if s not in avail[p]:
                raise ValueError(f"{p} not available in {s}")
            if (p, s) in busy:
                raise ValueError(f"{p} has two meetings in {s}")
            busy.add((p, s))
            count[p] = count.get(p, 0) + 1
            if count[p] > cap[p]:
                raise ValueError(f"{p} over max_meetings")
        obj += r["weight"]
    return round(obj, 4), len(sched["meetings"])


def brute_force_optimum(instance: Instance) -> float:
    """Best total weight by trying every slot (or none) for every request; only for a handful of requests."""
    reqs = instance.requests
    options = [[None] + [s for s in instance.slots if s in instance.participants[r.a].available
                         and s in instance.participants[r.b].available] for r in reqs]
    best = 0.0
    for choice in itertools.product(*options):
        busy: set[tuple[str, str]] = set()
        count: dict[str, int] = {}
        load: dict[str, int] = {}
        total = 0.0
        for r, s in zip(reqs, choice):
            if s is None:
                continue
            if (r.a, s) in busy or (r.b, s) in busy:
                break
            busy.update({(r.a, s), (r.b, s)})
            count[r.a] = count.get(r.a, 0) + 1
            count[r.b] = count.get(r.b, 0) + 1
            load[s] = load.get(s, 0) + 1
            if count[r.a] > instance.participants[r.a].max_meetings or count[r.b] > instance.participants[r.b].max_meetings:
                break
            if load[s] > instance.tables:
                break
            total += r.weight
        else:
            best = max(best, total)
    return best


def tiny_instance(seed: int) -> dict[str, Any]:
    """Six requests among five participants, three slots, one or two tables: small enough for brute force."""
    import random

    rng = random.Random(seed)
    slots = ["s1", "s2", "s3"]
    people = [{"id": f"p{i}", "available": sorted(rng.sample(slots, rng.randint(1, 3))), "max_meetings": rng.randint(1, 3)}
              for i in range(5)]
    pairs = rng.sample([(a, b) for a in range(5) for b in range(a + 1, 5)], 6)
    requests = [{"id": f"r{k}", "a": f"p{a}", "b": f"p{b}", "weight": round(rng.uniform(0.5, 4.5), 2)}
                for k, (a, b) in enumerate(pairs)]
    return {"slots": slots, "tables": rng.randint(1, 2), "participants": people, "requests": requests}
