"""1:1 meeting scheduling (DESIGN.md, "Scheduling instance"): pure Python, no Flask, no database.

    from matchmaker.scheduling import Instance, solve, validate
    schedule = solve(Instance.from_json(data), time_limit=20.0)
    schedule.to_json()  # {"meetings": [...], "objective": ..., "stats": {...}}
"""
from matchmaker.scheduling.instance import Instance, Meeting, Participant, Request, Schedule, validate
from matchmaker.scheduling.solver import DEFAULT_TIME_LIMIT, Progress, solve

__all__ = ["DEFAULT_TIME_LIMIT", "Instance", "Meeting", "Participant", "Progress", "Request", "Schedule", "solve",
           "validate"]
