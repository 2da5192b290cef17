"""Posting services: create, edit, submit for publication, close, and list what a viewer may see."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, String, case, cast, func, or_, select
from sqlalchemy.orm import Session

from matchmaker import audit
from matchmaker.config import MARKET_TZ
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.i18n import code_of, field_name
from matchmaker.market.access import Posting, can_close, can_edit, can_view, visible_clause
from matchmaker.pagination import Page, page_number, paginate
from models import Organisation, TechField, TechNeed, TechOffer, User, utcnow
from models.base import as_utc
from models.choices import Maturity, OrgKind, PostingStatus

MODELS: dict[str, type[Posting]] = {"offer": TechOffer, "need": TechNeed}

# The only attributes a client can set: no mass assignment of status, owner or timestamps.
COMMON_FIELDS = ("title", "description", "keywords", "region")
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "offer": COMMON_FIELDS + (
        "maturity", "ip_status", "patent_numbers", "transfer_modes", "asking_price_wan", "price_negotiable",
        "contact_name", "contact_phone", "contact_email",
    ),
    "need": COMMON_FIELDS + (
        "budget_min_wan", "budget_max_wan", "deadline", "cooperation_modes", "maturity_required",
    ),
}


def active_fields(session: Session) -> list[TechField]:
    return list(session.scalars(select(TechField).where(TechField.active).order_by(TechField.position)))


def field_choices(session: Session) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every active field, for a select box."""
    return [(f.code, field_name(f)) for f in active_fields(session)]


def resolve_field(session: Session, value: str | None) -> TechField:
    """A taxonomy row by its code or its Chinese name."""
    field = None
    if value:
        field = session.scalar(
            select(TechField).where(TechField.active, or_(TechField.code == value, TechField.name_zh == value))
        )
    if field is None:
        raise ValidationError(_("未知的技术领域。"), {"field": _("未知的技术领域。")})
    return field


def posting_values(posting: Posting) -> dict:
    """The editable values of a posting, keyed like the form (used to pre-fill edits and API patches)."""
    values = {name: getattr(posting, name) for name in EDITABLE_FIELDS[posting.kind]}
    values["field"] = posting.field.code if posting.field else None
    for name in ("maturity", "maturity_required"):
        if values.get(name) is not None:
            values[name] = values[name].value
    return values


def _assign(session: Session, posting: Posting, data: dict, fields: Mapping[str, TechField] | None = None) -> None:
    for name in EDITABLE_FIELDS[posting.kind]:
        if name in data:
            setattr(posting, name, data[name])
    if "field" in data:
        known = fields.get(data["field"]) if fields else None
        posting.field = known or resolve_field(session, data["field"])
    if posting.kind == "need":
        posting.maturity_required = Maturity(posting.maturity_required) if posting.maturity_required else None
        low, high = posting.budget_min_wan, posting.budget_max_wan
        if low is not None and high is not None and high < low:
            raise ValidationError(_("预算上限不能低于下限。"), {"budget_max_wan": _("预算上限不能低于下限。")})
    else:
        posting.maturity = Maturity(posting.maturity)


def create_posting(session: Session, actor: User, kind: str, data: dict, submit: bool = False) -> Posting:
    """Create an offer or need for the actor's organisation, as a draft or submitted for publication."""
    if actor.organisation is None:
        raise PermissionDenied(_("请先加入一个机构，再发布信息。"))
    posting = new_posting(session, actor.organisation, actor, kind, data)
    session.flush()
    if submit:
        submit_posting(session, actor, posting)
    return posting


def new_posting(session: Session, organisation: Organisation, created_by: User | None, kind: str, data: dict,
                submit: bool = False, fields: Mapping[str, TechField] | None = None) -> Posting:
    """A posting of `organisation` from validated form data, as a draft or through moderation; not yet flushed.

    The caller has checked that it may post for the organisation (a member, or an operator importing for it).
    `fields` (code → row) spares a bulk import one taxonomy query per posting.
    """
    posting = MODELS[kind](organisation=organisation, created_by=created_by, status=PostingStatus.DRAFT)
    _assign(session, posting, data, fields)
    session.add(posting)
    if submit:
        _publish_or_queue(posting)
    return posting


