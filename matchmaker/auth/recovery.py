"""Changing and resetting passwords. They flush, never commit.

A reset link is signed (itsdangerous) over the user id and a fingerprint of the current password hash and session
version, so it stops working once used, once the password changes some other way, and after an hour. Asking for a
link answers the same whether or not the address has an account: only the mailbox learns which.
"""
from __future__ import annotations

import hashlib

from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from matchmaker.auth.passwords import hash_password, verify_nobody, verify_password
from matchmaker.auth.revocation import end_sessions
from matchmaker.auth.services import find_user_by_email
from matchmaker.errors import ValidationError
from matchmaker.notifications.mail import queue_mail
from models import User

RESET_LINK_LIFETIME_S = 3600
_SALT = "matchmaker.password-reset"


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}|{user.session_version or 0}".encode()).hexdigest()[:32]


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def reset_token(user: User, secret_key: str) -> str:
    """A signed, single-use token that lets the holder of `user`'s mailbox set a new password."""
    return _serializer(secret_key).dumps({"user": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(session: Session, token: str, secret_key: str) -> User | None:
    """The active user a reset token was made for, while it is unused and under an hour old; else None."""
    try:
        data = _serializer(secret_key).loads(token, max_age=RESET_LINK_LIFETIME_S)
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = session.get(User, data["user"])
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return None
    return user


def request_password_reset(session: Session, email: str, secret_key: str, reset_path: str) -> None:
    """Mail a reset link to `email` if it has an active account; do nothing visible otherwise.

    `reset_path` turns a token into the site-relative address of the reset page.
    """
    user = find_user_by_email(session, email)
    if user is None or not user.active:
        verify_nobody("")  # an unknown address costs the same time as a known one
        return
    hash_password("")  # a known address pays one hash as well: making the token is otherwise much faster
    with force_locale(user.locale or "zh"):
        subject = _("【科技大市场】重置密码")
        body = _("%(name)s，您好：\n\n有人（希望是您本人）请求重置您在科技大市场的密码。请在一小时内打开下面的链接设置新密码。"
                 "如果不是您本人操作，请忽略本邮件，您的密码不会改变。", name=user.display_name)
    queue_mail(session, user.email, subject, body, link=reset_path(reset_token(user, secret_key)),
               locale=user.locale or "zh")


def set_password(session: Session, user: User, new_password: str) -> int:
    """Give `user` a new password and end every session and token they had; returns how many tokens ended."""
    user.password_hash = hash_password(new_password)
    return end_sessions(session, user)


def change_password(session: Session, user: User, current_password: str, new_password: str) -> int:
    """Change the password of a signed-in user who knows the current one; every other session ends."""
    if not verify_password(user.password_hash, current_password):
        raise ValidationError(_("当前密码不正确。"), {"current_password": _("当前密码不正确。")})
    return set_password(session, user, new_password)
