"""Event services: the event and its slots, registration, meeting requests, the scheduler's bookkeeping, the report."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from embeddings.calibration import MEDIUM_FROM
from matchmaker import scheduling
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.events import services
from matchmaker.extensions import db
from matchmaker.matching.setup import engine
from matchmaker.notifications import services as notifications
from models import Meeting, MeetingRequest, Notification
from models.choices import (
    EventKind,
    EventStatus,
    MeetingStatus,
    OrgKind,
    ParticipantRole,
    RegistrationStatus,
    RequestStatus,
)
from tests.factories import (
    EventFactory,
    MeetingRequestFactory,
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    field,
    organiser_of,
)

START = datetime(2027, 6, 1, 1, 0, tzinfo=UTC)
TIME_LIMIT = 3.0


def _event_data(**overrides) -> dict:
    return {"kind": "matchmaking", "title": "新能源电池校企对接会", "description": "", "venue": "科技大市场",
            "online_url": "", "field": None, "starts_at": START, "ends_at": START + timedelta(hours=2),
            "slot_minutes": 20, "tables": 4, **overrides}


def _organiser():
    return UserFactory(is_organiser=True, organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT))


def _accepted(sender, recipient, priority: int = 2) -> MeetingRequest:
    return MeetingRequestFactory(sender=sender, recipient=recipient, priority=priority, accepted=True)


def _scheduling_event(participants: int = 4, **kwargs):
    """An event in scheduling with `participants` registrations, everyone available everywhere."""
    event = EventFactory(status=EventStatus.SCHEDULING, **kwargs)
    return event, [RegistrationFactory(event=event) for _ in range(participants)]


def _placement(session, event) -> dict[int, tuple[str, int]]:
    """Request id → (slot code, table) of every scheduled meeting."""
    return {m.request_id: (m.slot.code, m.table) for m in services.event_meetings(session, event)}


# -- the event -------------------------------------------------------------------------------------------------------

def test_creating_an_event_cuts_its_span_into_slots_of_the_slot_length(session):
    event = services.create_event(session, _organiser(), _event_data())
    assert [s.code for s in event.slots] == ["s01", "s02", "s03", "s04", "s05", "s06"]
    assert event.slots[1].starts_at.replace(tzinfo=UTC) == START + timedelta(minutes=20)
    assert event.status == EventStatus.DRAFT and event.kind == EventKind.MATCHMAKING


def test_an_event_ending_before_it_starts_is_refused_on_the_end_time(session):
    with pytest.raises(ValidationError) as error:
        services.create_event(session, _organiser(), _event_data(ends_at=START - timedelta(hours=1)))
    assert "ends_at" in error.value.fields


def test_an_event_shorter_than_one_slot_is_refused_on_the_slot_length(session):
    with pytest.raises(ValidationError) as error:
        services.create_event(session, _organiser(), _event_data(ends_at=START + timedelta(minutes=15)))
    assert "slot_minutes" in error.value.fields


def test_only_organisers_create_events(session):
    with pytest.raises(PermissionDenied):
        services.create_event(session, UserFactory(), _event_data())


def test_an_organiser_cannot_manage_another_organisations_event(session):
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.set_status(session, _organiser(), event, EventStatus.OPEN)
    assert event.status == EventStatus.DRAFT


def test_a_draft_cannot_jump_to_scheduling(session):
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(Conflict):
        services.set_status(session, organiser_of(event), event, EventStatus.SCHEDULING)
    assert event.status == EventStatus.DRAFT


def test_event_timing_is_frozen_once_someone_registered(session):
    event = EventFactory()
    RegistrationFactory(event=event)
    data = _event_data(starts_at=event.starts_at + timedelta(hours=1), ends_at=event.ends_at + timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.update_event(session, organiser_of(event), event, data)
    assert "starts_at" in error.value.fields


def test_drafts_are_listed_only_for_their_organisers(session):
    draft = EventFactory(draft=True)
    EventFactory(title="公开的路演")
    visitor_titles = [e.title for e in services.list_events(session, UserFactory(), 1, 50).items]
    organiser_titles = [e.title for e in services.list_events(session, organiser_of(draft), 1, 50).items]
    assert draft.title not in visitor_titles and "公开的路演" in visitor_titles
    assert draft.title in organiser_titles


# -- registration ----------------------------------------------------------------------------------------------------

def test_a_verified_member_registers_with_the_chosen_slots_in_event_order(session):
    event = EventFactory()
    registration = services.register(session, UserFactory(), event, "attendee", ["s03", "s01"])
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.available_slots == ["s01", "s03"]


def test_members_of_unverified_organisations_cannot_register(session):
    user = UserFactory(organisation=OrganisationFactory(unverified=True))
    with pytest.raises(PermissionDenied):
        services.register(session, user, EventFactory(), "attendee", ["s01"])


def test_registering_for_an_unknown_slot_names_the_field(session):
    with pytest.raises(ValidationError) as error:
        services.register(session, UserFactory(), EventFactory(), "attendee", ["s99"])
    assert "available_slots" in error.value.fields


def test_registering_twice_is_a_conflict(session):
    event, user = EventFactory(), UserFactory()
    services.register(session, user, event, "attendee", ["s01"])
    with pytest.raises(Conflict):
        services.register(session, user, event, "pitcher", ["s02"])


def test_after_registration_closes_registrants_wait_and_the_organiser_is_told(session):
    event = EventFactory(registration_open=False)
    registration = services.register(session, UserFactory(), event, "investor", ["s01"])
    assert registration.status == RegistrationStatus.WAITING
    assert session.scalar(select(Notification).where(Notification.user_id == organiser_of(event).id,
                                                     Notification.kind == "event.waiting")) is not None


def test_admitting_a_waiting_registrant_registers_them(session):
    event = EventFactory(registration_open=False)
    registration = services.register(session, UserFactory(), event, "attendee", ["s01"])
    services.admit(session, organiser_of(event), registration)
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_withdrawn_participant_may_register_again(session):
    event, user = EventFactory(), UserFactory()
    first = services.register(session, user, event, "attendee", ["s01"])
    services.withdraw(session, user, first)
    again = services.register(session, user, event, "pitcher", ["s02"])
    assert again.id == first.id and again.status == RegistrationStatus.REGISTERED
    assert again.role == ParticipantRole.PITCHER


# -- meeting requests ------------------------------------------------------------------------------------------------

def test_a_meeting_request_notifies_the_recipient(session):
    event = EventFactory()
    sender, recipient = RegistrationFactory(event=event), RegistrationFactory(event=event)
    request = services.request_meeting(session, sender.user, event, recipient.id, "想聊聊电解液", 3)
    assert request.status == RequestStatus.PENDING and request.priority == 3
    assert session.scalar(select(Notification).where(Notification.user_id == recipient.user_id,
                                                     Notification.kind == "request.new")) is not None


def test_a_waitlisted_registrant_sends_no_meeting_request_until_admitted(session):
    event = EventFactory()
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    recipient = RegistrationFactory(event=event)

    with pytest.raises(PermissionDenied, match="候补"):
        services.request_meeting(session, waiting.user, event, recipient.id, "想聊聊电解液", 2)


@pytest.mark.parametrize("message", ["电话 139 1234 5678", "加微信 li_lab2026", "li at tyut dot edu dot cn"])
def test_a_meeting_request_message_carries_no_contact_details(session, message):
    event = EventFactory()
    sender, recipient = RegistrationFactory(event=event), RegistrationFactory(event=event)

    with pytest.raises(ValidationError) as error:
        services.request_meeting(session, sender.user, event, recipient.id, message, 2)

    assert "message" in error.value.fields


def test_nobody_requests_a_meeting_with_themselves(session):
    registration = RegistrationFactory()
    with pytest.raises(ValidationError) as error:
        services.request_meeting(session, registration.user, registration.event, registration.id, "", 2)
    assert "to_registration" in error.value.fields


def test_a_request_to_someone_who_already_asked_you_points_to_their_request(session):
    event = EventFactory()
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    services.request_meeting(session, a.user, event, b.id, "", 2)
    with pytest.raises(ValidationError) as error:
        services.request_meeting(session, b.user, event, a.id, "", 2)
    assert "to_registration" in error.value.fields


def test_a_priority_outside_one_to_three_is_refused(session):
    event = EventFactory()
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    with pytest.raises(ValidationError) as error:
        services.request_meeting(session, a.user, event, b.id, "", 7)
    assert "priority" in error.value.fields


def test_only_the_recipient_answers_a_request(session):
    request = MeetingRequestFactory()
    with pytest.raises(PermissionDenied):
        services.respond(session, request.sender.user, request, True)
    assert request.status == RequestStatus.PENDING


def test_a_request_is_answered_only_once(session):
    request = MeetingRequestFactory()
    services.respond(session, request.recipient.user, request, True)
    with pytest.raises(Conflict):
        services.respond(session, request.recipient.user, request, False)
    assert request.status == RequestStatus.ACCEPTED


def test_a_request_between_matching_organisations_weighs_more_than_its_priority(session):
    event = EventFactory()
    enterprise = RegistrationFactory(event=event)
    university = RegistrationFactory(event=event, role=ParticipantRole.PITCHER,
                                     user=UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY)))
    NeedFactory(organisation=enterprise.organisation, title="退役动力电池回收利用技术",
                description="寻求退役锂电池拆解、湿法回收镍钴锰锂的技术。", keywords=["电池回收", "湿法冶金"])
    OfferFactory(organisation=university.organisation, title="退役锂电池湿法回收技术",
                 description="湿法冶金回收镍钴锰锂，金属回收率 98% 以上。", keywords=["电池回收", "湿法冶金"])
    session.commit()  # postings are embedded when committed, as in the running app
    request = services.request_meeting(session, enterprise.user, event, university.id, "", 2, engine=engine())
    assert request.match_score > 0
    assert services.request_weight(request) > 2


# -- people to meet and pitches --------------------------------------------------------------------------------------

def _market_event():
    """An event with a battery-recycling enterprise, a seed-breeding enterprise and three universities' offers."""
    event = EventFactory()
    recycler = RegistrationFactory(event=event)
    farmer = RegistrationFactory(event=event)
    NeedFactory(organisation=recycler.organisation, title="退役动力电池回收利用技术",
                description="寻求退役锂电池拆解、湿法回收镍钴锰锂金属的技术，年处理一万吨。", keywords=["电池回收", "湿法冶金"])
    NeedFactory(organisation=farmer.organisation, title="谷子抗旱新品种选育",
                description="需要耐旱高产的谷子新品种与配套旱作栽培技术，用于晋中丘陵旱地。", keywords=["谷子", "抗旱", "育种"])
    offers = {
        "recycling": OfferFactory(title="退役锂电池湿法回收技术", description="湿法冶金回收镍钴锰锂，金属回收率 98% 以上。",
                                  keywords=["电池回收", "湿法冶金"]),
        "recycling_2": OfferFactory(title="废旧锂电池拆解与镍钴锰回收工艺",
                                    description="自动化拆解退役电池，湿法浸出回收镍钴锰。", keywords=["电池回收", "拆解"]),
        "millet": OfferFactory(title="晋谷系列抗旱谷子新品种",
                               description="耐旱高产谷子新品种，旱地亩产提高 15%，配套旱作栽培技术。",
                               keywords=["谷子", "抗旱", "育种"]),
    }
    db.session.commit()  # postings are embedded when committed, as in the running app
    return event, recycler, farmer, offers


