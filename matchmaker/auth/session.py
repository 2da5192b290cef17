"""Flask-Login wiring and the one place that decides where a login may redirect to."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from matchmaker.extensions import db
from models import User


def register_user_loader(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = _l("请先登录。")
    manager.login_message_category = "warning"

    @manager.user_loader
    def _load(session_id: str) -> User | None:
        return user_for_session_id(session_id)


def user_for_session_id(session_id: str) -> User | None:
    """The active user a login session (or remember-me cookie) names, if its session version is still current.

    The id is `<user id>:<session version>` (User.get_id); raising the version ends every session made before.
    """
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18 or len(version) > 18:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or (user.session_version or 0) != int(version):
        return None
    return user


def safe_next_url(target: str | None, fallback: str) -> str:
    """Return `target` only when it is a path on this site; anything else falls back."""
    if not target:
        return fallback
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
