"""Bearer-token authentication for the API; it never looks at the session cookie."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from matchmaker.auth.bearer import current_token
from matchmaker.errors import Unauthorized
from models import User


def optional_user() -> User | None:
    """The caller if a bearer token was sent, None if none was; a bad token is still a 401. The token itself is
    then `g.api_token`."""
    if "Authorization" not in request.headers:
        return None
    row = current_token()
    if row is None:
        raise Unauthorized(_("访问令牌无效或已过期。"))
    g.api_token = row
    return row.user


def token_required(view: Callable) -> Callable:
    """Require a valid bearer token; the caller is then `g.api_user`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        user = optional_user()
        if user is None:
            raise Unauthorized(_("需要访问令牌（Authorization: Bearer <token>）。"))
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped
