"""Who may see and who may change a posting; one set of rules for web, API and listings."""
from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import object_session

from models import Case, TechNeed, TechOffer, User
from models.choices import PostingStatus

Posting = TechOffer | TechNeed


def acting_user(viewer) -> User | None:
    """Flask-Login's anonymous user counts as nobody."""
    return viewer if isinstance(viewer, User) else None


def can_view(viewer, posting: Posting) -> bool:
    """Published postings are public; pending ones show to brokers and admins; the rest to their owners."""
    user = acting_user(viewer)
    if posting.status == PostingStatus.PUBLISHED:
        return True
    if user is None:
        return False
    if user.is_admin or posting.organisation_id == user.organisation_id:
        return True
    return posting.status == PostingStatus.PENDING and user.is_broker


def can_edit(viewer, posting: Posting) -> bool:
    """Only members of the posting organisation edit it, and nobody edits a closed posting."""
    user = acting_user(viewer)
    return (
        user is not None
        and user.organisation_id is not None
        and posting.organisation_id == user.organisation_id
        and posting.status != PostingStatus.CLOSED
    )


def can_close(viewer, posting: Posting) -> bool:
    user = acting_user(viewer)
    if user is None or posting.status == PostingStatus.CLOSED:
        return False
    return user.is_admin or posting.organisation_id == user.organisation_id


def can_see_contact(viewer, posting: Posting) -> bool:
    """Contact details stay inside the posting organisation (and moderation) until a broker introduces: then the
    demand side of a case on this offer, once both sides accepted the introduction, sees them too."""
    user = acting_user(viewer)
    if user is None:
        return False
    if user.is_admin or posting.organisation_id == user.organisation_id:
        return True
    return posting.kind == "offer" and user.organisation_id is not None and _introduced_to(posting, user.organisation_id)


def _introduced_to(offer: TechOffer, organisation_id: int) -> bool:
    """Whether the organisation is the demand side of a case on this offer whose introduction both sides accepted."""
    session = object_session(offer)
    if session is None or offer.id is None:
        return False
    stmt = (select(Case.id).outerjoin(TechNeed, Case.need_id == TechNeed.id).where(
        Case.offer_id == offer.id, Case.offer_side_accepted_at.is_not(None), Case.demand_side_accepted_at.is_not(None),
        or_(TechNeed.organisation_id == organisation_id,
            and_(Case.need_id.is_(None), Case.organisation_id == organisation_id)),
    ).limit(1))
    return session.scalar(stmt) is not None


def visible_clause(model: type[Posting], viewer) -> ColumnElement[bool]:
    """The SQL twin of can_view, for listings."""
    user = acting_user(viewer)
    published = model.status == PostingStatus.PUBLISHED
    if user is None:
        return published
    if user.is_admin:
        return ~false()
    own = model.organisation_id == user.organisation_id if user.organisation_id else false()
    pending = and_(model.status == PostingStatus.PENDING, user.is_broker)
    return or_(published, own, pending if user.is_broker else false())
