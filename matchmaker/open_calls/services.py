"""Open calls: creation from a need, publication, closing of submissions, and the market list. Services flush,
never commit.

Proposals are in `proposals`, experts and scoring in `review`, the award and milestones in `delivery`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.config import MARKET_TZ
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.market.access import acting_user
from matchmaker.notifications.services import notify
from matchmaker.open_calls.access import can_manage
from matchmaker.pagination import Page, paginate
from models import OpenCall, OpenCallMilestone, Proposal, TechField, TechNeed, User, utcnow
from models.base import as_utc
from models.choices import PROVINCES, OpenCallStatus, OrgKind, PostingStatus

# The rubric a call starts with (weights sum to 100), as policy documents list it.
DEFAULT_CRITERIA = (("技术先进性", 25), ("可行性", 25), ("团队能力", 20), ("经费合理性", 15), ("进度安排", 15))
MAX_CRITERIA = 10
MAX_MILESTONES = 12
CRITERION_NAME_MAX = 40
MILESTONE_TITLE_MAX = 200
MAX_AWARDS = 10
QUALIFICATION_MAX = 100
MAX_QUALIFICATIONS = 10
# Publicly listed: every status after the draft but the cancelled.
PUBLIC_STATUSES = (OpenCallStatus.OPEN, OpenCallStatus.REVIEWING, OpenCallStatus.AWARDED, OpenCallStatus.IN_DELIVERY,
                   OpenCallStatus.COMPLETED)


def can_view(viewer, call: OpenCall) -> bool:
    """Published calls, withdrawn ones too (applicants follow their notice there); drafts only for their managers."""
    withdrawn = call.status == OpenCallStatus.CANCELLED and call.published_at is not None
    return call.status in PUBLIC_STATUSES or withdrawn or can_manage(viewer, call)


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: message})


def _criteria(raw) -> list[dict]:
    """{"name": weight} (or absent: the defaults) as [{"name", "weight"}], weights whole numbers summing to 100."""
    if raw is None:
        return [{"name": name, "weight": weight} for name, weight in DEFAULT_CRITERIA]
    message = _("评审维度须为 {名称: 权重} 对象，1 至 %(n)d 项，权重为正整数且合计 100。", n=MAX_CRITERIA)
    if not isinstance(raw, Mapping) or not 1 <= len(raw) <= MAX_CRITERIA:
        raise _fail("criteria", message)
    out = []
    for name, weight in raw.items():
        name = str(name).strip()
        if (not name or len(name) > CRITERION_NAME_MAX or isinstance(weight, bool) or not isinstance(weight, int)
                or not 1 <= weight <= 100):
            raise _fail("criteria", message)
        out.append({"name": name, "weight": weight})
    if sum(c["weight"] for c in out) != 100:
        raise _fail("criteria", _("评审维度的权重合计须为 100，现为 %(n)d。", n=sum(c["weight"] for c in out)))
    return out


def _due_on(raw, submission: datetime, delivery: datetime) -> date | None:
    """A milestone's optional due day (YYYY-MM-DD, Beijing calendar): after the submission deadline, by the delivery
    deadline."""
    if raw is None or raw == "":
        return None
    message = _("里程碑的到期日须为揭榜截止之后、交付期限之前的日期（YYYY-MM-DD）。")
    try:
        day = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
    except ValueError:
        day = None
    first, last = as_utc(submission).astimezone(MARKET_TZ).date(), as_utc(delivery).astimezone(MARKET_TZ).date()
    if day is None or not first <= day <= last:
        raise _fail("milestones", message)
    return day


def _milestones(raw, submission: datetime, delivery: datetime) -> list[tuple[str, Decimal, date | None]]:
    """[{"title", "share", "due_on"?}] with shares (percent of the reward, up to two decimals) summing to 100."""
    message = _("里程碑须为 1 至 %(n)d 项，每项有名称和占榜额的百分比，合计 100。", n=MAX_MILESTONES)
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not 1 <= len(raw) <= MAX_MILESTONES:
        raise _fail("milestones", message)
    out = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("title"), str):
            raise _fail("milestones", message)
        title, share = item["title"].strip(), item.get("share")
        if isinstance(share, bool) or not isinstance(share, int | float | str):
            raise _fail("milestones", message)
        try:
            share = Decimal(str(share)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise _fail("milestones", message) from None
        if not title or len(title) > MILESTONE_TITLE_MAX or not share.is_finite() or not 0 < share <= 100:
            raise _fail("milestones", message)
        out.append((title, share, _due_on(item.get("due_on"), submission, delivery)))
    if sum(share for _title, share, _due in out) != 100:
        raise _fail("milestones", _("里程碑占比合计须为 100%%，现为 %(n)s%%。", n=sum(s for _t, s, _d in out)))
    return out


def _codes(raw, allowed, field: str, message: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or len(raw) > len(allowed):
        raise _fail(field, message)
    if any(not isinstance(code, str) or code not in allowed for code in raw):
        raise _fail(field, message)
    return list(dict.fromkeys(raw))


def _eligibility(data: Mapping) -> tuple[list[str], list[str], list[str]]:
    """Organisation kinds and provinces that may apply (empty: any), and qualifications applicants must hold."""
    kinds = _codes(data.get("eligible_org_kinds"), [k.value for k in OrgKind], "eligible_org_kinds",
                   _("机构类型须为已知类型代码的列表。"))
    regions = _codes(data.get("eligible_regions"), list(PROVINCES), "eligible_regions", _("地区须为省份代码的列表。"))
    raw = data.get("qualifications")
    message = _("资质要求最多 %(n)d 项，每项不超过 %(len)d 个字符。", n=MAX_QUALIFICATIONS, len=QUALIFICATION_MAX)
    if raw is None:
        raw = []
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or len(raw) > MAX_QUALIFICATIONS:
        raise _fail("qualifications", message)
    if any(not isinstance(q, str) or not q.strip() or len(q.strip()) > QUALIFICATION_MAX for q in raw):
        raise _fail("qualifications", message)
    return kinds, regions, list(dict.fromkeys(q.strip() for q in raw))


def _max_awards(raw) -> int:
    if raw is None:
        return 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_AWARDS:
        raise _fail("max_awards", _("可中榜的方案数须为 1 至 %(n)d。", n=MAX_AWARDS))
    return raw


def _deadlines(submission: datetime, delivery: datetime, now: datetime) -> None:
    if as_utc(submission) <= now:
        raise _fail("submission_deadline", _("揭榜截止时间须晚于现在。"))
    if as_utc(delivery) <= as_utc(submission):
        raise _fail("delivery_deadline", _("交付期限须晚于揭榜截止时间。"))


def create_open_call(session: Session, actor: User, need: TechNeed, data: Mapping) -> OpenCall:
    """A draft call on `need`: reward, deadlines, milestones and, optionally, rubric, blind review and eligibility.

    `data` holds validated scalars (reward_wan, submission_deadline, delivery_deadline, blind) and the raw
    `milestones`, `criteria`, `max_awards`, `eligible_org_kinds`, `eligible_regions` and `qualifications`.
    """
    if not can_manage(actor, need):
        raise PermissionDenied(_("只有需求所属机构或平台组织者可以发布揭榜挂帅榜单。"))
    if need.status == PostingStatus.CLOSED:
        raise Conflict(_("该需求已关闭，不能发布榜单。"))
    if session.scalar(select(OpenCall.id).where(OpenCall.need_id == need.id)) is not None:
        raise Conflict(_("该需求已有揭榜挂帅榜单。"))
    _deadlines(data["submission_deadline"], data["delivery_deadline"], utcnow())
    criteria = _criteria(data.get("criteria"))
    milestones = _milestones(data.get("milestones"), data["submission_deadline"], data["delivery_deadline"])
    kinds, regions, qualifications = _eligibility(data)
    call = OpenCall(need=need, created_by=actor, status=OpenCallStatus.DRAFT, reward_wan=data["reward_wan"],
                    # In UTC: SQLite keeps a datetime's clock time and drops its offset.
                    submission_deadline=as_utc(data["submission_deadline"]),
                    delivery_deadline=as_utc(data["delivery_deadline"]),
                    criteria=criteria, blind=bool(data.get("blind")), max_awards=_max_awards(data.get("max_awards")),
                    eligible_org_kinds=kinds, eligible_regions=regions, qualifications=qualifications)
    call.milestones = [OpenCallMilestone(position=i, title=title, share=share, due_on=due_on)
                       for i, (title, share, due_on) in enumerate(milestones, 1)]
    session.add(call)
    session.flush()
    audit.record(session, actor, "open_call.create", call, need=need.id)
    return call


def publish_open_call(session: Session, actor: User, call: OpenCall) -> OpenCall:
    """draft → open: the call appears in the 榜单大厅; its need must be on the market and its deadline ahead."""
    if not can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以发布榜单。"))
    lock(session, call)
    if call.status != OpenCallStatus.DRAFT:
        raise Conflict(_("只有草稿状态的榜单可以发布。"))
    if call.need.status != PostingStatus.PUBLISHED:
        raise Conflict(_("需求须先通过审核发布，榜单才能发布。"))
    if as_utc(call.submission_deadline) <= utcnow():
        raise Conflict(_("揭榜截止时间已过，请先修改截止时间。"))
    call.status = OpenCallStatus.OPEN
    call.published_at = utcnow()
    session.flush()
    audit.record(session, actor, "open_call.publish", call)
    return call


def lock(session: Session, call: OpenCall) -> OpenCall:
    """Hold the call's row until the transaction ends, and read it afresh: writers to one call (two members sending
    their organisation's proposal, two owners awarding) take turns, each seeing what the one before committed."""
    session.execute(select(OpenCall.id).where(OpenCall.id == call.id).with_for_update())
    session.refresh(call)
    return call


