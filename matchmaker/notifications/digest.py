"""The weekly digest: for each user, what was published since their last digest that matches their saved searches.

`collect_digests` only reads. `send_digest` holds one e-mail for the user, written in the user's language (sent after
the caller commits), adds an in-app notification and moves every one of the user's subscriptions on to `now`, so each
posting is reported once. A subscription with a query uses the market search's ranked matching (same engine, same
filters); one without a query takes the newest postings of its field and region.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.i18n import current_language
from matchmaker.matching import services as matching
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.vectors import MODELS
from matchmaker.notifications import messages
from matchmaker.notifications.mail import absolute_url, queue_mail
from matchmaker.notifications.services import notify
from models import Subscription, TechField, TechNeed, TechOffer, User, utcnow
from models.base import as_utc
from models.choices import PostingStatus

log = logging.getLogger(__name__)

PER_SUBSCRIPTION = 10
FIRST_LOOKBACK = timedelta(days=7)
PATHS = {"offer": "offers", "need": "needs"}

Posting = TechOffer | TechNeed


@dataclass
class Section:
    """One subscription and the new postings that match it, best first."""

    subscription: Subscription
    postings: list[Posting] = field(default_factory=list)


@dataclass
class Digest:
    """Everything one user will be told about."""

    user: User
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.postings) for s in self.sections)


def since(subscription: Subscription, now: datetime) -> datetime:
    """The start of the subscription's window: its last digest, or a week before `now` the first time."""
    return as_utc(subscription.last_digest_at) if subscription.last_digest_at else now - FIRST_LOOKBACK


def _new(posting: Posting, start: datetime, now: datetime) -> bool:
    return (posting.status == PostingStatus.PUBLISHED and posting.published_at is not None
            and start < as_utc(posting.published_at) <= now)


def _convincing(hit: matching.MatchResult) -> bool:
    """A digest pushes, so it keeps only hits with a reason to show: shared key terms, or a strong dense score."""
    return bool(hit.shared_terms) or hit.scores.get("dense", 0.0) >= matching.DENSE_ONLY_MIN


def matching_postings(session: Session, engine: MatchEngine, subscription: Subscription, now: datetime,
                      skip_organisation: int | None = None) -> list[Posting]:
    """The postings published in the subscription's window that match it, at most PER_SUBSCRIPTION, best first;
    those of `skip_organisation` (the subscriber's own) are left out."""
    start = since(subscription, now)
    if subscription.query.strip():
        filters = matching.Filters(field=subscription.field, region=subscription.region)
        hits = matching.search(session, engine, None, subscription.kind, subscription.query, filters)
        return [hit.posting for hit in hits if _new(hit.posting, start, now) and _convincing(hit)
                and hit.posting.organisation_id != skip_organisation][:PER_SUBSCRIPTION]
    model = MODELS[subscription.kind]
    stmt = select(model).where(model.status == PostingStatus.PUBLISHED, model.published_at > start,
                               model.published_at <= now)
    if skip_organisation is not None:
        stmt = stmt.where(model.organisation_id != skip_organisation)
    if subscription.field:
        stmt = stmt.join(model.field).where(TechField.code == subscription.field)
    if subscription.region:
        stmt = stmt.where(model.region == subscription.region)
    stmt = stmt.order_by(model.published_at.desc(), model.id.desc()).limit(PER_SUBSCRIPTION)
    return list(session.scalars(stmt))


def collect_digests(session: Session, engine: MatchEngine, now: datetime | None = None) -> list[Digest]:
    """One digest per active user with subscriptions; postings of the user's own organisation are left out and a
    posting that matches several subscriptions is listed under the first only."""
    now = now or utcnow()
    rows = list(session.scalars(_subscriptions().order_by(Subscription.user_id, Subscription.id)))
    return [_digest_of(session, engine, list(subscriptions), now)
            for _user_id, subscriptions in groupby(rows, key=lambda s: s.user_id)]


def subscriber_ids(session: Session) -> list[int]:
    """The ids of the active users with subscriptions: who `collect_digests` makes a digest for."""
    return list(session.scalars(_subscriptions().with_only_columns(Subscription.user_id).distinct()
                                .order_by(Subscription.user_id)))


