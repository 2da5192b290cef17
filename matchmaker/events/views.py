"""Event pages: listing and programme, the organiser's desk, and each participant's requests and agenda."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.auth.throttle import meeting_request_limits
from matchmaker.errors import Conflict, ValidationError
from matchmaker.events import access, calendar, checkin, export, financing, hosts, schedule_runs, services
from matchmaker.events.checkin import CheckIn
from matchmaker.events.forms import (
    AgendaItemForm,
    EventForm,
    FollowUpForm,
    MeetingRequestForm,
    RegistrationForm,
)
from matchmaker.extensions import db
from matchmaker.finance.access import can_view_need
from matchmaker.forms import apply_errors
from matchmaker.i18n import field_name, label
from matchmaker.market import services as market
from matchmaker.matching.setup import engine
from matchmaker.pagination import page_number
from matchmaker.spreadsheets import xlsx_response
from models import AgendaItem, Event, Meeting, MeetingRequest, Registration, ScheduleRun, utcnow
from models.base import as_utc
from models.choices import EventStatus, RegistrationStatus

bp = Blueprint("events", __name__)
PER_PAGE = 20
SUGGESTIONS = 8
PEOPLE_TO_MEET = 8


# -- lookups shared by the views ---------------------------------------------------------------------------------

def _event(event_id: int) -> Event:
    """An event the reader may see: drafts only show to those who manage them."""
    event = db.session.get(Event, event_id) or abort(404)
    if event.status == EventStatus.DRAFT and not access.can_manage(current_user, event):
        abort(404)
    return event


def _managed(event_id: int) -> Event:
    event = _event(event_id)
    if not access.can_manage(current_user, event):
        abort(403)
    return event


def _child(model, child_id: int, event: Event):
    """A row of `model` that belongs to `event`, else 404."""
    row = db.session.get(model, child_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row


def _own_registration(event: Event, registration_id: int) -> Registration:
    """The participant's own registration (organisers may open any); others get 404."""
    registration = _child(Registration, registration_id, event)
    if registration.user_id != current_user.id and not access.can_manage(current_user, event):
        abort(404)
    return registration


def _my_registration(event: Event) -> Registration:
    return services.registration_for(db.session, event, current_user) or abort(404)


def _event_form(**kwargs) -> EventForm:
    field_choices = [(f.code, field_name(f)) for f in market.active_fields(db.session)]
    return EventForm(field_choices=field_choices, **kwargs)


def _registration_form(event: Event, **kwargs) -> RegistrationForm:
    if not financing.is_financing(event):
        return RegistrationForm(slot_choices=services.slot_choices(event), **kwargs)
    organisation = current_user.organisation if current_user.is_authenticated else None
    form = RegistrationForm(slot_choices=services.slot_choices(event),
                            **{"role": financing.default_role(organisation), **kwargs})
    form.role.description = _("融资路演：企业以“路演方”身份展示融资需求，银行和投资机构以“投资方”身份参会。")
    return form


def _back_to(event: Event, endpoint: str = "events.detail"):
    return redirect(url_for(endpoint, event_id=event.id))


@bp.app_context_processor
def _event_helpers():
    """Event helpers for every template (the nav's unread count lives in the notifications blueprint)."""
    def is_past(event: Event) -> bool:
        return as_utc(event.ends_at) < utcnow()

    def may_read_financing_need(need) -> bool:
        return can_view_need(db.session, current_user, need)

    return {"can_manage_event": access.can_manage, "hosts_event": access.is_host, "event_is_past": is_past,
            "may_read_financing_need": may_read_financing_need}


# -- everyone ------------------------------------------------------------------------------------------------------

@bp.route("/events")
def index():
    page = services.list_events(db.session, current_user, page_number(request.args), PER_PAGE)
    return render_template("events/list.html", page=page, can_create=access.can_create(current_user))


