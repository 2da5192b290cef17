"""Data model of the 1:1 meeting scheduling problem (see DESIGN.md, "Scheduling instance").

Pure Python: no Flask, no database.  An :class:`Instance` is built from the JSON document described in DESIGN.md
with :meth:`Instance.from_json`, which rejects inconsistent input with a :class:`ValueError` naming the culprit.  A
:class:`Schedule` serialises back to the JSON the CLI prints, and :func:`validate` lists every broken rule (the same
rules as ``shared/tools/check_schedule.py``, but all of them instead of only the first).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[str]
    max_meetings: int


@dataclass(frozen=True)
class Request:
    id: str
    a: str
    b: str
    weight: float


@dataclass(frozen=True)
class Meeting:
    request: str
    slot: str
    table: int


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} must be a JSON object")
    if key not in data:
        raise ValueError(f"{where} lacks the required key {key!r}")
    return data[key]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValueError(f"{where} must be an integer, got {value!r}")
    return value


@dataclass(frozen=True)
class Instance:
    slots: tuple[str, ...]
    tables: int
    participants: dict[str, Participant]
    requests: tuple[Request, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Instance:
        """Build an instance from the DESIGN.md JSON document; raise ValueError on any inconsistency."""
        if not isinstance(data, Mapping):
            raise ValueError("the instance must be a JSON object")
        raw_slots = _require(data, "slots", "the instance")
        if not isinstance(raw_slots, list):
            raise ValueError("'slots' must be a list of slot names")
        slots = tuple(_text(s, f"slot #{i + 1}") for i, s in enumerate(raw_slots))
        if len(set(slots)) != len(slots):
            dup = next(s for s in slots if slots.count(s) > 1)
            raise ValueError(f"slot {dup!r} is listed twice")
        tables = _integer(_require(data, "tables", "the instance"), "'tables'")
        if tables < 1:
            raise ValueError(f"'tables' must be at least 1, got {tables}")
        slot_set = set(slots)

        raw_participants = _require(data, "participants", "the instance")
        if not isinstance(raw_participants, list):
            raise ValueError("'participants' must be a list")
        participants: dict[str, Participant] = {}
        for i, raw in enumerate(raw_participants):
            where = f"participant #{i + 1}"
            pid = _text(_require(raw, "id", where), f"{where} id")
            where = f"participant {pid!r}"
            if pid in participants:
                raise ValueError(f"{where} is listed twice")
            available = _require(raw, "available", where)
            if not isinstance(available, list):
                raise ValueError(f"{where}: 'available' must be a list of slot names")
            for s in available:
                if s not in slot_set:
                    raise ValueError(f"{where} is available in unknown slot {s!r}")
            max_meetings = _integer(_require(raw, "max_meetings", where), f"{where} max_meetings")
            if max_meetings < 0:
                raise ValueError(f"{where}: max_meetings must not be negative, got {max_meetings}")
            participants[pid] = Participant(pid, frozenset(available), max_meetings)

        raw_requests = _require(data, "requests", "the instance")
        if not isinstance(raw_requests, list):
            raise ValueError("'requests' must be a list")
        requests: list[Request] = []
        seen: set[str] = set()
        for i, raw in enumerate(raw_requests):
            where = f"request #{i + 1}"
            rid = _text(_require(raw, "id", where), f"{where} id")
            where = f"request {rid!r}"
            if rid in seen:
                raise ValueError(f"{where} is listed twice")
            seen.add(rid)
            a = _text(_require(raw, "a", where), f"{where} participant a")
            b = _text(_require(raw, "b", where), f"{where} participant b")
            for p in (a, b):
                if p not in participants:
                    raise ValueError(f"{where} names unknown participant {p!r}")
            if a == b:
                raise ValueError(f"{where} pairs participant {a!r} with itself")
            weight = _require(raw, "weight", where)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
                raise ValueError(f"{where}: weight must be a finite number, got {weight!r}")
            if weight < 0:
                raise ValueError(f"{where} has negative weight {weight}")
            requests.append(Request(rid, a, b, float(weight)))
        return cls(slots, tables, participants, tuple(requests))

    def to_json(self) -> dict[str, Any]:
        return {
            "slots": list(self.slots),
            "tables": self.tables,
            "participants": [
                {"id": p.id, "available": [s for s in self.slots if s in p.available], "max_meetings": p.max_meetings}
                for p in self.participants.values()
            ],
            "requests": [{"id": r.id, "a": r.a, "b": r.b, "weight": r.weight} for r in self.requests],
        }

    def without_participant(self, pid: str) -> Instance:
        """The instance after `pid` withdraws: the participant and every request naming them are gone."""
        return Instance(
            self.slots,
            self.tables,
            {k: v for k, v in self.participants.items() if k != pid},
            tuple(r for r in self.requests if pid not in (r.a, r.b)),
        )


@dataclass
class Schedule:
    meetings: list[Meeting]
    objective: float
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md output: meetings and objective; solver details only under "stats"."""
        out: dict[str, Any] = {
            "meetings": [{"request": m.request, "slot": m.slot, "table": m.table} for m in self.meetings],
            "objective": round(self.objective, 6),
        }
        if self.stats:
            out["stats"] = dict(self.stats)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Schedule:
        meetings = [Meeting(str(m["request"]), str(m["slot"]), m["table"]) for m in data.get("meetings", [])]
        return cls(meetings, float(data.get("objective", 0.0)), dict(data.get("stats", {})))


def objective_of(instance: Instance, meetings: Iterable[Meeting]) -> float:
    weights = {r.id: r.weight for r in instance.requests}
    return sum(weights.get(m.request, 0.0) for m in meetings)


def validate(instance: Instance, schedule: Schedule | Iterable[Meeting]) -> list[str]:
    """Every broken rule of `schedule` on `instance` (same rules as check_schedule.py); empty when valid."""
    meetings = schedule.meetings if isinstance(schedule, Schedule) else list(schedule)
    requests = {r.id: r for r in instance.requests}
    slots = set(instance.slots)
    problems: list[str] = []
    used: set[str] = set()
    tables: set[tuple[str, int]] = set()
    busy: set[tuple[str, str]] = set()
    count: dict[str, int] = {}
    total = 0.0
    for m in meetings:
        if m.request not in requests:
            problems.append(f"unknown request {m.request}")
            continue
        if m.request in used:
            problems.append(f"request {m.request} scheduled twice")
        used.add(m.request)
        if m.slot not in slots:
            problems.append(f"unknown slot {m.slot} for {m.request}")
            continue
        if isinstance(m.table, bool) or not isinstance(m.table, int) or not 1 <= m.table <= instance.tables:
            problems.append(f"bad table {m.table} for {m.request}")
        elif (m.slot, m.table) in tables:
            problems.append(f"table {m.table} double-booked in {m.slot}")
        else:
            tables.add((m.slot, m.table))
        r = requests[m.request]
        total += r.weight
        for p in (r.a, r.b):
            if m.slot not in instance.participants[p].available:
                problems.append(f"{p} not available in {m.slot}")
            if (p, m.slot) in busy:
                problems.append(f"{p} has two meetings in {m.slot}")
            busy.add((p, m.slot))
            count[p] = count.get(p, 0) + 1
            if count[p] == instance.participants[p].max_meetings + 1:
                problems.append(f"{p} over max_meetings")
    if isinstance(schedule, Schedule) and abs(schedule.objective - total) > 1e-6 * max(1.0, abs(total)):
        problems.append(f"objective {schedule.objective} differs from the sum of scheduled weights {total}")
    return problems
