"""Events through the API: create and run an event, register, ask for and answer 1:1 meetings, schedule, agendas.

Every rule lives in `matchmaker.events.services` (and `access`, `calendar`); these views parse JSON, look rows up
within their event, call one service and serialise what it returns.
"""
from __future__ import annotations

import math
from datetime import datetime

from flask import Response, g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FloatField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker import scheduling
from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.serializers import (
    event_json,
    meeting_json,
    meeting_request_json,
    public_registration_json,
    registration_json,
)
from matchmaker.auth.throttle import meeting_request_limits
from matchmaker.config import MARKET_TZ
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.events import access, calendar, schedule_runs, services
from matchmaker.events.forms import EventForm, RegistrationForm
from matchmaker.extensions import db
from matchmaker.forms import IdField, api_form
from matchmaker.market.services import active_fields
from matchmaker.matching.setup import engine
from models import Event, MeetingRequest, Registration, ScheduleRun
from models.choices import EventStatus, RegistrationStatus

STATUSES = ("open", "scheduling", "finished")  # "published" is reached by publishing the schedule
SHOWN = (EventStatus.PUBLISHED, EventStatus.FINISHED)
CALENDAR_METHODS = {"request": "REQUEST", "cancel": "CANCEL"}


# -- input -----------------------------------------------------------------------------------------------------------

class IsoDateTimeField(Field):
    """An ISO 8601 date and time; one without an offset is Beijing time, like the web form's."""

    json_schema = {"type": "string", "format": "date-time"}  # for matchmaker.api.form_schema

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = valuelist[0].strip()
        try:
            moment = datetime.fromisoformat(raw) if ("T" in raw or " " in raw) else None
        except ValueError:
            moment = None
        if moment is None:
            self.data = None
            raise ValueError(_l("请输入 ISO 8601 日期时间，例如 2027-05-20T09:00:00+08:00。"))
        self.data = moment if moment.tzinfo is not None else moment.replace(tzinfo=MARKET_TZ)


class ApiEventForm(EventForm):
    """The web's event form with ISO 8601 times instead of datetime-local inputs."""

    starts_at = IsoDateTimeField(_l("开始时间"), validators=[InputRequired()])
    ends_at = IsoDateTimeField(_l("结束时间"), validators=[InputRequired()])


class ApiMeetingRequestForm(FlaskForm):
    to_registration = IdField(validators=[InputRequired()])
    message = StringField(validators=[Optional(), Length(max=1000)])
    priority = IntegerField(default=2, validators=[Optional(), NumberRange(min=1, max=3)])


class ScheduleForm(FlaskForm):
    time_limit = FloatField(default=scheduling.DEFAULT_TIME_LIMIT, validators=[Optional(), NumberRange(min=1, max=60)])

    def validate_time_limit(self, field) -> None:
        if field.data is not None and not math.isfinite(field.data):
            raise WTFormsValidationError(_l("必须是 1 到 60 之间的秒数。"))


def _optional_body() -> dict:
    """The JSON object of a request whose body may be left out."""
    return json_body() if request.get_data(cache=True) else {}


def _event_form(body: dict, choosing_host: bool = False) -> ApiEventForm:
    """The event form bound to `body`, a field given by its Chinese name mapped to its code first.

    With `choosing_host` the form also reads `organisation_id`, checked by the service (the caller has no
    organisation of their own)."""
    fields = active_fields(db.session)
    if isinstance(body.get("field"), str):
        codes = {f.name_zh: f.code for f in fields}
        body = {**body, "field": codes.get(body["field"].strip(), body["field"].strip())}
    form = api_form(ApiEventForm, body, field_choices=[(f.code, f.code) for f in fields],
                    host_choices=[] if choosing_host else None)
    validate((form, ""))
    return form


# -- lookups ---------------------------------------------------------------------------------------------------------

def _event(event_id: int, viewer) -> Event:
    """An event the caller may see: drafts only show to those who manage them."""
    event = db.session.get(Event, event_id)
    if event is None or (event.status == EventStatus.DRAFT and not access.can_manage(viewer, event)):
        raise NotFound(_("没有找到该活动。"))
    return event


def _managed(event_id: int) -> Event:
    event = _event(event_id, g.api_user)
    if not access.can_manage(g.api_user, event):
        raise PermissionDenied(_("只有本活动的主办方可以执行此操作。"))
    return event