def test_pitch_suggestions_cover_different_attendees_before_repeating_one_need(session):
    event, _, _, offers = _market_event()
    suggestions = services.suggest_pitches(session, engine(), event, limit=2)
    chosen = {s.offer.id for s in suggestions}
    assert offers["millet"].id in chosen
    assert len(chosen & {offers["recycling"].id, offers["recycling_2"].id}) == 1
    assert all(s.serves == 1 and s.reasons for s in suggestions)


def test_offers_already_on_the_programme_are_not_suggested_again(session):
    event, _, _, offers = _market_event()
    services.add_agenda_item(session, organiser_of(event), event, {
        "kind": "pitch", "title": offers["millet"].title, "starts_at": event.starts_at,
        "ends_at": event.starts_at + timedelta(minutes=10), "offer_id": offers["millet"].id})
    suggested = {s.offer.id for s in services.suggest_pitches(session, engine(), event, limit=5)}
    assert offers["millet"].id not in suggested


def test_people_to_meet_puts_the_matching_organisation_first_with_its_reason(session):
    event, recycler, _, offers = _market_event()
    university = RegistrationFactory(event=event, role=ParticipantRole.PITCHER,
                                     user=UserFactory(organisation=offers["recycling"].organisation))
    RegistrationFactory(event=event, role=ParticipantRole.PITCHER,
                        user=UserFactory(organisation=offers["millet"].organisation))
    suggestions = services.people_to_meet(session, engine(), recycler)
    assert suggestions[0].registration.id == university.id
    assert offers["recycling"].title in suggestions[0].reason


