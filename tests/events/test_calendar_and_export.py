"""iCalendar invitations per participant and the organiser's Excel workbook."""
from io import BytesIO

from icalendar import Calendar
from openpyxl import load_workbook

from matchmaker.events import calendar, export, services
from models.choices import EventStatus
from tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory, organiser_of

TIME_LIMIT = 3.0


def _published_event(session, participants: int = 3):
    """A published schedule where the first participant meets each of the others."""
    event = EventFactory(status=EventStatus.SCHEDULING)
    regs = [RegistrationFactory(event=event) for _ in range(participants)]
    for other in regs[1:]:
        MeetingRequestFactory(sender=regs[0], recipient=other, accepted=True)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser_of(event), event)
    return event, regs


def _events(body: bytes):
    parsed = Calendar.from_ical(body)
    return parsed, [c for c in parsed.walk("VEVENT")]


def test_the_agenda_calendar_invites_to_each_meeting_with_organiser_and_both_attendees(session):
    event, (host, guest, _) = _published_event(session)
    body = calendar.registration_calendar(session, host)
    parsed, items = _events(body)
    assert str(parsed["METHOD"]) == "REQUEST"
    assert len(items) == 2
    first = items[0]
    attendees = {str(a) for a in first.get("ATTENDEE")}
    assert f"mailto:{host.user.email}" in attendees
    assert str(first["ORGANIZER"]) == "mailto:noreply@matchmaker.localhost"  # the platform's, not a person's
    assert event.created_by.email not in body.decode()
    assert first.decoded("DTEND") - first.decoded("DTSTART") == (event.slots[0].ends_at - event.slots[0].starts_at)


def test_a_meeting_keeps_its_uid_across_downloads(session):
    _, (host, *_) = _published_event(session)
    first = [str(e["UID"]) for e in _events(calendar.registration_calendar(session, host))[1]]
    second = [str(e["UID"]) for e in _events(calendar.registration_calendar(session, host))[1]]
    assert first == second and len(set(first)) == 2


def test_a_cancelled_meeting_appears_in_the_cancel_calendar_with_a_higher_sequence(session):
    _, (host, guest, other) = _published_event(session)
    uid_before = {str(e["UID"]): int(e["SEQUENCE"]) for e in _events(calendar.registration_calendar(session, host))[1]}
    services.withdraw(session, guest.user, guest)
    parsed, cancelled = _events(calendar.registration_calendar(session, host, method="CANCEL"))
    assert str(parsed["METHOD"]) == "CANCEL" and len(cancelled) == 1
    uid = str(cancelled[0]["UID"])
    assert uid in uid_before and int(cancelled[0]["SEQUENCE"]) > uid_before[uid]
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"
    remaining = _events(calendar.registration_calendar(session, host))[1]
    assert [str(e["UID"]) for e in remaining] == [u for u in uid_before if u != uid]


def test_the_withdrawn_side_gets_no_invitations_for_cancelled_meetings(session):
    _, (_, guest, _) = _published_event(session)
    services.withdraw(session, guest.user, guest)
    assert _events(calendar.registration_calendar(session, guest))[1] == []


def test_nothing_is_invited_before_the_schedule_is_published(session):
    event = EventFactory(status=EventStatus.SCHEDULING)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    MeetingRequestFactory(sender=a, recipient=b, accepted=True)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    assert _events(calendar.registration_calendar(session, a))[1] == []


def test_the_workbook_lists_every_meeting_and_registration(session):
    event, regs = _published_event(session)
    workbook = load_workbook(BytesIO(export.event_workbook(session, event)))
    assert workbook.sheetnames == ["洽谈日程", "排期总表", "报名", "洽谈邀请"]
    schedule = list(workbook["洽谈日程"].iter_rows(min_row=2, values_only=True))
    assert len(schedule) == 2 and {row[4] for row in schedule} == {regs[0].user.display_name}
    assert workbook["排期总表"].max_row == len(event.slots) + 1
    assert workbook["报名"].max_row == len(regs) + 1


def test_text_that_reads_like_a_formula_stays_text_in_the_workbook(session):
    event, regs = _published_event(session)
    regs[0].user.display_name = '=HYPERLINK("http://evil.example","点此")'
    regs[1].user.display_name = "+cmd|' /C calc'!A0"
    regs[2].organisation.name = "@SUM(1+1)"
    regs[1].follow_up = "-2+3"
    session.flush()

    workbook = load_workbook(BytesIO(export.event_workbook(session, event)))

    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert {'=HYPERLINK("http://evil.example","点此")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"} <= texts


def test_the_calendar_never_reveals_the_other_sides_email(session):
    _, (host, guest, _) = _published_event(session)
    _, items = _events(calendar.registration_calendar(session, host))
    attendees = {str(a) for item in items for a in item.get("ATTENDEE")}
    assert f"mailto:{guest.user.email}" not in attendees
    assert any(a.startswith(f"mailto:participant-{guest.id}@") for a in attendees)