def pending_digest(session: Session, engine: MatchEngine, user_id: int, now: datetime) -> Digest | None:
    """The user's digest for the period ending at `now`; None if they have no subscriptions, are inactive, or were
    sent this period's digest already (send_digest moved their subscriptions on to `now` or later).

    The user's subscriptions stay locked until the caller commits (SQLite locks the whole database), so two workers
    on the same user's digest take turns, and the second finds it sent."""
    subscriptions = list(session.scalars(_subscriptions().where(Subscription.user_id == user_id)
                                         .order_by(Subscription.id).with_for_update(of=Subscription)))
    if not subscriptions or any(s.last_digest_at and as_utc(s.last_digest_at) >= now for s in subscriptions):
        return None
    return _digest_of(session, engine, subscriptions, now)


def _subscriptions():
    return select(Subscription).join(Subscription.user).where(User.active.is_(True))


def _digest_of(session: Session, engine: MatchEngine, subscriptions: list[Subscription], now: datetime) -> Digest:
    """The digest of one user's subscriptions (all of them, in order)."""
    user = subscriptions[0].user
    seen: set[tuple[str, int]] = set()
    sections = []
    for subscription in subscriptions:
        fresh = []
        for posting in matching_postings(session, engine, subscription, now, user.organisation_id):
            key = (posting.kind, posting.id)
            if key in seen:
                continue
            seen.add(key)
            fresh.append(posting)
        sections.append(Section(subscription, fresh))
    return Digest(user, sections)


def describe(subscription: Subscription, field_names: Mapping[str, str] | None = None) -> str:
    """A subscription in words: kind, query, field and region."""
    parts = [_("科技成果") if subscription.kind == "offer" else _("技术需求")]
    if subscription.query:
        parts.append(_("关键词“%(q)s”", q=subscription.query))
    if subscription.field:
        parts.append((field_names or {}).get(subscription.field, subscription.field))
    if subscription.region:
        parts.append(subscription.region)
    return " · ".join(parts)


def _aside(*parts: str) -> str:
    """Parts in brackets, punctuated as the current language wants."""
    if current_language() == "zh":
        return "（" + "，".join(parts) + "）"
    return " (" + ", ".join(parts) + ")"


def digest_text(digest: Digest, field_names: Mapping[str, str], base_url: str) -> str:
    """The digest e-mail's body: one numbered list per subscription, each posting with its absolute link."""
    lines = [messages.greeting(digest.user.display_name), "",
             _("自上次摘要以来，您订阅的搜索有 %(n)d 条新信息：", n=digest.count)]
    for section in digest.sections:
        if not section.postings:
            continue
        lines += ["", "■ " + describe(section.subscription, field_names)]
        for number, posting in enumerate(section.postings, 1):
            lines.append(f"{number}. {posting.title}" + _aside(posting.organisation.name, posting.region))
            lines.append("   " + absolute_url(f"/{PATHS[posting.kind]}/{posting.id}", base_url))
    lines += ["", _("管理您的订阅：%(link)s", link=absolute_url("/subscriptions", base_url))]
    return "\n".join(lines)


def field_names_in(session: Session, locale: str) -> dict[str, str]:
    """Every field's name in `locale`, by code."""
    column = TechField.name_en if locale == "en" else TechField.name_zh
    return dict(session.execute(select(TechField.code, column)).all())


def send_digest(session: Session, digest: Digest, base_url: str, now: datetime | None = None) -> bool:
    """Hold the user's digest e-mail, in the user's language, notify them in the app and advance their
    subscriptions; True if mailed."""
    now = now or utcnow()
    for section in digest.sections:
        section.subscription.last_digest_at = now
    if digest.count:
        locale = messages.locale_of(digest.user)
        with messages.in_locale(locale):
            subject = _(messages.SUBJECT_PREFIX) + _("订阅摘要：%(n)d 条新的匹配信息", n=digest.count)
            body = digest_text(digest, field_names_in(session, locale), base_url)
        queue_mail(session, digest.user.email, subject, body, locale=locale)
        notify(session, digest.user, "subscription.digest", {"n": digest.count}, "/subscriptions")
    session.flush()
    log.info("digest for user %d: %d new postings", digest.user.id, digest.count)
    return bool(digest.count)