def test_an_event_with_a_field_suggests_only_offers_of_that_field(session):
    event, _, farmer, offers = _market_event()
    agriculture = field("modern_agriculture")
    offers["millet"].field = event.field = agriculture
    session.commit()

    suggested = {s.offer.id for s in services.suggest_pitches(session, engine(), event, limit=5)}

    assert suggested == {offers["millet"].id}


def test_every_pitch_suggestion_is_at_least_a_medium_match(session):
    event, _, _, _ = _market_event()

    suggestions = services.suggest_pitches(session, engine(), event, limit=8)

    assert suggestions and all(s.strength >= MEDIUM_FROM for s in suggestions)


def test_people_to_meet_leave_out_pitchers_nothing_of_theirs_matches(session):
    event, recycler, _, offers = _market_event()
    seed_breeder = RegistrationFactory(event=event, role=ParticipantRole.PITCHER,
                                       user=UserFactory(organisation=offers["millet"].organisation))

    suggested = {s.registration.id for s in services.people_to_meet(session, engine(), recycler)}

    assert seed_breeder.id not in suggested


def test_the_participant_page_says_when_few_people_match_instead_of_padding(client, auth, session):
    event, recycler, _, offers = _market_event()
    RegistrationFactory(event=event, role=ParticipantRole.PITCHER,
                        user=UserFactory(organisation=offers["recycling"].organisation))
    auth.login(recycler.user)

    page = client.get(f"/events/{event.id}/me").get_data(as_text=True)

    assert "只有这 1 位参会者" in page


