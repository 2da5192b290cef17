"""Re-solving after publication: kept meetings stay in place, impossible ones are dropped, freed room is refilled."""
from __future__ import annotations

from dataclasses import replace

from matchmaker.scheduling.generate import generate
from matchmaker.scheduling.instance import Instance, Meeting, validate
from matchmaker.scheduling.solver import solve


def published(seed: int = 4):
    inst = Instance.from_json(generate(10, 8, 50, 220, seed=seed))
    return inst, solve(inst, time_limit=1.0)


def busiest_participant(inst: Instance, meetings: list[Meeting]) -> str:
    requests = {r.id: r for r in inst.requests}
    count: dict[str, int] = {}
    for m in meetings:
        for p in (requests[m.request].a, requests[m.request].b):
            count[p] = count.get(p, 0) + 1
    return max(sorted(count), key=count.get)


def test_after_a_withdrawal_only_meetings_of_that_participant_change():
    inst, before = published()
    gone = busiest_participant(inst, before.meetings)
    after_inst = inst.without_participant(gone)
    after = solve(after_inst, time_limit=1.0, keep=before.meetings)
    assert validate(after_inst, after) == []
    requests = {r.id: r for r in inst.requests}
    theirs = {m for m in before.meetings if gone in (requests[m.request].a, requests[m.request].b)}
    assert theirs, "the withdrawing participant had meetings"
    assert set(before.meetings) - theirs <= set(after.meetings)  # same request, slot and table
    assert not theirs & set(after.meetings)
    assert after.stats["kept"] == len(before.meetings) - len(theirs)


def test_freed_capacity_is_refilled_with_new_meetings_only():
    inst, before = published()
    gone = busiest_participant(inst, before.meetings)
    after = solve(inst.without_participant(gone), time_limit=1.0, keep=before.meetings)
    previously = {m.request for m in before.meetings}
    added = [m for m in after.meetings if m not in set(before.meetings)]
    assert all(m.request not in previously for m in added)  # nothing moved: every change is a new request


def test_freed_table_goes_to_the_waiting_request():
    data = {"slots": ["s1"], "tables": 1,
            "participants": [{"id": f"p{i}", "available": ["s1"], "max_meetings": 1} for i in range(1, 5)],
            "requests": [{"id": "r1", "a": "p1", "b": "p2", "weight": 3.0},
                         {"id": "r2", "a": "p3", "b": "p4", "weight": 2.0}]}
    inst = Instance.from_json(data)
    before = solve(inst, time_limit=1.0)
    assert before.meetings == [Meeting("r1", "s1", 1)]
    after = solve(inst.without_participant("p1"), time_limit=1.0, keep=before.meetings)
    assert after.meetings == [Meeting("r2", "s1", 1)]


def test_kept_meetings_keep_their_tables():
    inst, before = published()
    tables = inst.tables
    shuffled = [replace(m, table=tables + 1 - m.table) for m in before.meetings]  # still valid, other numbering
    after = solve(inst, time_limit=1.0, keep=shuffled)
    assert set(shuffled) <= set(after.meetings)
    assert validate(inst, after) == []


def test_meeting_that_became_impossible_is_dropped_and_reported():
    data = {"slots": ["s1", "s2"], "tables": 2,
            "participants": [{"id": "p1", "available": ["s1", "s2"], "max_meetings": 2},
                             {"id": "p2", "available": ["s1", "s2"], "max_meetings": 2},
                             {"id": "p3", "available": ["s1", "s2"], "max_meetings": 2}],
            "requests": [{"id": "r1", "a": "p1", "b": "p2", "weight": 1.0},
                         {"id": "r2", "a": "p2", "b": "p3", "weight": 1.0}]}
    keep = [Meeting("r1", "s1", 2), Meeting("r2", "s2", 1)]
    data["participants"][2]["available"] = ["s1"]  # p3 can no longer come in s2
    inst = Instance.from_json(data)
    after = solve(inst, time_limit=1.0, keep=keep)
    assert Meeting("r1", "s1", 2) in after.meetings
    assert Meeting("r2", "s2", 1) not in after.meetings
    assert [d["request"] for d in after.stats["dropped"]] == ["r2"]
    assert "p3 is not available in s2" in after.stats["dropped"][0]["reason"]
    assert validate(inst, after) == []
