"""Proposals (揭榜方案): submitted by an eligible organisation before the deadline, edited until it, frozen after.

Services flush and never commit. Attachment files are written as they arrive; a file whose row a failed request
rolls back is left without a row and never served.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.i18n import label, province
from matchmaker.market.access import acting_user
from matchmaker.open_calls import access, attachments
from matchmaker.open_calls.attachments import CheckedFile
from matchmaker.open_calls.services import accepting_proposals, close_if_due, lock
from models import OpenCall, Proposal, ProposalAttachment, User
from models.choices import OpenCallStatus

APPROACH_MAX = 20000
PLAN_MAX = 10000
TEAM_MAX = 30
TEAM_TEXT_MAX = 100
BUDGET_MAX = Decimal("1000000")


def attachment_root() -> Path:
    return Path(current_app.config["MATCHMAKER_ATTACHMENT_DIR"])


def _text(data: Mapping, name: str, limit: int, errors: dict, label_text: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        errors[name] = _("请填写%(what)s。", what=label_text)
        return ""
    if len(value.strip()) > limit:
        errors[name] = _("%(what)s最多 %(n)d 个字符。", what=label_text, n=limit)
    return value.strip()


def _team(raw, errors: dict) -> list[dict]:
    message = _("团队须为 1 至 %(n)d 名成员，每人有姓名、职称和分工（各不超过 %(len)d 个字符）。",
                n=TEAM_MAX, len=TEAM_TEXT_MAX)
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not 1 <= len(raw) <= TEAM_MAX:
        errors["team"] = message
        return []
    team = []
    for member in raw:
        if not isinstance(member, Mapping):
            errors["team"] = message
            return []
        values = {key: member.get(key, "") for key in ("name", "title", "role")}
        if any(not isinstance(v, str) or len(v.strip()) > TEAM_TEXT_MAX for v in values.values()) \
                or not values["name"].strip():
            errors["team"] = message
            return []
        team.append({key: value.strip() for key, value in values.items()})
    return team


def _budget(raw, errors: dict) -> Decimal:
    message = _("预算须为 0 至 1,000,000 万元之间的金额。")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        errors["budget_wan"] = message
        return Decimal(0)
    try:
        value = Decimal(str(raw).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors["budget_wan"] = message
        return Decimal(0)
    if not value.is_finite() or not 0 <= value <= BUDGET_MAX:
        errors["budget_wan"] = message
    return value


def check_content(data: Mapping) -> dict:
    """The proposal's approach, team, budget and plan, or a ValidationError naming every bad one."""
    if not isinstance(data, Mapping):
        raise ValidationError(_("提交的数据有误。"), {"approach": _("请提交方案内容。")})
    errors: dict[str, str] = {}
    content = {"approach": _text(data, "approach", APPROACH_MAX, errors, _("技术路线")),
               "team": _team(data.get("team"), errors),
               "budget_wan": _budget(data.get("budget_wan"), errors),
               "plan": _text(data, "plan", PLAN_MAX, errors, _("实施计划"))}
    if errors:
        raise ValidationError(_("方案内容有误。"), errors)
    return content


def eligibility_problem(call: OpenCall, user: User | None) -> str | None:
    """Why the user's organisation may not apply to the call, or None when it may."""
    org = user.organisation if user is not None else None
    if org is None:
        return _("请先加入一家机构，再以机构名义揭榜。")
    return organisation_problem(call, org)


def organisation_problem(call: OpenCall, org) -> str | None:
    """Why the organisation may not apply to the call (its own, or outside the kinds and regions), or None."""
    if org.id == call.need.organisation_id:
        return _("发榜机构不能揭自己的榜。")
    if call.eligible_org_kinds and org.kind.value not in call.eligible_org_kinds:
        kinds = "、".join(label("org_kind", code) for code in call.eligible_org_kinds)
        return _("本榜单仅限以下类型的机构揭榜：%(kinds)s。", kinds=kinds)
    if call.eligible_regions and org.province not in call.eligible_regions:
        regions = "、".join(province(code) for code in call.eligible_regions)
        return _("本榜单仅限以下地区的机构揭榜：%(regions)s。", regions=regions)
    return None


def _require_open(session: Session, call: OpenCall) -> None:
    lock(session, call)
    close_if_due(session, call)
    if not accepting_proposals(call):
        raise Conflict(_("揭榜已截止，方案不能再提交或修改。") if call.status != OpenCallStatus.DRAFT
                       else _("榜单尚未发布。"))


