"""Events through the API: create, register, request and answer meetings, schedule, meetings and agenda.ics."""
from __future__ import annotations

import pytest
from icalendar import Calendar
from sqlalchemy import select

from matchmaker import scheduling
from matchmaker.events import services
from matchmaker.extensions import db
from models import Event, Meeting, MeetingRequest, Registration, ScheduleRun, User
from models.choices import EventStatus, RegistrationStatus, RequestStatus
from tests import factories
from tests.api.conftest import assert_error, count, persist

TIME_LIMIT = 2


@pytest.fixture
def event_body():
    def make(**overrides) -> dict:
        body = {
            "kind": "matchmaking",
            "title": "新能源电池校企对接会",
            "description": "高校成果与企业需求一对一洽谈。",
            "field": "new_energy_battery",
            "venue": "太原市科技大市场一楼",
            "starts_at": "2027-05-20T09:00:00",
            "ends_at": "2027-05-20T11:00:00",
            "slot_minutes": 20,
            "tables": 5,
        }
        body.update(overrides)
        return {key: value for key, value in body.items() if value is not None}

    return make


def organiser() -> User:
    return factories.UserFactory(is_organiser=True)


def scheduling_day(pairs: list[tuple[int, int]], people: int, **event_kwargs):
    """An event in scheduling with `people` registrations and an accepted request for each (sender, recipient)."""
    event = factories.EventFactory(status=EventStatus.SCHEDULING, **event_kwargs)
    registrations = [factories.RegistrationFactory(event=event) for _ in range(people)]
    for a, b in pairs:
        factories.MeetingRequestFactory(sender=registrations[a], recipient=registrations[b], accepted=True)
    return event, registrations


def schedule(client, api_token, event, **body):
    """Run the scheduler (inline: tests run background work at once) and return the finished run."""
    response = client.post(f"/api/v1/events/{event.id}/schedule", json={"time_limit": TIME_LIMIT, **body},
                           headers=api_token(factories.organiser_of(event)))
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "succeeded", response.get_json()
    return response.get_json()


def publish(client, api_token, event):
    response = client.post(f"/api/v1/events/{event.id}/schedule/publish",
                           headers=api_token(factories.organiser_of(event)))
    assert response.status_code == 200, response.get_json()


def agenda(client, api_token, registration, method: str | None = None) -> Calendar:
    url = f"/api/v1/events/{registration.event_id}/registrations/{registration.id}/agenda.ics"
    response = client.get(url + (f"?method={method}" if method else ""), headers=api_token(registration.user))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


# -- creating and running an event -----------------------------------------------------------------------------------

def test_an_organiser_creates_a_draft_event_cut_into_slots(client, api_token, event_body):
    response = client.post("/api/v1/events", json=event_body(), headers=api_token(organiser()))

    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "draft"
    assert [slot["code"] for slot in data["slots"]] == [f"s{n:02d}" for n in range(1, 7)]
    assert data["slots"][0] == {"code": "s01", "starts_at": "2027-05-20T01:00:00+00:00",
                                "ends_at": "2027-05-20T01:20:00+00:00"}
    assert db.session.get(Event, data["id"]).title == "新能源电池校企对接会"


def test_times_with_an_offset_are_taken_as_given(client, api_token, event_body):
    body = event_body(starts_at="2027-05-20T02:00:00Z", ends_at="2027-05-20T12:00:00+08:00")

    data = client.post("/api/v1/events", json=body, headers=api_token(organiser())).get_json()

    assert data["starts_at"] == "2027-05-20T02:00:00+00:00"
    assert len(data["slots"]) == 6


def test_the_field_may_be_given_by_its_chinese_name(client, api_token, event_body):
    data = client.post("/api/v1/events", json=event_body(field="新材料"), headers=api_token(organiser())).get_json()

    assert data["field"]["code"] == "new_materials"


def test_a_user_who_is_not_an_organiser_may_not_create_an_event(client, api_token, event_body):
    headers = api_token(factories.UserFactory())
    persist()
    before = count(Event)

    assert_error(client.post("/api/v1/events", json=event_body(), headers=headers), 403, "forbidden")

    assert count(Event) == before


