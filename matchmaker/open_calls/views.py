"""The 榜单大厅 and each call's page, and the whole open-call path in the browser: proposals with their files,
the expert panel, declarations and scores, the ranking and award, and milestones in delivery.

Each view calls one service and flashes and redirects; a form sent back with errors re-renders its page (422), and a
refusal the reader could not have foreseen (409) is flashed on the re-rendered page.
"""
from __future__ import annotations

import math

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.market.services import active_fields, get_visible, resolve_field
from matchmaker.open_calls import access, attachments, delivery, pages, proposals, review, services, suggestions
from matchmaker.open_calls.attachments import FileTooLarge
from matchmaker.open_calls.downloads import download_response
from matchmaker.open_calls.forms import (
    ATTACHMENT_ACCEPT,
    MILESTONE_ROWS,
    AwardForm,
    CancelForm,
    DeadlinesForm,
    DeclarationForm,
    MilestoneDecisionForm,
    MilestoneReportForm,
    OpenCallForm,
    PanelForm,
    ProposalForm,
    proposal_values,
    score_form,
)
from matchmaker.pagination import page_number
from matchmaker.templating import number
from models import OpenCall, Proposal
from models.base import as_utc, utcnow

bp = Blueprint("open_calls", __name__)
PER_PAGE = 20
HALL_SUGGESTIONS = 5


@bp.url_value_preprocessor
def _allow_attachments(endpoint, _values):
    # Runs before every before_request hook, so the CSRF check reading the form already sees the larger limit.
    if endpoint == "open_calls.proposal_form" and request.method == "POST":
        request.max_content_length = attachments.REQUEST_LIMIT


@bp.app_template_global()
def days_left(moment) -> int:
    """Whole days until a deadline, rounded up (0 once it has passed)."""
    return max(0, math.ceil((as_utc(moment) - utcnow()).total_seconds() / 86400))


@bp.app_template_filter()
def filesize(size: int) -> str:
    """A file's size in KB (at least 1) or MB, in the reader's number format."""
    if size >= 1024 * 1024:
        return f"{number(size / (1024 * 1024), 1)} MB"
    return f"{number(max(1, math.ceil(size / 1024)), 0)} KB"


def _engine():
    """The match engine, or None where the app runs without one: its suggestions are then left out."""
    return current_app.extensions.get("matching")


def _call(call_id: int) -> OpenCall:
    return services.get_open_call(db.session, current_user, call_id)


def _managed(call_id: int) -> OpenCall:
    call = _call(call_id)
    if not access.can_manage(current_user, call):
        abort(403)
    return call


def _detail(call: OpenCall, status: int = 200, sent: pages.SentForms | None = None):
    context = pages.call_page(db.session, _engine(), current_user, call, sent)
    return render_template("open_calls/detail.html", **context), status


def _refused(call: OpenCall, error: DomainError):
    """A refusal the reader could not have foreseen (a conflict of interest, a deadline just passed): said on the
    page, which answers with the refusal's status."""
    flash(error.message, "danger")
    return _detail(call, error.status)


def _back(call: OpenCall):
    """To the top of the call's page, where the flashed message shows."""
    return redirect(url_for("open_calls.detail", call_id=call.id))


@bp.route("/open-calls")
def index():
    """The 榜单大厅: calls by field and status, and for a member with offers the calls that suit them."""
    field_code = request.args.get("field", "").strip()
    try:
        field = resolve_field(db.session, field_code) if field_code else None
        status = services.parse_status(request.args.get("status", "").strip())
    except ValidationError:  # a stale or hand-typed filter: show everything rather than an error page
        field, status = None, None
    page = services.list_open_calls(db.session, current_user, field, status, page_number(request.args), PER_PAGE)
    # "适合贵机构的榜单": on the hall's first page, for members whose organisation has offers on the market.
    suggested = (suggestions.calls_for_viewer(db.session, _engine(), current_user, HALL_SUGGESTIONS)
                 if page.page == 1 and current_user.is_authenticated else [])
    return render_template("open_calls/index.html", page=page, fields=active_fields(db.session),
                           statuses=list(services.PUBLIC_STATUSES), field=field, status=status, suggested=suggested)


@bp.route("/open-calls/<int:call_id>")
def detail(call_id: int):
    """A call, with the part for each role the reader holds in it."""
    return _detail(_call(call_id))


@bp.route("/needs/<int:need_id>/open-call", methods=["GET", "POST"])
@login_required
def create(need_id: int):
    """Turn a need into a draft call; a need that has one leads to it."""
    need = get_visible(db.session, "need", need_id, current_user)
    existing = services.open_call_for_need(db.session, need)
    if existing is not None:
        return redirect(url_for("open_calls.detail", call_id=existing.id))
    if not access.can_manage(current_user, need):
        abort(403)
    form = OpenCallForm()
    if form.validate_on_submit():
        try:
            call = services.create_open_call(db.session, current_user, need, {
                **form.data, **form.eligibility(), "milestones": form.milestones(), "criteria": form.criteria()})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("榜单草稿已保存。核对无误后即可发布。"), "success")
            return redirect(url_for("open_calls.detail", call_id=call.id))
    status = 422 if request.method == "POST" else 200
    return render_template("open_calls/form.html", form=form, need=need, rows=range(1, MILESTONE_ROWS + 1)), status


