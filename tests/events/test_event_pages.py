"""Event pages for organisers and visitors: creating events, who may see and manage them, the programme, the
scheduling desk (grid, Excel export, report) and the English interface."""
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.events import schedule_runs, services
from matchmaker.extensions import db
from matchmaker.notifications import services as notifications
from models import AgendaItem, Event, Meeting, User
from models.choices import AgendaItemKind, EventStatus, OrgKind
from tests.factories import (
    EventFactory,
    MeetingRequestFactory,
    OfferFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    organiser_of,
)

EVENT_FORM = {
    "kind": "matchmaking",
    "title": "2027 新能源电池科技成果路演暨校企对接会",
    "description": "高校电池成果路演，企业与高校一对一洽谈。",
    "field": "new_energy_battery",
    "venue": "太原市科技大市场一楼",
    "online_url": "",
    "starts_at": "2027-06-10T09:00",
    "ends_at": "2027-06-10T11:00",
    "slot_minutes": "20",
    "tables": "8",
}


def organiser() -> User:
    """A user with the organiser role in a government science bureau."""
    return UserFactory(is_organiser=True, organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT))


def field_html(page: str, name: str) -> str:
    """The rendered block of one form field: label, input, help text and its errors."""
    match = re.search(rf'<div class="field[^"]*" id="field-{name}">(.*?)</div>', page, re.S)
    assert match, f"no field {name} on the page"
    return match.group(0)


def scheduling_event(pairs: int = 1) -> tuple[Event, list]:
    """An event being scheduled, with `pairs` accepted requests between fresh registrations."""
    event = EventFactory(status=EventStatus.SCHEDULING)
    requests = [MeetingRequestFactory(sender=RegistrationFactory(event=event, seen=True),
                                      recipient=RegistrationFactory(event=event, seen=True), accepted=True)
                for _ in range(pairs)]
    return event, requests


@pytest.fixture
def published_event():
    """A published event with one scheduled meeting between two participants."""
    event, (meeting_request,) = scheduling_event()
    services.run_scheduler(db.session, organiser_of(event), event, time_limit=1)
    services.publish_schedule(db.session, organiser_of(event), event)
    return event, meeting_request


@pytest.fixture
def fast_scheduler(app, monkeypatch):
    """Scheduler runs from the web stop after a second, not the production 20 s."""
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", 1)


# -- creating and editing ------------------------------------------------------------------------------------------

def test_organiser_sees_the_create_form(client, auth):
    auth.login(organiser())
    response = client.get("/events/new")
    assert response.status_code == 200
    assert 'name="starts_at"' in response.get_data(as_text=True)


def test_organiser_creates_a_draft_event_cut_into_slots(client, auth):
    auth.login(organiser())
    response = auth.post("/events/new", EVENT_FORM)
    event = db.session.scalar(select(Event).where(Event.title == EVENT_FORM["title"]))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{event.id}"
    assert event.status == EventStatus.DRAFT
    assert [s.code for s in event.slots] == ["s01", "s02", "s03", "s04", "s05", "s06"]
    assert event.tables == 8 and event.field.code == "new_energy_battery"