def test_creating_an_event_without_a_token_is_401(client, event_body):
    before = count(Event)

    assert_error(client.post("/api/v1/events", json=event_body()), 401, "unauthorized")

    assert count(Event) == before


def test_a_missing_title_is_422_on_title_and_creates_nothing(client, api_token, event_body):
    headers = api_token(organiser())
    persist()
    before = count(Event)
    body = event_body()
    del body["title"]

    fields = assert_error(client.post("/api/v1/events", json=body, headers=headers), 422, "validation_error")

    assert set(fields) == {"title"}
    assert count(Event) == before


def test_an_unreadable_time_is_422_on_that_field(client, api_token, event_body):
    body = event_body(starts_at="明天上午")

    fields = assert_error(client.post("/api/v1/events", json=body, headers=api_token(organiser())), 422)

    assert set(fields) == {"starts_at"}


def test_an_event_ending_before_it_starts_is_422_on_ends_at(client, api_token, event_body):
    headers = api_token(organiser())
    persist()
    before = count(Event)

    body = event_body(ends_at="2027-05-20T08:00:00")
    fields = assert_error(client.post("/api/v1/events", json=body, headers=headers), 422)

    assert set(fields) == {"ends_at"}
    assert count(Event) == before


def test_a_bad_kind_unknown_field_and_slot_length_are_reported_at_once(client, api_token, event_body):
    body = event_body(kind="party", field="炼金术", slot_minutes=1)

    fields = assert_error(client.post("/api/v1/events", json=body, headers=api_token(organiser())), 422)

    assert set(fields) == {"kind", "field", "slot_minutes"}


def test_the_organiser_opens_registration(client, api_token):
    event = factories.EventFactory(draft=True)

    response = client.post(f"/api/v1/events/{event.id}/status", json={"status": "open"},
                           headers=api_token(factories.organiser_of(event)))

    assert response.status_code == 200
    assert response.get_json()["status"] == "open"


def test_an_illegal_status_change_is_409_and_changes_nothing(client, api_token):
    event = factories.EventFactory(draft=True)
    headers = api_token(factories.organiser_of(event))
    persist()

    assert_error(client.post(f"/api/v1/events/{event.id}/status", json={"status": "finished"}, headers=headers),
                 409, "conflict")

    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.DRAFT


def test_a_draft_is_404_to_everyone_but_its_managers(client, api_token):
    event = factories.EventFactory(draft=True)

    assert_error(client.get(f"/api/v1/events/{event.id}"), 404)
    assert_error(client.get(f"/api/v1/events/{event.id}", headers=api_token(factories.UserFactory())), 404)
    assert client.get(f"/api/v1/events/{event.id}", headers=api_token(factories.organiser_of(event))).status_code == 200


# -- registrations ---------------------------------------------------------------------------------------------------

def test_a_verified_member_registers_with_availability(client, api_token):
    event = factories.EventFactory()
    user = factories.UserFactory()

    response = client.post(f"/api/v1/events/{event.id}/registrations",
                           json={"role": "investor", "available_slots": ["s03", "s01"]}, headers=api_token(user))

    assert response.status_code == 201
    data = response.get_json()
    assert (data["role"], data["status"], data["available_slots"]) == ("investor", "registered", ["s01", "s03"])
    assert db.session.get(Registration, data["id"]).user_id == user.id


def test_registering_after_registration_closed_waits_for_admission(client, api_token):
    event = factories.EventFactory(registration_open=False)

    response = client.post(f"/api/v1/events/{event.id}/registrations", json={"role": "attendee"},
                           headers=api_token(factories.UserFactory()))

    assert response.get_json()["status"] == "waiting"


def test_a_member_of_an_unverified_organisation_may_not_register(client, api_token):
    event = factories.EventFactory()
    headers = api_token(factories.UserFactory(organisation__unverified=True))
    persist()
    before = count(Registration)

    response = client.post(f"/api/v1/events/{event.id}/registrations", json={"role": "attendee"}, headers=headers)

    assert_error(response, 403, "forbidden")
    assert count(Registration) == before


def test_the_events_organiser_registering_for_it_is_409_and_registers_nobody(client, api_token):
    event = factories.EventFactory()
    headers = api_token(factories.organiser_of(event))
    persist()

    response = client.post(f"/api/v1/events/{event.id}/registrations", json={"role": "attendee"}, headers=headers)

    assert_error(response, 409, "conflict")
    assert count(Registration) == 0


