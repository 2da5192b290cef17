"""Event pages for participants: registering, meeting requests, the agenda and its calendar, withdrawing, and the
CSRF guard on every form (the notifications page is tested in tests/notifications)."""
import re

import pytest
from icalendar import Calendar
from sqlalchemy import select

from matchmaker.events import services
from matchmaker.extensions import db
from matchmaker.notifications import services as notifications
from models import Meeting, MeetingRequest, Registration
from models.choices import EventStatus, MeetingStatus, RegistrationStatus, RequestStatus
from tests.factories import (
    EventFactory,
    MeetingRequestFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    organiser_of,
)


def registration_of(event, user) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                        Registration.user_id == user.id))


@pytest.fixture
def published_event():
    """A published event with one scheduled meeting between two participants who have both opened it."""
    event = EventFactory(status=EventStatus.SCHEDULING)
    meeting_request = MeetingRequestFactory(sender=RegistrationFactory(event=event, seen=True),
                                            recipient=RegistrationFactory(event=event, seen=True), accepted=True)
    services.run_scheduler(db.session, organiser_of(event), event, time_limit=1)
    services.publish_schedule(db.session, organiser_of(event), event)
    return event, meeting_request


# -- registering -----------------------------------------------------------------------------------------------------

def test_a_verified_member_registers_with_the_slots_they_chose(client, auth):
    event = EventFactory()
    user = UserFactory()
    auth.login(user)
    response = auth.post(f"/events/{event.id}/register", {"role": "investor", "available_slots": ["s01", "s03"]})
    assert response.headers["Location"] == f"/events/{event.id}/me"
    registration = registration_of(event, user)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.role.value == "investor"
    assert registration.available_slots == ["s01", "s03"]


def test_the_registration_form_offers_each_slot_in_beijing_time(client, auth):
    event = EventFactory()
    auth.login(UserFactory())
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'name="available_slots" type="checkbox" value="s01"' in page
    assert "09:00–09:20" in page and "10:40–11:00" in page


def test_an_unknown_slot_is_refused_next_to_the_slots(client, auth):
    event = EventFactory()
    user = UserFactory()
    auth.login(user)
    response = auth.post(f"/events/{event.id}/register", {"role": "attendee", "available_slots": ["s99"]})
    assert response.status_code == 422
    assert re.search(r'id="field-available_slots">.*?<p class="error"', response.get_data(as_text=True), re.S)
    assert registration_of(event, user) is None


def test_an_unverified_member_is_told_registration_needs_a_verified_organisation(client, auth):
    event = EventFactory()
    auth.login(UserFactory(organisation=OrganisationFactory(unverified=True)))
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "只有通过认证的机构成员才能报名参加活动。" in page
    assert f'action="/events/{event.id}/register"' not in page


def test_an_unverified_member_posting_a_registration_is_refused(client, auth):
    event = EventFactory()
    user = UserFactory(organisation=OrganisationFactory(unverified=True))
    auth.login(user)
    response = auth.post(f"/events/{event.id}/register", {"role": "attendee", "available_slots": ["s01"]})
    assert response.status_code == 403
    assert "只有通过认证的机构成员才能报名参加活动。" in response.get_data(as_text=True)
    assert registration_of(event, user) is None


def test_visitors_are_invited_to_log_in_to_register(client):
    event = EventFactory()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "登录报名" in page and "/login?next=" in page


def test_a_late_registration_waits_until_the_organiser_admits_it(client, auth):
    event = EventFactory(registration_open=False)
    user = UserFactory()
    auth.login(user)
    assert "报名已截止" in client.get(f"/events/{event.id}").get_data(as_text=True)
    auth.post(f"/events/{event.id}/register", {"role": "attendee", "available_slots": ["s01"]})
    registration = registration_of(event, user)
    assert registration.status == RegistrationStatus.WAITING
    assert "等待主办方审核" in client.get(f"/events/{event.id}/me").get_data(as_text=True)

    auth.logout()
    auth.login(organiser_of(event))
    assert "等待您审核" in client.get("/notifications").get_data(as_text=True)
    response = auth.post(f"/events/{event.id}/registrations/{registration.id}/admit")
    assert response.headers["Location"] == f"/events/{event.id}/registrations"
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.REGISTERED