def test_event_times_are_read_as_beijing_time(client, auth):
    auth.login(organiser())
    auth.post("/events/new", EVENT_FORM)
    event = db.session.scalar(select(Event).where(Event.title == EVENT_FORM["title"]))
    assert services.local_time(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2027-06-10 09:00"
    assert services.slot_label(event.slots[0]) == "09:00–09:20"


def test_an_end_before_the_start_is_refused_next_to_the_end_field(client, auth):
    auth.login(organiser())
    response = auth.post("/events/new", {**EVENT_FORM, "ends_at": "2027-06-10T08:00"})
    assert response.status_code == 422
    assert "结束时间必须晚于开始时间。" in field_html(response.get_data(as_text=True), "ends_at")
    assert db.session.scalar(select(Event).where(Event.title == EVENT_FORM["title"])) is None


def test_a_missing_title_is_refused_next_to_the_title_field(client, auth):
    auth.login(organiser())
    response = auth.post("/events/new", {**EVENT_FORM, "title": ""})
    assert response.status_code == 422
    title = field_html(response.get_data(as_text=True), "title")
    assert "has-error" in title and '<p class="error"' in title


def test_an_event_too_short_for_one_round_is_refused_next_to_the_round_length(client, auth):
    auth.login(organiser())
    response = auth.post("/events/new", {**EVENT_FORM, "ends_at": "2027-06-10T09:10"})
    assert response.status_code == 422
    assert "活动时长不足一轮洽谈" in field_html(response.get_data(as_text=True), "slot_minutes")


def test_organiser_edits_the_event_title(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    form = {**EVENT_FORM, "title": "改名后的对接会", "starts_at": "2027-05-20T09:00", "ends_at": "2027-05-20T11:00"}
    response = auth.post(f"/events/{event.id}/edit", form)
    assert response.status_code == 302
    assert db.session.get(Event, event.id).title == "改名后的对接会"


def test_the_edit_form_shows_the_stored_times_in_beijing_time(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="2027-05-20T09:00"' in page


# -- who may do what -------------------------------------------------------------------------------------------------

def test_a_member_without_the_organiser_role_may_not_create_events(client, auth):
    auth.login(UserFactory())
    assert client.get("/events/new").status_code == 403
    assert auth.post("/events/new", EVENT_FORM).status_code == 403


def test_visitors_are_sent_to_login_for_the_create_form(client):
    response = client.get("/events/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("page", ["edit", "programme", "registrations", "grid", "report", "export.xlsx"])
def test_organisers_of_another_organisation_may_not_manage_an_event(client, auth, page):
    event = EventFactory()
    auth.login(organiser())
    assert client.get(f"/events/{event.id}/{page}").status_code == 403


def test_organisers_of_another_organisation_may_not_run_the_scheduler(client, auth):
    event, _ = scheduling_event()
    auth.login(organiser())
    assert auth.post(f"/events/{event.id}/schedule").status_code == 403
    assert db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)).first() is None


def test_a_draft_is_404_to_visitors_and_other_members(client, auth):
    event = EventFactory(draft=True)
    assert client.get(f"/events/{event.id}").status_code == 404
    auth.login(UserFactory())
    assert client.get(f"/events/{event.id}").status_code == 404


def test_a_draft_is_hidden_from_the_event_list(client):
    EventFactory(draft=True, title="尚未公开的对接会")
    EventFactory(title="公开的对接会")
    page = client.get("/events").get_data(as_text=True)
    assert "公开的对接会" in page
    assert "尚未公开的对接会" not in page


def test_the_organiser_sees_its_own_draft_in_the_list_and_can_open_it(client, auth):
    event = EventFactory(draft=True, title="尚未公开的对接会")
    auth.login(organiser_of(event))
    assert "尚未公开的对接会" in client.get("/events").get_data(as_text=True)
    assert client.get(f"/events/{event.id}").status_code == 200


def test_the_organiser_opens_a_draft_for_registration(client, auth):
    event = EventFactory(draft=True)
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/status/open")
    assert response.status_code == 302
    assert db.session.get(Event, event.id).status == EventStatus.OPEN


def test_the_create_button_shows_to_organisers_only(client, auth):
    EventFactory()
    assert 'href="/events/new"' not in client.get("/events").get_data(as_text=True)
    auth.login(organiser())
    assert 'href="/events/new"' in client.get("/events").get_data(as_text=True)


# -- programme -------------------------------------------------------------------------------------------------------

def _battery_offer(**overrides):
    data = {"title": "高镍单晶正极材料制备技术", "description": "新能源电池正极材料，循环寿命提升一倍。",
            "keywords": ["正极材料", "锂电池", "新能源电池"], **overrides}
    return OfferFactory(**data)


def _hidden_inputs(form_html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_html))


def test_the_programme_page_suggests_published_offers_as_pitches(client, auth):
    event = EventFactory(title="新能源电池成果路演", description="锂电池正极材料与电池回收技术路演。")
    offer = _battery_offer()
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/programme").get_data(as_text=True)
    assert offer.title in page
    assert "加入路演" in page


def test_adding_a_suggested_pitch_puts_the_offer_on_the_programme(client, auth):
    event = EventFactory(title="新能源电池成果路演", description="锂电池正极材料与电池回收技术路演。")
    offer = _battery_offer()
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/programme").get_data(as_text=True)
    suggestion = re.search(rf'<form method="post" class="inline">((?:(?!</form>).)*value="{offer.id}"(?:(?!</form>).)*)</form>',
                           page, re.S)
    fields = {k: v for k, v in _hidden_inputs(suggestion.group(1)).items() if k != "csrf_token"}
    response = auth.post(f"/events/{event.id}/programme", fields)
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.event_id == event.id))
    assert item.kind == AgendaItemKind.PITCH and item.offer_id == offer.id
    assert offer.title in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_an_offer_already_on_stage_is_no_longer_suggested(client, auth):
    event = EventFactory(title="新能源电池成果路演", description="锂电池正极材料与电池回收技术路演。")
    offer = _battery_offer()
    services.add_agenda_item(db.session, organiser_of(event), event, {
        "kind": "pitch", "title": offer.title, "starts_at": event.starts_at, "ends_at": event.ends_at,
        "offer_id": offer.id})
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/programme").get_data(as_text=True)
    assert "加入路演" not in page


