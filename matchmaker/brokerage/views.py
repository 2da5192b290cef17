"""Brokerage pages: interest on postings, the broker workbench and cases, each side's deals, investors."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.auth.throttle import case_message_limits, interest_limits
from matchmaker.brokerage import access, messages, pipeline, queue, services
from matchmaker.brokerage.forms import (
    BrokerProfileForm,
    CaseMessageForm,
    ClaimForm,
    ContractForm,
    InterestForm,
    IntroductionForm,
    InvestorProfileForm,
    TransitionForm,
)
from matchmaker.errors import Conflict, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.i18n import label
from matchmaker.market.services import field_choices, get_visible
from matchmaker.matching.services import mark_not_relevant
from matchmaker.matching.setup import engine
from matchmaker.open_calls.delivery import award_part_for_case
from matchmaker.pagination import Page, page_number
from models import Case, Interest, TechOffer
from models.choices import CaseSource, CaseStage, ContractType

bp = Blueprint("brokerage", __name__)
KINDS = {"offers": "offer", "needs": "need"}
PER_PAGE = 20
TABS = ("cases", "received", "sent")
INTRO = "intro"  # the introduction form's prefix: its note must not clash with the close form's


@bp.app_context_processor
def _helpers():
    """Posting pages ask for their interest box and 已转化 badge; the nav asks who is a broker or an investor."""
    def interest_box(posting) -> dict:
        box = services.interest_box(db.session, current_user, posting)
        if box.get("allowed"):
            box["form"] = InterestForm(offers=box["offers"], formdata=None)
        return box

    return {
        "interest_box": interest_box,
        "posting_transferred": lambda posting: pipeline.is_transferred(db.session, posting),
        "is_investor_member": lambda: access.can_edit_investor_profile(current_user),
    }


def _page_arg() -> int:
    return page_number(request.args)


def _broker_only() -> None:
    if not access.is_broker(current_user):
        abort(403)


def _case(case_id: int) -> Case:
    """A case the reader may see; to anyone else it does not exist."""
    case = db.session.get(Case, case_id)
    if case is None or not access.can_view_case(current_user, case):
        abort(404)
    return case


def _back(case: Case):
    return redirect(url_for("brokerage.case", case_id=case.id))


# -- expressions of interest -------------------------------------------------------------------------------------

@bp.route("/<any(offers, needs):plural>/<int:posting_id>/interest", methods=["GET", "POST"])
@interest_limits
@login_required
def express_interest(plural: str, posting_id: int):
    """The interest form of a posting (also posted from the posting page)."""
    posting = get_visible(db.session, KINDS[plural], posting_id, current_user)
    box = services.interest_box(db.session, current_user, posting)
    if box.get("existing") is not None:
        flash(_("贵机构已对该信息表达过意向，经纪人会尽快跟进。"), "info")
        return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))
    if not box.get("allowed"):
        abort(403)
    form = InterestForm(offers=box["offers"])
    if form.validate_on_submit():
        offer = db.session.get(TechOffer, int(form.offer_id.data)) if form.offer_id.data else None
        try:
            services.express_interest(db.session, current_user, posting, form.message.data, offer)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已提交对接意向。平台技术经纪人会跟进；双方同意引荐后才会交换联系方式。"), "success")
            return redirect(url_for("market.detail", plural=plural, posting_id=posting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("brokerage/interest.html", form=form, posting=posting, plural=plural), status


# -- the broker's workbench ----------------------------------------------------------------------------------------

@bp.route("/broker")
@login_required
def workbench():
    """The broker's queue: interests and matches to take up."""
    _broker_only()
    page = queue.broker_queue(db.session, engine(), current_user, _page_arg(), PER_PAGE)
    return render_template("brokerage/workbench.html", page=page,
                           counts=services.stage_counts(db.session, current_user),
                           profile=services.broker_profile(db.session, current_user),
                           field_names=dict(field_choices(db.session)))


@bp.route("/broker/profile", methods=["GET", "POST"])
@login_required
def broker_profile():
    """The fields and regions the broker covers."""
    _broker_only()
    profile = services.broker_profile(db.session, current_user)
    form = BrokerProfileForm(field_choices=field_choices(db.session), data={"fields": profile.fields, "regions": profile.regions})
    if form.validate_on_submit():
        try:
            services.update_broker_profile(db.session, current_user, form.fields.data, form.regions.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("服务范围已保存，待办队列已按新的范围筛选。"), "success")
            return redirect(url_for("brokerage.workbench"))
    status = 422 if request.method == "POST" else 200
    return render_template("brokerage/broker_profile.html", form=form), status


@bp.route("/broker/claim", methods=["POST"])
@login_required
def claim():
    """Take up a queue item as a case of one's own."""
    _broker_only()
    form = ClaimForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        case = _claim(form)
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(url_for("brokerage.workbench"))
    flash(_("已认领。请联系双方了解意向，再发起引荐。"), "success")
    return _back(case)


