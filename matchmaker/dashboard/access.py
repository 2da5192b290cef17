"""Who may read the dashboard and the stats API."""
from __future__ import annotations

from models import User


def can_view_dashboard(user: User | None) -> bool:
    """Administrators and organisers read the market's numbers; nobody else does."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and (user.is_admin or user.is_organiser))
