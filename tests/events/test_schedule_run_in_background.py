"""A scheduler run on a background thread, as without Redis: the organiser's request returns at once, the run's
progress shows up while the solver searches, and a cancel stops it early without touching the meetings.

These tests commit for real, because the run works on its own thread and session.
"""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, func, select

from matchmaker.extensions import db
from models import (
    ApiToken,
    AuditEntry,
    Event,
    EventSlot,
    Meeting,
    MeetingRequest,
    Notification,
    Organisation,
    Registration,
    ScheduleRun,
    User,
)
from models.choices import EventStatus
from tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory, organiser_of

pytestmark = pytest.mark.committing
# Under about 3.3 s the solver leaves no time for HiGHS' MIP after the LP (solver.MIP_MARGIN), so on the odd cycle
# below nothing proves the best schedule optimal and the search uses its whole time.
TIME_LIMIT = 3


@pytest.fixture
def odd_cycle_event(app, monkeypatch):
    """An event in scheduling where three participants who may each meet once all want to meet each other: the
    bound stays above the best schedule, so the solver searches for its whole time limit."""
    monkeypatch.setitem(app.config, "MATCHMAKER_JOBS", "thread")
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", TIME_LIMIT)
    with app.app_context():
        event = EventFactory(status=EventStatus.SCHEDULING)
        people = [RegistrationFactory(event=event, max_meetings=1) for _ in range(3)]
        for a, b in ((0, 1), (1, 2), (0, 2)):
            MeetingRequestFactory(sender=people[a], recipient=people[b], accepted=True, priority=3)  # weight 3
        db.session.commit()
        yield event.id, SimpleNamespace(email=organiser_of(event).email)
        db.session.rollback()
        _let_the_run_end()
        for model in (ScheduleRun, Notification, Meeting, MeetingRequest, Registration, EventSlot, Event, AuditEntry,
                      ApiToken, User, Organisation):
            db.session.execute(delete(model))
        db.session.commit()


def _let_the_run_end(timeout: float = 10.0) -> None:
    """A test that failed midway leaves its run working: wait for it before removing its rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and db.session.scalar(
            select(func.count()).select_from(ScheduleRun).where(ScheduleRun.status.in_(("queued", "running")))):
        db.session.rollback()
        time.sleep(0.2)
    db.session.rollback()


def wait_for(client, url: str, condition, timeout: float = 10.0) -> dict:
    """Poll the status endpoint, as the page does, until `condition(status)` holds."""
    deadline = time.monotonic() + timeout
    while True:
        data = client.get(url).get_json()
        if condition(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.2)


def test_a_run_returns_at_once_reports_progress_and_can_be_cancelled_midway(app, client, auth, odd_cycle_event):
    event_id, organiser = odd_cycle_event
    auth.login(organiser)

    started = time.monotonic()
    response = auth.post(f"/events/{event_id}/schedule")
    assert time.monotonic() - started < 1.5 and response.headers["Location"] == f"/events/{event_id}/grid"
    with app.app_context():
        run_id = db.session.scalar(select(ScheduleRun.id).where(ScheduleRun.event_id == event_id))
        db.session.rollback()
    url = f"/events/{event_id}/schedule/runs/{run_id}"

    searching = wait_for(client, url, lambda d: d["status"] == "running" and d["elapsed"] >= 1.0)
    assert searching["incumbent"] == 3.0 and searching["bound"] > searching["incumbent"]
    auth.post(f"{url}/cancel")
    ended = wait_for(client, url, lambda d: not d["active"])

    assert ended["status"] == "cancelled" and ended["outcome"] is None
    assert time.monotonic() - started < TIME_LIMIT  # the solver stopped before its time was up
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)
                                 .join(MeetingRequest, Meeting.request_id == MeetingRequest.id)
                                 .where(MeetingRequest.event_id == event_id)) == 0
        db.session.rollback()


def test_a_run_left_alone_writes_its_schedule_when_its_time_is_up(app, client, auth, odd_cycle_event):
    event_id, organiser = odd_cycle_event
    auth.login(organiser)

    auth.post(f"/events/{event_id}/schedule")
    with app.app_context():
        run_id = db.session.scalar(select(ScheduleRun.id).where(ScheduleRun.event_id == event_id))
        db.session.rollback()
    ended = wait_for(client, f"/events/{event_id}/schedule/runs/{run_id}", lambda d: not d["active"])

    assert ended["status"] == "succeeded" and ended["outcome"]["created"] == 1
    assert ended["elapsed"] >= TIME_LIMIT - 0.5 and ended["bound"] > ended["incumbent"] == 3.0
