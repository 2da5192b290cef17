"""The bearer token a request carries, for the API and for the rate limits that key on its user."""
from __future__ import annotations

from flask import request


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None without one."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
