"""Who may create and manage events; one set of rules for the web and the API."""
from __future__ import annotations

from matchmaker.market.access import _user
from models import Event


def can_create(viewer) -> bool:
    """Organisers (and admins) with an organisation create events for it."""
    user = _user(viewer)
    return user is not None and user.organisation_id is not None and (user.is_organiser or user.is_admin)


def can_manage(viewer, event: Event) -> bool:
    """Admins, and organisers of the organisation running the event."""
    user = _user(viewer)
    if user is None:
        return False
    return user.is_admin or (user.is_organiser and user.organisation_id == event.organiser_org_id)