def update_posting(session: Session, actor: User, posting: Posting, data: dict) -> Posting:
    """Change the editable fields of a posting the actor's organisation owns."""
    if not can_edit(actor, posting):
        raise PermissionDenied(_("您无权修改此信息。"))
    _assign(session, posting, data)
    session.flush()
    return posting


def submit_posting(session: Session, actor: User, posting: Posting) -> PostingStatus:
    """Publish at once for a verified organisation; otherwise wait for moderation as pending."""
    if not can_edit(actor, posting):
        raise PermissionDenied(_("您无权发布此信息。"))
    _publish_or_queue(posting)
    session.flush()
    return posting.status


def _publish_or_queue(posting: Posting) -> None:
    if posting.organisation.verified:
        posting.status = PostingStatus.PUBLISHED
        posting.published_at = posting.published_at or utcnow()
    else:
        posting.status = PostingStatus.PENDING


def close_posting(session: Session, actor: User, posting: Posting, reason: str = "") -> None:
    """Take a posting off the market; an admin's closing of someone else's posting is audited."""
    if not can_close(actor, posting):
        raise PermissionDenied(_("您无权关闭此信息。"))
    posting.status = PostingStatus.CLOSED
    if posting.organisation_id != actor.organisation_id:
        audit.record(session, actor, f"{posting.kind}.close", posting, reason=reason)
    session.flush()


def get_visible(session: Session, kind: str, posting_id: int, viewer) -> Posting:
    """The posting if the viewer may see it; a hidden posting is reported as missing, not forbidden."""
    posting = session.get(MODELS[kind], posting_id)
    if posting is None or not can_view(viewer, posting):
        raise NotFound(_("没有找到该信息。"))
    return posting


# A search box's words each add a LIKE clause (SQLite refuses an expression tree of about a thousand) and a query
# of a few dozen words already says all a search can use.
MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 500


def bounded_query(q: str) -> str:
    """A search text cut to its first MAX_QUERY_TERMS words and MAX_QUERY_CHARS characters."""
    return " ".join(q.split()[:MAX_QUERY_TERMS])[:MAX_QUERY_CHARS].strip()


# The orders a market list offers, by kind (API values; pages show them as words). Without `sort` a list is newest
# first, and a keyword search ranked by relevance; an explicit sort orders the search's results instead.
#   newest    published most recently first
#   deadline  needs: open deadlines soonest first, then passed ones (latest first), then those without one
#   budget    needs: the largest budget first (its upper bound, else its lower one), those without one last
#   price     offers: the lowest asking price first, 面议 (no price) last
SORTS: dict[str, tuple[str, ...]] = {"offer": ("newest", "price"), "need": ("newest", "deadline", "budget")}


def read_sort(args: Mapping[str, str], kind: str, strict: bool = False) -> str:
    """The `sort` query argument if the kind has it, else "" (the list's default order); `strict` makes an unknown
    one a 422 naming `sort` (the API), where a page just ignores it."""
    value = (args.get("sort") or "").strip()
    if not value or value in SORTS[kind]:
        return value
    if strict:
        message = _("未知的排序方式。可选：%(choices)s。", choices=", ".join(SORTS[kind]))
        raise ValidationError(message, {"sort": message})
    return ""


def market_today() -> date:
    """Today's date in Beijing, which deadlines are read in."""
    return datetime.now(MARKET_TZ).date()


@dataclass(frozen=True)
class MarketQuery:
    """What a market list asks for; empty strings mean no filter (and `sort` the default order)."""

    q: str = ""
    field: str = ""
    region: str = ""
    maturity: str = ""
    org_kind: str = ""
    page: int = 1
    sort: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str], kind: str, strict: bool = False) -> MarketQuery:
        """Read a query string (web and API share the parameter names); a bad page number is a 422, and so is an
        unknown sort when `strict` (see read_sort)."""
        return cls(
            q=bounded_query(args.get("q", "")), field=args.get("field", ""), region=args.get("region", ""),
            maturity=code_of("maturity", args.get("maturity", "")), org_kind=code_of("org_kind", args.get("org_kind", "")),
            page=page_number(args), sort=read_sort(args, kind, strict),
        )

    def first_page(self) -> MarketQuery:
        """The same list from its first page (what an export reads)."""
        return replace(self, page=1)


