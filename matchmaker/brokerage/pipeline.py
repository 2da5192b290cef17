"""The deal pipeline: a broker opens a case, moves it stage by stage, introduces the sides, and records the contract.

    suggested → contacted → introduced → meeting → negotiating → signed
    any open stage → closed (with a reason)

`contacted → introduced` happens only when both sides have accepted the broker's introduction, and
`negotiating → signed` only by recording the technology contract. Anything else answers Conflict and changes
nothing. Every change is a CaseStep with its actor and time.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from matchmaker.brokerage import access
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.i18n import label
from matchmaker.notifications.services import notify
from models import (
    Case,
    CaseMessage,
    CaseStep,
    Contract,
    Interest,
    Organisation,
    PostingTransfer,
    TechNeed,
    TechOffer,
    User,
    utcnow,
)
from models.choices import CaseSource, CaseStage, CloseReason, ContractType, PostingStatus

log = logging.getLogger(__name__)

ORDER = [CaseStage.SUGGESTED, CaseStage.CONTACTED, CaseStage.INTRODUCED, CaseStage.MEETING, CaseStage.NEGOTIATING,
         CaseStage.SIGNED]
OPEN_STAGES = frozenset(ORDER[:-1])
# The moves a broker makes with a plain transition; the other two forward moves have their own doors.
NEXT = {CaseStage.SUGGESTED: CaseStage.CONTACTED, CaseStage.INTRODUCED: CaseStage.MEETING,
        CaseStage.MEETING: CaseStage.NEGOTIATING}
NOTE_MAX = 1000
REGISTRATION_NO = re.compile(r"^[0-9A-Za-z-]{6,60}$")
AMOUNT_MAX = Decimal("100000000")  # 万元, i.e. one trillion yuan: anything above is a typo

# CaseStep.action values.
OPENED = "opened"
TRANSITION = "transition"
PROPOSED = "introduction_proposed"
ACCEPTED = {"offer": "introduction_accepted_offer", "demand": "introduction_accepted_demand"}


def _link(case: Case) -> str:
    return f"/cases/{case.id}"


def _note(note: str | None) -> str:
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationError(_("备注最多 %(n)d 个字。", n=NOTE_MAX), {"note": _("备注最多 %(n)d 个字。", n=NOTE_MAX)})
    return text


def _step(session: Session, case: Case, actor: User | None, action: str, to: CaseStage | None = None,
          reason: CloseReason | None = None, note: str = "") -> CaseStep:
    """Log one step; a step with `to` also moves the case there."""
    step = CaseStep(case=case, actor=actor, action=action, from_stage=case.stage if action != OPENED else None,
                    to_stage=to, reason=reason, note=note)
    session.add(step)
    if to is not None:
        case.stage = to
        case.updated_at = utcnow()
    return step


def side_members(case: Case, side: str) -> list[User]:
    """The active members of the offer side or the demand side."""
    return access.members(access.offer_side_org(case) if side == "offer" else access.demand_side_org(case))


def _tell_everyone(session: Session, case: Case, actor: User | None, kind: str, params: dict,
                   broker_too: bool = True) -> None:
    """Notify both sides (and the broker), skipping whoever caused it."""
    people = side_members(case, "offer") + side_members(case, "demand")
    if broker_too and case.broker is not None:
        people.append(case.broker)
    seen: set[int] = set()
    for person in people:
        if person.id in seen or (actor is not None and person.id == actor.id):
            continue
        seen.add(person.id)
        notify(session, person, kind, params, _link(case))


def title(case: Case) -> str:
    """How notifications and pages name a case: the offer (or financial product) and its counterpart."""
    if case.product is not None:
        return f"{case.product.title} × {case.financing_need.title if case.financing_need else ''}"
    other = case.need.title if case.need is not None else (case.organisation.name if case.organisation else "")
    return f"{case.offer.title} × {other}"


# -- opening a case --------------------------------------------------------------------------------------------------

def open_case_for(session: Session, offer: TechOffer, need: TechNeed | None = None,
                  organisation: Organisation | None = None) -> Case | None:
    """The open case of this pair, if a broker already has it."""
    where = [Case.offer_id == offer.id, Case.stage != CaseStage.CLOSED]
    where.append(Case.need_id == need.id if need is not None else
                 and_(Case.need_id.is_(None), Case.organisation_id == organisation.id))
    return session.scalar(select(Case).where(*where).limit(1))


def _pair_interests(session: Session, offer: TechOffer, need: TechNeed | None,
                    organisation: Organisation | None) -> list[Interest]:
    """Unclaimed interests that this pair answers: in the offer by the demand side, or in the need by the offer side."""
    demand_org = need.organisation_id if need is not None else organisation.id
    clauses = [and_(Interest.offer_id == offer.id, Interest.need_id.is_(None), Interest.organisation_id == demand_org)]
    if need is not None:
        clauses.append(and_(Interest.need_id == need.id, Interest.organisation_id == offer.organisation_id))
    return list(session.scalars(select(Interest).where(Interest.case_id.is_(None), or_(*clauses))))


def _opens_thread(session: Session, case: Case, interest: Interest) -> None:
    """The interest's message becomes the first message of its organisation's thread with the broker."""
    if not interest.message:
        return
    thread = "offer" if interest.organisation_id == case.offer.organisation_id else "demand"
    session.add(CaseMessage(case=case, thread=thread, from_broker=False, author_id=interest.user_id,
                            interest_id=interest.id, body=interest.message, created_at=interest.created_at))


def open_case(session: Session, broker: User, offer: TechOffer, need: TechNeed | None = None,
              organisation: Organisation | None = None, source: CaseSource = CaseSource.BROKER,
              match_score: float | None = None, note: str = "") -> Case:
    """A broker takes up a pair: the offer with a need, or with an organisation; 409 when someone already has it."""
    if not broker.is_broker:
        raise PermissionDenied(_("只有技术经纪人可以认领对接。"))
    if (need is None) == (organisation is None):
        message = _("请指定对接的技术需求或意向机构（二选一）。")
        raise ValidationError(message, {"need_id": message, "organisation_id": message})
    if offer.status != PostingStatus.PUBLISHED:
        raise ValidationError(_("该科技成果未发布。"), {"offer_id": _("该科技成果未发布。")})
    if need is not None and need.status != PostingStatus.PUBLISHED:
        raise ValidationError(_("该技术需求未发布。"), {"need_id": _("该技术需求未发布。")})
    demand_org = need.organisation_id if need is not None else organisation.id
    if demand_org == offer.organisation_id:
        message = _("供需双方不能是同一机构。")
        raise ValidationError(message, {"need_id" if need is not None else "organisation_id": message})
    if open_case_for(session, offer, need, organisation) is not None:
        raise Conflict(_("已有经纪人在跟进这一对接。"))
    interests = _pair_interests(session, offer, need, organisation)
    case = Case(offer=offer, need=need, organisation=organisation if need is None else None, broker=broker,
                stage=CaseStage.SUGGESTED, source=CaseSource.INTEREST if interests else source,
                match_score=match_score)
    session.add(case)
    _step(session, case, broker, OPENED, to=CaseStage.SUGGESTED, note=_note(note))
    session.flush()
    for interest in interests:
        interest.case_id = case.id
        _opens_thread(session, case, interest)
    session.flush()
    log.info("case %s opened by broker %s (%s)", case.id, broker.id, case.source.value)
    return case


def open_award_case(session: Session, actor: User, offer: TechOffer, need: TechNeed, note: str = "") -> Case:
    """An open call's award pairs the winning team's offer with the call's need, already negotiating the contract;
    it has no broker until one takes it up (admins may record the contract meanwhile)."""
    case = Case(offer=offer, need=need, stage=CaseStage.NEGOTIATING, source=CaseSource.OPEN_CALL)
    session.add(case)
    _step(session, case, actor, OPENED, to=CaseStage.NEGOTIATING, note=_note(note))
    session.flush()
    log.info("case %s opened by the award of need %s's open call", case.id, need.id)
    return case


def open_financing_case(session: Session, actor: User, product, need, note: str = "") -> Case:
    """A financial organisation takes up a financing need under one of its products: the introduction is proposed at
    once with the financial side's acceptance, and the enterprise's acceptance completes it. No broker is needed."""
    now = utcnow()
    case = Case(product=product, financing_need=need, source=CaseSource.FINANCE, stage=CaseStage.CONTACTED,
                introduction_proposed_at=now, offer_side_accepted_at=now)
    session.add(case)
    _step(session, case, actor, OPENED, to=CaseStage.CONTACTED, note=_note(note))
    _step(session, case, actor, PROPOSED)
    _step(session, case, actor, ACCEPTED["offer"])
    session.flush()
    return case


def claim_interest(session: Session, broker: User, interest: Interest, offer: TechOffer | None = None) -> Case:
    """Open the case an interest asks for; for an answer to a need, `offer` is the responder's offer to pair."""
    if interest.case_id is not None:
        raise Conflict(_("该意向已由经纪人认领。"))
    if interest.need is None:
        return open_case(session, broker, interest.offer, organisation=interest.organisation,
                         source=CaseSource.INTEREST)
    offer = offer or interest.offer
    if offer is None:
        raise Conflict(_("响应方机构尚无已发布的科技成果：请先协助其发布成果，再认领此意向。"))
    if offer.organisation_id != interest.organisation_id:
        raise ValidationError(_("请选择响应方机构的科技成果。"), {"offer_id": _("请选择响应方机构的科技成果。")})
    return open_case(session, broker, offer, need=interest.need, source=CaseSource.INTEREST)


