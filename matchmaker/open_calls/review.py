"""Expert review of a call: assignment without conflicts of interest, declarations, blind scores and the ranking.

An expert's total for a proposal is the rubric's weighted mean of their criterion scores (weights sum to 100); a
proposal's score is the mean of its experts' totals. Experts disagree strongly on a proposal when their totals
spread (highest minus lowest) by more than DISAGREEMENT_SPREAD points. Services flush and never commit.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.experts.services import ExpertFit, experts_for_fields
from matchmaker.notifications.services import notify
from matchmaker.open_calls import access
from matchmaker.open_calls.services import close_if_due, lock
from models import ExpertProfile, OpenCall, OpenCallExpert, Proposal, ProposalScore, User, utcnow
from models.choices import OpenCallStatus

MAX_EXPERTS = 15
COMMENT_MAX = 5000
# Points out of 100 between the highest and the lowest expert total above which a proposal is flagged.
DISAGREEMENT_SPREAD = Decimal(20)
# Assignments may change until the award.
ASSIGNABLE = (OpenCallStatus.DRAFT, OpenCallStatus.OPEN, OpenCallStatus.REVIEWING)
TWO_PLACES = Decimal("0.01")


def _require_manager(actor: User, call: OpenCall, message: str) -> None:
    if not access.can_manage(actor, call):
        raise PermissionDenied(message)


def _user_ids(raw) -> list[int]:
    message = _("user_ids 须为 0 至 %(n)d 个用户编号的列表。", n=MAX_EXPERTS)
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or len(raw) > MAX_EXPERTS:
        raise ValidationError(message, {"user_ids": message})
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 < v < 2**63 for v in raw):
        raise ValidationError(message, {"user_ids": message})
    return list(dict.fromkeys(raw))


def _proposal_organisations(session: Session, call: OpenCall) -> list:
    return [p.organisation for p in session.scalars(select(Proposal).where(Proposal.call_id == call.id))]


def conflict_of(session: Session, expert: User, call: OpenCall) -> str | None:
    """Why the expert may not judge the call (same organisation as its owner or an applicant), or None."""
    if access.conflict_with(session, expert, call.need.organisation):
        return _("%(name)s 与发榜方 %(org)s 属同一单位，存在利益冲突。", name=expert.display_name,
                 org=call.need.organisation.name)
    for organisation in _proposal_organisations(session, call):
        if access.conflict_with(session, expert, organisation):
            return _("%(name)s 与揭榜方 %(org)s 属同一单位，存在利益冲突。", name=expert.display_name,
                     org=organisation.name)
    return None


def assign_experts(session: Session, actor: User, call: OpenCall, raw_ids) -> list[OpenCallExpert]:
    """Set the call's experts to `user_ids`: each must hold the expert role and have no conflict (409 naming it).

    Experts who leave the panel take their scores with them; those who stay keep their declaration and scores.
    """
    _require_manager(actor, call, _("只有榜单发布方可以指派评审专家。"))
    lock(session, call)
    close_if_due(session, call)
    if call.status not in ASSIGNABLE:
        raise Conflict(_("定榜后不能再调整评审专家。"))
    ids = _user_ids(raw_ids)
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    not_experts = [str(i) for i in ids if i not in users or not users[i].is_expert or not users[i].active]
    if not_experts:
        message = _("以下用户不是在册专家：%(ids)s。", ids="、".join(not_experts))
        raise ValidationError(message, {"user_ids": message})
    for user_id in ids:
        reason = conflict_of(session, users[user_id], call)
        if reason:
            raise Conflict(reason, fields={"user_ids": reason})
    seats = {seat.expert_id: seat for seat in access.assigned_experts(session, call)}
    for expert_id, seat in seats.items():
        if expert_id not in users:
            for score in _scores_by(session, call, expert_id):
                session.delete(score)
            session.delete(seat)
    for user_id in ids:
        if user_id not in seats:
            session.add(OpenCallExpert(call_id=call.id, expert_id=user_id, assigned_by_id=actor.id))
            notify(session, users[user_id], "open_call.assigned", {"title": call.need.title}, f"/open-calls/{call.id}")
    session.flush()
    audit.record(session, actor, "open_call.experts", call, experts=ids)
    return access.assigned_experts(session, call)


def suggest_experts(session: Session, call: OpenCall, limit: int = 10) -> list[ExpertFit]:
    """Experts covering the call's field, without those who have a conflict or already sit on the panel."""
    seated = {seat.expert_id for seat in access.assigned_experts(session, call)}
    fits = experts_for_fields(session, [call.need.field.code] if call.need.field else [], limit=limit + len(seated) + 20)
    return [fit for fit in fits if fit.user.id not in seated and conflict_of(session, fit.user, call) is None][:limit]