def test_registering_twice_is_409(client, api_token):
    registration = factories.RegistrationFactory()
    headers = api_token(registration.user)
    persist()

    response = client.post(f"/api/v1/events/{registration.event_id}/registrations",
                           json={"role": "pitcher", "available_slots": ["s01"]}, headers=headers)

    assert_error(response, 409, "conflict")
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).role.value == "attendee"


def test_an_unknown_slot_is_422_on_available_slots_and_registers_nobody(client, api_token):
    event = factories.EventFactory()
    headers = api_token(factories.UserFactory())
    persist()
    before = count(Registration)

    response = client.post(f"/api/v1/events/{event.id}/registrations",
                           json={"role": "attendee", "available_slots": ["s01", "s99"]}, headers=headers)

    assert set(assert_error(response, 422)) == {"available_slots"}
    assert count(Registration) == before


def test_an_unknown_role_is_422_on_role(client, api_token):
    event = factories.EventFactory()

    response = client.post(f"/api/v1/events/{event.id}/registrations", json={"role": "spectator"},
                           headers=api_token(factories.UserFactory()))

    assert set(assert_error(response, 422)) == {"role"}


def test_a_participant_lists_the_others_by_name_and_organisation_only(client, api_token):
    me = factories.RegistrationFactory()
    other = factories.RegistrationFactory(event=me.event)

    response = client.get(f"/api/v1/events/{me.event_id}/registrations", headers=api_token(me.user))

    assert response.get_json()["items"] == [{"id": other.id, "role": "attendee", "status": "registered",
                                             "display_name": other.user.display_name,
                                             "organisation": other.organisation.name}]


# -- meeting requests ------------------------------------------------------------------------------------------------

def test_a_request_to_someone_who_never_opened_the_event_is_flagged(client, api_token):
    sender = factories.RegistrationFactory()
    recipient = factories.RegistrationFactory(event=sender.event)

    response = client.post(f"/api/v1/events/{sender.event_id}/meeting-requests",
                           json={"to_registration": recipient.id, "message": "想谈谈低温电解液。", "priority": 3},
                           headers=api_token(sender.user))

    assert response.status_code == 201
    data = response.get_json()
    assert (data["status"], data["priority"], data["recipient_seen"]) == ("pending", 3, False)
    assert data["weight"] == services.request_weight(db.session.get(MeetingRequest, data["id"]))
    assert "match_score" in data


def test_the_flag_clears_once_the_recipient_opens_the_event(client, api_token):
    sender = factories.RegistrationFactory()
    recipient = factories.RegistrationFactory(event=sender.event)
    url = f"/api/v1/events/{sender.event_id}"
    client.post(f"{url}/meeting-requests", json={"to_registration": recipient.id}, headers=api_token(sender.user))

    client.get(url, headers=api_token(recipient.user))

    outgoing = client.get(f"{url}/meeting-requests", headers=api_token(sender.user)).get_json()["items"]
    assert [item["recipient_seen"] for item in outgoing] == [True]


def test_a_priority_outside_1_to_3_is_422_and_asks_nobody(client, api_token):
    sender = factories.RegistrationFactory()
    recipient = factories.RegistrationFactory(event=sender.event)
    headers = api_token(sender.user)
    persist()

    response = client.post(f"/api/v1/events/{sender.event_id}/meeting-requests",
                           json={"to_registration": recipient.id, "priority": 5}, headers=headers)

    assert set(assert_error(response, 422)) == {"priority"}
    assert count(MeetingRequest) == 0


def test_someone_who_has_not_registered_may_not_request_a_meeting(client, api_token):
    recipient = factories.RegistrationFactory()
    headers = api_token(factories.UserFactory())
    persist()

    response = client.post(f"/api/v1/events/{recipient.event_id}/meeting-requests",
                           json={"to_registration": recipient.id}, headers=headers)

    assert_error(response, 403)
    assert count(MeetingRequest) == 0


