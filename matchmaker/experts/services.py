"""Expert profiles and expert suggestions. Services flush and never commit.

An expert is a user with the expert role (granted like the other platform roles, in matchmaker.admin.users). What
they judge is their profile: the active tech fields they cover and their affiliation. The expert edits it, or an
admin does on their behalf (audited).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.market.services import active_fields
from models import ExpertProfile, User

AFFILIATION_MAX = 200


@dataclass(frozen=True)
class ExpertFit:
    """An expert suggested for some fields, with the ones they cover (in the order asked)."""

    user: User
    profile: ExpertProfile
    shared_fields: list[str]


def expert_profile(session: Session, expert: User) -> ExpertProfile:
    """The expert's profile; an expert who never set it has an unsaved, empty one."""
    return session.get(ExpertProfile, expert.id) or ExpertProfile(user_id=expert.id, fields=[], affiliation=None)


def resolve_fields(session: Session, values: Iterable, name: str = "fields") -> list[str]:
    """Active field codes from codes or names (Chinese or English), without repeats; ValidationError on `name`
    listing the unknown ones."""
    lookup: dict[str, str] = {}
    for field in active_fields(session):
        lookup.update({field.code: field.code, field.name_zh: field.code, field.name_en: field.code})
    codes, unknown = [], []
    for value in values:
        code = lookup.get(value.strip()) if isinstance(value, str) else None
        if code is None:
            unknown.append(str(value)[:40])
        else:
            codes.append(code)
    if unknown:
        raise ValidationError(_("未知的技术领域。"), {name: _("未知的技术领域：%(codes)s", codes="、".join(unknown[:5]))})
    return list(dict.fromkeys(codes))


def update_expert_profile(session: Session, actor: User, expert: User, fields: Iterable,
                          affiliation: str | None) -> ExpertProfile:
    """Set an expert's fields and affiliation: the expert themself, or an admin on their behalf (audited)."""
    if actor.id != expert.id and not actor.is_admin:
        raise PermissionDenied(_("只能修改自己的专家信息。"))
    if not expert.is_expert:
        if actor.id == expert.id:
            raise PermissionDenied(_("只有专家可以设置专家信息。"))
        message = _("请先授予专家角色，再设置专家信息。")
        raise ValidationError(message, {"fields": message})
    errors: dict[str, str] = {}
    codes: list[str] = []
    try:
        codes = resolve_fields(session, list(fields or []))
    except ValidationError as error:
        errors.update(error.fields)
    text = (affiliation or "").strip()
    if len(text) > AFFILIATION_MAX:
        errors["affiliation"] = _("工作单位最多 %(n)d 个字符。", n=AFFILIATION_MAX)
    if errors:
        raise ValidationError(_("提交的数据有误。"), errors)
    profile = session.get(ExpertProfile, expert.id)
    if profile is None:
        profile = ExpertProfile(user_id=expert.id, fields=[])
        session.add(profile)
    before = (list(profile.fields or []), profile.affiliation)
    profile.fields, profile.affiliation = codes, text or None
    if actor.id != expert.id and (profile.fields, profile.affiliation) != before:
        audit.record(session, actor, "user.expert_profile", expert, fields=profile.fields,
                     affiliation=profile.affiliation)
    session.flush()
    return profile


def experts_for_fields(session: Session, field_codes: Iterable[str], limit: int = 10) -> list[ExpertFit]:
    """Active experts who cover any of `field_codes`: those covering the most of them first, then by name."""
    wanted = list(dict.fromkeys(field_codes))
    if not wanted or limit <= 0:
        return []
    rows = session.execute(select(User, ExpertProfile).join(ExpertProfile, ExpertProfile.user_id == User.id)
                           .where(User.is_expert.is_(True), User.active.is_(True)))
    fits = []
    for user, profile in rows:
        covered = set(profile.fields or [])
        shared = [code for code in wanted if code in covered]
        if shared:
            fits.append(ExpertFit(user, profile, shared))
    fits.sort(key=lambda fit: (-len(fit.shared_fields), fit.user.display_name, fit.user.id))
    return fits[:limit]
