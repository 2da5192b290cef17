"""iCalendar invitations for a participant's meetings (RFC 5545 / iTIP METHOD:REQUEST and CANCEL)."""
from __future__ import annotations

from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent
from sqlalchemy.orm import Session

from matchmaker.events import services
from models import Event, Meeting, Registration, utcnow
from models.base import as_utc
from models.choices import EventStatus, MeetingStatus

PRODID = "-//Matchmaker//Technology market events//ZH"
SHOWN = (EventStatus.PUBLISHED, EventStatus.FINISHED)
# Meeting partners see each other's name and organisation, never each other's e-mail (see issue 5 on contacts).
PRIVATE_DOMAIN = "participants.matchmaker.invalid"


def platform_address() -> str:
    """The e-mail address the platform sends from (MAIL_DEFAULT_SENDER without its display name)."""
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or "noreply@matchmaker.localhost"


def _address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("ACCEPTED")
    return address


def _email_shown_to(side: Registration, reader: Registration) -> str:
    """The reader's own address; the other side's stays private behind a stable, non-routable one."""
    if side.id == reader.id:
        return side.user.email
    return f"participant-{side.id}@{PRIVATE_DOMAIN}"


def _vevent(event: Event, meeting: Meeting, registration: Registration) -> VEvent:
    request = meeting.request
    other = request.recipient if request.from_registration_id == registration.id else request.sender
    item = VEvent()
    item.add("uid", meeting.uid)
    item.add("sequence", meeting.sequence)
    item.add("dtstamp", utcnow())
    item.add("dtstart", as_utc(meeting.slot.starts_at))
    item.add("dtend", as_utc(meeting.slot.ends_at))
    item.add("summary", f"洽谈：{other.user.display_name}（{other.organisation.name}）· {event.title}")
    place = f"{event.venue} · {meeting.table} 号桌" if event.venue else f"{meeting.table} 号桌"
    item.add("location", place)
    if request.message:
        item.add("description", request.message)
    # The platform's own address, in the organiser's name: an organiser's personal e-mail is not for every
    # participant's calendar, and replies to an invitation reach nobody's inbox by surprise.
    item.add("organizer", _address(platform_address(), event.organiser.name))
    for side in (request.sender, request.recipient):
        item.add("attendee", _address(_email_shown_to(side, registration), side.user.display_name, "REQ-PARTICIPANT"),
                 encode=0)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def registration_calendar(session: Session, registration: Registration, method: str = "REQUEST") -> bytes:
    """The participant's published meetings as invitations (REQUEST) or, with CANCEL, the ones called off.

    UIDs are stable per meeting and SEQUENCE grows with every change, so re-importing updates the same entries.
    """
    method = method.upper()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("x-wr-calname", registration.event.title)
    event = registration.event
    if event.status in SHOWN:
        wanted = MeetingStatus.CANCELLED if method == "CANCEL" else MeetingStatus.SCHEDULED
        for meeting in services.participant_meetings(session, registration, include_cancelled=True):
            if meeting.status == wanted:
                calendar.add_component(_vevent(event, meeting, registration))
    return calendar.to_ical()