def test_people_already_asked_are_not_suggested(session):
    event, recycler, _, offers = _market_event()
    university = RegistrationFactory(event=event, user=UserFactory(organisation=offers["recycling"].organisation))
    MeetingRequestFactory(sender=recycler, recipient=university)
    assert university.id not in {s.registration.id for s in services.people_to_meet(session, engine(), recycler)}


# -- the schedule ----------------------------------------------------------------------------------------------------

def test_the_scheduling_instance_holds_admitted_participants_and_accepted_requests_only(session):
    event, (a, b, c, d) = _scheduling_event()
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    accepted = _accepted(a, b)
    MeetingRequestFactory(sender=a, recipient=c)  # pending
    _accepted(d, waiting)
    instance, requests = services.scheduling_instance(session, event)
    assert set(requests) == {f"q{accepted.id}"}
    assert f"p{waiting.id}" not in instance.participants


def test_the_scheduler_places_every_accepted_request_without_conflicts(session):
    event, (a, b, c, d) = _scheduling_event()
    for sender, recipient in ((a, b), (a, c), (a, d), (b, c), (c, d)):
        _accepted(sender, recipient)
    outcome = services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    instance, _ = services.scheduling_instance(session, event)
    meetings = [scheduling.Meeting(f"q{m.request_id}", m.slot.code, m.table)
                for m in services.event_meetings(session, event)]
    assert outcome.created == 5 and len(meetings) == 5
    assert scheduling.validate(instance, meetings) == []


def test_the_scheduler_respects_availability_and_meeting_limits(session):
    event = EventFactory(status=EventStatus.SCHEDULING)
    busy = RegistrationFactory(event=event, available_slots=["s02"], max_meetings=1)
    others = [RegistrationFactory(event=event) for _ in range(3)]
    for other in others:
        _accepted(other, busy)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    placed = list(_placement(session, event).values())
    assert placed and len(placed) == 1 and placed[0][0] == "s02"


def test_only_organisers_run_the_scheduler(session):
    event, (a, b, *_) = _scheduling_event()
    with pytest.raises(PermissionDenied):
        services.run_scheduler(session, a.user, event, time_limit=TIME_LIMIT)


def test_the_scheduler_waits_until_the_event_is_in_scheduling(session):
    event = EventFactory()
    with pytest.raises(Conflict):
        services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)


def test_publishing_tells_each_participant_how_many_meetings_they_have(session):
    event, (a, b, c, _) = _scheduling_event()
    _accepted(a, b), _accepted(a, c)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser_of(event), event)
    notices = session.scalars(select(Notification).where(Notification.kind == "schedule.published")).all()
    assert event.status == EventStatus.PUBLISHED and event.schedule_version == 1
    assert {n.user_id for n in notices} == {a.user_id, b.user_id, c.user_id}


def test_re_running_a_published_schedule_keeps_every_meeting_in_place(session):
    event, regs = _scheduling_event(participants=5)
    for i, sender in enumerate(regs):
        for recipient in regs[i + 1:]:
            _accepted(sender, recipient)
    organiser = organiser_of(event)
    services.run_scheduler(session, organiser, event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser, event)
    before = _placement(session, event)
    outcome = services.run_scheduler(session, organiser, event, time_limit=TIME_LIMIT)
    assert _placement(session, event) == before
    assert (outcome.kept, outcome.moved, outcome.cancelled, outcome.created) == (len(before), 0, 0, 0)


