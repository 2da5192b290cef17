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
    def _load(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None


def safe_next_url(target: str | None, fallback: str) -> str:
    """Return `target` only when it is a path on this site; anything else falls back."""
    if not target:
        return fallback
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