@bp.route("/events/<int:event_id>")
def detail(event_id: int):
    event = _event(event_id)
    registration = services.registration_for(db.session, event, current_user) if current_user.is_authenticated else None
    if registration is not None:
        services.touch(db.session, registration)
    withdrawn = registration is None or registration.status == RegistrationStatus.WITHDRAWN
    form = _registration_form(event) if withdrawn else None
    return render_template("events/detail.html", event=event, registration=registration, form=form)


# -- organisers ----------------------------------------------------------------------------------------------------

@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    if not access.can_create(current_user):
        abort(403)
    host_choices = None
    if access.chooses_host(current_user):
        host_choices = [(str(org.id), org.name) for org in hosts.host_organisations(db.session)]
    form = _event_form(host_choices=host_choices)
    if form.validate_on_submit():
        try:
            event = services.create_event(db.session, current_user, form.service_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("活动已创建。补充议程后即可开放报名。"), "success")
            return _back_to(event)
    return render_template("events/form.html", form=form, event=None), 422 if request.method == "POST" else 200


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = _managed(event_id)
    form = _event_form(data=EventForm.values(event))
    if form.validate_on_submit():
        try:
            services.update_event(db.session, current_user, event, form.service_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已保存。"), "success")
            return _back_to(event)
    return render_template("events/form.html", form=form, event=event), 422 if request.method == "POST" else 200


@bp.route("/events/<int:event_id>/status/<any(open, scheduling, finished):status>", methods=["POST"])
@login_required
def set_status(event_id: int, status: str):
    event = _managed(event_id)
    services.set_status(db.session, current_user, event, EventStatus(status))
    flash(_("活动状态已改为“%(status)s”。", status=label("event_status", status)), "success")
    return _back_to(event, "events.registrations" if status == "scheduling" else "events.detail")


@bp.route("/events/<int:event_id>/registration/<any(open, close):action>", methods=["POST"])
@login_required
def registration_switch(event_id: int, action: str):
    event = _managed(event_id)
    services.set_registration_open(db.session, current_user, event, action == "open")
    flash(_("已开放报名。") if action == "open" else _("已关闭报名，新的报名需要您审核。"), "info")
    return _back_to(event)


@bp.route("/events/<int:event_id>/programme", methods=["GET", "POST"])
@login_required
def programme(event_id: int):
    event = _managed(event_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            services.add_agenda_item(db.session, current_user, event, form.service_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已加入议程。"), "success")
            return _back_to(event, "events.programme")
    suggestions = services.suggest_pitches(db.session, engine(), event, limit=SUGGESTIONS)
    next_pitch = [services.local_time(t).strftime("%Y-%m-%dT%H:%M") for t in services.next_pitch_window(event)]
    status = 422 if request.method == "POST" else 200
    return render_template("events/programme.html", event=event, form=form, suggestions=suggestions,
                           wanted=SUGGESTIONS, next_pitch=next_pitch), status


@bp.route("/events/<int:event_id>/programme/<int:item_id>/remove", methods=["POST"])
@login_required
def remove_agenda_item(event_id: int, item_id: int):
    event = _managed(event_id)
    services.remove_agenda_item(db.session, current_user, _child(AgendaItem, item_id, event))
    flash(_("已从议程中移除。"), "info")
    return _back_to(event, "events.programme")


@bp.route("/events/<int:event_id>/registrations")
@login_required
def registrations(event_id: int):
    event = _managed(event_id)
    rows = services.event_registrations(db.session, event)
    days = checkin.check_in_days(event)
    state = days.state()
    note = {CheckIn.NOT_YET: checkin.not_yet_message(days), CheckIn.CLOSED: checkin.closed_message()}.get(state)
    return render_template("events/registrations.html", event=event, rows=rows, check_in=state.value,
                           check_in_note=note)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/<any(admit, 'check-in', 'no-show'):action>",
          methods=["POST"])
@login_required
def registration_action(event_id: int, registration_id: int, action: str):
    event = _managed(event_id)
    registration = _child(Registration, registration_id, event)
    service = {"admit": services.admit, "check-in": services.check_in, "no-show": services.mark_no_show}[action]
    messages = {"admit": _("已通过报名：%(name)s"), "check-in": _("已签到：%(name)s"), "no-show": _("已标记缺席：%(name)s")}
    try:
        service(db.session, current_user, registration)
    except Conflict as error:  # not the day for it, or no longer waiting
        flash(error.message, "warning")
    else:
        flash(messages[action] % {"name": registration.user.display_name}, "success")
    return _back_to(event, "events.registrations")


@bp.route("/events/<int:event_id>/schedule", methods=["POST"])
@login_required
def run_scheduler(event_id: int):
    """Start a scheduler run in the background; the grid shows its progress."""
    event = _managed(event_id)
    time_limit = float(current_app.config["MATCHMAKER_SCHEDULE_TIME_LIMIT"])
    try:
        schedule_runs.start_run(db.session, current_user, event, time_limit)
    except schedule_runs.RunInProgress as error:
        flash(error.message, "warning")
    return _back_to(event, "events.grid")


@bp.route("/events/<int:event_id>/schedule/runs/<int:run_id>")
@login_required
def schedule_run_status(event_id: int, run_id: int):
    """What the grid's progress bar polls."""
    run = _child(ScheduleRun, run_id, _managed(event_id))
    return jsonify(schedule_runs.run_json(run))


@bp.route("/events/<int:event_id>/schedule/runs/<int:run_id>/cancel", methods=["POST"])
@login_required
def cancel_schedule_run(event_id: int, run_id: int):
    event = _managed(event_id)
    try:
        schedule_runs.request_cancel(db.session, current_user, _child(ScheduleRun, run_id, event))
    except Conflict as error:
        flash(error.message, "warning")
    else:
        flash(_("已取消本次排期，日程保持不变。"), "success")
    return _back_to(event, "events.grid")


@bp.route("/events/<int:event_id>/schedule/publish", methods=["POST"])
@login_required
def publish(event_id: int):
    event = _managed(event_id)
    services.publish_schedule(db.session, current_user, event)
    flash(_("日程已发布，参会者现在可以看到自己的洽谈安排。"), "success")
    return _back_to(event, "events.grid")


@bp.route("/events/<int:event_id>/grid")
@login_required
def grid(event_id: int):
    event = _managed(event_id)
    run = schedule_runs.latest_run(db.session, event)
    return render_template("events/grid.html", event=event, rows=services.schedule_grid(db.session, event), run=run,
                           run_abandoned=run is not None and schedule_runs.abandoned(run))


@bp.route("/events/<int:event_id>/export.xlsx")
@login_required
def export_workbook(event_id: int):
    event = _managed(event_id)
    body = export.event_workbook(db.session, event)
    return xlsx_response(body, f"event-{event.id}.xlsx")


@bp.route("/events/<int:event_id>/report")
@login_required
def report(event_id: int):
    event = _managed(event_id)
    return render_template("events/report.html", event=event, report=services.event_report(db.session, event))


# -- participants --------------------------------------------------------------------------------------------------

@bp.route("/events/<int:event_id>/register", methods=["POST"])
@login_required
def register(event_id: int):
    event = _event(event_id)
    form = _registration_form(event)
    if form.validate_on_submit():
        try:
            registration = services.register(db.session, current_user, event, form.role.data, form.available_slots.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            waiting = registration.status.value == "waiting"
            flash(_("报名已提交，等待主办方审核。") if waiting else _("报名成功。"), "info" if waiting else "success")
            return _back_to(event, "events.participant")
    return render_template("events/detail.html", event=event, registration=None, form=form), 422


@bp.route("/events/<int:event_id>/withdraw", methods=["POST"])
@login_required
def withdraw(event_id: int):
    event = _event(event_id)
    services.withdraw(db.session, current_user, _my_registration(event))
    flash(_("已退出本次活动。"), "info")
    return _back_to(event)


@bp.route("/events/<int:event_id>/me")
@login_required
def participant(event_id: int):
    event = _event(event_id)
    registration = services.registration_for(db.session, event, current_user)
    if registration is None:
        flash(_("请先报名参加本次活动。"), "warning")
        return _back_to(event)
    services.touch(db.session, registration)
    return render_template(
        "events/participant.html", event=event, registration=registration,
        suggestions=services.people_to_meet(db.session, engine(), registration, limit=PEOPLE_TO_MEET),
        wanted=PEOPLE_TO_MEET,
        incoming=services.incoming_requests(db.session, registration),
        outgoing=services.outgoing_requests(db.session, registration),
        others=services.other_participants(db.session, registration),
    )


@bp.route("/events/<int:event_id>/requests/new/<int:to_id>", methods=["GET", "POST"])
@meeting_request_limits
@login_required
def request_meeting(event_id: int, to_id: int):
    event = _event(event_id)
    sender = _my_registration(event)
    recipient = _child(Registration, to_id, event)
    form = MeetingRequestForm(to_registration_id=str(recipient.id))
    if form.validate_on_submit():
        try:
            services.request_meeting(db.session, current_user, event, recipient.id, form.message.data or "",
                                     int(form.priority.data), engine=engine())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已向 %(name)s 发出洽谈邀请。", name=recipient.user.display_name), "success")
            return _back_to(event, "events.participant")
    status = 422 if request.method == "POST" else 200
    return render_template("events/request.html", event=event, sender=sender, recipient=recipient, form=form), status


@bp.route("/events/<int:event_id>/requests/<int:request_id>/<any(accept, decline):answer>", methods=["POST"])
@login_required
def respond(event_id: int, request_id: int, answer: str):
    event = _event(event_id)
    meeting_request = _child(MeetingRequest, request_id, event)
    services.respond(db.session, current_user, meeting_request, answer == "accept")
    flash(_("已接受洽谈邀请。") if answer == "accept" else _("已婉拒洽谈邀请。"), "success")
    return _back_to(event, "events.participant")


@bp.route("/events/<int:event_id>/meetings/<int:meeting_id>/<any(held, missed):outcome>", methods=["POST"])
@login_required
def meeting_outcome(event_id: int, meeting_id: int, outcome: str):
    event = _event(event_id)
    meeting = _child(Meeting, meeting_id, event)
    services.mark_held(db.session, current_user, meeting, outcome == "held")
    flash(_("已记录洽谈结果。"), "success")
    mine = services.registration_for(db.session, event, current_user)
    if mine is not None and mine.id in (meeting.request.from_registration_id, meeting.request.to_registration_id):
        return redirect(url_for("events.agenda", event_id=event.id, registration_id=mine.id))
    return _back_to(event, "events.grid")


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/follow-up", methods=["POST"])
@login_required
def follow_up(event_id: int, registration_id: int):
    event = _managed(event_id)
    registration = _child(Registration, registration_id, event)
    form = FollowUpForm()
    if form.validate_on_submit():
        services.set_follow_up(db.session, current_user, registration, form.follow_up.data or "")
        flash(_("已保存跟进记录。"), "success")
    else:
        flash(_("跟进记录最多 500 个字符。"), "danger")
    return _back_to(event, "events.registrations")


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/agenda")
@login_required
def agenda(event_id: int, registration_id: int):
    event = _event(event_id)
    registration = _own_registration(event, registration_id)
    meetings = services.participant_meetings(db.session, registration)
    return render_template("events/agenda.html", event=event, registration=registration, meetings=meetings)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/agenda.ics")
@login_required
def agenda_ics(event_id: int, registration_id: int):
    event = _event(event_id)
    registration = _own_registration(event, registration_id)
    body = calendar.registration_calendar(db.session, registration)
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="event-{event.id}-agenda.ics"'})