@bp.route("/open-calls/<int:call_id>/publish", methods=["POST"])
@login_required
def publish(call_id: int):
    """draft → open: the call appears in the 榜单大厅."""
    call = _call(call_id)
    services.publish_open_call(db.session, current_user, call)
    flash(_("榜单已发布到榜单大厅。"), "success")
    return _back(call)


@bp.route("/open-calls/<int:call_id>/close", methods=["POST"])
@login_required
def close(call_id: int):
    """The call's manager ends submissions before the deadline: the experts may start scoring."""
    call = _call(call_id)
    try:
        services.close_submissions(db.session, current_user, call)
    except Conflict as error:
        return _refused(call, error)
    flash(_("已截止揭榜，方案不能再提交或修改；评审专家可以开始评分。"), "success")
    return _back(call)


@bp.route("/open-calls/<int:call_id>/deadlines", methods=["POST"])
@login_required
def change_deadlines(call_id: int):
    """The manager moves the deadlines of a call still taking proposals."""
    call = _managed(call_id)
    form = DeadlinesForm(prefix=DeadlinesForm.PREFIX)
    return _perform(call, form, lambda: services.change_deadlines(
        db.session, current_user, call, form.submission_deadline.data, form.delivery_deadline.data),
        _("截止时间已调整。"), pages.SentForms(deadlines=form))


@bp.route("/open-calls/<int:call_id>/cancel", methods=["POST"])
@login_required
def cancel(call_id: int):
    """The manager withdraws the call before its award; applicants are told why."""
    call = _managed(call_id)
    form = CancelForm(prefix=CancelForm.PREFIX)
    return _perform(call, form, lambda: services.cancel_open_call(db.session, current_user, call, form.reason.data),
                    _("榜单已撤榜，已通知各揭榜方。"), pages.SentForms(cancel=form))


# -- proposals -------------------------------------------------------------------------------------------------------

def _checked_files(form: ProposalForm) -> list | None:
    """The chosen files, each checked by its bytes; None, with the reason beside the files field, if one is refused."""
    try:
        return [attachments.check_file(upload.filename, upload.read(attachments.MAX_BYTES + 1))
                for upload in form.uploads()]
    except FileTooLarge as error:
        form.files.errors = [*list(form.files.errors or []), error.message]
    except ValidationError as error:
        apply_errors(form, error)
    return None


def _save_proposal(call: OpenCall, own: Proposal | None, form: ProposalForm) -> Proposal | None:
    """Submit or update the proposal with the form's content and files; None, with the errors on the form, if refused."""
    files = _checked_files(form)
    try:
        if files is None:  # say what else is wrong too, so one more round trip fixes everything
            proposals.check_content(form.content())
            return None
        if own is None:
            return proposals.submit_proposal(db.session, current_user, call, form.content(), files)
        return proposals.update_proposal(db.session, current_user, own, form.content(), files)
    except ValidationError as error:
        apply_errors(form, error)
        return None