# -- moving along ----------------------------------------------------------------------------------------------------

def _require_manager(actor: User, case: Case) -> None:
    if not access.can_manage_case(actor, case):
        raise PermissionDenied(_("只有负责该对接的经纪人可以推进。"))


def allowed_moves(case: Case) -> list[CaseStage]:
    """The stages a plain transition may take the case to from where it is (for buttons)."""
    moves = [NEXT[case.stage]] if case.stage in NEXT else []
    return moves + ([CaseStage.CLOSED] if case.stage in OPEN_STAGES else [])


def _parse_stage(value) -> CaseStage:
    try:
        return CaseStage(value)
    except ValueError:
        raise ValidationError(_("未知的阶段。"), {"to": _("未知的阶段。")}) from None


def _parse_reason(value) -> CloseReason:
    if not value:
        raise ValidationError(_("请选择关闭原因。"), {"reason": _("请选择关闭原因。")})
    try:
        return CloseReason(value)
    except ValueError:
        raise ValidationError(_("未知的关闭原因。"), {"reason": _("未知的关闭原因。")}) from None


def transition(session: Session, actor: User, case: Case, to, note: str = "", reason=None) -> CaseStep:
    """Move a case one stage on, or close it with a reason; any other move is a Conflict and changes nothing."""
    _require_manager(actor, case)
    target = _parse_stage(to)
    text = _note(note)
    here = label("case_stage", case.stage)
    if target == CaseStage.CLOSED:
        if case.stage not in OPEN_STAGES:
            raise Conflict(_("“%(stage)s”的对接不能再关闭。", stage=here))
        why = _parse_reason(reason)
    elif target == CaseStage.INTRODUCED and case.stage == CaseStage.CONTACTED:
        raise Conflict(_("引荐须由经纪人发起，并经供需双方同意后自动完成。"))
    elif target == CaseStage.SIGNED and case.stage == CaseStage.NEGOTIATING:
        raise Conflict(_("签约请登记技术合同。"))
    elif NEXT.get(case.stage) != target:
        raise Conflict(_("不能从“%(here)s”变为“%(there)s”。", here=here, there=label("case_stage", target)))
    else:
        why = None
    step = _step(session, case, actor, TRANSITION, to=target, reason=why, note=text)
    if why is not None:
        case.close_reason = why
    session.flush()
    params = {"title": title(case), "stage": target, **({"reason": why} if why is not None else {})}
    _tell_everyone(session, case, actor, "case.stage", params)
    return step


