"""Who may create and manage events; one set of rules for the web and the API."""
from __future__ import annotations

from matchmaker.market.access import acting_user
from models import Event


def can_create(viewer) -> bool:
    """Organisers and admins: for their own organisation, or, without one, for a government organisation they choose."""
    user = acting_user(viewer)
    return user is not None and (user.is_organiser or user.is_admin)


def chooses_host(viewer) -> bool:
    """Whether the creator picks the organising organisation, because they have none of their own."""
    user = acting_user(viewer)
    return user is not None and user.organisation_id is None


def can_manage(viewer, event: Event) -> bool:
    """Admins, organisers of the organisation running the event, and its creator while still an organiser."""
    user = acting_user(viewer)
    if user is None:
        return False
    if user.is_admin:
        return True
    if not user.is_organiser:
        return False
    return user.organisation_id == event.organiser_org_id or (event.created_by_id is not None
                                                                 and event.created_by_id == user.id)


def is_host(viewer, event: Event) -> bool:
    """Whether the viewer runs the event (an organiser of its organisation, or its creator while still an organiser):
    a host manages the event and does not register for it. An admin from elsewhere is no host and may register."""
    user = acting_user(viewer)
    if user is None or not user.is_organiser:
        return False
    return user.organisation_id == event.organiser_org_id or (event.created_by_id is not None
                                                               and event.created_by_id == user.id)
