"""Issue 14: an event's hosts manage it and are offered no registration form for it; check-in opens on the event's
day or days in Beijing time, and closes after them."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from matchmaker.errors import Conflict
from matchmaker.events import services
from models import Registration, utcnow
from models.choices import OrgKind
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory, UserFactory, organiser_of

# -- hosts do not register for their own event -----------------------------------------------------------------------

def test_the_organiser_of_the_event_cannot_register_for_it(session):
    event = EventFactory()
    with pytest.raises(Conflict, match="主办方"):
        services.register(session, organiser_of(event), event, "attendee", ["s01"])
    assert event.registrations == []


def test_another_organiser_of_the_organising_organisation_cannot_register_either(session):
    event = EventFactory()
    colleague = UserFactory(is_organiser=True, organisation=event.organiser)
    with pytest.raises(Conflict):
        services.register(session, colleague, event, "attendee", ["s01"])


def test_an_organiser_of_another_organisation_registers_like_anyone(session):
    event = EventFactory()
    guest = UserFactory(is_organiser=True, organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT))
    assert services.register(session, guest, event, "attendee", ["s01"]).event_id == event.id


def test_the_organiser_sees_a_link_to_manage_registrations_instead_of_the_form(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    box = re.search(r'<section class="card registration-box".*?</section>', page, re.S).group(0)
    assert f'action="/events/{event.id}/register"' not in box
    assert f'href="/events/{event.id}/registrations"' in box and "您是本活动的主办方" in box


def test_a_member_of_another_organisation_still_sees_the_form(client, auth):
    event = EventFactory()
    auth.login(UserFactory())
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'action="/events/{event.id}/register"' in page


def test_posting_the_form_for_ones_own_event_anyway_is_409_and_registers_nobody(client, auth, session):
    event = EventFactory()
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/register", {"role": "attendee", "available_slots": ["s01"]})
    assert response.status_code == 409
    assert session.query(Registration).filter_by(event_id=event.id).count() == 0


# -- check-in on the day ---------------------------------------------------------------------------------------------

def event_starting_in(delta: timedelta):
    """An event of two hours starting `delta` from now, with one registered participant."""
    event = EventFactory(starts_at=utcnow() + delta)
    return event, RegistrationFactory(event=event)


def test_check_in_works_on_the_events_day(session):
    event, registration = event_starting_in(-timedelta(minutes=30))
    services.check_in(session, organiser_of(event), registration)
    assert registration.checked_in_at is not None and not registration.no_show


def test_check_in_before_the_day_is_refused_saying_when_it_opens(session):
    event, registration = event_starting_in(timedelta(days=3))
    with pytest.raises(Conflict, match="签到将于活动当天"):
        services.check_in(session, organiser_of(event), registration)
    assert registration.checked_in_at is None


def test_check_in_after_the_event_is_refused_as_closed(session):
    event, registration = event_starting_in(-timedelta(days=3))
    with pytest.raises(Conflict, match="签到已关闭"):
        services.check_in(session, organiser_of(event), registration)
    assert registration.checked_in_at is None


def test_the_day_is_read_in_beijing_time(session):
    # 01:00 on 20 May in Beijing is 17:00 on 19 May in UTC: check-in opens at midnight in Beijing, 16:00 UTC.
    event = EventFactory(starts_at=datetime(2027, 5, 19, 17, 0, tzinfo=UTC))
    registration = RegistrationFactory(event=event)
    with pytest.raises(Conflict):
        services.check_in(session, organiser_of(event), registration, now=datetime(2027, 5, 19, 15, 59, tzinfo=UTC))
    services.check_in(session, organiser_of(event), registration, now=datetime(2027, 5, 19, 16, 1, tzinfo=UTC))
    assert registration.checked_in_at is not None


def test_every_day_of_a_two_day_event_is_a_check_in_day(session):
    start = datetime(2027, 5, 20, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    event = EventFactory(starts_at=start, ends_at=start + timedelta(days=1, hours=8), slots=[])
    registration = RegistrationFactory(event=event)
    services.check_in(session, organiser_of(event), registration, now=start + timedelta(days=1, hours=10))
    assert registration.checked_in_at is not None


def test_absence_cannot_be_marked_before_the_day(session):
    event, registration = event_starting_in(timedelta(days=3))
    with pytest.raises(Conflict):
        services.mark_no_show(session, organiser_of(event), registration)
    assert not registration.no_show


def test_absence_can_still_be_marked_after_the_event(session):
    event, registration = event_starting_in(-timedelta(days=3))
    services.mark_no_show(session, organiser_of(event), registration)
    assert registration.no_show


def test_before_the_day_the_check_in_button_is_disabled_with_the_opening_day(client, auth):
    event, registration = event_starting_in(timedelta(days=3))
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    row = re.search(rf'<tr id="registration-{registration.id}">.*?</tr>', page, re.S).group(0)
    assert re.search(r'<button type="button" class="button small" disabled[^>]*>签到</button>', row)
    assert f"/registrations/{registration.id}/check-in" not in row
    assert "签到将于活动当天" in page


def test_on_the_day_the_check_in_button_posts(client, auth):
    event, registration = event_starting_in(-timedelta(minutes=30))
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    assert f'action="/events/{event.id}/registrations/{registration.id}/check-in"' in page
    assert "签到将于" not in page and "签到已关闭" not in page


def test_after_the_event_the_page_says_check_in_is_closed(client, auth):
    event, registration = event_starting_in(-timedelta(days=3))
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    assert "签到已关闭" in page
    assert f"/registrations/{registration.id}/check-in" not in page


def test_a_check_in_posted_before_the_day_is_refused_with_a_message_and_changes_nothing(client, auth, session):
    event, registration = event_starting_in(timedelta(days=3))
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/registrations/{registration.id}/check-in", follow_redirects=True)
    assert "签到将于活动当天" in response.get_data(as_text=True)
    session.refresh(registration)
    assert registration.checked_in_at is None