def propose_introduction(session: Session, actor: User, case: Case, note: str = "") -> CaseStep:
    """The broker asks both sides whether they want to be introduced (only from `contacted`, and only once)."""
    _require_manager(actor, case)
    if case.stage != CaseStage.CONTACTED:
        raise Conflict(_("只有“已联系”阶段的对接可以发起引荐。"))
    if case.introduction_proposed_at is not None:
        raise Conflict(_("引荐已经发起，正在等待双方确认。"))
    text = _note(note)
    case.introduction_proposed_at = utcnow()
    case.offer_side_accepted_at = case.demand_side_accepted_at = None
    step = _step(session, case, actor, PROPOSED, note=text)
    session.flush()
    for side in ("offer", "demand"):
        for member in side_members(case, side):
            notify(session, member, "case.introduction", {"title": title(case)}, _link(case))
    return step


def accept_introduction(session: Session, actor: User, case: Case) -> CaseStep:
    """One side accepts; when the second side does, the case becomes `introduced` and contacts are exchanged."""
    side = access.side_of(actor, case)
    if side is None:
        raise PermissionDenied(_("只有对接双方可以确认引荐。"))
    if case.stage != CaseStage.CONTACTED or case.introduction_proposed_at is None:
        raise Conflict(_("目前没有等待确认的引荐。"))
    column = "offer_side_accepted_at" if side == "offer" else "demand_side_accepted_at"
    if getattr(case, column) is not None:
        raise Conflict(_("贵方已同意引荐，正在等待对方确认。"))
    setattr(case, column, utcnow())
    step = _step(session, case, actor, ACCEPTED[side])
    if access.is_introduced(case):
        step = _step(session, case, actor, TRANSITION, to=CaseStage.INTRODUCED)
        session.flush()
        for other in ("offer", "demand"):
            for member in side_members(case, other):
                notify(session, member, "case.introduced", {"title": title(case)}, _link(case))
        if case.broker is not None:
            notify(session, case.broker, "case.stage", {"title": title(case), "stage": CaseStage.INTRODUCED},
                   _link(case))
    session.flush()
    return step