def test_the_recipient_accepts_a_request(client, api_token):
    meeting_request = factories.MeetingRequestFactory()

    response = client.post(f"/api/v1/events/{meeting_request.event_id}/meeting-requests/{meeting_request.id}/accept",
                           headers=api_token(meeting_request.recipient.user))

    assert response.status_code == 200
    assert response.get_json()["status"] == "accepted"


def test_the_recipient_declines_a_request(client, api_token):
    meeting_request = factories.MeetingRequestFactory()

    response = client.post(f"/api/v1/events/{meeting_request.event_id}/meeting-requests/{meeting_request.id}/decline",
                           headers=api_token(meeting_request.recipient.user))

    assert response.get_json()["status"] == "declined"


def test_the_sender_may_not_accept_their_own_request(client, api_token):
    meeting_request = factories.MeetingRequestFactory()
    headers = api_token(meeting_request.sender.user)
    persist()

    response = client.post(f"/api/v1/events/{meeting_request.event_id}/meeting-requests/{meeting_request.id}/accept",
                           headers=headers)

    assert_error(response, 403, "forbidden")
    db.session.expire_all()
    assert db.session.get(MeetingRequest, meeting_request.id).status == RequestStatus.PENDING


def test_answering_a_request_twice_is_409(client, api_token):
    meeting_request = factories.MeetingRequestFactory()
    headers = api_token(meeting_request.recipient.user)
    url = f"/api/v1/events/{meeting_request.event_id}/meeting-requests/{meeting_request.id}"
    client.post(f"{url}/accept", headers=headers)

    assert_error(client.post(f"{url}/decline", headers=headers), 409, "conflict")

    db.session.expire_all()
    assert db.session.get(MeetingRequest, meeting_request.id).status == RequestStatus.ACCEPTED


def test_a_request_is_404_under_another_event(client, api_token):
    meeting_request = factories.MeetingRequestFactory()
    other_event = factories.EventFactory()

    response = client.post(f"/api/v1/events/{other_event.id}/meeting-requests/{meeting_request.id}/accept",
                           headers=api_token(meeting_request.recipient.user))

    assert_error(response, 404)


# -- the schedule ----------------------------------------------------------------------------------------------------

def test_the_organiser_schedules_every_accepted_request_without_conflicts(client, api_token):
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (3, 4)]
    event, _registrations = scheduling_day(pairs, people=5, tables=2)

    outcome = schedule(client, api_token, event)["outcome"]
    listed = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(factories.organiser_of(event)))

    assert (outcome["created"], outcome["moved"], outcome["cancelled"]) == (6, 0, 0)
    items = listed.get_json()["items"]
    assert len(items) == 6
    instance, _by_id = services.scheduling_instance(db.session, event)
    meetings = [scheduling.Meeting(f"q{m['request']['id']}", m["slot"]["code"], m["table"]) for m in items]
    assert scheduling.validate(instance, meetings) == []
    seats = [(p["registration"], m["slot"]["code"]) for m in items for p in m["participants"]]
    assert len(seats) == len(set(seats))


def test_a_participant_may_not_run_the_scheduler(client, api_token):
    event, registrations = scheduling_day([(0, 1)], people=2)
    headers = api_token(registrations[0].user)
    persist()

    response = client.post(f"/api/v1/events/{event.id}/schedule", json={"time_limit": TIME_LIMIT}, headers=headers)

    assert_error(response, 403, "forbidden")
    assert count(Meeting) == 0


def test_scheduling_an_event_still_open_for_registration_is_409(client, api_token):
    event = factories.EventFactory()
    headers = api_token(factories.organiser_of(event))

    response = client.post(f"/api/v1/events/{event.id}/schedule", json={"time_limit": TIME_LIMIT}, headers=headers)

    assert_error(response, 409, "conflict")


def test_a_time_limit_outside_1_to_60_seconds_is_422(client, api_token):
    event, _registrations = scheduling_day([(0, 1)], people=2)
    headers = api_token(factories.organiser_of(event))
    persist()

    response = client.post(f"/api/v1/events/{event.id}/schedule", json={"time_limit": 600}, headers=headers)

    assert set(assert_error(response, 422)) == {"time_limit"}
    assert count(Meeting) == 0