@dataclass(frozen=True)
class PoolExpert:
    """An expert of the pool outside the panel and the suggestions, with the conflict that would refuse them."""

    user: User
    affiliation: str | None
    conflict: str | None


def other_experts(session: Session, call: OpenCall, exclude: set[int], limit: int = 100) -> list[PoolExpert]:
    """The rest of the expert pool by name, for a manager who wants someone the field match did not suggest."""
    rows = session.execute(select(User, ExpertProfile.affiliation)
                           .outerjoin(ExpertProfile, ExpertProfile.user_id == User.id)
                           .where(User.is_expert.is_(True), User.active.is_(True))
                           .order_by(User.display_name, User.id))
    pool = [PoolExpert(user, affiliation, conflict_of(session, user, call))
            for user, affiliation in rows if user.id not in exclude]
    return pool[:limit]


def declare(session: Session, actor: User, call: OpenCall, conflict) -> OpenCallExpert:
    """An assigned expert declares whether they have a conflict of interest; with one, they withdraw from the call."""
    seat = access.assignment(session, actor, call)
    if seat is None:
        raise PermissionDenied(_("您不是本榜单的评审专家。"))
    lock(session, call)
    session.refresh(seat)
    if not isinstance(conflict, bool):
        message = _("请声明是否存在利益冲突（true 或 false）。")
        raise ValidationError(message, {"conflict": message})
    if seat.declared_at is not None and seat.conflict and not conflict:
        raise Conflict(_("您已声明存在利益冲突并退出评审。"))
    seat.declared_at, seat.conflict = utcnow(), conflict
    if conflict:
        for score in _scores_by(session, call, actor.id):
            session.delete(score)
    session.flush()
    audit.record(session, actor, "open_call.declaration", call, conflict=conflict)
    return seat


def _scores_by(session: Session, call: OpenCall, expert_id: int) -> list[ProposalScore]:
    return list(session.scalars(select(ProposalScore).join(Proposal, ProposalScore.proposal_id == Proposal.id)
                                .where(Proposal.call_id == call.id, ProposalScore.expert_id == expert_id)))


def weighted_total(call: OpenCall, criteria: Mapping[str, int]) -> Decimal:
    """Σ weight × score / 100 over the rubric, to two places."""
    total = sum(Decimal(c["weight"]) * Decimal(criteria[c["name"]]) for c in call.criteria) / 100
    return total.quantize(TWO_PLACES, ROUND_HALF_UP)


def _criteria(call: OpenCall, raw) -> dict[str, int]:
    names = [c["name"] for c in call.criteria]
    message = _("请为每个评审维度（%(names)s）打 0 至 100 的整数分。", names="、".join(names))
    if not isinstance(raw, Mapping) or set(raw) != set(names):
        raise ValidationError(message, {"criteria": message})
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100 for v in raw.values()):
        raise ValidationError(message, {"criteria": message})
    return {name: raw[name] for name in names}


def score(session: Session, actor: User, call: OpenCall, proposal_id: int, raw_criteria, comment) -> ProposalScore:
    """An assigned expert who declared no conflict scores a proposal while the call is in review (again: replaced).

    Who may score is checked before the proposal is looked up, so nobody else learns which proposals exist.
    """
    seat = access.assignment(session, actor, call)
    if seat is None:
        raise PermissionDenied(_("您不是本榜单的评审专家。"))
    if seat.declared_at is None:
        raise PermissionDenied(_("请先声明与本榜单无利益冲突，再评审方案。"))
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.call_id != call.id:
        raise NotFound(_("没有找到该方案。"))
    if seat.conflict or access.conflicts_with(session, actor, proposal):
        raise PermissionDenied(_("您与该方案存在利益冲突，不能评审。"))
    lock(session, call)
    close_if_due(session, call)
    if call.status != OpenCallStatus.REVIEWING:
        raise Conflict(_("只有评审中的榜单可以打分。") if call.status == OpenCallStatus.OPEN
                       else _("评审已结束，不能再打分。"))
    criteria = _criteria(call, raw_criteria)
    if comment is not None and not isinstance(comment, str):
        raise ValidationError(_("评语须为文本。"), {"comment": _("评语须为文本。")})
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationError(_("评语最多 %(n)d 个字符。", n=COMMENT_MAX),
                              {"comment": _("评语最多 %(n)d 个字符。", n=COMMENT_MAX)})
    existing = own_score(session, actor, proposal)
    if existing is None:
        existing = ProposalScore(proposal_id=proposal.id, expert_id=actor.id)
        session.add(existing)
    existing.criteria, existing.comment, existing.total = criteria, text, weighted_total(call, criteria)
    session.flush()
    return existing


