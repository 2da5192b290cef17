"""Who may see and act on interests and cases; one set of rules for the web and the API.

A case has two sides: the offer side (the offer's organisation) and the demand side (the need's organisation, or
the organisation that expressed interest when there is no need). Contact details cross between the sides only
once both have accepted the broker's introduction. Messages never cross between the sides: each side writes with
the broker in its own thread.
"""
from __future__ import annotations

from matchmaker.market.access import Posting, acting_user
from models import Case, Organisation, User
from models.choices import OrgKind, PostingStatus

# Who may say they are interested in what: enterprises and investors in offers, research in needs (揭榜挂帅).
INTEREST_KINDS: dict[str, frozenset[OrgKind]] = {
    "offer": frozenset({OrgKind.ENTERPRISE, OrgKind.INVESTOR}),
    "need": frozenset({OrgKind.UNIVERSITY, OrgKind.INSTITUTE}),
}


def is_broker(viewer) -> bool:
    """Brokers (技术经纪人) run the queue and the cases."""
    user = acting_user(viewer)
    return user is not None and user.is_broker


def may_express_interest(viewer, posting: Posting) -> bool:
    """A member of an organisation of the right kind, on another organisation's published posting."""
    user = acting_user(viewer)
    return (
        user is not None
        and user.organisation is not None
        and user.organisation.kind in INTEREST_KINDS[posting.kind]
        and posting.organisation_id != user.organisation_id
        and posting.status == PostingStatus.PUBLISHED
    )


def offer_side_org(case: Case) -> Organisation:
    """The offer's organisation, or on a financing case the financial product's."""
    return case.product.organisation if case.product is not None else case.offer.organisation


def demand_side_org(case: Case) -> Organisation | None:
    """The need's organisation (a technical or a financing need), or the interested organisation when there is none."""
    if case.financing_need is not None:
        return case.financing_need.organisation
    return case.need.organisation if case.need is not None else case.organisation


def offer_side_id(case: Case) -> int:
    return offer_side_org(case).id


def demand_side_id(case: Case) -> int | None:
    org = demand_side_org(case)
    return org.id if org is not None else None


def side_of(viewer, case: Case) -> str | None:
    """"offer" or "demand" when the viewer belongs to that side's organisation, else None."""
    user = acting_user(viewer)
    if user is None or user.organisation_id is None:
        return None
    if user.organisation_id == offer_side_id(case):
        return "offer"
    if user.organisation_id == demand_side_id(case):
        return "demand"
    return None


def can_view_case(viewer, case: Case) -> bool:
    """The two sides, the case's broker and admins; everyone else is told it does not exist."""
    user = acting_user(viewer)
    if user is None:
        return False
    return user.is_admin or case.broker_id == user.id or side_of(user, case) is not None


def can_manage_case(viewer, case: Case) -> bool:
    """Moving a case along its pipeline is the broker's job (admins may step in)."""
    user = acting_user(viewer)
    return user is not None and (user.is_admin or (user.is_broker and case.broker_id == user.id))


def is_introduced(case: Case) -> bool:
    """Both sides accepted the introduction; from then on they may see each other's contacts."""
    return case.offer_side_accepted_at is not None and case.demand_side_accepted_at is not None


def can_see_case_contacts(viewer, case: Case) -> bool:
    """Once introduced: the two sides, the broker and admins."""
    return is_introduced(case) and can_view_case(viewer, case)


def is_case_broker(viewer, case: Case) -> bool:
    """The broker who has the case (and still is a broker)."""
    user = acting_user(viewer)
    return user is not None and user.is_broker and case.broker_id == user.id


def message_threads(viewer, case: Case) -> tuple[str, ...]:
    """The case's message threads ("offer", "demand") the viewer may read: the broker and admins both, a side only
    its own thread with the broker, never the other side's, before or after the introduction."""
    user = acting_user(viewer)
    if user is None or not can_view_case(user, case):
        return ()
    if user.is_admin or case.broker_id == user.id:
        return ("offer", "demand")
    side = side_of(user, case)
    return (side,) if side is not None else ()


def message_recipients(viewer, case: Case) -> tuple[str, ...]:
    """Whom the viewer may write to in a case: the broker to either side, a side to the broker; admins only read."""
    if is_case_broker(viewer, case):
        return ("offer_side", "need_side")
    return ("broker",) if side_of(viewer, case) is not None else ()


def can_edit_investor_profile(viewer) -> bool:
    """Members of investor organisations keep their focus profile and read its matches."""
    user = acting_user(viewer)
    return user is not None and user.organisation is not None and user.organisation.kind == OrgKind.INVESTOR


def members(organisation) -> list[User]:
    """Active members of an organisation (None: nobody), who hear about their side's cases."""
    return [] if organisation is None else [u for u in organisation.members if u.active]