@bp.route("/open-calls/<int:call_id>/proposal", methods=["GET", "POST"])
@login_required
def proposal_form(call_id: int):
    """The reader's organisation's proposal: submitted once, then edited until the deadline (409 after it)."""
    call = _call(call_id)
    own = proposals.proposal_of(db.session, call, current_user.organisation_id)
    if not services.accepting_proposals(call):
        raise Conflict(_("揭榜已截止，方案不能再提交或修改。"))
    problem = proposals.eligibility_problem(call, current_user) if own is None else None
    if problem:
        raise PermissionDenied(problem)
    form = ProposalForm(data=proposal_values(own) if own is not None and request.method == "GET" else None)
    if form.validate_on_submit():
        saved = _save_proposal(call, own, form)
        if saved is not None:
            flash(_("揭榜方案已保存。截止前可以继续修改。") if own else _("揭榜方案已提交。截止前可以继续修改。"), "success")
            return redirect(url_for("open_calls.proposal", call_id=call.id, proposal_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("open_calls/proposal_form.html", call=call, form=form, own=own,
                           accept=ATTACHMENT_ACCEPT, max_files=attachments.MAX_FILES), status


def _proposal_page(call: OpenCall, proposal: Proposal, status: int = 200, form=None):
    context = pages.proposal_page(db.session, current_user, call, proposal, form)
    return render_template("open_calls/proposal.html", **context), status


@bp.route("/open-calls/<int:call_id>/proposals/<int:proposal_id>")
def proposal(call_id: int, proposal_id: int):
    """A proposal, for its organisation, the call's managers and its cleared experts (blind: without names)."""
    call = _call(call_id)
    return _proposal_page(call, proposals.get_proposal(db.session, current_user, call, proposal_id))


@bp.route("/open-calls/<int:call_id>/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def attachment(call_id: int, proposal_id: int, attachment_id: int):
    """The file, as a download, for those who may read the proposal (404 for anyone else)."""
    call = _call(call_id)
    found, content = proposals.get_attachment(db.session, current_user, call, proposal_id, attachment_id)
    return download_response(found, content)


@bp.route("/open-calls/<int:call_id>/proposals/<int:proposal_id>/attachments/<int:attachment_id>/delete",
          methods=["POST"])
@login_required
def delete_attachment(call_id: int, proposal_id: int, attachment_id: int):
    """The applicant removes a file from its proposal, until the deadline."""
    call = _call(call_id)
    proposal = proposals.get_proposal(db.session, current_user, call, proposal_id)
    found = next((a for a in proposal.attachments if a.id == attachment_id), None)
    if found is None:
        raise NotFound(_("没有找到该附件。"))
    proposals.remove_attachment(db.session, current_user, found)
    flash(_("已删除附件“%(name)s”。", name=found.filename), "info")
    return redirect(url_for("open_calls.proposal_form", call_id=call.id))


# -- review ----------------------------------------------------------------------------------------------------------

def _perform(call: OpenCall, form, action, success: str, sent: pages.SentForms):
    """Run a call-page form's action: done, say so and go back to the call; a field error (422) or a refusal such as
    a conflict of interest (409, said on the page) shows the call page again with the form as sent."""
    if form.validate_on_submit():
        try:
            action()
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict as error:
            flash(error.message, "danger")
            apply_errors(form, error)  # said beside the field too, where the service names one
            return _detail(call, 409, sent)
        else:
            flash(success, "success")
            return _back(call)
    return _detail(call, 422, sent)


@bp.route("/open-calls/<int:call_id>/experts", methods=["POST"])
@login_required
def assign_experts(call_id: int):
    """The manager sets the panel; an expert with a conflict of interest is refused (409, naming it)."""
    call = _managed(call_id)
    form = PanelForm()
    return _perform(call, form, lambda: review.assign_experts(db.session, current_user, call, form.expert_ids()),
                    _("评审专家已更新。"), pages.SentForms(panel=form))


@bp.route("/open-calls/<int:call_id>/declaration", methods=["POST"])
@login_required
def declare(call_id: int):
    """An assigned expert declares no conflict of interest (and may read the proposals), or one (and withdraws)."""
    call = _call(call_id)
    form = DeclarationForm()
    if not form.validate_on_submit():
        abort(400)
    conflict = form.conflict.data == "true"
    try:
        review.declare(db.session, current_user, call, conflict)
    except Conflict as error:
        return _refused(call, error)
    flash(_("已声明存在利益冲突，您已退出本榜单的评审。") if conflict else _("已声明无利益冲突，现在可以查看并评审方案。"),
          "info" if conflict else "success")
    return _back(call)


@bp.route("/open-calls/<int:call_id>/proposals/<int:proposal_id>/score", methods=["POST"])
@login_required
def score(call_id: int, proposal_id: int):
    """A cleared expert scores a proposal on each criterion of the rubric while the call is in review."""
    call = _call(call_id)
    proposal = proposals.get_proposal(db.session, current_user, call, proposal_id)
    form = score_form(call)
    if form.validate_on_submit():
        try:
            review.score(db.session, current_user, call, proposal.id, form.criteria(), form.comment.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已保存对该方案的评分。"), "success")
            return _back(call)
    return _proposal_page(call, proposal, 422, form)


@bp.route("/open-calls/<int:call_id>/award", methods=["POST"])
@login_required
def award(call_id: int):
    """The manager awards proposals with a reason, once every score is in."""
    call = _managed(call_id)
    form = AwardForm()
    return _perform(call, form, lambda: delivery.award(db.session, current_user, call, form.proposal_ids.data,
                                                       form.reason.data),
                    _("已定榜，各揭榜方将收到结果通知。"), pages.SentForms(award=form))


# -- delivery --------------------------------------------------------------------------------------------------------

@bp.route("/open-calls/<int:call_id>/milestones/<int:milestone_id>/report", methods=["POST"])
@login_required
def report_milestone(call_id: int, milestone_id: int):
    """The winning team reports a milestone done (again, after a rejection)."""
    call = _call(call_id)
    form = MilestoneReportForm()
    return _perform(call, form, lambda: delivery.report_milestone(
        db.session, current_user, call, milestone_id, form.report.data, form.proposal_id.data),
        _("已报告里程碑完成，等待发榜方验收。"),
        pages.SentForms(reports={(milestone_id, form.proposal_id.data): form}))


@bp.route("/open-calls/<int:call_id>/milestones/<int:milestone_id>/decision", methods=["POST"])
@login_required
def decide_milestone(call_id: int, milestone_id: int):
    """The call's owner accepts a reported milestone (its share is paid) or rejects it with a note."""
    call = _managed(call_id)
    form = MilestoneDecisionForm()
    accepted = form.decision.data == "accept"
    return _perform(call, form, lambda: delivery.decide_milestone(
        db.session, current_user, call, milestone_id, accepted, form.note.data, form.proposal_id.data),
        _("里程碑已通过验收。") if accepted else _("已退回该里程碑，揭榜方可修改后重新报告。"),
        pages.SentForms(decisions={(milestone_id, form.proposal_id.data): form}))