def _attach(session: Session, actor: User, proposal: Proposal, files: Sequence[CheckedFile]) -> None:
    if len(proposal.attachments) + len(files) > attachments.MAX_FILES:
        message = _("每份方案最多 %(n)d 个附件。", n=attachments.MAX_FILES)
        raise ValidationError(message, {"files": message})
    root = attachment_root()
    for checked in files:
        key, digest = attachments.store(root, checked.content)
        proposal.attachments.append(ProposalAttachment(
            filename=checked.filename, content_type=checked.content_type, size=len(checked.content), sha256=digest,
            storage_key=key, uploaded_by_id=actor.id))


def submit_proposal(session: Session, actor: User, call: OpenCall, data: Mapping,
                    files: Sequence[CheckedFile] = ()) -> Proposal:
    """The actor's organisation answers the call: one proposal each, before the deadline, if eligible."""
    _require_open(session, call)
    problem = eligibility_problem(call, actor)
    if problem:
        raise PermissionDenied(problem)
    if proposal_of(session, call, actor.organisation_id) is not None:
        raise Conflict(_("贵机构已提交过方案，请修改已有方案。"))
    content = check_content(data)
    proposal = Proposal(call=call, organisation=actor.organisation, submitted_by=actor, **content)
    session.add(proposal)
    _attach(session, actor, proposal, files)
    session.flush()
    audit.record(session, actor, "proposal.submit", proposal, call=call.id)
    return proposal


def update_proposal(session: Session, actor: User, proposal: Proposal, data: Mapping | None,
                    files: Sequence[CheckedFile] = ()) -> Proposal:
    """The applicant changes its proposal (all of it, when `data` is given) and adds files, until the deadline."""
    if not access.is_applicant(actor, proposal):
        raise PermissionDenied(_("只有提交方案的机构可以修改方案。"))
    _require_open(session, proposal.call)
    if data is not None:
        for key, value in check_content(data).items():
            setattr(proposal, key, value)
    _attach(session, actor, proposal, files)
    session.flush()
    return proposal


def remove_attachment(session: Session, actor: User, attachment: ProposalAttachment) -> None:
    """The applicant removes a file from its proposal, until the deadline."""
    proposal = attachment.proposal
    if not access.is_applicant(actor, proposal):
        raise PermissionDenied(_("只有提交方案的机构可以删除附件。"))
    _require_open(session, proposal.call)
    key = attachment.storage_key
    proposal.attachments.remove(attachment)
    session.flush()
    attachments.remove(attachment_root(), key)


def proposal_of(session: Session, call: OpenCall, organisation_id: int | None) -> Proposal | None:
    if organisation_id is None:
        return None
    return session.scalar(select(Proposal).where(Proposal.call_id == call.id,
                                                 Proposal.organisation_id == organisation_id))


def visible_proposals(session: Session, viewer, call: OpenCall) -> list[Proposal]:
    """The call's proposals the viewer may read, oldest first: all of them for managers and cleared experts (but
    those of organisations they are conflicted with), their own for applicants, none for anyone else."""
    proposals = list(session.scalars(select(Proposal).where(Proposal.call_id == call.id).order_by(Proposal.id)))
    return [p for p in proposals if access.can_view_proposal(session, viewer, p)]


def get_proposal(session: Session, viewer, call: OpenCall, proposal_id: int) -> Proposal:
    """A proposal of the call the viewer may read; any other is as unknown as a missing one."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.call_id != call.id or not access.can_view_proposal(session, viewer, proposal):
        raise NotFound(_("没有找到该方案。"))
    return proposal


def get_attachment(session: Session, viewer, call: OpenCall, proposal_id: int,
                   attachment_id: int) -> tuple[ProposalAttachment, bytes]:
    """An attachment and its bytes, for those who may read its proposal (404 for anyone else)."""
    proposal = get_proposal(session, viewer, call, proposal_id)
    attachment = session.get(ProposalAttachment, attachment_id)
    if attachment is None or attachment.proposal_id != proposal.id:
        raise NotFound(_("没有找到该附件。"))
    try:
        return attachment, attachments.read(attachment_root(), attachment.storage_key)
    except FileNotFoundError:
        raise NotFound(_("附件文件已不存在，请联系平台管理员。")) from None


def applicant_name(session: Session, viewer, proposal: Proposal) -> str | None:
    """The applicant's name, or None where a blind call hides it from the viewer."""
    return proposal.organisation.name if access.shows_applicant(session, acting_user(viewer), proposal) else None