def _child(model, child_id: int, event: Event):
    """A row of `model` that belongs to `event`, else 404."""
    row = db.session.get(model, child_id)
    if row is None or row.event_id != event.id:
        raise NotFound(_("没有找到该记录。"))
    return row


def _own_registration(event: Event, registration_id: int) -> Registration:
    """The caller's own registration (managers may open any); anyone else gets 404, which leaks nothing."""
    registration = _child(Registration, registration_id, event)
    if registration.user_id != g.api_user.id and not access.can_manage(g.api_user, event):
        raise NotFound(_("没有找到该记录。"))
    return registration


def _participant(event: Event) -> Registration:
    """The caller's registration; those who neither registered nor manage the event get 403."""
    registration = services.registration_for(db.session, event, g.api_user)
    if registration is None:
        raise PermissionDenied(_("请先报名参加本次活动。"))
    return registration


# -- the event -------------------------------------------------------------------------------------------------------

@bp.post("/events")
@token_required
def create_event():
    """Create a draft event of the caller's organisation (organisers only), cut into meeting slots.

    A caller without an organisation names the government organisation it runs for in `organisation_id`."""
    if not access.can_create(g.api_user):
        raise PermissionDenied(_("只有活动主办方可以创建活动。"))
    body = json_body()
    choosing_host = access.chooses_host(g.api_user)
    host = body.get("organisation_id")
    if choosing_host and host is not None and (isinstance(host, bool) or not isinstance(host, int | str)):
        message = _("主办机构必须是平台上的政府部门。")
        raise ValidationError(message, {"organisation_id": message})
    form = _event_form(body, choosing_host=choosing_host)
    event = services.create_event(db.session, g.api_user, form.service_data())
    return jsonify(event_json(event, can_manage=True)), 201


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    """One event; a registered caller counts as having opened it (see `recipient_seen`)."""
    viewer = optional_user()
    event = _event(event_id, viewer)
    registration = services.registration_for(db.session, event, viewer)
    if registration is not None:
        services.touch(db.session, registration)
    return jsonify(event_json(event, access.can_manage(viewer, event), registration))


@bp.post("/events/<int:event_id>/status")
@token_required
def set_event_status(event_id: int):
    """Open registration, start scheduling, go back to registration, or finish the event."""
    status = json_body().get("status")
    if status not in STATUSES:
        message = _("只能是 %(values)s 之一。", values=", ".join(STATUSES))
        raise ValidationError(_("提交的数据有误。"), {"status": message})
    event = services.set_status(db.session, g.api_user, _managed(event_id), EventStatus(status))
    return jsonify(event_json(event, can_manage=True))


# -- registrations ---------------------------------------------------------------------------------------------------

@bp.post("/events/<int:event_id>/registrations")
@token_required
def register(event_id: int):
    """Register the caller with a role and the slots they are available in."""
    event = _event(event_id, g.api_user)
    form = api_form(RegistrationForm, json_body(), slot_choices=services.slot_choices(event))
    validate((form, ""))
    registration = services.register(db.session, g.api_user, event, form.role.data, form.available_slots.data or [])
    return jsonify(registration_json(registration)), 201


@bp.get("/events/<int:event_id>/registrations")
@token_required
def list_registrations(event_id: int):
    """Managers see every registration; a participant sees the others still in the event, to ask them to meet."""
    event = _event(event_id, g.api_user)
    if access.can_manage(g.api_user, event):
        return jsonify(items=[registration_json(r) for r in services.event_registrations(db.session, event)])
    own = _participant(event)
    others = [r for r in services.event_registrations(db.session, event)
              if r.id != own.id and r.status == RegistrationStatus.REGISTERED]
    return jsonify(items=[public_registration_json(r) for r in others])


@bp.delete("/events/<int:event_id>/registrations/<int:registration_id>")
@token_required
def withdraw(event_id: int, registration_id: int):
    """Withdraw a registration: its requests and meetings are cancelled and the other sides told."""
    event = _event(event_id, g.api_user)
    registration = services.withdraw(db.session, g.api_user, _own_registration(event, registration_id))
    return jsonify(registration_json(registration))


# -- meeting requests ------------------------------------------------------------------------------------------------

@bp.post("/events/<int:event_id>/meeting-requests")
@meeting_request_limits
@token_required
def request_meeting(event_id: int):
    """Ask another participant for a 1:1 meeting, weighted by priority and how well the two match."""
    event = _event(event_id, g.api_user)
    form = api_form(ApiMeetingRequestForm, json_body())
    validate((form, ""))
    meeting_request = services.request_meeting(
        db.session, g.api_user, event, form.to_registration.data, form.message.data or "", form.priority.data,
        engine=engine(),
    )
    return jsonify(meeting_request_json(meeting_request)), 201


