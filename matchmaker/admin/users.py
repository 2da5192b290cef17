"""User administration: platform roles (experts included), deactivation, broker coverage, and cases whose broker is
gone.

Services flush and never commit. `actor` is the admin acting, or None for the command line (which is trusted:
whoever runs it controls the server). Every change is written to the audit log.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.auth.revocation import end_sessions
from matchmaker.auth.services import find_user_by_email
from matchmaker.brokerage import services as brokerage
from matchmaker.brokerage.pipeline import OPEN_STAGES
from matchmaker.errors import Conflict, NotFound, PermissionDenied, ValidationError
from matchmaker.pagination import Page, paginate
from models import BrokerProfile, Case, Organisation, User, utcnow

ROLES = ("broker", "organiser", "expert", "admin")
STATUSES = ("active", "inactive", "all")
PER_PAGE = 20
# Ids beyond a 32-bit integer cannot exist; looking them up would overflow SQLite's driver.
MAX_ID = 2**31 - 1
_FLAGS = {"broker": "is_broker", "organiser": "is_organiser", "expert": "is_expert", "admin": "is_admin"}


def _require_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("只有管理员可以管理用户。"))


def _record(session: Session, actor: User | None, action: str, target, **details) -> None:
    if actor is None:
        details["via"] = "cli"
    audit.record(session, actor, action, target, **details)


# -- finding users ---------------------------------------------------------------------------------------------------

def users_query(q: str = "", role: str = "", status: str = "all") -> Select:
    """Users whose name, e-mail or organisation name contains every word of `q`, with a role and status, newest first."""
    stmt = select(User).outerjoin(Organisation, User.organisation_id == Organisation.id)
    for term in q.split()[:10]:
        pattern = f"%{term}%"
        stmt = stmt.where(or_(User.display_name.ilike(pattern), User.email.ilike(pattern), Organisation.name.ilike(pattern)))
    if role in _FLAGS:
        stmt = stmt.where(getattr(User, _FLAGS[role]).is_(True))
    if status == "active":
        stmt = stmt.where(User.active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(User.active.is_(False))
    return stmt.order_by(User.created_at.desc(), User.id.desc())


def search_users(session: Session, q: str = "", role: str = "", status: str = "all", page: int = 1,
                 per_page: int = PER_PAGE) -> Page:
    """One page of users matching the admin list's search and filters."""
    return paginate(session, users_query(q, role, status), min(max(page, 1), 100_000), per_page)


def get_user(session: Session, user_id: int) -> User:
    """The user or NotFound."""
    user = session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is None:
        raise NotFound(_("没有找到该用户。"))
    return user


def user_by_email(session: Session, email: str) -> User:
    """The user with this e-mail address or NotFound."""
    user = find_user_by_email(session, email)
    if user is None:
        raise NotFound(_("没有使用该邮箱的用户：%(email)s", email=email))
    return user


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.is_admin.is_(True), User.active.is_(True), User.id != user.id)) or 0


def is_last_admin(session: Session, user: User) -> bool:
    """Whether `user` is the only active admin, whose admin role and account must therefore stay."""
    return user.is_admin and user.active and _other_active_admins(session, user) == 0


# -- roles -----------------------------------------------------------------------------------------------------------

def parse_roles(value) -> list[str]:
    """A list of role names from untrusted input, or ValidationError on `roles`."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        message = _("角色必须是字符串列表，取值为 %(roles)s。", roles=", ".join(ROLES))
        raise ValidationError(message, {"roles": message})
    unknown = [item for item in value if item not in ROLES]
    if unknown:
        message = _("未知的角色：%(names)s（可选 %(roles)s）。", names=", ".join(unknown[:5])[:200], roles=", ".join(ROLES))
        raise ValidationError(message, {"roles": message})
    return list(dict.fromkeys(value))


def set_roles(session: Session, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Give `user` exactly these platform roles; the last active admin keeps the admin role (409)."""
    _require_admin(actor)
    wanted = set(parse_roles(list(roles)))
    if "admin" not in wanted and is_last_admin(session, user):
        raise Conflict(_("%(name)s 是唯一的管理员，不能取消其管理员角色。请先指定另一位管理员。", name=user.display_name),
                       {"roles": _("不能取消唯一管理员的管理员角色。")})
    before = user.platform_roles
    for role, flag in _FLAGS.items():
        setattr(user, flag, role in wanted)
    after = user.platform_roles
    if before != after:
        _record(session, actor, "user.roles", user, added=sorted(set(after) - set(before)),
                removed=sorted(set(before) - set(after)))
    session.flush()
    return user


