"""Instance parsing and validation, schedule JSON and the rule checker."""
from __future__ import annotations

import pytest

from matchmaker.scheduling.instance import Instance, Meeting, Schedule, validate


def design_example() -> dict:
    return {
        "slots": ["s01", "s02"],
        "tables": 1,
        "participants": [
            {"id": "p1", "available": ["s01", "s02"], "max_meetings": 2},
            {"id": "p2", "available": ["s01"], "max_meetings": 1},
            {"id": "p3", "available": ["s01", "s02"], "max_meetings": 1},
        ],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "weight": 2.5},
            {"id": "r2", "a": "p1", "b": "p3", "weight": 1.0},
        ],
    }


def test_from_json_reads_the_design_format():
    inst = Instance.from_json(design_example())
    assert inst.slots == ("s01", "s02")
    assert inst.tables == 1
    assert inst.participants["p2"].available == frozenset({"s01"})
    assert inst.participants["p1"].max_meetings == 2
    assert inst.requests[0].weight == 2.5 and inst.requests[0].a == "p1" and inst.requests[0].b == "p2"


def test_request_naming_an_unknown_participant_is_rejected():
    data = design_example()
    data["requests"][0]["b"] = "p9"
    with pytest.raises(ValueError, match="request 'r1' names unknown participant 'p9'"):
        Instance.from_json(data)


def test_request_pairing_a_participant_with_itself_is_rejected():
    data = design_example()
    data["requests"][1]["b"] = "p1"
    with pytest.raises(ValueError, match="request 'r2' pairs participant 'p1' with itself"):
        Instance.from_json(data)


def test_negative_weight_is_rejected():
    data = design_example()
    data["requests"][0]["weight"] = -1
    with pytest.raises(ValueError, match="request 'r1' has negative weight"):
        Instance.from_json(data)


def test_fewer_than_one_table_is_rejected():
    data = design_example()
    data["tables"] = 0
    with pytest.raises(ValueError, match="'tables' must be at least 1"):
        Instance.from_json(data)


def test_availability_in_an_unknown_slot_is_rejected():
    data = design_example()
    data["participants"][2]["available"] = ["s01", "s09"]
    with pytest.raises(ValueError, match="participant 'p3' is available in unknown slot 's09'"):
        Instance.from_json(data)


def test_duplicate_request_ids_are_rejected():
    data = design_example()
    data["requests"][1]["id"] = "r1"
    with pytest.raises(ValueError, match="request 'r1' is listed twice"):
        Instance.from_json(data)


def test_missing_key_is_named():
    data = design_example()
    del data["participants"][0]["max_meetings"]
    with pytest.raises(ValueError, match="participant 'p1' lacks the required key 'max_meetings'"):
        Instance.from_json(data)


def test_schedule_json_has_meetings_objective_and_only_stats_besides():
    schedule = Schedule([Meeting("r1", "s01", 1)], 2.5, {"solver": "test"})
    assert schedule.to_json() == {
        "meetings": [{"request": "r1", "slot": "s01", "table": 1}],
        "objective": 2.5,
        "stats": {"solver": "test"},
    }


def test_validate_accepts_a_valid_schedule():
    inst = Instance.from_json(design_example())
    assert validate(inst, Schedule([Meeting("r1", "s01", 1), Meeting("r2", "s02", 1)], 3.5)) == []


def test_validate_lists_every_broken_rule():
    inst = Instance.from_json(design_example())
    meetings = [
        Meeting("r1", "s02", 1),  # p2 not available in s02
        Meeting("r2", "s02", 1),  # table 1 double-booked, p1 twice in s02
        Meeting("r2", "s01", 2),  # scheduled twice, bad table, p3 over max_meetings
        Meeting("r9", "s01", 1),  # unknown request
    ]
    problems = validate(inst, Schedule(meetings, 99.0))
    expected = [
        "p2 not available in s02",
        "table 1 double-booked in s02",
        "p1 has two meetings in s02",
        "request r2 scheduled twice",
        "bad table 2 for r2",
        "p3 over max_meetings",
        "unknown request r9",
        "objective 99.0 differs",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)