def _claim(form: ClaimForm) -> Case:
    """Open the case a queue item stands for: an interest, or a need × offer match."""
    if form.interest_id.data:
        interest = db.session.get(Interest, form.interest_id.data) or abort(404)
        return queue.claim_interest(db.session, engine(), current_user, interest)
    offer = get_visible(db.session, "offer", form.offer_id.data or 0, current_user)
    need = get_visible(db.session, "need", form.need_id.data or 0, current_user)
    score = queue.pair_score(db.session, engine(), offer, need)
    return pipeline.open_case(db.session, current_user, offer, need=need, source=CaseSource.MATCH,
                              match_score=score)


@bp.route("/broker/dismiss", methods=["POST"])
@login_required
def dismiss():
    """Mark a queued match not relevant, so it leaves every queue."""
    _broker_only()
    form = ClaimForm()
    if not form.validate_on_submit():
        abort(400)
    need = get_visible(db.session, "need", form.need_id.data or 0, current_user)
    offer = get_visible(db.session, "offer", form.offer_id.data or 0, current_user)
    mark_not_relevant(db.session, current_user, need, offer)
    flash(_("已标记为不相关，该匹配不会再出现在待办队列中。"), "info")
    return redirect(url_for("brokerage.workbench", page=page_number(request.form)))


@bp.route("/broker/cases")
@login_required
def my_cases():
    """The broker's cases, by stage."""
    _broker_only()
    stage = request.args.get("stage", "")
    stage = stage if stage in {s.value for s in CaseStage} else ""
    page = services.broker_cases(db.session, current_user, stage, _page_arg(), PER_PAGE)
    return render_template("brokerage/my_cases.html", page=page, stage=stage,
                           counts=services.stage_counts(db.session, current_user))


# -- one case ------------------------------------------------------------------------------------------------------

def _threads(case: Case, sent: CaseMessageForm | None = None, sent_to: str = "") -> list[dict]:
    """The message threads the reader may read, oldest message first, each with the form that writes in it (when the
    reader may write there; `sent` is a form sent back with its errors)."""
    recipients = access.message_recipients(current_user, case)
    found = messages.thread_messages(db.session, current_user, case)
    threads = []
    for thread in access.message_threads(current_user, case):
        side = messages.SIDE_NAMES[thread]
        to = side if side in recipients else "broker" if "broker" in recipients else ""
        form = (sent if sent is not None and to == sent_to else CaseMessageForm(formdata=None, prefix=to)) if to else None
        threads.append({"side": side, "to": to, "form": form, "messages": [m for m in found if m.thread == thread]})
    return threads


def _case_page(case: Case, status: int = 200, close_form: TransitionForm | None = None,
               message_form: CaseMessageForm | None = None, message_to: str = ""):
    return render_template(
        "brokerage/case.html", case=case, side=access.side_of(current_user, case),
        can_manage=access.can_manage_case(current_user, case), moves=pipeline.allowed_moves(case),
        contacts=pipeline.visible_contacts(current_user, case),
        step_actor=lambda step: pipeline.step_actor(current_user, case, step),
        close_form=close_form or TransitionForm(formdata=None, to="closed"),
        intro_form=IntroductionForm(formdata=None, prefix=INTRO), title=pipeline.title(case),
        threads=_threads(case, message_form, message_to), sender_of=messages.sender_of,
    ), status


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id: int):
    """One case: the two sides, contacts once introduced, the reader's message threads, actions and history."""
    return _case_page(_case(case_id))


