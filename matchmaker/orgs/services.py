"""Organisation services: creation, profile edits, invitations, members and verification."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.auth.revocation import end_sessions
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from models import Organisation, TechNeed, TechOffer, User, utcnow
from models.choices import OrgKind, OrgRole, PostingStatus
from models.organisation import new_invite_code

PROFILE_FIELDS = ("name", "kind", "province", "city", "credit_code", "description", "website")


def _check_credit_code_free(session: Session, code: str | None, own_id: int | None = None) -> None:
    if not code:
        return
    holder = session.scalar(select(Organisation.id).where(Organisation.credit_code == code))
    if holder is not None and holder != own_id:
        message = _("该统一社会信用代码已被其他机构使用。")
        raise ValidationError(message, {"credit_code": message, "organisation.credit_code": message})


def create_organisation(session: Session, data: dict) -> Organisation:
    """Register an organisation; it starts unverified."""
    _check_credit_code_free(session, data.get("credit_code"))
    org = Organisation(
        kind=OrgKind(data["kind"]),
        name=data["name"].strip(),
        province=data["province"],
        city=data["city"].strip(),
        credit_code=data.get("credit_code") or None,
        description=data.get("description") or "",
        website=data.get("website") or None,
    )
    session.add(org)
    session.flush()
    return org


def update_organisation(session: Session, actor: User, org: Organisation, data: dict) -> Organisation:
    """Edit the profile; only the owner may, and a verified name or credit code is frozen."""
    if not (actor.organisation_id == org.id and actor.is_org_owner):
        raise PermissionDenied(_("只有机构负责人可以修改机构信息。"))
    _check_credit_code_free(session, data.get("credit_code"), own_id=org.id)
    frozen = ("name", "credit_code", "kind") if org.verified else ()
    for key in PROFILE_FIELDS:
        if key in frozen or key not in data:
            continue
        setattr(org, key, data[key] or (None if key in ("credit_code", "website") else ""))
    session.flush()
    return org


def regenerate_invite_code(session: Session, actor: User, org: Organisation) -> str:
    """Replace the invitation code, so the old one stops working."""
    if not (actor.organisation_id == org.id and actor.is_org_owner):
        raise PermissionDenied(_("只有机构负责人可以重置邀请码。"))
    org.invite_code = new_invite_code()
    audit.record(session, actor, "organisation.invite_code", org)
    session.flush()
    return org.invite_code


# -- members ---------------------------------------------------------------------------------------------------------

def _require_owner(actor: User, org: Organisation | None) -> Organisation:
    if org is None or actor.organisation_id != org.id or not actor.is_org_owner:
        raise PermissionDenied(_("只有机构负责人可以管理成员。"))
    return org


def _member(org: Organisation, member_id: int) -> User:
    """A member of `org`, or NotFound (users of other organisations are not revealed)."""
    member = next((m for m in org.members if m.id == member_id), None)
    if member is None:
        raise NotFound(_("本机构没有该成员。"))
    return member


def remove_member(session: Session, actor: User, org: Organisation, member_id: int) -> User:
    """The owner removes a member, who leaves the organisation and whose sessions and API tokens end."""
    _require_owner(actor, org)
    member = _member(org, member_id)
    if member.id == actor.id:
        raise Conflict(_("不能将自己移出机构。如需离开，请先将负责人移交给其他成员。"))
    member.organisation = None
    member.org_role = OrgRole.MEMBER
    revoked = end_sessions(session, member)
    audit.record(session, actor, "organisation.member_remove", org, member_id=member.id, email=member.email,
                 tokens_revoked=revoked)
    session.flush()
    return member


def transfer_ownership(session: Session, actor: User, org: Organisation, member_id: int) -> User:
    """The owner hands the organisation to another active member and becomes a plain member."""
    _require_owner(actor, org)
    member = _member(org, member_id)
    if member.id == actor.id:
        raise Conflict(_("您已经是本机构的负责人。"))
    if not member.active:
        raise Conflict(_("该成员的账号已停用，不能成为负责人。"))
    member.org_role = OrgRole.OWNER
    actor.org_role = OrgRole.MEMBER
    audit.record(session, actor, "organisation.owner_transfer", org, from_user=actor.id, to_user=member.id)
    session.flush()
    return member


def verify_organisation(session: Session, actor: User, org: Organisation) -> int:
    """Mark the organisation verified and publish its pending postings; returns how many were published."""
    if not actor.is_admin:
        raise PermissionDenied(_("只有管理员可以认证机构。"))
    if org.verified_at is None:
        org.verified_at = utcnow()
    published = _move_postings(session, org, PostingStatus.PENDING,
                               status=PostingStatus.PUBLISHED, published_at=utcnow())
    audit.record(session, actor, "organisation.verify", org, published_postings=published)
    session.flush()
    return published


def _move_postings(session: Session, org: Organisation, current: PostingStatus, **values) -> int:
    """Set `values` on the organisation's offers and needs now in `current`; returns how many changed. updated_at moves
    too, so every worker's match index sees the change."""
    changed = 0
    for model in (TechOffer, TechNeed):
        result = session.execute(
            update(model)
            .where(model.organisation_id == org.id, model.status == current)
            .values(**values, updated_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
        changed += result.rowcount
    return changed


def revoke_verification(session: Session, actor: User, org: Organisation) -> int:
    """Withdraw verification: the organisation's published postings go back to moderation (pending), as every new
    one will, until an admin verifies it again; returns how many were withdrawn."""
    if not actor.is_admin:
        raise PermissionDenied(_("只有管理员可以撤销认证。"))
    org.verified_at = None
    withdrawn = _move_postings(session, org, PostingStatus.PUBLISHED, status=PostingStatus.PENDING)
    audit.record(session, actor, "organisation.unverify", org, withdrawn_postings=withdrawn)
    session.flush()
    return withdrawn