def accepting_proposals(call: OpenCall, now: datetime | None = None) -> bool:
    return call.status == OpenCallStatus.OPEN and as_utc(call.submission_deadline) > (now or utcnow())


def close_submissions(session: Session, actor: User, call: OpenCall) -> OpenCall:
    """open → reviewing before the deadline, at the owner's word: no more proposals or edits; experts may score."""
    if not can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以截止揭榜。"))
    lock(session, call)
    if call.status != OpenCallStatus.OPEN:
        raise Conflict(_("只有揭榜中的榜单可以截止揭榜。"))
    _close(call)
    session.flush()
    audit.record(session, actor, "open_call.close", call)
    return call


def _close(call: OpenCall) -> None:
    call.status = OpenCallStatus.REVIEWING
    call.closed_at = utcnow()


# A call may be withdrawn (撤榜) until it is awarded; its deadlines may move while it still takes proposals.
CANCELLABLE = (OpenCallStatus.DRAFT, OpenCallStatus.OPEN, OpenCallStatus.REVIEWING)
RESCHEDULABLE = (OpenCallStatus.DRAFT, OpenCallStatus.OPEN)
CANCEL_REASON_MAX = 1000


def cancel_open_call(session: Session, actor: User, call: OpenCall, reason) -> OpenCall:
    """Withdraw a call before its award (撤榜), with a reason every applicant is told."""
    if not can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以撤榜。"))
    lock(session, call)
    if call.status not in CANCELLABLE:
        raise Conflict(_("定榜后不能撤榜。") if call.status != OpenCallStatus.CANCELLED else _("该榜单已撤榜。"))
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > CANCEL_REASON_MAX:
        raise _fail("reason", _("请填写撤榜理由（最多 %(n)d 个字符）。", n=CANCEL_REASON_MAX))
    call.status = OpenCallStatus.CANCELLED
    session.flush()
    applicants = session.scalars(select(Proposal).where(Proposal.call_id == call.id))
    for organisation in {proposal.organisation for proposal in applicants}:
        for person in organisation.members:
            if person.active:
                notify(session, person, "open_call.cancelled", {"title": call.need.title, "reason": text},
                       f"/open-calls/{call.id}")
    audit.record(session, actor, "open_call.cancel", call, reason=text)
    return call