def search_postings(session: Session, kind: str, viewer, query: MarketQuery, per_page: int = 20) -> Page:
    """One page of the postings the viewer may see, filtered, in the query's order (newest first by default)."""
    model = MODELS[kind]
    # Joined only to filter on them (the rows load both anyway): the page's count then needs no join, which at
    # 100k postings was a 47 ms hash join on PostgreSQL instead of an index-only scan.
    stmt = select(model).where(visible_clause(model, viewer))
    if query.field:
        stmt = stmt.where(model.field_id == select(TechField.id).where(TechField.code == query.field).scalar_subquery())
    if query.region:
        stmt = stmt.where(model.region == query.region)
    if query.maturity in {m.value for m in Maturity}:
        column = TechOffer.maturity if kind == "offer" else TechNeed.maturity_required
        stmt = stmt.where(column == Maturity(query.maturity))
    if query.org_kind in {k.value for k in OrgKind}:
        stmt = stmt.join(model.organisation).where(Organisation.kind == OrgKind(query.org_kind))
    for term in query.q.split():
        pattern = f"%{term}%"
        stmt = stmt.where(
            or_(model.title.ilike(pattern), model.description.ilike(pattern), cast(model.keywords, String).ilike(pattern))
        )
    return paginate(session, _ordered(stmt, kind, query.sort, market_today()), query.page, per_page)


def _ordered(stmt: Select, kind: str, sort: str, today: date) -> Select:
    """`stmt` in the order `sort` names (see SORTS), ties newest first."""
    if sort == "price" and kind == "offer":
        stmt = stmt.order_by(TechOffer.asking_price_wan.asc().nulls_last())
    elif sort == "budget" and kind == "need":
        stmt = stmt.order_by(func.coalesce(TechNeed.budget_max_wan, TechNeed.budget_min_wan).desc().nulls_last())
    elif sort == "deadline" and kind == "need":
        deadline = TechNeed.deadline
        stmt = stmt.order_by(case((deadline.is_(None), 2), (deadline < today, 1), else_=0),
                             case((deadline >= today, deadline)).asc().nulls_last(), deadline.desc())
    model = MODELS[kind]
    return stmt.order_by(model.published_at.desc().nulls_last(), model.id.desc())


def sort_key(posting: Posting, sort: str, today: date) -> tuple:
    """Where `posting` goes in a list sorted by `sort` (see SORTS), for lists sorted in Python (keyword searches);
    the same order as the database gives, with ties left as they were."""
    if sort == "price":
        return _low_first(posting.asking_price_wan)
    if sort == "budget":
        budget = posting.budget_max_wan if posting.budget_max_wan is not None else posting.budget_min_wan
        return _low_first(-budget if budget is not None else None)
    if sort == "deadline":
        deadline = posting.deadline
        if deadline is None:
            return (2, 0)
        return (0, deadline.toordinal()) if deadline >= today else (1, -deadline.toordinal())
    if sort == "newest":
        published = posting.published_at
        return (published is None, -as_utc(published).timestamp() if published else 0, -posting.id)
    return ()


def _low_first(value) -> tuple:
    return (value is None, value if value is not None else 0)


def organisation_postings(session: Session, kind: str, organisation_id: int) -> list[Posting]:
    """Every posting of one organisation, any status, newest first."""
    model = MODELS[kind]
    return list(session.scalars(select(model).where(model.organisation_id == organisation_id).order_by(model.id.desc())))


def pending_postings(session: Session, kind: str) -> list[Posting]:
    model = MODELS[kind]
    return list(session.scalars(select(model).where(model.status == PostingStatus.PENDING).order_by(model.id)))
