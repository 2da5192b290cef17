"""Ending a user's sessions: web logins, remember-me cookies and API tokens, all at once."""
from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models import ApiToken, User


def end_web_sessions(session: Session, user: User) -> None:
    """End every web session and remember-me cookie of `user`, on every device (a log-out); tokens stay."""
    # The session version is part of every login id (User.get_id), so cookies made before stop naming the user,
    # copies of the cookie included.
    user.session_version = (user.session_version or 0) + 1
    session.flush()


def end_sessions(session: Session, user: User) -> int:
    """End every web session, remember-me cookie and API token of `user`; returns how many tokens were revoked."""
    end_web_sessions(session, user)
    result = session.execute(delete(ApiToken).where(ApiToken.user_id == user.id).execution_options(synchronize_session=False))
    session.flush()
    return result.rowcount or 0