def test_the_organiser_closes_registration(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/registration/close")
    assert event.registration_open is False


def test_a_registered_member_does_not_see_the_form_again(client, auth):
    registration = RegistrationFactory()
    auth.login(registration.user)
    page = client.get(f"/events/{registration.event.id}").get_data(as_text=True)
    assert "您已报名" in page
    assert f'action="/events/{registration.event.id}/register"' not in page


# -- meeting requests ------------------------------------------------------------------------------------------------

def test_a_participant_sends_a_meeting_request_through_the_form(client, auth):
    sender = RegistrationFactory()
    recipient = RegistrationFactory(event=sender.event)
    auth.login(sender.user)
    url = f"/events/{sender.event.id}/requests/new/{recipient.id}"
    assert client.get(url).status_code == 200
    response = auth.post(url, {"to_registration_id": str(recipient.id), "message": "想了解固态电解质中试情况。",
                               "priority": "3"})
    assert response.headers["Location"] == f"/events/{sender.event.id}/me"
    meeting_request = db.session.scalar(select(MeetingRequest).where(MeetingRequest.from_registration_id == sender.id))
    assert meeting_request.to_registration_id == recipient.id
    assert meeting_request.priority == 3 and meeting_request.status == RequestStatus.PENDING
    assert "想了解固态电解质中试情况。" in client.get(f"/events/{sender.event.id}/me").get_data(as_text=True)


def test_the_recipient_sees_the_request_and_accepts_it(client, auth):
    meeting_request = MeetingRequestFactory(message="希望就低温电解液方案交流。")
    event = meeting_request.sender.event
    auth.login(meeting_request.recipient.user)
    page = client.get(f"/events/{event.id}/me").get_data(as_text=True)
    incoming = page.split("收到的邀请")[1].split("发出的邀请")[0]
    assert meeting_request.sender.user.display_name in incoming and "希望就低温电解液方案交流。" in incoming
    assert f'action="/events/{event.id}/requests/{meeting_request.id}/accept"' in incoming
    auth.post(f"/events/{event.id}/requests/{meeting_request.id}/accept")
    assert db.session.get(MeetingRequest, meeting_request.id).status == RequestStatus.ACCEPTED
    notices = notifications.notifications_for(db.session, meeting_request.sender.user)
    assert [n.kind for n in notices] == ["request.answered"]


def test_only_the_recipient_may_answer_a_request(client, auth):
    meeting_request = MeetingRequestFactory()
    event = meeting_request.sender.event
    auth.login(meeting_request.sender.user)
    response = auth.post(f"/events/{event.id}/requests/{meeting_request.id}/accept")
    assert response.status_code == 403
    assert db.session.get(MeetingRequest, meeting_request.id).status == RequestStatus.PENDING


def test_a_second_request_to_the_same_person_is_refused_on_the_form(client, auth):
    meeting_request = MeetingRequestFactory()
    sender, recipient = meeting_request.sender, meeting_request.recipient
    auth.login(sender.user)
    response = auth.post(f"/events/{sender.event.id}/requests/new/{recipient.id}",
                         {"to_registration_id": str(recipient.id), "priority": "2"})
    assert response.status_code == 422
    assert "您已向对方发出过邀请。" in response.get_data(as_text=True)


def test_a_request_to_someone_who_never_opened_the_event_is_flagged(client, auth):
    meeting_request = MeetingRequestFactory(recipient__last_seen_at=None)
    auth.login(meeting_request.sender.user)
    page = client.get(f"/events/{meeting_request.sender.event.id}/me").get_data(as_text=True)
    assert "对方尚未登录活动页面" in page


def test_no_flag_once_the_recipient_has_opened_the_event(client, auth):
    meeting_request = MeetingRequestFactory(recipient__seen=True)
    auth.login(meeting_request.sender.user)
    page = client.get(f"/events/{meeting_request.sender.event.id}/me").get_data(as_text=True)
    assert "对方尚未登录活动页面" not in page


def test_opening_the_event_clears_the_flag_for_the_sender(client, auth):
    meeting_request = MeetingRequestFactory()
    event = meeting_request.sender.event
    auth.login(meeting_request.recipient.user)
    client.get(f"/events/{event.id}")
    auth.logout()
    auth.login(meeting_request.sender.user)
    assert "对方尚未登录活动页面" not in client.get(f"/events/{event.id}/me").get_data(as_text=True)


def test_a_member_who_has_not_registered_is_sent_to_register(client, auth):
    event = EventFactory()
    auth.login(UserFactory())
    response = client.get(f"/events/{event.id}/me")
    assert response.headers["Location"] == f"/events/{event.id}"


# -- agenda, calendar, withdrawal ------------------------------------------------------------------------------------

def test_the_participant_agenda_lists_the_meeting_with_its_table(client, auth, published_event):
    event, meeting_request = published_event
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    auth.login(meeting_request.sender.user)
    page = client.get(f"/events/{event.id}/registrations/{meeting_request.sender.id}/agenda").get_data(as_text=True)
    assert meeting_request.recipient.user.display_name in page
    assert f"{meeting.table} 号桌" in page
    assert services.slot_label(meeting.slot).split("–")[0] in page


def test_the_agenda_says_so_before_the_schedule_is_published(client, auth):
    registration = RegistrationFactory()
    auth.login(registration.user)
    page = client.get(f"/events/{registration.event.id}/registrations/{registration.id}/agenda").get_data(as_text=True)
    assert "主办方尚未发布洽谈日程" in page


def test_the_agenda_calendar_downloads_as_an_icalendar_invitation(client, auth, published_event):
    event, meeting_request = published_event
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    auth.login(meeting_request.recipient.user)
    response = client.get(f"/events/{event.id}/registrations/{meeting_request.recipient.id}/agenda.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["method"]) == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == meeting.uid
    assert vevent.decoded("dtstart") == services.local_time(meeting.slot.starts_at)


def test_another_participants_agenda_is_404(client, auth, published_event):
    event, meeting_request = published_event
    auth.login(RegistrationFactory(event=event).user)
    assert client.get(f"/events/{event.id}/registrations/{meeting_request.sender.id}/agenda").status_code == 404
    assert client.get(f"/events/{event.id}/registrations/{meeting_request.sender.id}/agenda.ics").status_code == 404


def test_the_withdraw_button_asks_for_confirmation(client, auth):
    registration = RegistrationFactory()
    auth.login(registration.user)
    page = client.get(f"/events/{registration.event.id}").get_data(as_text=True)
    assert re.search(rf'action="/events/{registration.event.id}/withdraw" class="inline" data-confirm="[^"]+"', page)


def test_withdrawing_cancels_the_meetings_and_tells_the_other_side(client, auth, published_event):
    event, meeting_request = published_event
    auth.login(meeting_request.sender.user)
    response = auth.post(f"/events/{event.id}/withdraw")
    assert response.headers["Location"] == f"/events/{event.id}"
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    assert meeting.status == MeetingStatus.CANCELLED
    assert db.session.get(Registration, meeting_request.sender.id).status == RegistrationStatus.WITHDRAWN
    kinds = [n.kind for n in notifications.notifications_for(db.session, meeting_request.recipient.user)]
    assert "meeting.cancelled" in kinds


def test_a_participant_who_withdrew_may_register_again(client, auth):
    registration = RegistrationFactory(status=RegistrationStatus.WITHDRAWN)
    event = registration.event
    auth.login(registration.user)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "可以重新报名" in page and f'action="/events/{event.id}/register"' in page
    auth.post(f"/events/{event.id}/register", {"role": "attendee", "available_slots": ["s02"]})
    registration = db.session.get(Registration, registration.id)
    assert registration.status == RegistrationStatus.REGISTERED and registration.available_slots == ["s02"]


def test_recording_a_meeting_outcome_returns_to_the_agenda(client, auth, published_event):
    event, meeting_request = published_event
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    auth.login(meeting_request.sender.user)
    response = auth.post(f"/events/{event.id}/meetings/{meeting.id}/held", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == f"/events/{event.id}/registrations/{meeting_request.sender.id}/agenda"
    assert db.session.get(Meeting, meeting.id).held is True


# -- CSRF ------------------------------------------------------------------------------------------------------------

def test_a_post_without_the_csrf_token_is_refused(client, auth):
    event = EventFactory()
    user = UserFactory()
    auth.login(user)
    response = client.post(f"/events/{event.id}/register", data={"role": "attendee", "available_slots": ["s01"]})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert registration_of(event, user) is None
