"""Issue 12: scheduler runs are background work with their progress on a row, one at a time per event, and can be
cancelled without touching the meetings. Tests run background work at once (MATCHMAKER_JOBS=sync) unless they
route it to a private RQ queue."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.errors import Conflict
from matchmaker.events import schedule_runs, services
from matchmaker.extensions import db
from models import AuditEntry, Meeting, ScheduleRun
from models.choices import EventStatus, OrgKind, ScheduleRunStatus
from tests.conftest import run_rq_worker
from tests.factories import (
    EventFactory,
    MeetingRequestFactory,
    OrganisationFactory,
    RegistrationFactory,
    ScheduleRunFactory,
    UserFactory,
    organiser_of,
)


@pytest.fixture(autouse=True)
def fast_scheduler(app, monkeypatch):
    """Scheduler runs from the web stop after a second, not the production 20 s."""
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", 1)


def scheduling_event(pairs: int = 1):
    """An event being scheduled, with `pairs` accepted requests between fresh registrations."""
    event = EventFactory(status=EventStatus.SCHEDULING)
    requests = [MeetingRequestFactory(sender=RegistrationFactory(event=event, seen=True),
                                      recipient=RegistrationFactory(event=event, seen=True), accepted=True)
                for _ in range(pairs)]
    return event, requests


def meetings_of(event) -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.event_id == event.id))


def runs_of(event) -> list[ScheduleRun]:
    db.session.expire_all()
    return list(db.session.scalars(select(ScheduleRun).where(ScheduleRun.event_id == event.id)
                                   .order_by(ScheduleRun.id)))


def run_url(run) -> str:
    return f"/events/{run.event_id}/schedule/runs/{run.id}"


# -- a run from start to end -------------------------------------------------------------------------------------------

def test_a_run_records_who_started_it_its_outcome_and_the_solvers_figures(client, auth):
    event, requests = scheduling_event(pairs=2)
    auth.login(organiser_of(event))

    response = auth.post(f"/events/{event.id}/schedule")

    assert response.headers["Location"] == f"/events/{event.id}/grid"
    (run,) = runs_of(event)
    assert (run.status, run.started_by_id, run.time_limit) == (ScheduleRunStatus.SUCCEEDED, organiser_of(event).id, 1.0)
    assert (run.meetings_created, run.meetings_moved, run.meetings_kept, run.meetings_cancelled) == (2, 0, 0, 0)
    assert run.objective == run.incumbent == sum(services.request_weight(q) for q in requests)
    assert run.bound is None or run.bound >= run.objective  # a bound, if the LP ended within the second
    assert run.started_at is not None and run.finished_at is not None and run.error == ""
    assert meetings_of(event) == 2


def test_the_grid_shows_the_result_of_the_latest_run(client, auth):
    event, _ = scheduling_event()
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/schedule")

    page = client.get(f"/events/{event.id}/grid").get_data(as_text=True)

    assert "排期完成：新增 1 场，调整 0 场，保留 0 场，取消 0 场。" in page
    assert "1 场洽谈" in page and 'id="schedule-progress"' not in page


def test_the_grid_shows_a_working_run_with_its_progress_bar_figures_and_cancel_button(client, auth):
    run = ScheduleRunFactory(elapsed=5.0, incumbent=12.5, bound=14.0)
    auth.login(organiser_of(run.event))

    page = client.get(f"/events/{run.event_id}/grid").get_data(as_text=True)

    assert 'id="schedule-progress" max="20.0" value="5.0"' in page
    assert f'data-schedule-run="{run_url(run)}"' in page
    assert "12.50" in page and "14.00" in page and "当前最优值" in page and "最优上界" in page
    assert f'action="{run_url(run)}/cancel"' in page and "确定取消本次排期吗" in page
    assert f'action="/events/{run.event_id}/schedule"' not in page  # no second run is offered while one works


def test_the_progress_card_speaks_the_readers_language(client, auth):
    run = ScheduleRunFactory(queued=True)
    auth.login(organiser_of(run.event))
    client.get("/lang/en")

    page = client.get(f"/events/{run.event_id}/grid").get_data(as_text=True)

    assert "Queued, starting soon…" in page and "正在排队" not in page


def test_the_status_endpoint_reports_the_runs_progress_as_json(client, auth):
    run = ScheduleRunFactory(elapsed=5.0, incumbent=12.5, bound=14.0)
    auth.login(organiser_of(run.event))

    data = client.get(run_url(run)).get_json()

    assert (data["status"], data["active"], data["abandoned"]) == ("running", True, False)
    assert (data["elapsed"], data["time_limit"], data["progress"]) == (5.0, 20.0, 0.25)
    assert (data["incumbent"], data["bound"], data["gap"], data["outcome"]) == (12.5, 14.0, 0.1071, None)


# -- cancelling ------------------------------------------------------------------------------------------------------

def test_a_cancelled_queued_run_ends_cancelled_and_its_worker_changes_no_meeting(client, auth, rq_queue):
    queue = rq_queue(schedule_runs, "QUEUE")
    event, _ = scheduling_event()
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/schedule")
    (run,) = runs_of(event)
    assert run.status == ScheduleRunStatus.QUEUED and queue.count == 1

    response = auth.post(f"{run_url(run)}/cancel")
    run_rq_worker(queue)

    assert response.headers["Location"] == f"/events/{event.id}/grid"
    (run,) = runs_of(event)
    assert run.status == ScheduleRunStatus.CANCELLED and run.cancel_requested and run.finished_at is not None
    assert meetings_of(event) == 0
    assert "排期已取消，日程没有改动。" in client.get(f"/events/{event.id}/grid").get_data(as_text=True)


def test_a_running_run_asked_to_cancel_stops_without_writing_its_schedule(session):
    event, _ = scheduling_event()
    run = ScheduleRunFactory(event=event, cancel_requested=True)

    schedule_runs.execute(session, run.id, checkpoint=session.flush)

    assert run.status == ScheduleRunStatus.CANCELLED
    assert (run.meetings_created, run.objective) == (None, None)
    assert meetings_of(event) == 0


def test_cancelling_is_audited_and_a_finished_run_cannot_be_cancelled(session):
    run = ScheduleRunFactory(queued=True)
    organiser = organiser_of(run.event)

    schedule_runs.request_cancel(session, organiser, run)

    assert run.status == ScheduleRunStatus.CANCELLED
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.actor_id == organiser.id)) \
        == "event.schedule_cancel"
    with pytest.raises(Conflict):
        schedule_runs.request_cancel(session, organiser, run)


# -- one run at a time -----------------------------------------------------------------------------------------------

def test_starting_a_run_while_one_is_running_is_refused_with_a_message(client, auth):
    event, _ = scheduling_event()
    running = ScheduleRunFactory(event=event)
    auth.login(organiser_of(event))

    response = auth.post(f"/events/{event.id}/schedule", follow_redirects=True)

    assert "本活动已有一次排期正在进行" in response.get_data(as_text=True)
    assert [r.id for r in runs_of(event)] == [running.id] and meetings_of(event) == 0


def test_a_run_whose_worker_died_does_not_block_a_new_one(client, auth):
    event, _ = scheduling_event()
    silent = ScheduleRunFactory(event=event, time_limit=1.0)
    silent.updated_at = silent.updated_at - timedelta(minutes=3)  # ten times its limit, and two minutes at least
    db.session.flush()
    assert schedule_runs.abandoned(silent)
    auth.login(organiser_of(event))

    auth.post(f"/events/{event.id}/schedule")

    old, new = runs_of(event)
    assert old.status == ScheduleRunStatus.FAILED and "中断" in old.error
    assert new.status == ScheduleRunStatus.SUCCEEDED and meetings_of(event) == 1


def test_a_run_that_reported_recently_is_not_abandoned(session):
    run = ScheduleRunFactory(time_limit=20.0)
    run.updated_at = run.updated_at - timedelta(seconds=150)  # under ten times its 20 s
    assert not schedule_runs.abandoned(run)


# -- who may see and stop runs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["other organiser", "participant"])
def test_only_the_events_managers_may_read_or_cancel_a_run(client, auth, who):
    run = ScheduleRunFactory()
    if who == "participant":
        user = RegistrationFactory(event=run.event).user
    else:
        user = UserFactory(is_organiser=True, organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT))
    auth.login(user)

    assert client.get(run_url(run)).status_code == 403
    assert auth.post(f"{run_url(run)}/cancel").status_code == 403
    assert runs_of(run.event)[0].status == ScheduleRunStatus.RUNNING and not runs_of(run.event)[0].cancel_requested


def test_the_status_endpoint_sends_visitors_to_the_login_page(client):
    run = ScheduleRunFactory()
    response = client.get(run_url(run))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_run_is_404_under_another_event(client, auth):
    run = ScheduleRunFactory()
    other = EventFactory(organiser=run.event.organiser, created_by=organiser_of(run.event))
    auth.login(organiser_of(run.event))
    assert client.get(f"/events/{other.id}/schedule/runs/{run.id}").status_code == 404


# -- what the job does when the world moves --------------------------------------------------------------------------

def test_a_schedule_that_no_longer_fits_the_event_is_refused_and_writes_nothing(session):
    event, (meeting_request,) = scheduling_event()
    organiser = organiser_of(event)
    schedule = services.solve_schedule(session, organiser, event, time_limit=1)
    services.withdraw(session, meeting_request.recipient.user, meeting_request.recipient)  # while it searched

    with pytest.raises(Conflict):
        services.apply_schedule(session, organiser, event, schedule)
    assert meetings_of(event) == 0


def test_a_run_of_an_event_that_left_scheduling_fails_with_the_reason(session):
    event, _ = scheduling_event()
    run = ScheduleRunFactory(event=event, queued=True)
    event.status = EventStatus.OPEN

    schedule_runs.execute(session, run.id, checkpoint=session.flush)

    assert run.status == ScheduleRunStatus.FAILED and "排期中" in run.error
    assert meetings_of(event) == 0


def test_a_job_that_crashes_records_a_readable_failure_logs_the_exception_and_raises(session, monkeypatch, caplog):
    run = ScheduleRunFactory(queued=True)

    def explode(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services, "solve_schedule", explode)
    with pytest.raises(RuntimeError):
        schedule_runs.run_schedule_job(run.id)
    (run,) = runs_of(run.event)
    assert run.status == ScheduleRunStatus.FAILED
    assert "服务器日志" in run.error and "RuntimeError" not in run.error
    assert "solver crashed" in caplog.text


# -- with Redis ------------------------------------------------------------------------------------------------------

def test_with_redis_the_run_waits_for_an_rq_worker_which_then_runs_it(client, auth, rq_queue):
    queue = rq_queue(schedule_runs, "QUEUE")
    event, _ = scheduling_event()
    auth.login(organiser_of(event))

    auth.post(f"/events/{event.id}/schedule")
    (run,) = runs_of(event)
    waiting = client.get(run_url(run)).get_json()

    assert (waiting["status"], queue.count, meetings_of(event)) == ("queued", 1, 0)
    assert "正在排队，稍后开始…" in client.get(f"/events/{event.id}/grid").get_data(as_text=True)
    run_rq_worker(queue)
    done = client.get(run_url(run)).get_json()
    assert (done["status"], done["progress"], done["outcome"]["created"]) == ("succeeded", 1.0, 1)
    assert meetings_of(event) == 1


def test_a_run_whose_rq_job_crashes_goes_back_to_the_queue_for_rqs_retry(client, auth, rq_queue, monkeypatch):
    queue = rq_queue(schedule_runs, "QUEUE")
    event, _ = scheduling_event()
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/schedule")

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "solve_schedule", explode)
    run_rq_worker(queue)

    (run,) = runs_of(event)
    assert run.status == ScheduleRunStatus.QUEUED and "RuntimeError" not in run.error
    assert len(queue.scheduled_job_registry) == 1  # RQ runs it again in 30 s
    for job_id in queue.scheduled_job_registry.get_job_ids():
        queue.scheduled_job_registry.remove(job_id, delete_job=True)


def test_the_worker_serves_the_scheduling_queue():
    from matchmaker import jobs

    assert schedule_runs.QUEUE in jobs.QUEUES