@bp.route("/cases/<int:case_id>/transition", methods=["POST"])
@login_required
def transition(case_id: int):
    """Move the case one stage on, or close it with a reason."""
    case = _case(case_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _case_page(case, 422, close_form=form)
    try:
        pipeline.transition(db.session, current_user, case, form.to.data, form.note.data, form.reason.data or None)
    except ValidationError as error:
        apply_errors(form, error)
        return _case_page(case, 422, close_form=form)
    except Conflict as error:
        flash(error.message, "danger")
        return _case_page(case, 409)
    flash(_("已更新为“%(stage)s”。", stage=label("case_stage", case.stage)), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/introduction", methods=["POST"])
@login_required
def propose(case_id: int):
    """The broker proposes the introduction to both sides."""
    case = _case(case_id)
    form = IntroductionForm(prefix=INTRO)
    if not form.validate_on_submit():
        return _case_page(case, 422)
    try:
        pipeline.propose_introduction(db.session, current_user, case, form.note.data)
    except Conflict as error:
        flash(error.message, "danger")
        return _case_page(case, 409)
    flash(_("已向双方发出引荐邀请，双方都同意后将交换联系方式。"), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/introduction/accept", methods=["POST"])
@login_required
def accept(case_id: int):
    """A side accepts the proposed introduction."""
    case = _case(case_id)
    try:
        pipeline.accept_introduction(db.session, current_user, case)
    except Conflict as error:
        flash(error.message, "danger")
        return _case_page(case, 409)
    if access.is_introduced(case):
        flash(_("双方均已同意引荐，现在可以查看对方的联系方式。"), "success")
    else:
        flash(_("已同意引荐，正在等待对方确认。"), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/messages/<any(offer_side, need_side, broker):to>", methods=["POST"])
@case_message_limits
@login_required
def post_message(case_id: int, to: str):
    """Write in a case thread: the broker to one side, a side to the broker."""
    case = _case(case_id)
    try:
        messages.check_recipient(current_user, case, to)
    except ValidationError as error:
        flash(error.message, "danger")
        return _case_page(case, 422)
    form = CaseMessageForm(prefix=to)
    if form.validate_on_submit():
        try:
            messages.post_message(db.session, current_user, case, to, form.body.data)
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict as error:
            flash(error.message, "danger")
            return _case_page(case, 409)
        else:
            flash(_("留言已发送。"), "success")
            return redirect(url_for("brokerage.case", case_id=case.id, _anchor="messages"))
    return _case_page(case, 422, message_form=form, message_to=to)


@bp.route("/cases/<int:case_id>/contract", methods=["GET", "POST"])
@login_required
def contract(case_id: int):
    """Record the technology contract and sign the case."""
    case = _case(case_id)
    if not access.can_manage_case(current_user, case):
        abort(403)
    if case.stage != CaseStage.NEGOTIATING:
        flash(_("只有“谈判中”的对接可以登记合同。"), "warning")
        return _back(case)
    form = ContractForm()
    award_part = award_part_for_case(db.session, case.id)
    if request.method == "GET" and award_part is not None:
        # An open call's award: a development contract for the winner's part of the reward.
        form.type.data, form.amount_wan.data = ContractType.DEVELOPMENT.value, award_part
    if form.validate_on_submit():
        data = pipeline.ContractData(form.type.data, form.amount_wan.data, form.signed_on.data,
                                     form.registration_no.data or "", form.transfer_offer.data,
                                     form.transfer_need.data)
        try:
            pipeline.record_contract(db.session, current_user, case, data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已登记技术合同，对接已签约。"), "success")
            return _back(case)
    status = 422 if request.method == "POST" else 200
    return render_template("brokerage/contract.html", form=form, case=case, title=pipeline.title(case)), status


# -- each organisation's deals -------------------------------------------------------------------------------------

@bp.route("/my/deals")
@login_required
def my_deals():
    """An organisation's cases and the interests it sent and received."""
    org = current_user.organisation
    if org is None:
        return redirect(url_for("orgs.profile"))
    tab = request.args.get("tab", "cases")
    tab = tab if tab in TABS else "cases"
    listing = {"cases": services.organisation_cases, "received": services.interests_received,
               "sent": services.interests_sent}[tab]
    page = listing(db.session, org.id, _page_arg(), PER_PAGE)
    return render_template("brokerage/my_deals.html", page=page, tab=tab, side_of=access.side_of,
                           title_of=pipeline.title)


# -- investors -----------------------------------------------------------------------------------------------------

@bp.route("/investor/profile", methods=["GET", "POST"])
@login_required
def investor_profile():
    """The investor organisation's focus profile."""
    if not access.can_edit_investor_profile(current_user):
        abort(403)
    profile = services.investor_profile(db.session, current_user.organisation_id)
    data = {name: getattr(profile, name) for name in ("fields", "stages", "ticket_min_wan", "ticket_max_wan",
                                                       "regions", "thesis")} if profile else {}
    form = InvestorProfileForm(field_choices=field_choices(db.session), data=data)
    if form.validate_on_submit():
        try:
            services.save_investor_profile(db.session, current_user, form.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("投资关注已保存。"), "success")
            return redirect(url_for("brokerage.investor_offers"))
    status = 422 if request.method == "POST" else 200
    return render_template("brokerage/investor_profile.html", form=form, profile=profile), status


@bp.route("/investor/offers")
@login_required
def investor_offers():
    """Published offers matched to the investor profile."""
    if not access.can_edit_investor_profile(current_user):
        abort(403)
    profile = services.investor_profile(db.session, current_user.organisation_id)
    if profile is None:
        flash(_("请先填写投资关注，平台据此为您匹配科技成果。"), "info")
        return redirect(url_for("brokerage.investor_profile"))
    results = services.investor_matches(db.session, engine(), current_user, profile)
    page = max(1, _page_arg())
    items = results[(page - 1) * PER_PAGE:page * PER_PAGE]
    return render_template("brokerage/investor_offers.html", profile=profile,
                           page=Page(items=items, page=page, per_page=PER_PAGE, total=len(results)))
