"""Brute-force protection for password checks: failed logins are counted per client address and email."""
from __future__ import annotations

from flask import request
from flask_limiter.util import get_remote_address

from matchmaker.extensions import limiter

# Only failures count, so a user who types the right password is never locked out by their own logins.
FAILED_LOGIN_LIMIT = "10 per minute;50 per hour"


def _email() -> str:
    body = request.get_json(silent=True) if request.is_json else None
    value = body.get("email") if isinstance(body, dict) else request.form.get("email")
    return str(value or "").strip().lower()


def login_key() -> str:
    return f"{get_remote_address()}|{_email()}"


def _failed(response) -> bool:
    return response.status_code in (401, 422)


login_attempts = limiter.limit(FAILED_LOGIN_LIMIT, key_func=login_key, methods=["POST"], deduct_when=_failed)