@bp.get("/events/<int:event_id>/meeting-requests")
@token_required
def list_meeting_requests(event_id: int):
    """Managers see every request of the event; a participant the ones they sent or received."""
    event = _event(event_id, g.api_user)
    if access.can_manage(g.api_user, event):
        requests = services.event_requests(db.session, event)
    else:
        own = _participant(event)
        requests = services.incoming_requests(db.session, own) + services.outgoing_requests(db.session, own)
    return jsonify(items=[meeting_request_json(q) for q in requests])


@token_required
def answer_meeting_request(event_id: int, request_id: int, accept: bool):
    """The recipient accepts or declines a pending request."""
    event = _event(event_id, g.api_user)
    meeting_request = _child(MeetingRequest, request_id, event)
    services.respond(db.session, g.api_user, meeting_request, accept)
    return jsonify(meeting_request_json(meeting_request))


for _answer in ("accept", "decline"):
    bp.add_url_rule(f"/events/<int:event_id>/meeting-requests/<int:request_id>/{_answer}",
                    f"{_answer}_meeting_request", answer_meeting_request, methods=["POST"],
                    defaults={"accept": _answer == "accept"})


# -- the schedule ----------------------------------------------------------------------------------------------------

@bp.post("/events/<int:event_id>/schedule")
@token_required
def run_scheduler(event_id: int):
    """Start a scheduler run in the background (202 with the run; 409 while another one works); poll the run."""
    event = _managed(event_id)
    form = api_form(ScheduleForm, _optional_body())
    validate((form, ""))
    time_limit = form.time_limit.data if form.time_limit.data is not None else scheduling.DEFAULT_TIME_LIMIT
    run = schedule_runs.start_run(db.session, g.api_user, event, time_limit)
    response = jsonify(schedule_runs.run_json(run))
    response.headers["Location"] = url_for("api.get_schedule_run", event_id=event.id, run_id=run.id)
    return response, 202


@bp.get("/events/<int:event_id>/schedule/runs/<int:run_id>")
@token_required
def get_schedule_run(event_id: int, run_id: int):
    """A run's status and progress: best objective and bound so far, and once written, what changed."""
    return jsonify(schedule_runs.run_json(_child(ScheduleRun, run_id, _managed(event_id))))


@bp.post("/events/<int:event_id>/schedule/runs/<int:run_id>/cancel")
@token_required
def cancel_schedule_run(event_id: int, run_id: int):
    """Stop a run without changing any meeting."""
    run = _child(ScheduleRun, run_id, _managed(event_id))
    return jsonify(schedule_runs.run_json(schedule_runs.request_cancel(db.session, g.api_user, run)))


@bp.post("/events/<int:event_id>/schedule/publish")
@token_required
def publish_schedule(event_id: int):
    """Show the schedule to the participants, who are notified."""
    event = services.publish_schedule(db.session, g.api_user, _managed(event_id))
    return jsonify(event_json(event, can_manage=True))


@bp.get("/events/<int:event_id>/meetings")
@token_required
def list_meetings(event_id: int):
    """Managers see every scheduled meeting; a participant their own, once the schedule is published."""
    event = _event(event_id, g.api_user)
    published = event.status in SHOWN
    if access.can_manage(g.api_user, event):
        meetings = services.event_meetings(db.session, event)
    else:
        own = _participant(event)
        meetings = services.participant_meetings(db.session, own) if published else []
    return jsonify(published=published, items=[meeting_json(m) for m in meetings])


@bp.get("/events/<int:event_id>/registrations/<int:registration_id>/agenda.ics")
@token_required
def agenda_ics(event_id: int, registration_id: int):
    """The participant's meetings as iCalendar invitations (METHOD:REQUEST), or with `?method=cancel` the CANCEL."""
    method = CALENDAR_METHODS.get(request.args.get("method", "request").lower())
    if method is None:
        raise ValidationError(_("提交的数据有误。"), {"method": _("只能是 request 或 cancel。")})
    event = _event(event_id, g.api_user)
    registration = _own_registration(event, registration_id)
    body = calendar.registration_calendar(db.session, registration, method)
    name = f"event-{event.id}-agenda{'-cancel' if method == 'CANCEL' else ''}.ics"
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
