"""Integer-indexed view of an :class:`Instance` shared by the heuristic and the CP-SAT model.

Participants, slots and requests become 0-based indices; weights become integers (scaled by a power of ten so that
sums are exact: the dev instances have two decimals, so they are scaled by 100).  Requests that can never be scheduled
(no common slot, or a participant with ``max_meetings == 0``) are kept in the index but have no candidate slots.
"""
from __future__ import annotations

from dataclasses import dataclass

from matchmaker.scheduling.instance import Instance


def weight_scale(weights: list[float]) -> int:
    """Smallest power of ten (up to 10**6) that turns every weight into an integer; 10**6 (rounded) otherwise."""
    for k in range(7):
        scale = 10**k
        if all(abs(w * scale - round(w * scale)) <= 1e-7 * max(1.0, w * scale) for w in weights):
            return scale
    return 10**6


@dataclass
class Problem:
    instance: Instance
    S: int  # number of slots
    P: int  # number of participants
    R: int  # number of requests
    T: int  # tables per slot
    slot_ids: list[str]
    part_ids: list[str]
    req_ids: list[str]
    a: list[int]
    b: list[int]
    w: list[int]  # scaled integer weights
    wf: list[float]  # original weights
    scale: int
    cap: list[int]
    common: list[list[int]]  # candidate slots of each request (both participants available)
    incident: list[list[int]]  # schedulable requests of each participant, heaviest first

    @classmethod
    def build(cls, instance: Instance) -> Problem:
        slot_ids = list(instance.slots)
        slot_index = {s: i for i, s in enumerate(slot_ids)}
        part_ids = list(instance.participants)
        part_index = {p: i for i, p in enumerate(part_ids)}
        avail = [0] * len(part_ids)
        cap = [0] * len(part_ids)
        for i, pid in enumerate(part_ids):
            p = instance.participants[pid]
            cap[i] = p.max_meetings
            mask = 0
            for s in p.available:
                mask |= 1 << slot_index[s]
            avail[i] = mask if p.max_meetings > 0 else 0
        reqs = instance.requests
        wf = [r.weight for r in reqs]
        scale = weight_scale(wf)
        a = [part_index[r.a] for r in reqs]
        b = [part_index[r.b] for r in reqs]
        S = len(slot_ids)
        common = []
        for ra, rb, weight in zip(a, b, wf):
            mask = avail[ra] & avail[rb] if weight > 0 else 0
            common.append([s for s in range(S) if mask >> s & 1])
        w = [round(x * scale) for x in wf]
        incident: list[list[int]] = [[] for _ in part_ids]
        for r in sorted(range(len(reqs)), key=lambda r: -w[r]):
            if common[r]:
                incident[a[r]].append(r)
                incident[b[r]].append(r)
        return cls(instance, S, len(part_ids), len(reqs), instance.tables, slot_ids, part_ids, [r.id for r in reqs],
                   a, b, w, wf, scale, cap, common, incident)

    def value(self, slot_of: list[int]) -> int:
        return sum(self.w[r] for r, s in enumerate(slot_of) if s >= 0)

    def check(self, slot_of: list[int]) -> None:
        """Raise ValueError unless an assignment respects every rule (tables aside: numbered afterwards)."""
        busy = set()
        deg = [0] * self.P
        load = [0] * self.S
        for r, s in enumerate(slot_of):
            if s < 0:
                continue
            if s not in self.common[r]:
                raise ValueError(f"request {self.req_ids[r]} in a slot one of its participants cannot attend")
            for p in (self.a[r], self.b[r]):
                if (p, s) in busy:
                    raise ValueError(f"participant {self.part_ids[p]} has two meetings in {self.slot_ids[s]}")
                busy.add((p, s))
                deg[p] += 1
                if deg[p] > self.cap[p]:
                    raise ValueError(f"participant {self.part_ids[p]} over max_meetings")
            load[s] += 1
            if load[s] > self.T:
                raise ValueError(f"slot {self.slot_ids[s]} over its tables")