def own_score(session: Session, expert: User | None, proposal: Proposal) -> ProposalScore | None:
    if expert is None:
        return None
    return session.scalar(select(ProposalScore).where(ProposalScore.proposal_id == proposal.id,
                                                      ProposalScore.expert_id == expert.id))


@dataclass(frozen=True)
class Ranked:
    proposal: Proposal
    score: Decimal
    spread: Decimal
    disagreement: bool
    totals: list[Decimal]
    comments: list[str]


@dataclass(frozen=True)
class Progress:
    """How far the scoring is: `expected` pairs of (cleared expert, proposal), `given` of them scored."""

    expected: int
    given: int
    undeclared: int

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.given >= self.expected and self.undeclared == 0


def _panel(session: Session, call: OpenCall) -> tuple[list[OpenCallExpert], list[Proposal]]:
    seats = [s for s in access.assigned_experts(session, call) if not s.conflict]
    proposals = list(session.scalars(select(Proposal).where(Proposal.call_id == call.id).order_by(Proposal.id)))
    return seats, proposals


def progress(session: Session, call: OpenCall) -> Progress:
    seats, proposals = _panel(session, call)
    # Each expert's organisation and affiliation read once, not once per proposal.
    where = {s.expert_id: access.expert_organisations(session, s.expert) for s in seats}
    pairs = {(s.expert_id, p.id) for s in seats for p in proposals
             if not access.works_for(where[s.expert_id], p.organisation)}
    scored = {(s.expert_id, s.proposal_id) for s in session.scalars(
        select(ProposalScore).join(Proposal, ProposalScore.proposal_id == Proposal.id)
        .where(Proposal.call_id == call.id))}
    return Progress(len(pairs), len(pairs & scored), sum(1 for s in seats if s.declared_at is None))


def ranking(session: Session, actor: User, call: OpenCall) -> list[Ranked]:
    """Proposals by the mean of their experts' weighted totals, best first; for managers, once every score is in."""
    _require_manager(actor, call, _("只有榜单发布方可以查看评审排名。"))
    state = progress(session, call)
    if not state.complete:
        raise Conflict(_("评审尚未完成：已收到 %(given)d / %(expected)d 份评分，%(undeclared)d 位专家尚未声明利益冲突。",
                         given=state.given, expected=state.expected, undeclared=state.undeclared))
    return rank(session, call)


def rank(session: Session, call: OpenCall) -> list[Ranked]:
    """The ranking from the scores given so far (ties: earlier proposal first)."""
    by_proposal: dict[int, list[ProposalScore]] = {}
    for entry in session.scalars(select(ProposalScore).join(Proposal, ProposalScore.proposal_id == Proposal.id)
                                 .where(Proposal.call_id == call.id).order_by(ProposalScore.id)):
        by_proposal.setdefault(entry.proposal_id, []).append(entry)
    ranked = []
    for proposal in _panel(session, call)[1]:
        entries = by_proposal.get(proposal.id, [])
        totals = [Decimal(e.total) for e in entries]
        mean = (sum(totals) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP) if totals else Decimal(0)
        spread = (max(totals) - min(totals)) if totals else Decimal(0)
        ranked.append(Ranked(proposal, mean, spread, spread > DISAGREEMENT_SPREAD, totals,
                             [e.comment for e in entries if e.comment]))
    ranked.sort(key=lambda r: (-r.score, r.proposal.id))
    return ranked
