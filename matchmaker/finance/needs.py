"""Financing needs: posted by enterprises, read only by those allowed (access.can_view_need), closed by their owner."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.finance import access
from matchmaker.i18n import code_of
from matchmaker.market.access import acting_user
from matchmaker.market.services import resolve_field
from matchmaker.pagination import Page, paginate
from models import FinancingNeed, TechOffer, User
from models.choices import PROVINCES, Collateral, FinancingStage, FinancingStatus, Qualification

MAX_QUALIFICATIONS = len(Qualification)
CERTIFICATE_MAX = 60
MAX_PATENTS = 50
PER_PAGE = 20


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: message})


def parse_qualifications(raw) -> list[dict]:
    """Qualifications as [{"code", "certificate_no"}]: each item a code (or its label) or such an object."""
    if raw is None:
        return []
    message = _("企业资质须为资质代码，或 {\"code\", \"certificate_no\"} 对象的列表。")
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or len(raw) > MAX_QUALIFICATIONS:
        raise _fail("qualifications", message)
    out: dict[str, str] = {}
    for item in raw:
        code, number = (item, "") if isinstance(item, str) else (None, None)
        if isinstance(item, dict) and set(item) <= {"code", "certificate_no"}:
            code, number = item.get("code"), item.get("certificate_no") or ""
        if not isinstance(code, str) or not isinstance(number, str):
            raise _fail("qualifications", message)
        code = code_of("qualification", code)
        if code not in {q.value for q in Qualification}:
            raise _fail("qualifications", _("未知的企业资质：%(code)s", code=code[:40]))
        if len(number.strip()) > CERTIFICATE_MAX:
            raise _fail("qualifications", _("证书编号最多 %(n)d 个字符。", n=CERTIFICATE_MAX))
        out[code] = number.strip()
    return [{"code": code, "certificate_no": number} for code, number in out.items()]


def offer_patents(session: Session, organisation_id: int, offer_ids: Sequence[int]) -> list[str]:
    """The patent numbers of the organisation's own offers (others' offers are ignored)."""
    offers = session.scalars(select(TechOffer).where(TechOffer.id.in_(list(offer_ids)[:50]),
                                                     TechOffer.organisation_id == organisation_id))
    return [number for offer in offers for number in offer.patent_numbers or []]


def create_need(session: Session, actor: User, data: dict, qualifications: list[dict],
                offer_ids: Sequence[int] = ()) -> FinancingNeed:
    """Post an enterprise's financing need; `data` is a validated FinancingNeedForm's, and the patents of the
    organisation's offers named by `offer_ids` join the ones typed."""
    if not access.may_post_need(actor):
        raise PermissionDenied(_("只有企业的成员可以发布融资需求。"))
    if data["region"] not in PROVINCES:
        raise _fail("region", _("未知的地区。"))
    patents = list(dict.fromkeys([*(data.get("patent_numbers") or []),
                                  *offer_patents(session, actor.organisation_id, offer_ids)]))
    if len(patents) > MAX_PATENTS:
        raise _fail("patent_numbers", _("专利号最多 %(n)d 个。", n=MAX_PATENTS))
    need = FinancingNeed(
        organisation_id=actor.organisation_id, created_by=actor, title=data["title"].strip(),
        purpose=data["purpose"].strip(), amount_wan=data["amount_wan"], stage=FinancingStage(data["stage"]),
        field=resolve_field(session, data["field"]), region=data["region"], qualifications=qualifications,
        patent_numbers=patents, revenue_wan=data["revenue_wan"],
        collateral=Collateral(data.get("collateral") or "none"),
    )
    session.add(need)
    session.flush()
    return need


def get_need(session: Session, viewer, need_id: int) -> FinancingNeed:
    """The need, for those who may read it; to everyone else it does not exist (404, never 403)."""
    need = session.get(FinancingNeed, need_id)
    if need is None or not access.can_view_need(session, viewer, need):
        raise NotFound(_("融资需求不存在。"))
    return need


def lock(session: Session, need: FinancingNeed) -> FinancingNeed:
    """Hold the need's row until the transaction ends, and read it afresh: writers to one need (two bankers taking it
    up, a decision while the enterprise closes it) take turns, each seeing what the one before committed."""
    session.execute(select(FinancingNeed.id).where(FinancingNeed.id == need.id).with_for_update())
    session.refresh(need)
    return need


def own_needs(session: Session, viewer, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """The viewer's organisation's needs (admins: every need), newest first."""
    user = acting_user(viewer)
    if user is None:
        raise PermissionDenied(_("请先登录。"))
    stmt = select(FinancingNeed).order_by(FinancingNeed.created_at.desc(), FinancingNeed.id.desc())
    if not user.is_admin:
        stmt = stmt.where(FinancingNeed.organisation_id == user.organisation_id)
    return paginate(session, stmt, page, per_page)


def close_need(session: Session, actor: User, need: FinancingNeed) -> FinancingNeed:
    """The enterprise stops looking; the need leaves every queue, and those who took it up keep reading it."""
    if not (access.owns_need(actor, need) or actor.is_admin):
        raise PermissionDenied(_("只有发布企业可以关闭融资需求。"))
    if lock(session, need).status == FinancingStatus.CLOSED:
        raise Conflict(_("该融资需求已关闭。"))
    need.status = FinancingStatus.CLOSED
    return need
