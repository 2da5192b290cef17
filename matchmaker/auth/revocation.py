"""Ending a user's sessions: web logins, remember-me cookies and API tokens, all at once."""
from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models import ApiToken, User


def end_sessions(session: Session, user: User) -> int:
    """End every web session, remember-me cookie and API token of `user`; returns how many tokens were revoked."""
    # The session version is part of every login id (User.get_id), so cookies made before stop naming the user.
    user.session_version = (user.session_version or 0) + 1
    result = session.execute(delete(ApiToken).where(ApiToken.user_id == user.id).execution_options(synchronize_session=False))
    session.flush()
    return result.rowcount or 0