def test_publishing_the_schedule_publishes_the_event(client, api_token):
    event, _registrations = scheduling_day([(0, 1)], people=2)
    schedule(client, api_token, event)

    response = client.post(f"/api/v1/events/{event.id}/schedule/publish",
                           headers=api_token(factories.organiser_of(event)))

    assert (response.get_json()["status"], response.get_json()["schedule_version"]) == ("published", 1)


def test_a_rerun_after_a_withdrawal_changes_only_that_participants_meetings(client, api_token):
    event, registrations = scheduling_day([(0, 1), (0, 2), (1, 2)], people=3)
    schedule(client, api_token, event)
    publish(client, api_token, event)
    leaving = registrations[2]
    client.delete(f"/api/v1/events/{event.id}/registrations/{leaving.id}", headers=api_token(leaving.user))

    outcome = schedule(client, api_token, event)["outcome"]

    assert (outcome["kept"], outcome["moved"], outcome["created"], outcome["cancelled"]) == (1, 0, 0, 0)


def test_starting_the_scheduler_answers_202_with_the_run_to_poll(client, api_token):
    event, _registrations = scheduling_day([(0, 1)], people=2)
    headers = api_token(factories.organiser_of(event))

    response = client.post(f"/api/v1/events/{event.id}/schedule", json={"time_limit": TIME_LIMIT}, headers=headers)

    assert response.status_code == 202
    run = response.get_json()
    assert response.headers["Location"] == f"/api/v1/events/{event.id}/schedule/runs/{run['id']}"
    polled = client.get(response.headers["Location"], headers=headers).get_json()
    assert polled == run
    assert (run["status"], run["time_limit"], run["progress"], run["error"]) == ("succeeded", 2.0, 1.0, None)
    assert run["outcome"] == {"created": 1, "moved": 0, "kept": 0, "cancelled": 0, "objective": run["incumbent"]}


def test_starting_the_scheduler_while_a_run_works_is_409(client, api_token):
    run = factories.ScheduleRunFactory()
    headers = api_token(factories.organiser_of(run.event))
    persist()

    response = client.post(f"/api/v1/events/{run.event_id}/schedule", json={"time_limit": TIME_LIMIT},
                           headers=headers)

    assert_error(response, 409, "conflict")
    assert count(ScheduleRun) == 1


def test_a_run_is_shown_to_the_events_managers_only(client, api_token):
    run = factories.ScheduleRunFactory()
    participant = factories.RegistrationFactory(event=run.event)
    url = f"/api/v1/events/{run.event_id}/schedule/runs/{run.id}"

    assert_error(client.get(url, headers=api_token(participant.user)), 403, "forbidden")
    assert_error(client.get(url), 401)
    assert_error(client.get(f"{url}0", headers=api_token(factories.organiser_of(run.event))), 404)


def test_cancelling_a_run_through_the_api_changes_no_meeting(client, api_token):
    run = factories.ScheduleRunFactory(queued=True)
    headers = api_token(factories.organiser_of(run.event))
    url = f"/api/v1/events/{run.event_id}/schedule/runs/{run.id}/cancel"

    response = client.post(url, headers=headers)

    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["cancel_requested"]) == ("cancelled", True)
    assert count(Meeting) == 0
    assert_error(client.post(url, headers=headers), 409, "conflict")


# -- who sees which meetings -----------------------------------------------------------------------------------------

def test_the_organiser_sees_every_scheduled_meeting(client, api_token):
    event, _registrations = scheduling_day([(0, 1), (1, 2)], people=3)
    schedule(client, api_token, event)

    data = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(factories.organiser_of(event)))

    assert len(data.get_json()["items"]) == 2


def test_a_participant_sees_no_meetings_before_publication(client, api_token):
    event, registrations = scheduling_day([(0, 1)], people=2)
    schedule(client, api_token, event)

    data = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(registrations[0].user)).get_json()

    assert data == {"published": False, "items": []}


def test_a_participant_sees_only_their_own_meetings_once_published(client, api_token):
    event, registrations = scheduling_day([(0, 1), (0, 2), (1, 2)], people=3)
    schedule(client, api_token, event)
    publish(client, api_token, event)
    me = registrations[1]

    items = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(me.user)).get_json()["items"]

    assert len(items) == 2
    assert all(me.id in [p["registration"] for p in item["participants"]] for item in items)


