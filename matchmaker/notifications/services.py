"""Notification services: tell a user something (in the app and, for what matters, by e-mail), list and count what
they have not read yet, and keep their saved searches."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from matchmaker.errors import NotFound, ValidationError
from matchmaker.notifications import messages
from matchmaker.notifications.mail import queue_mail
from models import Notification, Subscription, TechField, User, utcnow
from models.choices import PROVINCES

SUBSCRIPTION_KINDS = ("offer", "need")
MAX_SUBSCRIPTIONS = 20


def notify(session: Session, user: User | None, kind: str, params: dict, link: str = "") -> Notification | None:
    """An in-app notice for `user` (nobody: nothing): a kind of messages.KINDS with plain parameters, and a
    site-relative link to what it is about.

    Kinds with an e-mail subject also e-mail the user, once the transaction commits, in the user's own language
    whoever caused it.
    """
    if not isinstance(params, Mapping):  # the text is rendered from kind and params, in each reader's language
        raise TypeError(f"notify() takes the parameters of {kind!r} as a dict, not {type(params).__name__}")
    if user is None:
        return None
    params = messages.plain(params)
    notice = Notification(user_id=user.id, kind=kind, params=params, link=link)
    session.add(notice)
    if kind in messages.MAIL_KINDS and user.active and user.email:
        locale = messages.locale_of(user)
        body = messages.greeting(user.display_name, locale) + "\n\n" + messages.render(kind, params, locale)
        queue_mail(session, user.email, messages.subject(kind, locale), body, link, locale=locale)
    return notice


def notifications_for(session: Session, user: User, limit: int = 50) -> list[Notification]:
    """The user's latest notifications, newest first."""
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)
                                .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def unread_count(session: Session, user: User) -> int:
    """How many of the user's notifications are unread."""
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_notifications_read(session: Session, user: User) -> None:
    """Mark every unread notification of the user read."""
    session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                    .values(read_at=utcnow()))


# -- saved searches --------------------------------------------------------------------------------------------------

def subscriptions_for(session: Session, user: User) -> list[Subscription]:
    """The user's saved searches, newest first."""
    return list(session.scalars(select(Subscription).where(Subscription.user_id == user.id)
                                .order_by(Subscription.created_at.desc(), Subscription.id.desc())))


def save_subscription(session: Session, user: User, kind: str, query: str = "", field: str = "",
                      region: str = "") -> Subscription:
    """Save a market search for the weekly digest; saving the same search again returns the existing one."""
    query, field, region = (query or "").strip(), (field or "").strip(), (region or "").strip()
    if kind not in SUBSCRIPTION_KINDS:
        raise ValidationError(_("无法识别的订阅类型。"), {"kind": _("无法识别的订阅类型。")})
    if len(query) > 200:
        raise ValidationError(_("关键词最多 200 个字符。"), {"q": _("关键词最多 200 个字符。")})
    if field and session.scalar(select(TechField.id).where(TechField.code == field)) is None:
        raise ValidationError(_("无法识别的技术领域。"), {"field": _("无法识别的技术领域。")})
    if region and region not in PROVINCES:
        raise ValidationError(_("无法识别的地区。"), {"region": _("无法识别的地区。")})
    existing = session.scalar(select(Subscription).where(
        Subscription.user_id == user.id, Subscription.kind == kind, Subscription.query == query,
        Subscription.field == field, Subscription.region == region))
    if existing is not None:
        return existing
    if len(subscriptions_for(session, user)) >= MAX_SUBSCRIPTIONS:
        message = _("最多保存 %(n)d 个订阅，请先删除不再需要的。", n=MAX_SUBSCRIPTIONS)
        raise ValidationError(message, {"q": message})
    subscription = Subscription(user_id=user.id, kind=kind, query=query, field=field, region=region)
    session.add(subscription)
    session.flush()
    return subscription


def delete_subscription(session: Session, user: User, subscription_id: int) -> None:
    """Delete one of the user's saved searches; anybody else's is reported missing."""
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or subscription.user_id != user.id:
        raise NotFound(_("没有找到该订阅。"))
    session.delete(subscription)
    session.flush()