def grant_role(session: Session, actor: User | None, user: User, role: str) -> User:
    """Add one platform role."""
    return set_roles(session, actor, user, [*user.platform_roles, *parse_roles([role])])


def revoke_role(session: Session, actor: User | None, user: User, role: str) -> User:
    """Take one platform role away."""
    parse_roles([role])
    return set_roles(session, actor, user, [r for r in user.platform_roles if r != role])


# -- deactivation ----------------------------------------------------------------------------------------------------

def deactivate_user(session: Session, actor: User | None, user: User) -> User:
    """Lock the account out: no login, and every session, remember-me cookie and API token ends now.

    Postings and cases stay; open cases of a deactivated broker show on the admin dashboard for reassignment.
    """
    _require_admin(actor)
    if actor is not None and actor.id == user.id:
        raise Conflict(_("不能停用自己的账号。"))
    if is_last_admin(session, user):
        raise Conflict(_("%(name)s 是唯一的管理员，不能停用。请先指定另一位管理员。", name=user.display_name))
    if not user.active:
        return user
    user.active = False
    revoked = end_sessions(session, user)
    _record(session, actor, "user.deactivate", user, tokens_revoked=revoked)
    session.flush()
    return user


def reactivate_user(session: Session, actor: User | None, user: User) -> User:
    """Let a deactivated user log in again (old sessions and tokens stay ended)."""
    _require_admin(actor)
    if user.active:
        return user
    user.active = True
    _record(session, actor, "user.reactivate", user)
    session.flush()
    return user


# -- broker coverage -------------------------------------------------------------------------------------------------

def set_broker_coverage(session: Session, actor: User, user: User, fields: list[str], regions: list[str]) -> BrokerProfile:
    """Set the fields and regions a broker covers on their behalf; empty lists mean all of them."""
    _require_admin(actor)
    if not user.is_broker:
        message = _("请先授予技术经纪人角色，再设置服务范围。")
        raise ValidationError(message, {"fields": message})
    before = brokerage.broker_profile(session, user)
    old = (list(before.fields or []), list(before.regions or []))
    # The brokerage service lets a broker set their own coverage; here the broker is the subject, the admin acts.
    profile = brokerage.update_broker_profile(session, user, fields, regions)
    if (profile.fields, profile.regions) != old:
        _record(session, actor, "user.broker_coverage", user, fields=profile.fields, regions=profile.regions)
    return profile


# -- cases whose broker is gone --------------------------------------------------------------------------------------

def cases_needing_broker(session: Session, limit: int = 100) -> list[Case]:
    """Open cases whose broker was deactivated, lost the broker role or no longer exists, oldest change first."""
    stmt = (select(Case).outerjoin(User, Case.broker_id == User.id)
            .where(Case.stage.in_(list(OPEN_STAGES)),
                   or_(Case.broker_id.is_(None), User.active.is_(False), User.is_broker.is_(False)))
            .order_by(Case.updated_at, Case.id).limit(limit))
    return list(session.scalars(stmt))


def active_brokers(session: Session) -> list[User]:
    """Everyone a case can be handed to."""
    return list(session.scalars(select(User).where(User.is_broker.is_(True), User.active.is_(True))
                                .order_by(User.display_name, User.id)))


def reassign_case(session: Session, actor: User, case: Case, broker_id: int | None) -> Case:
    """Hand an open case to another active broker."""
    _require_admin(actor)
    if case.stage not in OPEN_STAGES:
        raise Conflict(_("只能为进行中的对接更换经纪人。"))
    broker = session.get(User, broker_id) if broker_id and 0 < broker_id <= MAX_ID else None
    if broker is None or not broker.is_broker or not broker.active:
        message = _("请选择一位在岗的技术经纪人。")
        raise ValidationError(message, {"broker_id": message})
    previous = case.broker_id
    if previous == broker.id:
        return case
    case.broker = broker
    case.updated_at = utcnow()
    _record(session, actor, "case.reassign", case, from_broker=previous, to_broker=broker.id)
    session.flush()
    return case