def test_a_withdrawal_changes_only_the_meetings_of_the_participant_who_left(session):
    event, regs = _scheduling_event(participants=6, tables=2)
    for i, sender in enumerate(regs):
        for recipient in regs[i + 1:]:
            _accepted(sender, recipient, priority=1 + (i % 3))
    organiser = organiser_of(event)
    services.run_scheduler(session, organiser, event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser, event)
    before = _placement(session, event)
    leaving = regs[2]
    theirs = {q.id for q in session.scalars(select(MeetingRequest).where(
        (MeetingRequest.from_registration_id == leaving.id) | (MeetingRequest.to_registration_id == leaving.id)))}

    services.withdraw(session, leaving.user, leaving)
    outcome = services.run_scheduler(session, organiser, event, time_limit=TIME_LIMIT)

    after = _placement(session, event)
    untouched = {rid: place for rid, place in before.items() if rid not in theirs}
    assert all(after[rid] == place for rid, place in untouched.items())  # nobody else moved or lost a meeting
    assert not set(after) & theirs  # the leaver's meetings are gone
    assert outcome.moved == 0 and outcome.kept == len(untouched)
    # Freed capacity may be refilled, but only with meetings that were not scheduled before.
    assert not (set(after) - set(untouched)) & set(before)


def test_a_withdrawal_cancels_the_meetings_and_tells_the_other_side(session):
    event, (a, b, *_) = _scheduling_event()
    _accepted(a, b)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser_of(event), event)
    services.withdraw(session, a.user, a)
    meeting = session.scalar(select(Meeting).where(Meeting.event_id == event.id))
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert session.scalar(select(Notification).where(Notification.user_id == b.user_id,
                                                     Notification.kind == "meeting.cancelled")) is not None


def test_the_grid_has_a_row_per_slot_and_a_cell_per_table(session):
    event, (a, b, *_) = _scheduling_event()
    _accepted(a, b)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    grid = services.schedule_grid(session, event)
    assert len(grid) == len(event.slots) and all(len(cells) == event.tables for _, cells in grid)
    assert sum(1 for _, cells in grid for cell in cells if cell is not None) == 1


# -- the day and after -----------------------------------------------------------------------------------------------

def test_the_report_counts_registrations_requests_meetings_and_attendance(session):
    event, (a, b, c, d) = _scheduling_event()
    organiser = organiser_of(event)
    _accepted(a, b), _accepted(c, d)
    MeetingRequestFactory(sender=a, recipient=c, status=RequestStatus.DECLINED)
    services.run_scheduler(session, organiser, event, time_limit=TIME_LIMIT)
    services.publish_schedule(session, organiser, event)
    services.check_in(session, organiser, a, now=event.starts_at)  # on the day
    services.mark_no_show(session, organiser, d, now=event.ends_at)
    first = services.participant_meetings(session, a)[0]
    services.mark_held(session, a.user, first, True)
    services.set_follow_up(session, organiser, a, "下周到企业现场考察")
    report = services.event_report(session, event)
    assert report.participants == 4 and report.checked_in == 1 and report.no_shows == 1
    assert report.requests == {"accepted": 2, "declined": 1}
    assert (report.meetings_scheduled, report.meetings_held, report.meetings_unrecorded) == (2, 1, 1)
    assert [r.id for r in report.follow_ups] == [a.id]


def test_only_the_two_sides_or_the_organiser_record_whether_a_meeting_was_held(session):
    event, (a, b, c, _) = _scheduling_event()
    _accepted(a, b)
    services.run_scheduler(session, organiser_of(event), event, time_limit=TIME_LIMIT)
    meeting = services.participant_meetings(session, a)[0]
    with pytest.raises(PermissionDenied):
        services.mark_held(session, c.user, meeting, True)
    assert meeting.held is None


def test_reading_notifications_marks_them_read(session):
    request = MeetingRequestFactory()
    notifications.notify(session, request.recipient.user, "request.new", {"name": "张三", "org": "测试大学", "event": "对接会"})
    user = request.recipient.user
    assert notifications.unread_count(session, user) == 1
    notifications.mark_notifications_read(session, user)
    assert notifications.unread_count(session, user) == 0