def accepted_by(case: Case, side: str) -> User | None:
    """Who accepted the introduction for a side (the demand side's contact person)."""
    for step in reversed(case.history):
        if step.action == ACCEPTED[side]:
            return step.actor
    return None


def step_actor(viewer, case: Case, step: CaseStep) -> dict:
    """Who took a step, as this viewer may know it: a side's people stay anonymous to the other side ("offer_side",
    "demand_side" with no name), since a name is part of the contact details an introduction exchanges."""
    actor = step.actor
    if actor is None:
        return {"role": "system", "name": None}
    side = access.side_of(actor, case)
    if side is None:
        return {"role": "broker" if actor.id == case.broker_id else "admin", "name": actor.display_name}
    user = viewer if isinstance(viewer, User) else None
    named = user is not None and (user.is_admin or user.id == case.broker_id or access.side_of(user, case) == side)
    return {"role": f"{side}_side", "name": actor.display_name if named else None}


def contacts(case: Case) -> dict | None:
    """Both sides' contact details once introduced (None before): the offer's contact, and the demand side's
    accepting user. Callers check `access.can_see_case_contacts` first."""
    if not access.is_introduced(case):
        return None
    person = accepted_by(case, "demand")
    demand_org = access.demand_side_org(case)
    if case.offer is None:  # a financing case: the financial organisation's contact is whoever took the need up
        banker = accepted_by(case, "offer")
        offer_side = {"organisation": case.product.organisation.name, "name": banker.display_name if banker else "",
                      "phone": (banker.phone or "") if banker else "", "email": banker.email if banker else ""}
    else:
        offer_side = {"organisation": case.offer.organisation.name, "name": case.offer.contact_name,
                      "phone": case.offer.contact_phone, "email": case.offer.contact_email}
    return {
        "offer_side": offer_side,
        "demand_side": {"organisation": demand_org.name if demand_org else "",
                        "name": person.display_name if person else "", "phone": (person.phone or "") if person else "",
                        "email": person.email if person else ""},
    }


