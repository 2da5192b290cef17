"""Random instances shaped like the dev instances, for tests and benchmarks.

Participants are available in a window of consecutive slots with a few gaps, ``max_meetings`` is 4, 6, 8 or 10, a
few hub participants attract many requests, and weights lie in [0.5, 4.5] with two decimals, small ones more common.
"""
from __future__ import annotations

import random
from typing import Any


def generate(slots: int, tables: int, participants: int, requests: int, seed: int = 0) -> dict[str, Any]:
    """An instance as the JSON document of DESIGN.md."""
    rng = random.Random(seed)
    slot_ids = [f"s{i + 1:02d}" for i in range(slots)]
    people = []
    for i in range(participants):
        length = rng.randint(max(1, slots // 3), slots)
        start = rng.randint(0, slots - length)
        window = [s for s in slot_ids[start:start + length] if rng.random() > 0.12] or [slot_ids[start]]
        people.append({"id": f"p{i + 1:04d}", "available": window, "max_meetings": rng.choice((4, 6, 8, 8, 10))})
    popularity = [rng.paretovariate(1.3) for _ in range(participants)]
    pairs: set[tuple[int, int]] = set()
    out = []
    limit = participants * (participants - 1) // 2
    while len(out) < min(requests, limit):
        a = rng.randrange(participants)
        b = rng.choices(range(participants), weights=popularity)[0]
        if a == b or (min(a, b), max(a, b)) in pairs:
            continue
        pairs.add((min(a, b), max(a, b)))
        weight = round(0.5 + 4.0 * rng.random() ** 1.6, 2)
        out.append({"id": f"r{len(out) + 1:05d}", "a": people[a]["id"], "b": people[b]["id"], "weight": weight})
    return {"slots": slot_ids, "tables": tables, "participants": people, "requests": out}