def change_deadlines(session: Session, actor: User, call: OpenCall, submission_deadline: datetime | None,
                     delivery_deadline: datetime | None) -> OpenCall:
    """The owner moves the deadlines of a call that still takes proposals; both stay ahead, delivery after
    submission."""
    if not can_manage(actor, call):
        raise PermissionDenied(_("只有榜单发布方可以调整截止时间。"))
    lock(session, call)
    close_if_due(session, call)
    if call.status not in RESCHEDULABLE:
        raise Conflict(_("揭榜截止后不能再调整截止时间。"))
    if submission_deadline is None and delivery_deadline is None:
        raise _fail("submission_deadline", _("请填写新的揭榜截止时间或交付期限。"))
    submission = submission_deadline or call.submission_deadline
    delivery = delivery_deadline or call.delivery_deadline
    _deadlines(submission, delivery, utcnow())
    last_due = max((m.due_on for m in call.milestones if m.due_on is not None), default=None)
    if last_due is not None and as_utc(delivery).astimezone(MARKET_TZ).date() < last_due:
        raise _fail("delivery_deadline", _("交付期限不能早于里程碑的到期日 %(day)s。", day=last_due.isoformat()))
    call.submission_deadline, call.delivery_deadline = as_utc(submission), as_utc(delivery)
    session.flush()
    audit.record(session, actor, "open_call.deadlines", call)
    return call


