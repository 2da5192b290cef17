"""Account services: registration, authentication and API tokens. They flush, never commit."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.auth.passwords import hash_password, needs_rehash, verify_nobody, verify_password
from matchmaker.errors import NotFound, ValidationError
from matchmaker.orgs.services import create_organisation
from models import ApiToken, Organisation, User
from models.base import as_utc, utcnow
from models.choices import OrgRole


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == User.normalise_email(email)))


def register_account(
    session: Session,
    account: dict,
    organisation: dict | None = None,
    invite_code: str | None = None,
) -> User:
    """Create a user who either founds `organisation` (as owner) or joins the one behind `invite_code`."""
    email = User.normalise_email(account["email"])
    if find_user_by_email(session, email) is not None:
        raise ValidationError(_("该邮箱已注册。"), {"email": _("该邮箱已注册。")})
    if invite_code:
        org = session.scalar(select(Organisation).where(Organisation.invite_code == invite_code.strip()))
        if org is None:
            raise ValidationError(_("邀请码无效。"), {"invite_code": _("邀请码无效。")})
        role = OrgRole.MEMBER
    elif organisation is not None:
        org = create_organisation(session, organisation)
        role = OrgRole.OWNER
    else:
        raise ValidationError(_("请填写机构信息或邀请码。"), {"invite_code": _("请填写机构信息或邀请码。")})
    user = User(
        email=email,
        password_hash=hash_password(account["password"]),
        display_name=account["display_name"].strip(),
        phone=(account.get("phone") or "").strip() or None,
        organisation=org,
        org_role=role,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None; upgrades an outdated hash on the way."""
    user = find_user_by_email(session, email)
    if user is None:
        verify_nobody(password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


class IssuedToken(NamedTuple):
    token: str
    expires_at: datetime
    id: int | None = None


def issue_token(session: Session, user: User, days: int = 30) -> IssuedToken:
    """Create a bearer token for `user`; the plain token is returned once and never stored. Expired tokens of
    every user are pruned meanwhile: a token is useless once expired, and nothing else deletes them."""
    prune_expired_tokens(session)
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(days=days)
    row = ApiToken(user=user, token_hash=ApiToken.digest(token), expires_at=expires_at)
    session.add(row)
    session.flush()
    return IssuedToken(token, expires_at, row.id)


def prune_expired_tokens(session: Session) -> int:
    """Delete every expired token; returns how many."""
    result = session.execute(delete(ApiToken).where(ApiToken.expires_at <= utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def token_for(session: Session, token: str) -> ApiToken | None:
    """The stored token a bearer token is, while it is unexpired and its user active."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token)))
    if row is None or as_utc(row.expires_at) <= utcnow() or not row.user.active:
        return None
    return row


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's unexpired tokens, newest first."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at > utcnow())
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def own_token(session: Session, user: User, token_id: int) -> ApiToken:
    """One of the user's unexpired tokens; another user's token is as unknown as a missing one."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or as_utc(row.expires_at) <= utcnow():
        raise NotFound(_("没有找到该访问令牌。"))
    return row


def revoke_token(session: Session, token: ApiToken) -> None:
    """End one token at once."""
    session.delete(token)
    session.flush()


def create_admin(session: Session, email: str, password: str, display_name: str = "平台管理员") -> User:
    """Create a platform administrator, or promote and reset the existing account with that email."""
    user = find_user_by_email(session, email)
    if user is None:
        user = User(email=User.normalise_email(email), display_name=display_name, password_hash="")
        session.add(user)
    user.password_hash = hash_password(password)
    user.is_admin = True
    user.active = True
    session.flush()
    return user