def visible_contacts(viewer, case: Case) -> dict | None:
    """`contacts(case)` for those who may see them: the two sides, the broker and admins, once introduced."""
    return contacts(case) if access.can_see_case_contacts(viewer, case) else None


# -- the contract ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContractData:
    """What a broker records of a technology contract; the postings are marked transferred unless told not to."""

    type: str
    amount_wan: Decimal | float | str | None
    signed_on: date | None
    registration_no: str = ""
    transfer_offer: bool = True
    transfer_need: bool = True


def _check_contract(data: ContractData) -> tuple[ContractType, Decimal, date, str]:
    errors: dict[str, str] = {}
    kind = None
    try:
        kind = ContractType(data.type)
    except ValueError:
        errors["type"] = _("请选择合同类型。")
    try:
        amount = Decimal(str(data.amount_wan)) if data.amount_wan is not None else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount > AMOUNT_MAX:
        errors["amount_wan"] = _("请填写大于 0 的合同金额（万元）。")
    if data.signed_on is None:
        errors["signed_on"] = _("请填写签订日期。")
    elif data.signed_on > utcnow().date() or data.signed_on.year < 2000:
        errors["signed_on"] = _("签订日期不能晚于今天。") if data.signed_on.year >= 2000 else _("签订日期有误。")
    registration = (data.registration_no or "").strip()
    if registration and not REGISTRATION_NO.match(registration):
        errors["registration_no"] = _("登记号由 6–60 位数字、字母或连字符组成。")
    if errors:
        raise ValidationError(_("合同信息有误。"), errors)
    return kind, amount.quantize(Decimal("0.01")), data.signed_on, registration


def _mark_transferred(session: Session, posting, contract: Contract) -> None:
    exists = session.scalar(select(PostingTransfer.id).where(
        PostingTransfer.posting_kind == posting.kind, PostingTransfer.posting_id == posting.id))
    if exists is None:
        session.add(PostingTransfer(posting_kind=posting.kind, posting_id=posting.id, contract_id=contract.id))


def record_contract(session: Session, actor: User, case: Case, data: ContractData) -> Contract:
    """Sign: record the technology contract of a case in negotiation, move it to `signed`, mark postings transferred."""
    _require_manager(actor, case)
    if case.offer is None:
        raise Conflict(_("融资对接不登记技术合同，以金融机构录入的审批结果为准。"))
    if case.stage != CaseStage.NEGOTIATING:
        raise Conflict(_("只有“谈判中”的对接可以登记合同。") if case.contract is None else _("该对接已登记合同。"))
    kind, amount, signed_on, registration = _check_contract(data)
    contract = Contract(case=case, type=kind, amount_wan=amount, signed_on=signed_on, registration_no=registration)
    session.add(contract)
    session.flush()
    if data.transfer_offer:
        _mark_transferred(session, case.offer, contract)
    if data.transfer_need and case.need is not None:
        _mark_transferred(session, case.need, contract)
    note = _("%(type)s合同，%(amount)s 万元", type=label("contract_type", kind), amount=f"{amount:,.2f}".rstrip("0").rstrip("."))
    _step(session, case, actor, TRANSITION, to=CaseStage.SIGNED, note=note)
    session.flush()
    _tell_everyone(session, case, actor, "case.stage", {"title": title(case), "stage": CaseStage.SIGNED})
    log.info("case %s signed: %s %s 万元", case.id, kind.value, amount)
    return contract


def is_transferred(session: Session, posting) -> bool:
    """Whether a signed contract marked this posting transferred (已转化)."""
    if posting is None or posting.id is None:
        return False
    return session.scalar(select(PostingTransfer.id).where(
        PostingTransfer.posting_kind == posting.kind, PostingTransfer.posting_id == posting.id).limit(1)) is not None