def test_meetings_show_the_other_side_without_their_email(client, api_token):
    event, registrations = scheduling_day([(0, 1)], people=2)
    schedule(client, api_token, event)
    publish(client, api_token, event)
    other = registrations[1]

    response = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(registrations[0].user))

    participant = response.get_json()["items"][0]["participants"][1]
    assert participant == {"registration": other.id, "display_name": other.user.display_name,
                           "organisation": other.organisation.name}
    assert other.user.email not in response.get_data(as_text=True)


def test_someone_outside_the_event_may_not_see_its_meetings(client, api_token):
    event, _registrations = scheduling_day([(0, 1)], people=2)

    response = client.get(f"/api/v1/events/{event.id}/meetings", headers=api_token(factories.UserFactory()))

    assert_error(response, 403)


# -- agenda.ics ------------------------------------------------------------------------------------------------------

def test_the_agenda_is_an_icalendar_request_with_one_event_per_meeting(client, api_token):
    event, registrations = scheduling_day([(0, 1), (0, 2)], people=3)
    schedule(client, api_token, event)
    publish(client, api_token, event)

    calendar = agenda(client, api_token, registrations[0])

    assert str(calendar["METHOD"]) == "REQUEST"
    assert len(vevents(calendar)) == 2
    assert {str(item["STATUS"]) for item in vevents(calendar)} == {"CONFIRMED"}


def test_each_meetings_uid_is_stable_across_downloads(client, api_token):
    event, registrations = scheduling_day([(0, 1), (0, 2)], people=3)
    schedule(client, api_token, event)
    publish(client, api_token, event)

    first = agenda(client, api_token, registrations[0])
    second = agenda(client, api_token, registrations[0])

    assert sorted(str(item["UID"]) for item in vevents(first)) == sorted(str(item["UID"]) for item in vevents(second))


def test_the_sequence_grows_when_a_rerun_moves_a_meeting(client, api_token):
    event, registrations = scheduling_day([(0, 1)], people=2)
    schedule(client, api_token, event)
    publish(client, api_token, event)
    (before,) = vevents(agenda(client, api_token, registrations[0]))
    taken = db.session.scalar(select(Meeting).where(Meeting.event_id == event.id)).slot.code
    registrations[1].available_slots = [s.code for s in event.slots if s.code != taken]

    schedule(client, api_token, event)

    (after,) = vevents(agenda(client, api_token, registrations[0]))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") != before.decoded("DTSTART")


def test_the_cancel_calendar_lists_a_meeting_cancelled_by_a_withdrawal(client, api_token):
    event, registrations = scheduling_day([(0, 1), (0, 2)], people=3)
    schedule(client, api_token, event)
    publish(client, api_token, event)
    leaving = registrations[2]
    uids = {str(item["UID"]) for item in vevents(agenda(client, api_token, leaving))}

    client.delete(f"/api/v1/events/{event.id}/registrations/{leaving.id}", headers=api_token(leaving.user))

    cancelled = agenda(client, api_token, registrations[0], method="cancel")
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert [str(item["UID"]) for item in vevents(cancelled)] == list(uids)
    assert [str(item["STATUS"]) for item in vevents(cancelled)] == ["CANCELLED"]
    assert len(vevents(agenda(client, api_token, registrations[0]))) == 1


def test_another_participants_agenda_is_404(client, api_token):
    event, registrations = scheduling_day([(0, 1)], people=2)
    url = f"/api/v1/events/{event.id}/registrations/{registrations[1].id}/agenda.ics"

    assert_error(client.get(url, headers=api_token(registrations[0].user)), 404)


def test_the_agenda_needs_a_bearer_token(client):
    registration = factories.RegistrationFactory()

    response = client.get(f"/api/v1/events/{registration.event_id}/registrations/{registration.id}/agenda.ics")

    assert_error(response, 401, "unauthorized")


def test_a_withdrawal_is_recorded_on_the_registration(client, api_token):
    registration = factories.RegistrationFactory()

    response = client.delete(f"/api/v1/events/{registration.event_id}/registrations/{registration.id}",
                             headers=api_token(registration.user))

    assert response.get_json()["status"] == "withdrawn"
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.WITHDRAWN
