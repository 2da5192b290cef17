"""Abuse limits (Flask-Limiter; counters in Redis when REDIS_URL is set): password guessing, and the writes that
reach other people or cost work — registrations, tokens, interests, case messages, meeting requests, imports.

Limits key on the client address (behind a proxy, set PROXY_HOPS so it is the real client's) and, for signed-in
callers, on the user as well: one user cannot flood from many addresses, nor one address with many accounts.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from matchmaker.auth.bearer import current_token
from matchmaker.extensions import limiter

# Only failures count, so a user who types the right password is never locked out by their own logins, and the
# keys hold the client address, so failures from an attacker's address never block the owner's.
FAILED_LOGIN_LIMIT = "10 per minute;50 per hour"
# Password spraying: one client trying a few passwords on many accounts.
FAILED_LOGINS_PER_CLIENT = "15 per 15 minutes;60 per day"

# POST only; reading the forms is free.
REGISTRATIONS_PER_CLIENT = "10 per hour"
TOKENS = ("30 per hour", "20 per hour")  # per client, per account
INTERESTS = ("60 per hour", "30 per hour")  # per client, per user
MEETING_REQUESTS = ("120 per hour", "60 per hour")
CASE_MESSAGES = ("120 per hour", "60 per hour")
IMPORTS = ("20 per hour", "10 per hour")
# A reset mails somebody: per client, and per address so nobody's mailbox is flooded.
PASSWORD_RESETS = ("10 per hour", "3 per hour")


def _email() -> str:
    body = request.get_json(silent=True) if request.is_json else None
    value = body.get("email") if isinstance(body, dict) else request.form.get("email")
    return str(value or "").strip().lower()[:254]


def login_key() -> str:
    return f"{get_remote_address()}|{_email()}"


def account_key() -> str:
    """The account a login or token request names."""
    return f"account|{_email()}"


def user_key() -> str:
    """The caller: the bearer token's user in the API, the signed-in user on pages; else the client address."""
    if request.path.startswith("/api/"):
        row = current_token()  # a bad token: the view answers 401 itself
        user = row.user if row is not None else None
    else:
        user = current_user if current_user.is_authenticated else None
    return f"user|{user.id}" if user is not None else f"client|{get_remote_address()}"


def _failed(response) -> bool:
    return response.status_code in (401, 422)


def _stack(*decorators: Callable) -> Callable:
    def apply(view: Callable) -> Callable:
        for decorator in reversed(decorators):
            view = decorator(view)
        return view

    return apply


def per_client_and_user(limits: tuple[str, str], scope: str) -> Callable:
    """POSTs limited per client address and per user; the web form and the API of one action share the counters."""
    per_client, per_user = limits
    return _stack(limiter.shared_limit(per_client, f"{scope}-client", key_func=get_remote_address, methods=["POST"]),
                  limiter.shared_limit(per_user, f"{scope}-user", key_func=user_key, methods=["POST"]))


# The login form and POST /api/v1/tokens check the same passwords: they share their counters.
login_attempts = _stack(
    limiter.shared_limit(FAILED_LOGIN_LIMIT, "login", key_func=login_key, methods=["POST"], deduct_when=_failed),
    limiter.shared_limit(FAILED_LOGINS_PER_CLIENT, "login-client", key_func=get_remote_address, methods=["POST"],
                         deduct_when=_failed),
)
token_requests = _stack(
    limiter.shared_limit(TOKENS[0], "token-client", key_func=get_remote_address, methods=["POST"]),
    limiter.shared_limit(TOKENS[1], "token-account", key_func=account_key, methods=["POST"]),
)
registrations = limiter.shared_limit(REGISTRATIONS_PER_CLIENT, "registration", key_func=get_remote_address,
                                     methods=["POST"])
interest_limits = per_client_and_user(INTERESTS, "interest")
meeting_request_limits = per_client_and_user(MEETING_REQUESTS, "meeting-request")
case_message_limits = per_client_and_user(CASE_MESSAGES, "case-message")
import_limits = per_client_and_user(IMPORTS, "import")
password_reset_requests = _stack(
    limiter.shared_limit(PASSWORD_RESETS[0], "password-reset-client", key_func=get_remote_address, methods=["POST"]),
    limiter.shared_limit(PASSWORD_RESETS[1], "password-reset-account", key_func=account_key, methods=["POST"]),
)