def close_if_due(session: Session, call: OpenCall) -> OpenCall:
    """An open call whose deadline has passed moves to reviewing the first time anyone looks at it."""
    if call.status == OpenCallStatus.OPEN and not accepting_proposals(call):
        _close(call)
        session.flush()
    return call


def close_due_calls(session: Session) -> int:
    """Move every open call past its deadline to reviewing; how many moved."""
    due = list(session.scalars(select(OpenCall).where(OpenCall.status == OpenCallStatus.OPEN,
                                                      OpenCall.submission_deadline <= utcnow())))
    for call in due:
        _close(call)
    session.flush()
    return len(due)


def reschedule(session: Session, call: OpenCall, submission_deadline: datetime | None = None,
               delivery_deadline: datetime | None = None) -> OpenCall:
    """Move a call's deadlines as given, past ones included: for operators' fixes and for tests. The API and pages
    refuse deadlines in the past."""
    if submission_deadline is not None:
        call.submission_deadline = as_utc(submission_deadline)
    if delivery_deadline is not None:
        call.delivery_deadline = as_utc(delivery_deadline)
    session.flush()
    return call


def get_open_call(session: Session, viewer, call_id: int) -> OpenCall:
    """A call the viewer may read; a draft of someone else's is as unknown as a missing one."""
    call = session.get(OpenCall, call_id)
    if call is None or not can_view(viewer, call):
        raise NotFound(_("没有找到该榜单。"))
    return close_if_due(session, call)


def open_call_for_need(session: Session, need: TechNeed) -> OpenCall | None:
    return session.scalar(select(OpenCall).where(OpenCall.need_id == need.id))


def _listed(viewer, field: TechField | None, status: OpenCallStatus | None) -> Select:
    user = acting_user(viewer)
    stmt = select(OpenCall).join(TechNeed, OpenCall.need_id == TechNeed.id)
    visible = OpenCall.status.in_(PUBLIC_STATUSES)
    if user is not None and (user.is_admin or user.is_organiser):
        visible = OpenCall.id.is_not(None)
    elif user is not None and user.organisation_id is not None:
        visible = or_(visible, TechNeed.organisation_id == user.organisation_id)
    stmt = stmt.where(visible)
    if field is not None:
        stmt = stmt.where(TechNeed.field_id == field.id)
    if status is not None:
        stmt = stmt.where(OpenCall.status == status)
    return stmt


def list_open_calls(session: Session, viewer, field: TechField | None = None, status: OpenCallStatus | None = None,
                    page: int = 1, per_page: int = 20) -> Page:
    """Calls the viewer may read: open ones first, soonest deadline first; then the rest, newest first."""
    close_due_calls(session)
    stmt = _listed(viewer, field, status).order_by(
        (OpenCall.status != OpenCallStatus.OPEN), OpenCall.submission_deadline, OpenCall.id.desc())
    return paginate(session, stmt, page, per_page)


def parse_status(value: str | None) -> OpenCallStatus | None:
    """A `status` filter: empty for any, else a status code (422 naming `status` otherwise)."""
    if not value:
        return None
    try:
        return OpenCallStatus(value)
    except ValueError:
        raise _fail("status", _("未知的榜单状态。")) from None