def test_an_agenda_item_outside_the_event_is_refused(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/programme", {
        "kind": "talk", "title": "主旨报告", "starts_at": "2027-05-20T07:00", "ends_at": "2027-05-20T07:30"})
    assert response.status_code == 422
    assert "议程须在活动时间之内。" in field_html(response.get_data(as_text=True), "starts_at")


# -- scheduling desk -------------------------------------------------------------------------------------------------

def test_the_organiser_switches_an_open_event_to_scheduling(client, auth):
    event = EventFactory()
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/status/scheduling")
    assert response.headers["Location"] == f"/events/{event.id}/registrations"
    assert db.session.get(Event, event.id).status == EventStatus.SCHEDULING


def test_running_the_scheduler_places_accepted_requests_on_the_grid(client, auth, fast_scheduler):
    event, (meeting_request,) = scheduling_event()
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/schedule")
    assert response.headers["Location"] == f"/events/{event.id}/grid"
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    assert meeting is not None and 1 <= meeting.table <= event.tables
    page = client.get(f"/events/{event.id}/grid").get_data(as_text=True)
    assert "新增 1 场" in page
    assert meeting_request.sender.user.display_name in page and meeting_request.recipient.user.display_name in page


def test_the_scheduler_uses_the_configured_time_limit(client, auth, app, monkeypatch):
    event, _ = scheduling_event()
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", 3)
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/schedule")
    run = schedule_runs.latest_run(db.session, event)
    assert (run.time_limit, run.stats["time_limit"]) == (3.0, 3.0)


def test_running_the_scheduler_before_switching_to_scheduling_is_a_conflict(client, auth, fast_scheduler):
    event = EventFactory()
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/schedule")
    assert response.status_code == 409
    assert "排期中" in response.get_data(as_text=True)


def test_publishing_the_schedule_tells_each_participant(client, auth, fast_scheduler):
    event, (meeting_request,) = scheduling_event()
    auth.login(organiser_of(event))
    auth.post(f"/events/{event.id}/schedule")
    response = auth.post(f"/events/{event.id}/schedule/publish")
    assert response.status_code == 302
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.PUBLISHED and event.schedule_version == 1
    for side in (meeting_request.sender, meeting_request.recipient):
        assert [n.kind for n in notifications.notifications_for(db.session, side.user)] == ["schedule.published"]


def test_the_grid_shows_each_meeting_at_its_slot_and_table(client, auth, published_event):
    event, meeting_request = published_event
    meeting = db.session.scalar(select(Meeting).where(Meeting.request_id == meeting_request.id))
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/grid").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", page, re.S)
    slot_index = [s.id for s in event.slots].index(meeting.slot_id)
    cells = re.findall(r"<td class=\"(meeting|free)[^\"]*\"", rows[slot_index])
    assert cells[meeting.table - 1] == "meeting"
    assert cells.count("meeting") == 1
    assert "已发布第 1 版" in page


def test_the_excel_export_has_the_schedule_sheet(client, auth, published_event):
    event, meeting_request = published_event
    auth.login(organiser_of(event))
    response = client.get(f"/events/{event.id}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(BytesIO(response.data))
    assert workbook.sheetnames == ["洽谈日程", "排期总表", "报名", "洽谈邀请"]
    rows = list(workbook["洽谈日程"].iter_rows(values_only=True))
    assert rows[0][:4] == ("时段", "开始", "结束", "桌号")
    assert len(rows) == 2
    assert rows[1][4] == meeting_request.sender.user.display_name
    assert rows[1][6] == meeting_request.recipient.user.display_name


def test_the_report_counts_registrations_requests_and_meetings(client, auth, published_event):
    event, _ = published_event
    RegistrationFactory(event=event)
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/report").get_data(as_text=True)
    assert "<dt>有效报名</dt><dd>3</dd>" in page
    assert "<dt>已接受</dt><dd>1</dd>" in page
    assert re.search(r"排入日程</th><td class=\"num\">1</td>", page)


def test_the_registrations_page_lists_participants_with_their_availability(client, auth):
    event = EventFactory()
    registration = RegistrationFactory(event=event, available_slots=["s01", "s02"])
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    assert registration.user.display_name in page
    assert "2 / 6" in page


# -- languages -------------------------------------------------------------------------------------------------------

def test_the_event_page_reads_in_english_after_the_language_switch(client, auth):
    event = EventFactory()
    auth.login(UserFactory())
    client.get("/lang/en")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "报名参会" not in page and "提交报名" not in page
    assert "<h2>Register</h2>" in page
    assert "Open for registration" in page and "University–industry matchmaking day" in page
