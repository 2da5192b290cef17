"""The bearer token a request carries, for the API and for the rate limits that key on its user."""
from __future__ import annotations

from flask import request

from matchmaker.auth.services import token_for
from matchmaker.extensions import db
from models import ApiToken

_ENVIRON_KEY = "matchmaker.api_token"


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None without one."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def current_token() -> ApiToken | None:
    """The stored token the request's bearer token is (unexpired, its user active), or None.

    Looked up once per request and kept in its WSGI environ: the rate limits ask before the view does.
    """
    if _ENVIRON_KEY not in request.environ:
        token = bearer_token()
        request.environ[_ENVIRON_KEY] = token_for(db.session, token) if token else None
    return request.environ[_ENVIRON_KEY]
