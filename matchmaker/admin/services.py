"""Admin queries: dashboard counts, organisation and posting moderation lists, the audit log."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.errors import NotFound
from matchmaker.market.access import Posting
from matchmaker.market.services import MODELS
from matchmaker.pagination import Page, paginate
from models import AuditEntry, Organisation, TechNeed, TechOffer, User
from models.choices import PostingStatus

ORG_STATUSES = ("unverified", "verified", "all")
POSTING_STATUSES = ("pending", "published", "closed")
PER_PAGE = 20


@dataclass(frozen=True)
class DashboardCounts:
    unverified_organisations: int
    pending_offers: int
    pending_needs: int
    users: int


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation with the numbers a moderator weighs before verifying it."""

    organisation: Organisation
    members: int
    pending_postings: int


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def dashboard_counts(session: Session) -> DashboardCounts:
    """The numbers at the top of the dashboard."""
    return DashboardCounts(
        unverified_organisations=_count(session, select(Organisation.id).where(Organisation.verified_at.is_(None))),
        pending_offers=_count(session, select(TechOffer.id).where(TechOffer.status == PostingStatus.PENDING)),
        pending_needs=_count(session, select(TechNeed.id).where(TechNeed.status == PostingStatus.PENDING)),
        users=_count(session, select(User.id)),
    )


def organisation_rows(session: Session, organisations: list[Organisation]) -> list[OrganisationRow]:
    """Attach member and pending-posting counts to organisations, in three queries whatever their number."""
    ids = [org.id for org in organisations]
    if not ids:
        return []
    members = dict(
        session.execute(
            select(User.organisation_id, func.count()).where(User.organisation_id.in_(ids)).group_by(User.organisation_id)
        ).all()
    )
    pending: dict[int, int] = {}
    for model in (TechOffer, TechNeed):
        rows = session.execute(
            select(model.organisation_id, func.count())
            .where(model.organisation_id.in_(ids), model.status == PostingStatus.PENDING)
            .group_by(model.organisation_id)
        ).all()
        for org_id, n in rows:
            pending[org_id] = pending.get(org_id, 0) + n
    return [OrganisationRow(org, members.get(org.id, 0), pending.get(org.id, 0)) for org in organisations]


def unverified_organisations(session: Session) -> list[OrganisationRow]:
    """Organisations awaiting verification, oldest first, with their counts."""
    stmt = select(Organisation).where(Organisation.verified_at.is_(None)).order_by(Organisation.created_at, Organisation.id)
    return organisation_rows(session, list(session.scalars(stmt)))


def search_organisations(session: Session, status: str = "unverified", q: str = "", page: int = 1,
                         per_page: int = PER_PAGE) -> Page:
    """One page of organisations filtered by verification status and name; items are OrganisationRows."""
    stmt = select(Organisation)
    if status == "unverified":
        stmt = stmt.where(Organisation.verified_at.is_(None))
    elif status == "verified":
        stmt = stmt.where(Organisation.verified_at.is_not(None))
    for term in q.split():
        stmt = stmt.where(Organisation.name.ilike(f"%{term}%"))
    result = paginate(session, stmt.order_by(Organisation.created_at.desc(), Organisation.id.desc()), page, per_page)
    return Page(items=organisation_rows(session, result.items), page=result.page, per_page=per_page, total=result.total)


def moderation_postings(session: Session, kind: str, status: str = "pending", page: int = 1,
                        per_page: int = PER_PAGE) -> Page:
    """One page of offers or needs in one status; pending oldest first, the others newest first."""
    model = MODELS[kind]
    stmt = select(model).where(model.status == PostingStatus(status))
    order = (model.created_at, model.id) if status == "pending" else (model.created_at.desc(), model.id.desc())
    return paginate(session, stmt.order_by(*order), page, per_page)


def audit_log(session: Session, page: int = 1, per_page: int = 50) -> Page:
    """One page of the audit log, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return paginate(session, stmt, page, per_page)


def get_organisation(session: Session, org_id: int) -> Organisation:
    """The organisation or NotFound."""
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("没有找到该机构。"))
    return org


def get_posting(session: Session, kind: str, posting_id: int) -> Posting:
    """Any posting, whatever its status (admins see everything), or NotFound."""
    posting = session.get(MODELS[kind], posting_id)
    if posting is None:
        raise NotFound(_("没有找到该信息。"))
    return posting
